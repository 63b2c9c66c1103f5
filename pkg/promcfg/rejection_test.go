// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// rejectedServiceMonitor builds a case where "broken" is refused and the
// valid "example-app" still produces its job.
func rejectedServiceMonitor(workload *monitoringv1.Prometheus, reason string, broken ...fixtures.Option) goldenCase {
	return goldenCase{
		workload: workload,
		input: Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{
			fixtures.ServiceMonitor("example-app", walkthrough), fixtures.ServiceMonitor("broken", append([]fixtures.Option{walkthrough}, broken...)...),
		}},
		rejected:     []string{"ServiceMonitor default/broken"},
		rejectReason: reason,
	}
}

func rejectedPodMonitor(reason string, broken ...fixtures.Option) goldenCase {
	return goldenCase{
		workload: fixtures.Prometheus("example", walkthrough),
		input: Input{PodMonitors: []*monitoringv1.PodMonitor{
			fixtures.PodMonitor("example-app", walkthrough), fixtures.PodMonitor("broken", append([]fixtures.Option{walkthrough}, broken...)...),
		}},
		rejected:     []string{"PodMonitor default/broken"},
		rejectReason: reason,
	}
}

func rejectedProbe(workload *monitoringv1.Prometheus, reason string, broken ...fixtures.Option) goldenCase {
	return goldenCase{
		workload: workload,
		input: Input{Probes: []*monitoringv1.Probe{
			fixtures.Probe("example-app", walkthrough), fixtures.Probe("broken", append([]fixtures.Option{walkthrough}, broken...)...),
		}},
		rejected:     []string{"Probe default/broken"},
		rejectReason: reason,
	}
}

func TestRejectedMonitors(t *testing.T) {
	endpoint := fixtures.WithEndpoint
	runGoldenCases(t, map[string]goldenCase{
		"an invalid relabeling regex": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "endpoints[0]: relabelings[0]: invalid regex",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "keep", Regex: "a(b"}}
			})),
		"an invalid metric relabeling": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "metricRelabelings[0]",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.MetricRelabelConfigs = []monitoringv1.RelabelConfig{{Action: "replace"}}
			})),
		"a relabel action newer than the target version": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.35.0")), "only supported from Prometheus version 2.36.0",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "Lowercase", SourceLabels: []monitoringv1.LabelName{"a"}, TargetLabel: "a"}}
			})),
		"a missing basic auth Secret key": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), `basicAuth.password: key "missing" not found in secret default/auth`,
			endpoint(func(e *monitoringv1.Endpoint) {
				e.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "missing")}
			})),
		"a missing TLS Secret": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "tlsConfig.ca: secret default/absent not found",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("absent", "ca"))}}}
			})),
		"a CA that is not a certificate": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "tlsConfig.ca: no PEM block",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("broken-tls", "ca"))}}}
			})),
		"a client certificate without a key": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "client certificate needs a client key",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{Cert: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "cert"))}}}
			})),
		"a scrape timeout longer than the interval": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), `scrapeTimeout "1m" is greater than the scrape interval "30s"`,
			endpoint(func(e *monitoringv1.Endpoint) { e.ScrapeTimeout = "1m" })),
		"a scrape timeout longer than the workload's default interval": rejectedServiceMonitor(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeInterval = "10s" })), "greater than the scrape interval",
			endpoint(func(e *monitoringv1.Endpoint) { e.ScrapeTimeout = "15s" })),
		"an interval that is no duration": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "interval:",
			endpoint(func(e *monitoringv1.Endpoint) { e.Interval = "soon" })),
		"a scheme other than http and https": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), `scheme "ftp"`,
			endpoint(func(e *monitoringv1.Endpoint) { e.Scheme = ptr(monitoringv1.Scheme("ftp")) })),
		"two authentication methods": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "only one authentication method",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
				e.Authorization = &monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", "token"))}
			})),
		"authorization of type Basic": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), `type "Basic" is not allowed`,
			endpoint(func(e *monitoringv1.Endpoint) {
				e.Authorization = &monitoringv1.SafeAuthorization{Type: "basic", Credentials: ptr(secretKey("auth", "token"))}
			})),
		"a proxy URL together with the environment proxy": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "mutually exclusive",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.ProxyConfig = monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy:3128"), ProxyFromEnvironment: ptr(true)}
			})),
		"a match expression without values": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "selector:",
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.Selector.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpIn}}
			})),
		"the RoleSelector mechanism before Prometheus 2.17": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.16.0")), "needs Prometheus 2.17.0",
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				mechanism := monitoringv1.SelectorMechanismRole
				s.SelectorMechanism = &mechanism
			})),
		"a body size limit that is no size": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), "bodySizeLimit",
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.BodySizeLimit = ptr(monitoringv1.ByteSize("huge")) })),
	})
}

func TestRejectionNamesTheObject(t *testing.T) {
	result, err := Generate(fixtures.Prometheus("example", walkthrough), Input{
		Store: testStore(),
		ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("broken", walkthrough, fixtures.InNamespace("team"),
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.ScrapeClassName = ptr("nope") }))},
	}, Options{})
	require.NoError(t, err)
	require.Len(t, result.Rejected, 1)
	require.Equal(t, `ServiceMonitor team/broken: scrapeClass "nope" not found in the workload's scrapeClasses`, result.Rejected[0].Error())
	require.NotContains(t, string(result.Config), "serviceMonitor/team/broken")
}

func TestTLSAssetsOfRejectedMonitorsAreDropped(t *testing.T) {
	withTLS := func(e *monitoringv1.Endpoint) {
		e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
			CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))},
		}}
	}
	result, err := Generate(fixtures.Prometheus("example", walkthrough), Input{
		Store: testStore(),
		ServiceMonitors: []*monitoringv1.ServiceMonitor{
			fixtures.ServiceMonitor("good", walkthrough, fixtures.WithEndpoint(withTLS)),
			fixtures.ServiceMonitor("bad", walkthrough, fixtures.InNamespace("team"), fixtures.WithEndpoint(withTLS), fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.ScrapeTimeout = "5m" })),
		},
	}, Options{})
	require.NoError(t, err)
	require.Len(t, result.Rejected, 1)
	require.Len(t, result.TLSAssets, 1)
	require.Equal(t, "0_default_tls_ca", result.TLSAssets[0].Key)
	require.Equal(t, sharedPKI().caPEM, result.TLSAssets[0].Data)
}

func TestWorkloadErrors(t *testing.T) {
	cases := map[string]struct {
		workload monitoringv1.PrometheusInterface
		input    Input
		wantErr  string
	}{
		"an unsupported major version":  {workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v1.8.0")), wantErr: "unsupported Prometheus version"},
		"a version that does not parse": {workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("main")), wantErr: "parse Prometheus version"},
		"a global scrape timeout longer than the interval": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeTimeout = "1m" })), wantErr: "greater than the scrape interval",
		},
		"additional scrape configs that are not YAML": {workload: fixtures.Prometheus("example", walkthrough), input: Input{AdditionalScrapeConfigs: []byte("- job_name: [")}, wantErr: "additional scrape configs"},
		"additional scrape configs with relabel rules that are not a list": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithShards(2)), input: Input{AdditionalScrapeConfigs: []byte("- job_name: a\n  relabel_configs: {}\n")},
			wantErr: "relabel_configs is not a list",
		},
		"an API server configuration without host": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.APIServerConfig = &monitoringv1.APIServerConfig{} })),
			wantErr:  "apiserverConfig: host is required",
		},
		"an API server bearer token next to basic auth": {
			workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.APIServerConfig = &monitoringv1.APIServerConfig{
					Host: "kubernetes.default.svc", BearerToken: "api-token",
					BasicAuth: &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")},
				}
			})),
			input:   Input{Store: testStore()},
			wantErr: "apiserverConfig: only one authentication method may be used, found basic_auth, bearer_token",
		},
		"more zones than shards": {
			workload: fixtures.Prometheus("example", walkthrough, zoneSharding(2, "a", "b", "c")), wantErr: "at least as many shards as topology zones",
		},
		"no workload at all": {wantErr: "no workload"},
		"an enforced namespace label Prometheus 2 cannot use": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.55.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.EnforcedNamespaceLabel = "k8s.namespace" })),
			wantErr:  "spec.enforcedNamespaceLabel",
		},
		"an empty pod target label of the workload": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.PodTargetLabels = []string{""} })),
			wantErr:  "spec.podTargetLabels",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var workload monitoringv1.PrometheusInterface
			if tc.workload != nil {
				workload = tc.workload
			}
			options := Options{}
			if name == "more zones than shards" {
				options.TopologySharding = true
			}
			_, err := Generate(workload, tc.input, options)
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
}

func TestRejectedMonitorsMore(t *testing.T) {
	endpoint := fixtures.WithEndpoint
	runGoldenCases(t, map[string]goldenCase{
		"a bearer token file when file access is denied": rejectedServiceMonitor(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ArbitraryFSAccessThroughSMs.Deny = true })),
			"which the workload denies",
			endpoint(func(e *monitoringv1.Endpoint) { e.BearerTokenFile = "/etc/shadow" })),
		"TLS files when file access is denied": rejectedServiceMonitor(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ArbitraryFSAccessThroughSMs.Deny = true })),
			"which the workload denies",
			endpoint(func(e *monitoringv1.Endpoint) { e.TLSConfig = &monitoringv1.TLSConfig{CAFile: "/etc/ssl/ca.pem"} })),
		"a target label that gives no label name": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough), `targetLabels: "" does not give a valid label name`,
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.TargetLabels = []string{""} })),
		"a pod target label starting with a digit on Prometheus 2": rejectedServiceMonitor(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.55.0")), `podTargetLabels: "1st"`,
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.PodTargetLabels = []string{"1st"} })),
		"a missing OAuth2 client secret of a PodMonitor": rejectedPodMonitor("oauth2.clientSecret",
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) {
				e.OAuth2 = fullOAuth2()
				e.OAuth2.ClientSecret = secretKey("auth", "nope")
			})),
		"a PodMonitor relabeling without target label": rejectedPodMonitor("podMetricsEndpoints[0]: relabelings[0]",
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) {
				e.RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "hashmod", Modulus: 2}}
			})),
		"a prober address that is no host": rejectedProbe(fixtures.Prometheus("example", walkthrough), "prober.url",
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) { s.ProberSpec.URL = "http://blackbox:9115/probe" })),
		"a Probe without targets": rejectedProbe(fixtures.Prometheus("example", walkthrough), "at least one of targets.staticConfig and targets.ingress",
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) { s.Targets = monitoringv1.ProbeTargets{} })),
		"a static label that Prometheus 2 cannot use": rejectedProbe(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.55.0")), `invalid label name "service.name"`,
			fixtures.WithProbeSpec(func(s *monitoringv1.ProbeSpec) {
				s.Targets.StaticConfig.Labels = map[string]string{"service.name": "shop"}
			})),
		"an invalid Ingress relabeling": rejectedProbe(fixtures.Prometheus("example", walkthrough), "targets.ingress.relabelingConfigs[0]",
			ingressTargets(func(i *monitoringv1.ProbeTargetIngress) {
				i.RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "labeldrop", Regex: "x", SourceLabels: []monitoringv1.LabelName{"a"}}}
			})),
	})
}
