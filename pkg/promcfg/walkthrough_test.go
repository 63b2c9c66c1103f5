// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v2"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// exampleAppRelabelings is the relabel list upstream generates for the
// ServiceMonitor default/example-app {selector app=example-app, endpoints
// [{port: web}]}, written out by hand with upstream's key order.
const exampleAppRelabelings = `- source_labels:
  - job
  target_label: __tmp_prometheus_job_name
- action: keep
  source_labels:
  - __meta_kubernetes_service_label_app
  - __meta_kubernetes_service_labelpresent_app
  regex: (example-app);true
- action: keep
  source_labels:
  - __meta_kubernetes_endpoint_port_name
  regex: web
- source_labels:
  - __meta_kubernetes_endpoint_address_target_kind
  - __meta_kubernetes_endpoint_address_target_name
  separator: ;
  regex: Node;(.*)
  replacement: ${1}
  target_label: node
- source_labels:
  - __meta_kubernetes_endpoint_address_target_kind
  - __meta_kubernetes_endpoint_address_target_name
  separator: ;
  regex: Pod;(.*)
  replacement: ${1}
  target_label: pod
- source_labels:
  - __meta_kubernetes_namespace
  target_label: namespace
- source_labels:
  - __meta_kubernetes_service_name
  target_label: service
- source_labels:
  - __meta_kubernetes_pod_name
  target_label: pod
- source_labels:
  - __meta_kubernetes_pod_container_name
  target_label: container
- action: drop
  source_labels:
  - __meta_kubernetes_pod_phase
  regex: (Failed|Succeeded)
- source_labels:
  - __meta_kubernetes_service_name
  target_label: job
  replacement: ${1}
- target_label: endpoint
  replacement: web
- source_labels:
  - __address__
  - __tmp_hash
  target_label: __tmp_hash
  regex: (.+);
  replacement: $1
  action: replace
- source_labels:
  - __tmp_hash
  target_label: __tmp_hash
  modulus: 1
  action: hashmod
- source_labels:
  - __tmp_hash
  - __tmp_disable_sharding
  regex: $(SHARD);|.+;.+
  action: keep
`

// jobField returns the YAML of one field of the first scrape job.
func jobField(t *testing.T, cfg []byte, field string) string {
	t.Helper()
	var doc struct {
		ScrapeConfigs []yaml.MapSlice `yaml:"scrape_configs"`
	}
	require.NoError(t, yaml.Unmarshal(cfg, &doc))
	require.NotEmpty(t, doc.ScrapeConfigs)
	for _, item := range doc.ScrapeConfigs[0] {
		if item.Key == field {
			out, err := yaml.Marshal(item.Value)
			require.NoError(t, err)
			return string(out)
		}
	}
	t.Fatalf("field %s not found", field)
	return ""
}

func TestWalkthroughServiceMonitorHasUpstreamsFifteenRules(t *testing.T) {
	result, err := Generate(fixtures.Prometheus("example", walkthrough), Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough)}}, Options{})
	require.NoError(t, err)
	require.Empty(t, result.Rejected)
	require.Equal(t, exampleAppRelabelings, jobField(t, result.Config, "relabel_configs"))
	require.Equal(t, "serviceMonitor/default/example-app/0\n", jobField(t, result.Config, "job_name"))
}

func TestWalkthrough(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a ServiceMonitor selecting the example app on port web": {
			workload: fixtures.Prometheus("example", walkthrough),
			input:    Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough)}},
		},
		"a PodMonitor selecting the example app on port web": {
			workload: fixtures.Prometheus("example", walkthrough),
			input:    Input{PodMonitors: []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", walkthrough)}},
		},
		"a Probe of two static targets through the blackbox exporter": {
			workload: fixtures.Prometheus("example", walkthrough),
			input:    Input{Probes: []*monitoringv1.Probe{fixtures.Probe("example-app", walkthrough)}},
		},
		"a Prometheus without any monitor": {
			workload: fixtures.Prometheus("example", walkthrough),
		},
		"monitors of every kind are ordered by namespace and name": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: Input{
				ServiceMonitors: []*monitoringv1.ServiceMonitor{
					fixtures.ServiceMonitor("zeta", walkthrough), fixtures.ServiceMonitor("alpha", walkthrough, fixtures.InNamespace("team")), fixtures.ServiceMonitor("alpha", walkthrough),
				},
				PodMonitors: []*monitoringv1.PodMonitor{fixtures.PodMonitor("b", walkthrough), fixtures.PodMonitor("a", walkthrough)},
				Probes:      []*monitoringv1.Probe{fixtures.Probe("second", walkthrough), fixtures.Probe("first", walkthrough)},
			},
		},
	})
}
