// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// probeCase is a golden case with one Probe.
func probeCase(workload *monitoringv1.Prometheus, probeOptions ...fixtures.Option) goldenCase {
	return goldenCase{
		workload: workload,
		input:    Input{Probes: []*monitoringv1.Probe{fixtures.Probe("example-app", append([]fixtures.Option{walkthrough}, probeOptions...)...)}},
	}
}

// ingressTargets replaces the static targets with discovered Ingresses.
func ingressTargets(change func(*monitoringv1.ProbeTargetIngress)) fixtures.Option {
	return fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
		ingress := &monitoringv1.ProbeTargetIngress{
			Selector: metav1.LabelSelector{MatchLabels: map[string]string{"prometheus.io/probe": "true"}},
		}
		change(ingress)
		s.Targets = monitoringv1.ProbeTargets{Ingress: ingress}
	})
}

func TestProbe(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"static target labels get the namespace of the Probe": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.Targets.StaticConfig.Labels = map[string]string{"env": "prod", "team10": "a", "team2": "b"}
			})),
		"a namespace label of the static targets is kept": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.Targets.StaticConfig.Labels = map[string]string{"namespace": "custom"}
			})),
		"jobName sets the job label": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) { s.JobName = "blackbox" })),
		"the module comes first and a module parameter is skipped": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.Params = []monitoringv1.ProbeParam{{Name: "module", Values: []string{"ignored"}}, {Name: "target_timeout", Values: []string{"5s"}}, {Name: "debug"}}
			})),
		"a module parameter is used when no module is set": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.Module = ""
				s.Params = []monitoringv1.ProbeParam{{Name: "module", Values: []string{"tcp_connect"}}}
			})),
		"no module and no params writes no params": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) { s.Module = "" })),
		"the prober scheme, path, interval and timeout": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.ProberSpec.Scheme = ptr(monitoringv1.SchemeHTTPS)
				s.ProberSpec.Path = "/custom/probe"
				s.Interval, s.ScrapeTimeout = "1m", "20s"
			})),
		"the prober proxy settings": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) { s.ProberSpec.ProxyConfig = fullProxy() })),
		"static relabelings and metric relabelings": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.Targets.StaticConfig.RelabelConfigs = []monitoringv1.RelabelConfig{{TargetLabel: "source", Replacement: ptr("static")}}
				s.MetricRelabelConfigs = []monitoringv1.RelabelConfig{{Action: "labeldrop", Regex: "noisy_.*"}}
			})),
		"Ingress targets with relabelings": probeCase(fixtures.Prometheus("example", walkthrough),
			ingressTargets(func(i *monitoringv1.ProbeTargetIngress) {
				i.RelabelConfigs = []monitoringv1.RelabelConfig{{TargetLabel: "source", Replacement: ptr("ingress"), Action: "replace"}}
			})),
		"Ingress targets in every namespace with match expressions": probeCase(fixtures.Prometheus("example", walkthrough),
			ingressTargets(func(i *monitoringv1.ProbeTargetIngress) {
				i.NamespaceSelector.Any = true
				i.Selector.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "probe", Operator: metav1.LabelSelectorOpExists}}
			})),
		"Ingress targets in named namespaces": probeCase(fixtures.Prometheus("example", walkthrough),
			ingressTargets(func(i *monitoringv1.ProbeTargetIngress) { i.NamespaceSelector.MatchNames = []string{"web", "shop"} })),
		"static targets win over Ingress targets": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.Targets.Ingress = &monitoringv1.ProbeTargetIngress{Selector: metav1.LabelSelector{MatchLabels: map[string]string{"a": "b"}}}
			})),
		"the prober HTTP client with TLS and basic auth": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.ProberSpec.Scheme = ptr(monitoringv1.SchemeHTTPS)
				s.TLSConfig = &monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))}, ServerName: ptr("blackbox")}
				s.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
				s.FollowRedirects, s.EnableHTTP2 = ptr(false), ptr(false)
			})),
		"the prober authenticates with authorization": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.Authorization = &monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", "token"))}
			})),
		"the prober authenticates with a bearer token Secret": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) { s.BearerTokenSecret = ptr(secretKey("auth", "token")) })),
		"the prober authenticates with OAuth2": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) { s.OAuth2 = fullOAuth2() })),
		"only the enforced body size limit applies to probes": probeCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.EnforcedBodySizeLimit = "10MB" }))),
		"probe limits, histograms and protocols": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.SampleLimit, s.TargetLimit, s.LabelLimit = ptr(uint64(100)), ptr(uint64(10)), ptr(uint64(30))
				s.NativeHistogramBucketLimit = ptr(uint64(160))
				s.ScrapeProtocols = []monitoringv1.ScrapeProtocol{monitoringv1.ScrapeProtocolOpenMetricsText1_0_0, monitoringv1.ScrapeProtocolPrometheusText0_0_4}
				s.FallbackScrapeProtocol = ptr(monitoringv1.ScrapeProtocolPrometheusText0_0_4)
			})),
		"an IPv6 prober address": probeCase(fixtures.Prometheus("example", walkthrough),
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) { s.ProberSpec.URL = "[2001:db8::1]:9115" })),
	})
}
