// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// FuzzScrapeConfig holds the generator's promise for ScrapeConfigs: every
// ScrapeConfig it accepts yields a configuration Prometheus loads, and the
// ones it refuses are left out with a reason. The fuzzer's bytes choose
// each field from values Prometheus accepts and values it refuses.
func FuzzScrapeConfig(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add([]byte("every discovery family, every scrape setting, some broken values"))
	f.Add([]byte{255, 254, 253, 252, 251, 250, 249, 248, 0, 0, 0, 0, 7, 7, 7, 7, 7, 7, 7, 7})
	f.Fuzz(func(t *testing.T, data []byte) {
		choose := &chooser{data: data}
		choose.careful = choose.intn(2) == 0
		workload := fixtures.Prometheus("example", walkthrough, fixtures.WithVersion(fuzzVersions[choose.intn(len(fuzzVersions))]), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.Shards = pick(choose, []*int32{nil, ptr(int32(1)), ptr(int32(3))})
			c.EnforcedNamespaceLabel = pick(choose, []string{"", "tenant"})
		}))
		objects := make([]*monitoringv1alpha1.ScrapeConfig, 1+choose.intn(3))
		for i := range objects {
			objects[i] = fixtures.ScrapeConfig(fmt.Sprintf("fuzz-%d", i), walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				fuzzScrapeSettings(choose, spec)
				for range 1 + choose.intn(3) {
					fuzzFamilies[choose.intn(len(fuzzFamilies))](choose, spec)
				}
			}))
		}
		result, err := Generate(workload, scrapeConfigInput(objects...), Options{})
		require.NoError(t, err)
		rejected := map[string]bool{}
		for _, rejection := range result.Rejected {
			require.NotEmpty(t, rejection.Reason.Error())
			rejected[rejection.Name] = true
		}
		for _, object := range objects {
			job := "job_name: scrapeConfig/default/" + object.Name + "\n"
			require.Equal(t, !rejected[object.Name], strings.Contains(string(result.Config), job), "job of %s", object.Name)
		}
		loadWithPrometheus(t, result.Config, workload)
	})
}

// chooser turns fuzz bytes into choices; once the bytes run out every
// choice is the first option. The first option of every pool is one
// Prometheus accepts; a careful chooser mostly keeps to it, so that many
// generated objects are valid but for a setting or two.
type chooser struct {
	data    []byte
	next    int
	careful bool
}

func (c *chooser) intn(n int) int {
	if c.next >= len(c.data) || n <= 1 {
		return 0
	}
	b := c.data[c.next]
	c.next++
	return int(b) % n
}

func pick[T any](c *chooser, options []T) T {
	if c.careful && c.intn(8) != 0 {
		return options[0]
	}
	return options[c.intn(len(options))]
}

// maybe returns nil or a pointer to one of options.
func maybe[T any](c *chooser, options ...T) *T {
	if c.intn(2) == 0 {
		return nil
	}
	return ptr(pick(c, options))
}

var fuzzVersions = []string{"", "v2.45.0", "v2.50.1", "v2.55.0", "v3.0.0", "v3.4.0", "v3.11.1", "v3.13.2"}

var (
	fuzzDurations = []monitoringv1.Duration{"30s", "1m", "10s", "5 minutes", "0"}
	fuzzPorts     = []int32{9100, 0, 80, 70000, -1}
	fuzzSecrets   = []string{"user", "password", "token", "nope"}
	fuzzURLs      = []string{"http://sd.example.com/targets", "https://sd:8443", "ftp://sd", "http://[::1", "sd.example.com", ""}
	fuzzRegions   = []string{"us-east-1", "eu-west-1", "Europe West", "global", ""}
)

func fuzzScrapeSettings(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
	spec.JobName = maybe(c, "renamed", "")
	spec.HonorLabels = maybe(c, true, false)
	spec.HonorTimestamps = maybe(c, true, false)
	spec.TrackTimestampsStaleness = maybe(c, true)
	spec.MetricsPath = maybe(c, "/metrics", "/federate")
	spec.EnableCompression = maybe(c, false)
	spec.ScrapeInterval = maybe(c, fuzzDurations...)
	spec.ScrapeTimeout = maybe(c, fuzzDurations...)
	spec.ScrapeProtocols = pick(c, [][]monitoringv1.ScrapeProtocol{nil, {monitoringv1.ScrapeProtocolPrometheusText1_0_0},
		{monitoringv1.ScrapeProtocolPrometheusProto, monitoringv1.ScrapeProtocolPrometheusProto}, {"Unknown"}})
	spec.FallbackScrapeProtocol = maybe(c, monitoringv1.ScrapeProtocolPrometheusText0_0_4, "Bogus")
	spec.Scheme = maybe(c, monitoringv1.Scheme("HTTPS"), "ftp")
	spec.BodySizeLimit = maybe(c, monitoringv1.ByteSize("10MB"), "lots")
	spec.SampleLimit = maybe(c, uint64(100))
	spec.ScrapeClassicHistograms = maybe(c, true)
	spec.NameValidationScheme = maybe(c, monitoringv1.NameValidationSchemeLegacy, monitoringv1.NameValidationSchemeUTF8, "Other")
	spec.NameEscapingScheme = maybe(c, monitoringv1.NameEscapingSchemeDots, monitoringv1.NameEscapingSchemeAllowUTF8, "Other")
	spec.ScrapeClassName = pick(c, []*string{nil, ptr("missing")})
	spec.RelabelConfigs = pick(c, fuzzRelabelings)
	spec.MetricRelabelConfigs = pick(c, fuzzRelabelings)
	switch c.intn(4) {
	case 1:
		spec.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", pick(c, fuzzSecrets))}
	case 2:
		spec.Authorization = &monitoringv1.SafeAuthorization{Type: pick(c, []string{"", "Basic"}), Credentials: ptr(secretKey("auth", pick(c, fuzzSecrets)))}
	case 3:
		spec.OAuth2 = oauth2SD()
	}
	spec.ProxyConfig = fuzzProxy(c)
}

var fuzzRelabelings = [][]monitoringv1.RelabelConfig{
	nil,
	{{TargetLabel: "team", Replacement: ptr("a")}},
	{{SourceLabels: []monitoringv1.LabelName{"__address__"}, TargetLabel: "__tmp_hash", Modulus: 2, Action: "hashmod"}},
	{{SourceLabels: []monitoringv1.LabelName{"a"}, Regex: "(", Action: "keep"}},
	{{TargetLabel: "état", Replacement: ptr("x")}},
	{{Action: "labeldrop", Regex: "tmp_.*"}},
}

func fuzzProxy(c *chooser) monitoringv1.ProxyConfig {
	return pick(c, []monitoringv1.ProxyConfig{
		{},
		{ProxyURL: ptr("http://proxy:3128"), NoProxy: ptr("10.0.0.0/8")},
		{ProxyFromEnvironment: ptr(true)},
		{NoProxy: ptr("localhost")},
		{ProxyFromEnvironment: ptr(true), ProxyURL: ptr("http://proxy:3128")},
	})
}

// fuzzTransport and fuzzClient build discovery client settings.
func fuzzTransport(c *chooser) monitoringv1alpha1.SDTransportConfig {
	return monitoringv1alpha1.SDTransportConfig{
		ProxyConfig:     fuzzProxy(c),
		TLSConfig:       pick(c, []*monitoringv1.SafeTLSConfig{nil, tlsSD(), {CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("broken-tls", "ca"))}}}),
		FollowRedirects: maybe(c, true, false),
		EnableHTTP2:     maybe(c, true, false),
	}
}

func fuzzClient(c *chooser) monitoringv1alpha1.SDHTTPClientConfig {
	client := monitoringv1alpha1.SDHTTPClientConfig{SDBearerClientConfig: fuzzBearer(c)}
	if c.intn(3) == 0 {
		client.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", pick(c, fuzzSecrets))}
	}
	return client
}

func fuzzBearer(c *chooser) monitoringv1alpha1.SDBearerClientConfig {
	client := monitoringv1alpha1.SDBearerClientConfig{SDTransportConfig: fuzzTransport(c)}
	switch c.intn(4) {
	case 1:
		client.Authorization = &monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", pick(c, fuzzSecrets)))}
	case 2:
		client.OAuth2 = oauth2SD()
	}
	return client
}

// scrapeConfigs hands the rest of the picker's bytes to the ScrapeConfig
// fuzzer, so that the generator's fuzz property covers ScrapeConfigs next
// to monitors and every workload setting the picker varies.
func (p *picker) scrapeConfigs() JobSource {
	choose := &chooser{data: p.data[min(p.pos, len(p.data)):]}
	choose.careful = choose.intn(2) == 0
	objects := make(ScrapeConfigs, choose.intn(3))
	for i := range objects {
		objects[i] = fixtures.ScrapeConfig("fuzz-"+strconv.Itoa(i), walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
			fuzzScrapeSettings(choose, spec)
			fuzzFamilies[choose.intn(len(fuzzFamilies))](choose, spec)
		}))
	}
	p.pos += choose.next
	return objects
}
