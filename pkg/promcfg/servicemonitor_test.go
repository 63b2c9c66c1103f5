// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// smCase is a golden case with one ServiceMonitor.
func smCase(workload *monitoringv1.Prometheus, options Options, monitorOptions ...fixtures.Option) goldenCase {
	return goldenCase{
		workload: workload,
		options:  options,
		input:    Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", append([]fixtures.Option{walkthrough}, monitorOptions...)...)}},
	}
}

func endpointSlice() *monitoringv1.ServiceDiscoveryRole {
	role := monitoringv1.ServiceDiscoveryRoleEndpointSlice
	return &role
}

func TestServiceMonitorSelection(t *testing.T) {
	roleSelector := monitoringv1.SelectorMechanismRole
	runGoldenCases(t, map[string]goldenCase{
		"match expressions of every operator follow the match labels": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.Selector.MatchExpressions = []metav1.LabelSelectorRequirement{
					{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{"web", "api"}},
					{Key: "canary", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"true"}},
					{Key: "monitored", Operator: metav1.LabelSelectorOpExists},
					{Key: "legacy", Operator: metav1.LabelSelectorOpDoesNotExist},
				}
			})),
		"label names with dots and slashes are sanitized": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.Selector = metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": "example-app"}}
				s.TargetLabels = []string{"app.kubernetes.io/version"}
				s.PodTargetLabels = []string{"pod-template-hash"}
			})),
		"an empty selector keeps every Service": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.Selector = metav1.LabelSelector{} })),
		"the RoleSelector mechanism passes the selector to service discovery": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.SelectorMechanism = &roleSelector
				s.Selector.MatchExpressions = []metav1.LabelSelectorRequirement{
					{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{"web", "api"}},
				}
			})),
		"the RoleSelector mechanism uses the endpointslice role when asked for": smCase(fixtures.Prometheus("example", walkthrough), Options{EndpointSliceSupported: true},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.SelectorMechanism = &roleSelector
				s.ServiceDiscoveryRole = endpointSlice()
			})),
		"the EndpointSlice role of the monitor changes the meta labels": smCase(fixtures.Prometheus("example", walkthrough), Options{EndpointSliceSupported: true},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.ServiceDiscoveryRole = endpointSlice() })),
		"the EndpointSlice role of the workload applies to every monitor": smCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ServiceDiscoveryRole = endpointSlice() })),
			Options{EndpointSliceSupported: true}),
		"the EndpointSlice role falls back to endpoints when the cluster lacks it": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.ServiceDiscoveryRole = endpointSlice() })),
		"the EndpointSlice role falls back to endpoints before Prometheus 2.21": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.20.0")),
			Options{EndpointSliceSupported: true},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.ServiceDiscoveryRole = endpointSlice() })),
	})
}

func TestServiceMonitorEndpoints(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"two endpoints give two jobs numbered by position": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.Endpoints = append(s.Endpoints, monitoringv1.Endpoint{Port: "metrics", ScrapeEndpointSettings: monitoringv1.ScrapeEndpointSettings{Path: "/admin/metrics"}})
			})),
		"a target port name filters on the container port name": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.Port = ""; e.TargetPort = portName("http-metrics") })),
		"a target port number filters on the container port number": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.Port = ""; e.TargetPort = portNumber(8080) })),
		"an endpoint without port keeps every port": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.Port = "" })),
		"interval, timeout, path, params and scheme are written": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.Interval, e.ScrapeTimeout, e.Path = "15s", "10s", "/federate"
				e.Params = map[string][]string{"match[]": {`{job="a"}`, `{job="b"}`}, "format": {"prometheus"}}
				e.Scheme = ptr(monitoringv1.Scheme("HTTPS"))
			})),
		"honorLabels and honorTimestamps are passed through": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.HonorLabels = true; e.HonorTimestamps = ptr(false) })),
		"trackTimestampsStaleness needs Prometheus 2.48": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.48.0")), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.TrackTimestampsStaleness = ptr(true) })),
		"trackTimestampsStaleness is dropped for Prometheus 2.47": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.47.0")), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.TrackTimestampsStaleness = ptr(true) })),
		"filterRunning false keeps finished pods": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.FilterRunning = ptr(false) })),
		"targetLabels, podTargetLabels and jobLabel copy labels onto targets": smCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.PodTargetLabels = []string{"team"} })), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.TargetLabels = []string{"environment", "region"}
				s.PodTargetLabels = []string{"version"}
				s.JobLabel = "app.kubernetes.io/name"
			})),
		"relabelings of every action are lowercased and written in order": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.RelabelConfigs = everyAction() })),
		"metricRelabelings are written after the limits": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.SampleLimit = ptr(uint64(5000)) }),
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.MetricRelabelConfigs = []monitoringv1.RelabelConfig{{Action: "drop", SourceLabels: []monitoringv1.LabelName{"__name__"}, Regex: "go_.*"}}
			})),
		"a bearer token file is passed as a path": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.BearerTokenFile = "/var/run/secrets/kubernetes.io/serviceaccount/token"
			})),
		"follow redirects and HTTP2 settings are written": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.FollowRedirects = ptr(false); e.EnableHTTP2 = ptr(false) })),
		"follow redirects and HTTP2 are dropped for Prometheus 2.25": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.25.0")),
			input: Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough,
				fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.FollowRedirects = ptr(true); e.EnableHTTP2 = ptr(true) }))}},
			warnings: []string{`"follow_redirects"`, `"enable_http2"`},
		},
		"HTTP2 is dropped for Prometheus 2.34 but redirects are kept": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.34.0")), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.FollowRedirects = ptr(true); e.EnableHTTP2 = ptr(true) })),
	})
}

// everyAction returns one valid rule per relabel action, in CamelCase
// where the API allows it.
func everyAction() []monitoringv1.RelabelConfig {
	return []monitoringv1.RelabelConfig{
		{SourceLabels: []monitoringv1.LabelName{"__meta_kubernetes_pod_node_name"}, TargetLabel: "node_name"},
		{Action: "Replace", SourceLabels: []monitoringv1.LabelName{"a", "b"}, Separator: ptr("-"), Regex: "(.*)-(.*)", Replacement: ptr("$2"), TargetLabel: "c"},
		{Action: "Keep", SourceLabels: []monitoringv1.LabelName{"__meta_kubernetes_service_annotation_scrape"}, Regex: "true"},
		{Action: "drop", SourceLabels: []monitoringv1.LabelName{"__meta_kubernetes_namespace"}, Regex: "kube-.*"},
		{Action: "HashMod", SourceLabels: []monitoringv1.LabelName{"__address__"}, Modulus: 8, TargetLabel: "__tmp_bucket"},
		{Action: "LabelMap", Regex: "__meta_kubernetes_pod_label_(.+)", Replacement: ptr("pod_$1")},
		{Action: "LabelDrop", Regex: "pod_template_hash"},
		{Action: "labelkeep", Regex: "__.*|job|instance|namespace|pod"},
		{Action: "Lowercase", SourceLabels: []monitoringv1.LabelName{"team"}, TargetLabel: "team"},
		{Action: "Uppercase", SourceLabels: []monitoringv1.LabelName{"zone"}, TargetLabel: "zone_upper"},
		{Action: "KeepEqual", SourceLabels: []monitoringv1.LabelName{"__meta_kubernetes_pod_container_port_number"}, TargetLabel: "__port"},
		{Action: "DropEqual", SourceLabels: []monitoringv1.LabelName{"instance"}, TargetLabel: "__excluded"},
		{Action: "replace", TargetLabel: "cluster", Replacement: ptr("")},
	}
}

func TestServiceMonitorHTTPClient(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"TLS material from Secrets is referenced under the certs directory": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.Scheme = ptr(monitoringv1.SchemeHTTPS)
				e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
					CA:         monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))},
					Cert:       monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "cert"))},
					KeySecret:  ptr(secretKey("tls", "key")),
					ServerName: ptr("example-app.default.svc"), InsecureSkipVerify: ptr(false),
					MinVersion: ptr(monitoringv1.TLSVersion12), MaxVersion: ptr(monitoringv1.TLSVersion13),
				}}
			})),
		"a CA from a ConfigMap and client files from the container": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.TLSConfig = &monitoringv1.TLSConfig{
					SafeTLSConfig: monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("tls-ca", "ca.crt"))}},
					CertFile:      "/etc/prometheus/secrets/client/tls.crt", KeyFile: "/etc/prometheus/secrets/client/tls.key",
				}
			})),
		"TLS versions are dropped before Prometheus 2.35 and 2.41": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.34.0")), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
					MinVersion: ptr(monitoringv1.TLSVersion12), MaxVersion: ptr(monitoringv1.TLSVersion13),
				}}
			})),
		"basic auth credentials are inlined": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
			})),
		"a bearer token Secret is inlined": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.BearerTokenSecret = ptr(secretKey("auth", "token")) })),
		"authorization defaults to the Bearer type": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.Authorization = &monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", "token"))}
			})),
		"authorization keeps a custom type": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.Authorization = &monitoringv1.SafeAuthorization{Type: " Token ", Credentials: ptr(secretKey("auth", "token"))}
			})),
		"authorization is dropped before Prometheus 2.26": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.25.0")), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.Authorization = &monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", "token"))}
			})),
		"OAuth2 with its own TLS and proxy settings": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.OAuth2 = fullOAuth2() })),
		"OAuth2 loses its TLS and proxy settings before Prometheus 2.43": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.42.0")), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.OAuth2 = fullOAuth2() })),
		"OAuth2 is dropped before Prometheus 2.27": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.26.0")), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.OAuth2 = fullOAuth2() })),
		"proxy settings with connect headers from Secrets": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.ProxyConfig = fullProxy() })),
		"proxy settings keep only the URL before Prometheus 2.43": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.42.0")), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.ProxyConfig = fullProxy() })),
		"the proxy may come from the environment": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.ProxyConfig = monitoringv1.ProxyConfig{ProxyFromEnvironment: ptr(true)}
			})),
	})
}

func fullOAuth2() *monitoringv1.OAuth2 {
	return &monitoringv1.OAuth2{
		ClientID:       monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("oauth", "client-id"))},
		ClientSecret:   secretKey("auth", "client-secret"),
		TokenURL:       "https://auth.example.com/token",
		Scopes:         []string{"metrics:read", "openid"},
		EndpointParams: map[string]string{"audience": "prometheus", "resource": "metrics"},
		TLSConfig:      &monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))}},
		ProxyConfig:    monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy.example.com:3128")},
	}
}

func fullProxy() monitoringv1.ProxyConfig {
	return monitoringv1.ProxyConfig{
		ProxyURL: ptr("http://proxy.example.com:3128"),
		NoProxy:  ptr("10.0.0.0/8,.cluster.local"),
		ProxyConnectHeader: map[string][]corev1.SecretKeySelector{
			"Proxy-Authorization": {secretKey("auth", "token")},
			"X-Tenant":            {secretKey("auth", "user"), secretKey("auth", "client-id")},
		},
	}
}

func TestServiceMonitorDiscovery(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"namespaceSelector any discovers in every namespace": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.NamespaceSelector.Any = true })),
		"namespaceSelector matchNames lists the namespaces": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.NamespaceSelector.MatchNames = []string{"team-a", "team-b"}
			})),
		"ignoreNamespaceSelectors keeps monitors in their own namespace": smCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.IgnoreNamespaceSelectors = true })), Options{},
			fixtures.InNamespace("team"),
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.NamespaceSelector = monitoringv1.NamespaceSelector{Any: true, MatchNames: []string{"x"}}
			})),
		"attachMetadata adds node metadata": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(true)}
			})),
		"attachMetadata is dropped before Prometheus 2.37": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.36.0")),
			input: Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough,
				fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
					s.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(true)}
				}))}},
			warnings: []string{`"attach_metadata": needs Prometheus >= 2.37.0`},
		},
		"the API server settings are repeated in every discovery block": smCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.APIServerConfig = &monitoringv1.APIServerConfig{
					Host:      "https://kubernetes.example.com:6443",
					BasicAuth: &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")},
					TLSConfig: &monitoringv1.TLSConfig{
						SafeTLSConfig: monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))}},
						CertFile:      "/etc/apiserver/cert.pem", KeyFile: "/etc/apiserver/key.pem",
					},
				}
			})), Options{}),
		"an agent's API server bearer token": {
			workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.APIServerConfig = &monitoringv1.APIServerConfig{Host: "https://kubernetes.example.com:6443", BearerToken: "api-token"}
			})),
			input: Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough)}},
		},
		"an agent's API server bearer token file": {
			workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.APIServerConfig = &monitoringv1.APIServerConfig{Host: "https://kubernetes.example.com:6443", BearerTokenFile: "/var/run/secrets/api/token"}
			})),
			input: Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough)}},
		},
		"the API server may authenticate with a credentials file": smCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.APIServerConfig = &monitoringv1.APIServerConfig{
					Host:          "kubernetes.default.svc",
					Authorization: &monitoringv1.Authorization{CredentialsFile: "/var/run/secrets/token"},
					ProxyConfig:   monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy:3128")},
				}
			})), Options{}),
	})
}
