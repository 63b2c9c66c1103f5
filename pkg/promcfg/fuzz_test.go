// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// FuzzGeneratedConfigLoads checks the generator's promise: whatever input
// it accepts, Prometheus loads the configuration it produces. Monitors it
// refuses are fine; a configuration Prometheus refuses is a bug.
func FuzzGeneratedConfigLoads(f *testing.F) {
	f.Add([]byte{}, "")
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, "app.kubernetes.io/name")
	f.Add([]byte("relabel every field of every monitor kind"), "a b: #c")
	f.Add([]byte{255, 0, 255, 0, 128, 64, 32, 16, 8, 4, 2, 1}, "1abc")
	store := testStore()
	f.Fuzz(func(t *testing.T, choices []byte, text string) {
		p := &picker{data: choices, text: text}
		workload := p.workload()
		input := Input{Store: store}
		for i := range p.intn(3) {
			input.ServiceMonitors = append(input.ServiceMonitors, p.serviceMonitor(i))
		}
		for i := range p.intn(3) {
			input.PodMonitors = append(input.PodMonitors, p.podMonitor(i))
		}
		for i := range p.intn(2) {
			input.Probes = append(input.Probes, p.probe(i))
		}
		input.ExtraJobs = append(input.ExtraJobs, p.scrapeConfigs())
		result, err := Generate(workload, input, Options{EndpointSliceSupported: p.bool(), TopologySharding: p.bool()})
		if err != nil {
			return
		}
		again, err := Generate(workload, input, Options{EndpointSliceSupported: p.bool(), TopologySharding: p.bool()})
		require.NoError(t, err)
		_ = again
		loadWithPrometheus(t, result.Config, workload)
	})
}

// picker turns fuzz bytes into choices; it returns zero values once the
// bytes run out, so short inputs give simple objects.
type picker struct {
	data []byte
	pos  int
	text string
}

func (p *picker) next() int {
	if p.pos >= len(p.data) {
		return 0
	}
	b := p.data[p.pos]
	p.pos++
	return int(b)
}

func (p *picker) intn(n int) int { return p.next() % n }
func (p *picker) bool() bool     { return p.next()%2 == 1 }

// rare is true for about one choice in eight, to keep most generated
// objects valid so that the property is tested on accepted input.
func (p *picker) rare() bool { return p.next()%8 == 7 }

func (p *picker) from(options ...string) string { return options[p.intn(len(options))] }

// str returns a plausible value, sometimes an odd one or a slice of the
// fuzzed text.
func (p *picker) str() string {
	if !p.rare() {
		return p.from("web", "metrics", "app", "team", "env", "http-metrics")
	}
	if p.bool() && p.text != "" {
		start := p.intn(len(p.text))
		return p.text[start:min(len(p.text), start+1+p.intn(40))]
	}
	return p.from("", "a.b/c", "1st", "x y", "true", "$1", "(.*)", "été", "__name__", "a:b")
}

func (p *picker) optionalBool() *bool {
	switch p.intn(3) {
	case 1:
		return ptr(true)
	case 2:
		return ptr(false)
	}
	return nil
}

func (p *picker) optionalLimit() *uint64 {
	if !p.bool() {
		return nil
	}
	return ptr(uint64(p.next() * 10))
}

func (p *picker) duration() monitoringv1.Duration {
	if p.rare() {
		return monitoringv1.Duration(p.from("0s", "bad", "5m"))
	}
	return monitoringv1.Duration(p.from("", "", "", "10s", "30s", "1m"))
}

func (p *picker) workload() *monitoringv1.Prometheus {
	prometheus := fixtures.Prometheus("example", walkthrough, fixtures.WithVersion(p.from("", "v3.0.0", "v3.5.0", "v3.11.0", "v2.55.0", "v2.45.0", "v2.30.0", "v2.20.0")))
	c := &prometheus.Spec.CommonPrometheusFields
	c.ScrapeInterval = p.duration()
	if p.rare() {
		c.ScrapeTimeout = p.duration()
	}
	c.Shards = ptr(int32(p.intn(4)))
	c.EnforcedSampleLimit, c.EnforcedLabelLimit, c.EnforcedKeepDroppedTargets = p.optionalLimit(), p.optionalLimit(), p.optionalLimit()
	if p.rare() {
		c.EnforcedBodySizeLimit = monitoringv1.ByteSize(p.from("1MB", "10MiB", "nope"))
	}
	c.OverrideHonorLabels, c.OverrideHonorTimestamps, c.IgnoreNamespaceSelectors = p.bool(), p.bool(), p.bool()
	if p.rare() {
		c.EnforcedNamespaceLabel = p.str()
	}
	if p.rare() {
		c.PodTargetLabels = []string{p.str()}
	}
	if p.rare() {
		c.ExternalLabels = map[string]string{p.str(): p.str()}
	}
	if p.rare() {
		c.NameValidationScheme = ptr(monitoringv1.NameValidationSchemeOptions(p.from("UTF8", "Legacy")))
	}
	if p.rare() {
		c.ScrapeClasses = []monitoringv1.ScrapeClass{{
			Name: "default", Default: ptr(true), Relabelings: p.relabelings(),
			TLSConfig:     &monitoringv1.TLSConfig{CAFile: p.from("", "/ca.pem"), CertFile: p.from("", "/c.pem"), KeyFile: p.from("", "/k.pem")},
			Authorization: p.classAuthorization(),
		}}
	}
	if p.bool() {
		mode := monitoringv1.TopologyShardingStrategyMode
		c.ShardingStrategy = &monitoringv1.ShardingStrategy{Mode: &mode, Topology: &monitoringv1.TopologyShardingConfig{Values: []string{"a", "b"}}}
	}
	return prometheus
}

func (p *picker) classAuthorization() *monitoringv1.Authorization {
	if !p.bool() {
		return nil
	}
	return &monitoringv1.Authorization{CredentialsFile: "/token"}
}

// relabelings returns rules that are mostly valid for their action, with
// an occasional extra field that may make them invalid.
func (p *picker) relabelings() []monitoringv1.RelabelConfig {
	var rules []monitoringv1.RelabelConfig
	for range p.intn(3) {
		rule := monitoringv1.RelabelConfig{
			Action:       monitoringv1.RelabelAction(p.from("", "replace", "Keep", "drop", "hashmod", "labelmap", "labeldrop", "LabelKeep", "lowercase", "uppercase", "keepequal", "dropequal")),
			SourceLabels: []monitoringv1.LabelName{monitoringv1.LabelName(p.str())}, TargetLabel: p.str(), Modulus: 4,
		}
		switch rule.Action.Normalized() {
		case "keep", "drop":
			rule.Regex, rule.TargetLabel, rule.Modulus = p.from("(.*)", "a|b", p.str()), "", 0
		case "labelmap":
			rule.Regex, rule.Replacement, rule.SourceLabels, rule.TargetLabel, rule.Modulus = "__meta_(.+)", ptr(p.from("$1", p.str())), nil, "", 0
		case "labeldrop", "labelkeep":
			rule.Regex, rule.SourceLabels, rule.TargetLabel, rule.Modulus = p.from("tmp_.*", p.str()), nil, "", 0
		case "replace":
			rule.Regex, rule.Replacement, rule.Modulus = p.from("", "(.*)"), ptr(p.str()), 0
			if p.rare() {
				rule.Regex = "(a"
			}
		case "keepequal", "dropequal", "lowercase", "uppercase":
			rule.Modulus = 0
		}
		if p.rare() {
			rule.Separator = ptr(p.str())
		}
		if p.rare() {
			rule.Action = "bogus"
		}
		rules = append(rules, rule)
	}
	return rules
}

func (p *picker) selector() metav1.LabelSelector {
	selector := metav1.LabelSelector{MatchLabels: map[string]string{p.from("app", "a.b/c", p.str()): p.str()}}
	if p.rare() {
		selector.MatchExpressions = []metav1.LabelSelectorRequirement{{
			Key: p.str(), Operator: metav1.LabelSelectorOperator(p.from("In", "NotIn", "Exists", "DoesNotExist")), Values: []string{p.str()},
		}}
	}
	return selector
}

func (p *picker) scrapeSettings() monitoringv1.MonitorScrapeSettings {
	settings := monitoringv1.MonitorScrapeSettings{ScrapeLimits: monitoringv1.ScrapeLimits{
		SampleLimit: p.optionalLimit(), TargetLimit: p.optionalLimit(), LabelLimit: p.optionalLimit(), KeepDroppedTargets: p.optionalLimit(),
	}}
	settings.ScrapeClassicHistograms, settings.ScrapeNativeHistograms = p.optionalBool(), p.optionalBool()
	if p.rare() {
		settings.NativeHistogramMinBucketFactor = quantity(p.from("1.1", "0", "-1", "2"))
	}
	if p.bool() {
		settings.ScrapeProtocols = []monitoringv1.ScrapeProtocol{monitoringv1.ScrapeProtocol(p.from("PrometheusProto", "PrometheusText1.0.0", "OpenMetricsText1.0.0"))}
		settings.FallbackScrapeProtocol = ptr(monitoringv1.ScrapeProtocolPrometheusText0_0_4)
	}
	if p.rare() {
		settings.ScrapeClassName = ptr(p.from("default", "missing"))
	}
	return settings
}

func (p *picker) endpointSettings() monitoringv1.ScrapeEndpointSettings {
	settings := monitoringv1.ScrapeEndpointSettings{
		Path: p.str(), Interval: p.duration(),
		HonorLabels: p.bool(), HonorTimestamps: p.optionalBool(), TrackTimestampsStaleness: p.optionalBool(),
		RelabelConfigs: p.relabelings(), MetricRelabelConfigs: p.relabelings(), FilterRunning: p.optionalBool(),
		HTTPClientConfig: p.httpClient(), ProxyConfig: p.proxy(),
	}
	if p.rare() {
		settings.ScrapeTimeout = p.duration()
	}
	if p.bool() {
		settings.Scheme = ptr(monitoringv1.Scheme(p.from("http", "HTTPS", "https")))
	}
	if p.rare() {
		settings.Scheme = ptr(monitoringv1.Scheme("ftp"))
	}
	if p.bool() {
		settings.Params = map[string][]string{p.str(): {p.str()}}
	}
	return settings
}

func (p *picker) httpClient() monitoringv1.HTTPClientConfig {
	var client monitoringv1.HTTPClientConfig
	switch p.intn(6) {
	case 1:
		client.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
		if p.rare() {
			client.BasicAuth.Username = secretKey("auth", "missing")
		}
	case 2:
		client.Authorization = &monitoringv1.SafeAuthorization{Type: p.from("", "Bearer", " Token "), Credentials: ptr(secretKey("auth", "token"))}
		if p.rare() {
			client.Authorization.Type = "Basic"
		}
	case 3:
		client.OAuth2 = fullOAuth2()
		client.OAuth2.TokenURL = p.from("https://t", "")
	case 4:
		client.BearerTokenSecret = ptr(secretKey("auth", "token"))
	}
	if p.rare() {
		client.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
	}
	client.FollowRedirects, client.EnableHTTP2 = p.optionalBool(), p.optionalBool()
	return client
}

func (p *picker) proxy() monitoringv1.ProxyConfig {
	var proxy monitoringv1.ProxyConfig
	if p.bool() {
		proxy.ProxyURL = ptr(p.from("http://proxy:3128", "http://proxy:3128", "::bad", p.str()))
		if p.bool() {
			proxy.NoProxy = ptr(p.str())
		}
	}
	if p.rare() {
		proxy.ProxyFromEnvironment = p.optionalBool()
	}
	return proxy
}

func (p *picker) safeTLS() *monitoringv1.SafeTLSConfig {
	if !p.bool() {
		return nil
	}
	config := &monitoringv1.SafeTLSConfig{ServerName: ptr(p.str()), InsecureSkipVerify: p.optionalBool()}
	if p.bool() {
		config.CA = monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey(p.from("tls", "tls", "broken-tls"), "ca"))}
	}
	if p.bool() {
		config.Cert = monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "cert"))}
		config.KeySecret = ptr(secretKey("tls", "key"))
	}
	if p.rare() {
		config.KeySecret = nil
	}
	return config
}

func (p *picker) serviceMonitor(index int) *monitoringv1.ServiceMonitor {
	return fixtures.ServiceMonitor("sm-"+strconv.Itoa(index), walkthrough, fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
		s.Selector, s.JobLabel = p.selector(), p.str()
		s.TargetLabels, s.PodTargetLabels = []string{p.str()}, []string{p.str()}
		s.NamespaceSelector = monitoringv1.NamespaceSelector{Any: p.bool(), MatchNames: []string{p.from("default", "team")}}
		s.MonitorScrapeSettings = p.scrapeSettings()
		s.AttachMetadata = &monitoringv1.AttachMetadata{Node: p.optionalBool()}
		if p.bool() {
			s.ServiceDiscoveryRole = endpointSlice()
		}
		if p.bool() {
			s.SelectorMechanism = ptr(monitoringv1.SelectorMechanismRole)
		}
		endpoint := monitoringv1.Endpoint{Port: p.str(), ScrapeEndpointSettings: p.endpointSettings()}
		if safe := p.safeTLS(); safe != nil {
			endpoint.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: *safe}
			if p.rare() {
				endpoint.TLSConfig.CAFile = "/ca.pem"
			}
		}
		if p.bool() {
			endpoint.TargetPort = portNumber(int32(p.next()))
		}
		s.Endpoints = []monitoringv1.Endpoint{endpoint}
	}))
}

func (p *picker) podMonitor(index int) *monitoringv1.PodMonitor {
	return fixtures.PodMonitor("pm-"+strconv.Itoa(index), walkthrough, fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) {
		s.Selector, s.JobLabel, s.PodTargetLabels = p.selector(), p.str(), []string{p.str()}
		s.MonitorScrapeSettings = p.scrapeSettings()
		endpoint := monitoringv1.PodMetricsEndpoint{Port: ptr(p.str()), ScrapeEndpointSettings: p.endpointSettings(), TLSConfig: p.safeTLS()}
		if p.bool() {
			endpoint.PortNumber = ptr(int32(p.next()))
		}
		s.PodMetricsEndpoints = []monitoringv1.PodMetricsEndpoint{endpoint}
	}))
}

func (p *picker) probe(index int) *monitoringv1.Probe {
	return fixtures.Probe("probe-"+strconv.Itoa(index), walkthrough, fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
		s.JobName, s.Module = p.str(), p.str()
		s.ProberSpec.URL = p.from("blackbox:9115", "blackbox", "blackbox.monitoring.svc:9115")
		if p.rare() {
			s.ProberSpec.URL = p.from("http://x/", p.str())
		}
		s.ProberSpec.Path = p.str()
		s.ProberSpec.ProxyConfig = p.proxy()
		s.Interval, s.ScrapeTimeout = p.duration(), p.duration()
		s.HTTPClientConfig, s.TLSConfig = p.httpClient(), p.safeTLS()
		s.MonitorScrapeSettings = p.scrapeSettings()
		s.MetricRelabelConfigs = p.relabelings()
		s.Params = []monitoringv1.ProbeParam{{Name: p.str(), Values: []string{p.str()}}}
		if p.bool() {
			s.Targets = monitoringv1.ProbeTargets{Ingress: &monitoringv1.ProbeTargetIngress{Selector: p.selector(), RelabelConfigs: p.relabelings()}}
		} else {
			s.Targets.StaticConfig.Labels = map[string]string{p.str(): p.str()}
			s.Targets.StaticConfig.RelabelConfigs = p.relabelings()
		}
	}))
}
