// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/prometheus/common/model"
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/httpconfig"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// sdFamily is one service discovery mechanism of ScrapeConfigs: where its
// entries live in the spec and how one entry is written.
type sdFamily struct {
	// key is the list's key in the scrape job, such as "consul_sd_configs".
	key string
	// field is the list's field in the ScrapeConfig spec, for messages.
	field string
	// minimum is the first Prometheus version that has the mechanism; a
	// ScrapeConfig using it with an older version is rejected.
	minimum string
	// count returns how many entries the spec has.
	count func(spec *monitoringv1alpha1.ScrapeConfigSpec) int
	// build writes entry index of the spec into e.
	build func(e *sdEntry, spec *monitoringv1alpha1.ScrapeConfigSpec, index int)
}

// newFamily ties a typed entry writer to the spec list it reads.
func newFamily[T any](key, field, minimum string,
	list func(spec *monitoringv1alpha1.ScrapeConfigSpec) []T,
	build func(e *sdEntry, entry *T),
) sdFamily {
	return sdFamily{
		key:     key,
		field:   field,
		minimum: minimum,
		count:   func(spec *monitoringv1alpha1.ScrapeConfigSpec) int { return len(list(spec)) },
		build: func(e *sdEntry, spec *monitoringv1alpha1.ScrapeConfigSpec, index int) {
			build(e, &list(spec)[index])
		},
	}
}

// sdEntry builds one entry of a service discovery list. It keeps the first
// problem found, which rejects the whole ScrapeConfig with the entry's path.
type sdEntry struct {
	job    *monitorJob
	path   string
	doc    yamldoc.Map
	client *httpconfig.Writer
	err    error
	// names are the label name rules of the job.
	names model.ValidationScheme
}

func newSDEntry(job *monitorJob, path string, names model.ValidationScheme) *sdEntry {
	return &sdEntry{job: job, path: path, client: job.client.WithTarget(job.target), names: names}
}

// result returns the entry, or its first problem prefixed with its path.
func (e *sdEntry) result() (yamldoc.Map, error) {
	err := e.err
	if err == nil {
		err = e.client.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", e.path, err)
	}
	return e.doc, nil
}

func (e *sdEntry) fail(err error) {
	if e.err == nil && err != nil {
		e.err = err
	}
}

func (e *sdEntry) failf(format string, args ...any) {
	e.fail(fmt.Errorf(format, args...))
}

func (e *sdEntry) add(key string, value any) {
	e.doc = e.doc.Add(key, value)
}

// text adds a free-form string, refusing what YAML cannot carry as text.
func (e *sdEntry) text(key, value string) {
	e.fail(checkText(key, value))
	e.add(key, value)
}

// since adds key only when the target version has it; otherwise the
// setting is dropped with a warning naming the entry.
func (e *sdEntry) since(minimum, key string, value any) {
	if e.job.target.AtLeast(minimum).Check(e.path + "." + key) {
		e.add(key, value)
	}
}

// require rejects the entry when the target version lacks what it needs.
func (e *sdEntry) require(minimum, what string) {
	if !e.job.target.Supports(minimum) {
		e.failf("%s needs Prometheus >= %s, target is %s", what, minimum, e.job.target)
	}
}

// secret reads a Secret key of the ScrapeConfig's namespace.
func (e *sdEntry) secret(field string, selector corev1.SecretKeySelector) string {
	return e.client.Secret(field, selector)
}

// requiredSecret reads a Secret key whose value Prometheus needs non-empty.
func (e *sdEntry) requiredSecret(field string, selector corev1.SecretKeySelector) string {
	value := e.secret(field, selector)
	if value == "" && e.client.Err() == nil {
		e.failf("%s: the Secret key %s/%s is empty", field, selector.Name, selector.Key)
	}
	return value
}

// optionalText adds a free-form string setting when it is set.
func optionalText(e *sdEntry, key string, value *string) {
	if value != nil {
		e.text(key, *value)
	}
}

// optionalBool adds a boolean setting when it is set.
func optionalBool(e *sdEntry, key string, value *bool) {
	if value != nil {
		e.add(key, *value)
	}
}

// regionPattern accepts region and zone names such as "us-east-1",
// "fr-par-1", "RegionOne" or "global".
var regionPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$`)

// port adds the port scraped on discovered targets.
func (e *sdEntry) port(port *int32) {
	if port == nil {
		return
	}
	if *port < 0 || *port > 65535 {
		e.failf("port %d is out of the range 0-65535", *port)
	}
	e.add("port", int(*port))
}

// duration adds a Prometheus duration such as refresh_interval.
func (e *sdEntry) duration(key string, value *monitoringv1.Duration) {
	if value == nil {
		return
	}
	if _, err := model.ParseDuration(string(*value)); err != nil {
		e.failf("%s: %w", key, err)
	}
	e.add(key, string(*value))
}

func (e *sdEntry) refreshInterval(value *monitoringv1.Duration) {
	e.duration("refresh_interval", value)
}

// url adds a URL that must have a scheme and a host.
func (e *sdEntry) url(key, value string) {
	e.fail(checkURL(key, value))
	e.add(key, value)
}

// httpURL adds a URL that must use http or https.
func (e *sdEntry) httpURL(key, value string) {
	if err := checkURL(key, value); err != nil {
		e.fail(err)
	} else if parsed, _ := url.Parse(value); parsed.Scheme != "http" && parsed.Scheme != "https" {
		e.failf("%s: %q must use http or https", key, value)
	}
	e.add(key, value)
}

// token checks a name-like value (region, zone, ...) against pattern.
func (e *sdEntry) token(key string, value *string, pattern *regexp.Regexp) {
	if value == nil {
		return
	}
	if !pattern.MatchString(*value) {
		e.failf("%s: %q is not a valid value", key, *value)
	}
	e.add(key, *value)
}

// oneOf maps an API value to the spelling Prometheus expects, rejecting
// values that have none.
func (e *sdEntry) oneOf(key, value string, spellings map[string]string) {
	spelled, ok := spellings[value]
	if !ok {
		e.failf("%s: unknown value %q", key, value)
		return
	}
	e.add(key, spelled)
}

// filters adds name/values filters sorted by name, so the output does not
// depend on the order they were written in.
func (e *sdEntry) filters(filters []monitoringv1alpha1.SDFilter) {
	if len(filters) == 0 {
		return
	}
	sorted := slices.Clone(filters)
	slices.SortStableFunc(sorted, func(a, b monitoringv1alpha1.SDFilter) int { return strings.Compare(a.Name, b.Name) })
	out := make([]yamldoc.Map, 0, len(sorted))
	for i, filter := range sorted {
		if filter.Name == "" || len(filter.Values) == 0 {
			e.failf("filters[%d]: a filter needs a name and at least one value", i)
		}
		if i > 0 && sorted[i-1].Name == filter.Name {
			e.failf("filters: %q is set twice", filter.Name)
		}
		out = append(out, yamldoc.Map{}.Add("name", filter.Name).Add("values", filter.Values))
	}
	e.add("filters", out)
}

// sdClient is the HTTP client of a discovery entry, whichever of the API's
// three client shapes it comes from.
type sdClient struct {
	basicAuth     *monitoringv1.BasicAuth
	authorization *monitoringv1.SafeAuthorization
	oauth2        *monitoringv1.OAuth2
	transport     monitoringv1alpha1.SDTransportConfig
}

func fullClient(c monitoringv1alpha1.SDHTTPClientConfig) sdClient {
	return sdClient{
		basicAuth:     c.BasicAuth,
		authorization: c.Authorization,
		oauth2:        c.OAuth2,
		transport:     c.SDTransportConfig,
	}
}

func bearerClient(c monitoringv1alpha1.SDBearerClientConfig) sdClient {
	return sdClient{authorization: c.Authorization, oauth2: c.OAuth2, transport: c.SDTransportConfig}
}

func transportClient(t monitoringv1alpha1.SDTransportConfig) sdClient {
	return sdClient{transport: t}
}

// clientKeys are the keys the HTTP client of an entry may write.
var clientKeys = []string{
	"basic_auth", "authorization", "oauth2", "proxy_url", "no_proxy", "proxy_from_environment",
	"proxy_connect_header", "follow_redirects", "enable_http2", "tls_config",
}

// httpClient writes the client settings of the entry: credentials inlined
// from Secrets, TLS material as files of the tls-assets Secret, proxy,
// redirects and HTTP/2. Every discovery family goes through here.
func (e *sdEntry) httpClient(client sdClient) {
	e.doc = e.clientFields(e.doc, client)
	if err := httpconfig.CheckSingleAuth(e.doc); err != nil {
		e.fail(err)
	}
}

// httpClientSince is httpClient for families that took HTTP client
// settings only from version minimum: older versions drop them with a
// warning.
func (e *sdEntry) httpClientSince(minimum string, client sdClient) {
	fields := e.clientFields(yamldoc.Map{}, client)
	if err := httpconfig.CheckSingleAuth(fields); err != nil {
		e.fail(err)
	}
	gate := e.job.target.AtLeast(minimum)
	for _, item := range fields {
		if gate.Check(e.path + "." + item.Key) {
			e.add(item.Key, item.Value)
		}
	}
}

func (e *sdEntry) clientFields(doc yamldoc.Map, client sdClient) yamldoc.Map {
	doc = e.client.BasicAuth(doc, client.basicAuth)
	doc = e.client.SafeAuthorization(doc, client.authorization)
	doc = e.client.OAuth2(doc, client.oauth2)
	doc = e.client.Proxy(doc, client.transport.ProxyConfig)
	doc = e.client.FollowRedirects(doc, client.transport.FollowRedirects)
	doc = e.client.EnableHTTP2(doc, client.transport.EnableHTTP2)
	return e.client.SafeTLS(doc, client.transport.TLSConfig)
}

// hasClientSettings reports whether doc carries settings that differ from
// Prometheus's default HTTP client.
func hasClientSettings(doc yamldoc.Map) bool {
	for _, key := range clientKeys {
		value, ok := doc.Get(key)
		if !ok {
			continue
		}
		if enabled, isBool := value.(bool); isBool && (key == "follow_redirects" || key == "enable_http2") && enabled {
			continue
		}
		return true
	}
	return false
}
