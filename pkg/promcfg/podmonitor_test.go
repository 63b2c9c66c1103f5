// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// pmCase is a golden case with one PodMonitor.
func pmCase(workload monitoringv1.PrometheusInterface, options Options, monitorOptions ...fixtures.Option) goldenCase {
	return goldenCase{
		workload: workload,
		options:  options,
		input:    Input{PodMonitors: []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", append([]fixtures.Option{walkthrough}, monitorOptions...)...)}},
	}
}

func TestPodMonitor(t *testing.T) {
	roleSelector := monitoringv1.SelectorMechanismRole
	runGoldenCases(t, map[string]goldenCase{
		"a port number filters on the container port number": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) { e.Port = nil; e.PortNumber = ptr(int32(9100)) })),
		"a named port wins over a port number": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) { e.PortNumber = ptr(int32(9100)) })),
		"a target port name is still understood": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) { e.Port = nil; e.TargetPort = portName("metrics") })),
		"a target port number is still understood": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) { e.Port = nil; e.TargetPort = portNumber(9100) })),
		"filterRunning false keeps finished pods": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) { e.FilterRunning = ptr(false) })),
		"match expressions and sanitized label names": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) {
				s.Selector = metav1.LabelSelector{
					MatchLabels: map[string]string{"app.kubernetes.io/name": "example-app"},
					MatchExpressions: []metav1.LabelSelectorRequirement{
						{Key: "app.kubernetes.io/component", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"db", "cache"}},
						{Key: "sidecar.istio.io/status", Operator: metav1.LabelSelectorOpDoesNotExist},
					},
				}
			})),
		"the RoleSelector mechanism selects pods in service discovery": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) { s.SelectorMechanism = &roleSelector })),
		"jobLabel and podTargetLabels of monitor and workload": pmCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.PodTargetLabels = []string{"team"} })), Options{},
			fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) {
				s.JobLabel = "app"
				s.PodTargetLabels = []string{"version", "app.kubernetes.io/part-of"}
			})),
		"attachMetadata adds node metadata from Prometheus 2.35": pmCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.35.0")), Options{},
			fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) { s.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(true)} })),
		"attachMetadata is dropped for Prometheus 2.34": pmCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.34.0")), Options{},
			fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) { s.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(true)} })),
		"the HTTP client settings in PodMonitor order": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) {
				e.Scheme = ptr(monitoringv1.SchemeHTTPS)
				e.FollowRedirects, e.EnableHTTP2 = ptr(true), ptr(false)
				e.TLSConfig = &monitoringv1.SafeTLSConfig{
					CA:        monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("tls-ca", "ca.crt"))},
					Cert:      monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "cert"))},
					KeySecret: ptr(secretKey("tls", "key")),
				}
				e.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
				e.ProxyConfig = monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy:3128"), NoProxy: ptr("localhost")}
			})),
		"authorization from a Secret": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) {
				e.Authorization = &monitoringv1.SafeAuthorization{Type: "Bearer", Credentials: ptr(secretKey("auth", "token"))}
			})),
		"a bearer token Secret is inlined": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) { e.BearerTokenSecret = ptr(secretKey("auth", "token")) })),
		"OAuth2 client credentials": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) { e.OAuth2 = fullOAuth2() })),
		"endpoint settings and relabelings": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMetricsEndpoint(func(e *monitoringv1.PodMetricsEndpoint) {
				e.Interval, e.ScrapeTimeout, e.Path = "1m", "45s", "/stats/prometheus"
				e.Params = map[string][]string{"collect[]": {"cpu", "memory"}}
				e.HonorLabels, e.HonorTimestamps, e.TrackTimestampsStaleness = true, ptr(true), ptr(true)
				e.RelabelConfigs = []monitoringv1.RelabelConfig{{SourceLabels: []monitoringv1.LabelName{"__meta_kubernetes_pod_node_name"}, TargetLabel: "node"}}
				e.MetricRelabelConfigs = []monitoringv1.RelabelConfig{{Action: "labeldrop", Regex: "id"}}
			})),
		"two endpoints give two jobs": pmCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) {
				s.PodMetricsEndpoints = append(s.PodMetricsEndpoints, monitoringv1.PodMetricsEndpoint{Port: ptr("admin")})
			})),
	})
}
