// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// rejectedServiceMonitor builds a case where "broken" is refused and the
// valid "example-app" still produces its job.
func rejectedServiceMonitor(workload *monitoringv1.Prometheus, reason string, broken ...serviceMonitorOption) goldenCase {
	return goldenCase{
		workload: workload,
		input: Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{
			newServiceMonitor("example-app"), newServiceMonitor("broken", broken...),
		}},
		rejected:     []string{"ServiceMonitor default/broken"},
		rejectReason: reason,
	}
}

func rejectedPodMonitor(reason string, broken ...podMonitorOption) goldenCase {
	return goldenCase{
		workload: newPrometheus(),
		input: Input{PodMonitors: []*monitoringv1.PodMonitor{
			newPodMonitor("example-app"), newPodMonitor("broken", broken...),
		}},
		rejected:     []string{"PodMonitor default/broken"},
		rejectReason: reason,
	}
}

func rejectedProbe(workload *monitoringv1.Prometheus, reason string, broken ...probeOption) goldenCase {
	return goldenCase{
		workload: workload,
		input: Input{Probes: []*monitoringv1.Probe{
			newProbe("example-app"), newProbe("broken", broken...),
		}},
		rejected:     []string{"Probe default/broken"},
		rejectReason: reason,
	}
}

func TestRejectedMonitors(t *testing.T) {
	endpoint := smEndpoint
	runGoldenCases(t, map[string]goldenCase{
		"an invalid relabeling regex": rejectedServiceMonitor(newPrometheus(), "endpoints[0]: relabelings[0]: invalid regex",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "keep", Regex: "a(b"}}
			})),
		"an invalid metric relabeling": rejectedServiceMonitor(newPrometheus(), "metricRelabelings[0]",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.MetricRelabelConfigs = []monitoringv1.RelabelConfig{{Action: "replace"}}
			})),
		"a relabel action newer than the target version": rejectedServiceMonitor(newPrometheus(withVersion("v2.35.0")), "only supported from Prometheus version 2.36.0",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "Lowercase", SourceLabels: []monitoringv1.LabelName{"a"}, TargetLabel: "a"}}
			})),
		"a missing basic auth Secret key": rejectedServiceMonitor(newPrometheus(), `basicAuth.password: key "missing" not found in secret default/auth`,
			endpoint(func(e *monitoringv1.Endpoint) {
				e.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "missing")}
			})),
		"a missing TLS Secret": rejectedServiceMonitor(newPrometheus(), "tlsConfig.ca: secret default/absent not found",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("absent", "ca"))}}}
			})),
		"a CA that is not a certificate": rejectedServiceMonitor(newPrometheus(), "tlsConfig.ca: no PEM block",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("broken-tls", "ca"))}}}
			})),
		"a client certificate without a key": rejectedServiceMonitor(newPrometheus(), "client certificate needs a client key",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{Cert: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "cert"))}}}
			})),
		"a scrape timeout longer than the interval": rejectedServiceMonitor(newPrometheus(), `scrapeTimeout "1m" is greater than the scrape interval "30s"`,
			endpoint(func(e *monitoringv1.Endpoint) { e.ScrapeTimeout = "1m" })),
		"a scrape timeout longer than the workload's default interval": rejectedServiceMonitor(
			newPrometheus(common(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeInterval = "10s" })), "greater than the scrape interval",
			endpoint(func(e *monitoringv1.Endpoint) { e.ScrapeTimeout = "15s" })),
		"an interval that is no duration": rejectedServiceMonitor(newPrometheus(), "interval:",
			endpoint(func(e *monitoringv1.Endpoint) { e.Interval = "soon" })),
		"a scheme other than http and https": rejectedServiceMonitor(newPrometheus(), `scheme "ftp"`,
			endpoint(func(e *monitoringv1.Endpoint) { e.Scheme = ptr(monitoringv1.Scheme("ftp")) })),
		"two authentication methods": rejectedServiceMonitor(newPrometheus(), "only one authentication method",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
				e.Authorization = &monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", "token"))}
			})),
		"authorization of type Basic": rejectedServiceMonitor(newPrometheus(), `type "Basic" is not allowed`,
			endpoint(func(e *monitoringv1.Endpoint) {
				e.Authorization = &monitoringv1.SafeAuthorization{Type: "basic", Credentials: ptr(secretKey("auth", "token"))}
			})),
		"a proxy URL together with the environment proxy": rejectedServiceMonitor(newPrometheus(), "mutually exclusive",
			endpoint(func(e *monitoringv1.Endpoint) {
				e.ProxyConfig = monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy:3128"), ProxyFromEnvironment: ptr(true)}
			})),
		"a match expression without values": rejectedServiceMonitor(newPrometheus(), "selector:",
			smSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.Selector.MatchExpressions = []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpIn}}
			})),
		"the RoleSelector mechanism before Prometheus 2.17": rejectedServiceMonitor(newPrometheus(withVersion("v2.16.0")), "needs Prometheus 2.17.0",
			smSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				mechanism := monitoringv1.SelectorMechanismRole
				s.SelectorMechanism = &mechanism
			})),
		"a body size limit that is no size": rejectedServiceMonitor(newPrometheus(), "bodySizeLimit",
			smSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.BodySizeLimit = ptr(monitoringv1.ByteSize("huge")) })),
	})
}

func TestRejectionNamesTheObject(t *testing.T) {
	result, err := Generate(newPrometheus(), Input{
		Store: testStore(),
		ServiceMonitors: []*monitoringv1.ServiceMonitor{newServiceMonitor("broken", smNamespace("team"),
			smSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.ScrapeClassName = ptr("nope") }))},
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
	result, err := Generate(newPrometheus(), Input{
		Store: testStore(),
		ServiceMonitors: []*monitoringv1.ServiceMonitor{
			newServiceMonitor("good", smEndpoint(withTLS)),
			newServiceMonitor("bad", smNamespace("team"), smEndpoint(withTLS), smEndpoint(func(e *monitoringv1.Endpoint) { e.ScrapeTimeout = "5m" })),
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
		"an unsupported major version":  {workload: newPrometheus(withVersion("v1.8.0")), wantErr: "unsupported Prometheus version"},
		"a version that does not parse": {workload: newPrometheus(withVersion("main")), wantErr: "parse Prometheus version"},
		"a global scrape timeout longer than the interval": {
			workload: newPrometheus(common(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeTimeout = "1m" })), wantErr: "greater than the scrape interval",
		},
		"additional scrape configs that are not YAML": {workload: newPrometheus(), input: Input{AdditionalScrapeConfigs: []byte("- job_name: [")}, wantErr: "additional scrape configs"},
		"additional scrape configs with relabel rules that are not a list": {
			workload: newPrometheus(withShards(2)), input: Input{AdditionalScrapeConfigs: []byte("- job_name: a\n  relabel_configs: {}\n")},
			wantErr: "relabel_configs is not a list",
		},
		"an API server configuration without host": {
			workload: newPrometheus(common(func(c *monitoringv1.CommonPrometheusFields) { c.APIServerConfig = &monitoringv1.APIServerConfig{} })),
			wantErr:  "apiserverConfig: host is required",
		},
		"an API server bearer token next to basic auth": {
			workload: newAgent(agentCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.APIServerConfig = &monitoringv1.APIServerConfig{
					Host: "kubernetes.default.svc", BearerToken: "api-token",
					BasicAuth: &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")},
				}
			})),
			input:   Input{Store: testStore()},
			wantErr: "apiserverConfig: only one authentication method may be used, found basic_auth, bearer_token",
		},
		"more zones than shards": {
			workload: newPrometheus(zoneSharding(2, "a", "b", "c")), wantErr: "at least as many shards as topology zones",
		},
		"no workload at all": {wantErr: "no workload"},
		"an enforced namespace label Prometheus 2 cannot use": {
			workload: newPrometheus(withVersion("v2.55.0"), common(func(c *monitoringv1.CommonPrometheusFields) { c.EnforcedNamespaceLabel = "k8s.namespace" })),
			wantErr:  "spec.enforcedNamespaceLabel",
		},
		"an empty pod target label of the workload": {
			workload: newPrometheus(common(func(c *monitoringv1.CommonPrometheusFields) { c.PodTargetLabels = []string{""} })),
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
	endpoint := smEndpoint
	runGoldenCases(t, map[string]goldenCase{
		"a bearer token file when file access is denied": rejectedServiceMonitor(
			newPrometheus(common(func(c *monitoringv1.CommonPrometheusFields) { c.ArbitraryFSAccessThroughSMs.Deny = true })),
			"which the workload denies",
			endpoint(func(e *monitoringv1.Endpoint) { e.BearerTokenFile = "/etc/shadow" })),
		"TLS files when file access is denied": rejectedServiceMonitor(
			newPrometheus(common(func(c *monitoringv1.CommonPrometheusFields) { c.ArbitraryFSAccessThroughSMs.Deny = true })),
			"which the workload denies",
			endpoint(func(e *monitoringv1.Endpoint) { e.TLSConfig = &monitoringv1.TLSConfig{CAFile: "/etc/ssl/ca.pem"} })),
		"a target label that gives no label name": rejectedServiceMonitor(newPrometheus(), `targetLabels: "" does not give a valid label name`,
			smSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.TargetLabels = []string{""} })),
		"a pod target label starting with a digit on Prometheus 2": rejectedServiceMonitor(newPrometheus(withVersion("v2.55.0")), `podTargetLabels: "1st"`,
			smSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.PodTargetLabels = []string{"1st"} })),
		"a missing OAuth2 client secret of a PodMonitor": rejectedPodMonitor("oauth2.clientSecret",
			pmEndpoint(func(e *monitoringv1.PodMetricsEndpoint) {
				e.OAuth2 = fullOAuth2()
				e.OAuth2.ClientSecret = secretKey("auth", "nope")
			})),
		"a PodMonitor relabeling without target label": rejectedPodMonitor("podMetricsEndpoints[0]: relabelings[0]",
			pmEndpoint(func(e *monitoringv1.PodMetricsEndpoint) {
				e.RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "hashmod", Modulus: 2}}
			})),
		"a prober address that is no host": rejectedProbe(newPrometheus(), "prober.url",
			probeSpec(func(s *monitoringv1.ProbeSpec) { s.ProberSpec.URL = "http://blackbox:9115/probe" })),
		"a Probe without targets": rejectedProbe(newPrometheus(), "at least one of targets.staticConfig and targets.ingress",
			probeSpec(func(s *monitoringv1.ProbeSpec) { s.Targets = monitoringv1.ProbeTargets{} })),
		"a static label that Prometheus 2 cannot use": rejectedProbe(newPrometheus(withVersion("v2.55.0")), `invalid label name "service.name"`,
			probeSpec(func(s *monitoringv1.ProbeSpec) {
				s.Targets.StaticConfig.Labels = map[string]string{"service.name": "shop"}
			})),
		"an invalid Ingress relabeling": rejectedProbe(newPrometheus(), "targets.ingress.relabelingConfigs[0]",
			ingressTargets(func(i *monitoringv1.ProbeTargetIngress) {
				i.RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "labeldrop", Regex: "x", SourceLabels: []monitoringv1.LabelName{"a"}}}
			})),
	})
}
