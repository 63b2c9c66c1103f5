// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func alertmanagerMain(change func(*monitoringv1.AlertmanagerEndpoints)) monitoringv1.AlertmanagerEndpoints {
	endpoint := monitoringv1.AlertmanagerEndpoints{Name: "alertmanager-main", Namespace: ptr("monitoring"), Port: intstr.FromString("web")}
	if change != nil {
		change(&endpoint)
	}
	return endpoint
}

func alerting(version string, endpoints ...monitoringv1.AlertmanagerEndpoints) goldenCase {
	return goldenCase{workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion(version), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
		s.Alerting = &monitoringv1.AlertingSpec{Alertmanagers: endpoints}
	}))}
}

const additionalAlertRelabelings = `- action: labeldrop
  regex: shard
- source_labels: [severity]
  target_label: priority
`

const additionalAlertmanagers = `- scheme: https
  static_configs:
  - targets: ['alertmanager.example.com:443']
`

func TestAlerting(t *testing.T) {
	v1, v2 := monitoringv1.AlertmanagerAPIVersion("v1"), monitoringv1.AlertmanagerAPIVersion("V2")
	basicAuth := &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
	runGoldenCases(t, map[string]goldenCase{
		"an Alertmanager found through its Service endpoints": alerting("", alertmanagerMain(nil)),
		"an Alertmanager in the Prometheus namespace by port number": alerting("", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) {
			e.Namespace = nil
			e.Port = intstr.FromInt32(9093)
		})),
		"scheme, path prefix, timeout and HTTP2": alerting("", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) {
			e.Scheme, e.PathPrefix, e.Timeout, e.EnableHTTP2 = ptr("HTTPS"), ptr("/alertmanager"), ptr(monitoringv1.Duration("10s")), ptr(false)
		})),
		"TLS, proxy and sigv4": alerting("", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) {
			e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
				CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))}, Cert: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "cert"))},
				KeySecret: ptr(secretKey("tls", "key")),
			}}
			e.ProxyConfig = monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy:3128")}
			e.Sigv4 = &monitoringv1.Sigv4{Region: "us-east-1", RoleArn: "arn:aws:iam::123456789012:role/am"}
		})),
		"basic auth from Prometheus 2.26":           alerting("v2.26.0", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) { e.BasicAuth = basicAuth })),
		"basic auth is dropped for Prometheus 2.25": alerting("v2.25.0", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) { e.BasicAuth = basicAuth })),
		"sigv4 is dropped for Prometheus 2.47": alerting("v2.47.0", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) {
			e.Sigv4 = &monitoringv1.Sigv4{Region: "us-east-1"}
		})),
		"authorization from a Secret": alerting("", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) {
			e.Authorization = &monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", "token"))}
		})),
		"API version v2 is written lower case":              alerting("", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) { e.APIVersion = &v2 })),
		"API version v1 is left out for Prometheus 3":       alerting("", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) { e.APIVersion = &v1 })),
		"API version v1 is kept for Prometheus 2":           alerting("v2.55.0", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) { e.APIVersion = &v1 })),
		"the API version is dropped before Prometheus 2.11": alerting("v2.10.0", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) { e.APIVersion = &v2 })),
		"relabelings and alert relabelings": alerting("", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) {
			e.Relabelings = []monitoringv1.RelabelConfig{{Action: "keep", SourceLabels: []monitoringv1.LabelName{"__meta_kubernetes_pod_ready"}, Regex: "true"}}
			e.AlertRelabelings = []monitoringv1.RelabelConfig{{Action: "Drop", SourceLabels: []monitoringv1.LabelName{"severity"}, Regex: "info"}}
		})),
		"alert relabelings are dropped before Prometheus 2.51": alerting("v2.50.0", alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) {
			e.AlertRelabelings = []monitoringv1.RelabelConfig{{Action: "drop", SourceLabels: []monitoringv1.LabelName{"severity"}, Regex: "info"}}
		})),
		"the EndpointSlice role of the workload is used": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ServiceDiscoveryRole = endpointSlice() }),
				fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
					s.Alerting = &monitoringv1.AlertingSpec{Alertmanagers: []monitoringv1.AlertmanagerEndpoints{alertmanagerMain(nil)}}
				})),
			options: Options{EndpointSliceSupported: true},
		},
		"additional alert relabelings and Alertmanagers are appended": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
				s.Alerting = &monitoringv1.AlertingSpec{Alertmanagers: []monitoringv1.AlertmanagerEndpoints{alertmanagerMain(nil)}}
			})),
			input: Input{AdditionalAlertRelabelConfigs: []byte(additionalAlertRelabelings), AdditionalAlertmanagerConfigs: []byte(additionalAlertmanagers)},
		},
		"additional Alertmanagers alone": {
			workload: fixtures.Prometheus("example", walkthrough),
			input:    Input{AdditionalAlertmanagerConfigs: []byte(additionalAlertmanagers)},
		},
		"no replica label means no label drop": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ReplicaExternalLabelName = ptr("") }),
				fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.Alerting = &monitoringv1.AlertingSpec{} })),
		},
		"a custom replica label is escaped in the drop rule": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ReplicaExternalLabelName = ptr("replica.id") }),
				fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
					s.Alerting = &monitoringv1.AlertingSpec{Alertmanagers: []monitoringv1.AlertmanagerEndpoints{alertmanagerMain(nil)}}
				})),
		},
	})
}

func TestAlertingRefusesBadInput(t *testing.T) {
	cases := map[string]struct {
		endpoint monitoringv1.AlertmanagerEndpoints
		extra    string
		wantErr  string
	}{
		"an Alertmanager without a name": {endpoint: monitoringv1.AlertmanagerEndpoints{Port: intstr.FromString("web")}, wantErr: "name is required"},
		"an unknown scheme":              {endpoint: alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) { e.Scheme = ptr("ftp") }), wantErr: `scheme "ftp"`},
		"a missing TLS Secret": {endpoint: alertmanagerMain(func(e *monitoringv1.AlertmanagerEndpoints) {
			e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("absent", "ca"))}}}
		}), wantErr: "secret default/absent not found"},
		"additional Alertmanagers that are not a YAML list": {endpoint: alertmanagerMain(nil), extra: "scheme: http", wantErr: "additional Alertmanager configs"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := fixtures.Prometheus("example", walkthrough, fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
				s.Alerting = &monitoringv1.AlertingSpec{Alertmanagers: []monitoringv1.AlertmanagerEndpoints{tc.endpoint}}
			}))
			var extra []byte
			if tc.extra != "" {
				extra = []byte(tc.extra)
			}
			_, err := Generate(p, Input{Store: testStore(), AdditionalAlertmanagerConfigs: extra}, Options{})
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
}
