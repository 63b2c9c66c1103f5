// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

const additionalJobs = `- job_name: external-node-exporter
  static_configs:
  - targets:
    - 10.0.0.1:9100
    - 10.0.0.2:9100
  relabel_configs:
  - source_labels: [__address__]
    target_label: host
  scrape_interval: 15s
- job_name: federate
  honor_labels: true
  metrics_path: /federate
  params:
    match[]: ['{job="node"}']
  static_configs:
  - targets: ['other-prometheus:9090']
`

const additionalJobAlreadySharded = `- job_name: self-sharded
  static_configs:
  - targets: ['a:80', 'b:80']
  relabel_configs:
  - source_labels: [__address__]
    modulus: 4
    target_label: __tmp_hash
    action: hashmod
  - source_labels: [__tmp_hash]
    regex: $(SHARD)
    action: keep
`

func zoneSharding(shards int32, zones ...string) fixtures.Option {
	return fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		mode := monitoringv1.TopologyShardingStrategyMode
		c.Shards = &shards
		c.ShardingStrategy = &monitoringv1.ShardingStrategy{Mode: &mode, Topology: &monitoringv1.TopologyShardingConfig{Values: zones}}
	})
}

func TestSharding(t *testing.T) {
	everyKind := Input{
		ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough)},
		PodMonitors:     []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", walkthrough)},
		Probes:          []*monitoringv1.Probe{fixtures.Probe("example-app", walkthrough)},
	}
	runGoldenCases(t, map[string]goldenCase{
		"three shards hash addresses and probed targets": {workload: fixtures.Prometheus("example", walkthrough, fixtures.WithShards(3)), input: everyKind},
		"shard retention keeps only the active shards":   {workload: fixtures.Prometheus("example", walkthrough, fixtures.WithShards(3)), input: everyKind, options: Options{ShardRetention: true}},
		"zone sharding over two zones with node labels": {
			workload: fixtures.Prometheus("example", walkthrough, zoneSharding(4, "zone-a", "zone-b")), input: everyKind, options: Options{TopologySharding: true},
		},
		"zone sharding with pod topology labels needs no node metadata": {
			workload: fixtures.Prometheus("example", walkthrough, zoneSharding(6, "zone-a", "zone-b", "zone-c")), input: everyKind,
			options: Options{TopologySharding: true, PodTopologyLabels: true},
		},
		"zone sharding forces node metadata even when a monitor turns it off": {
			workload: fixtures.Prometheus("example", walkthrough, zoneSharding(2, "zone-a", "zone-b")),
			input: Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough,
				fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
					s.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(false)}
				}))}},
			options: Options{TopologySharding: true},
		},
		"zone sharding leaves Ingress probes without node metadata": {
			workload: fixtures.Prometheus("example", walkthrough, zoneSharding(2, "zone-a", "zone-b")),
			input:    Input{Probes: []*monitoringv1.Probe{fixtures.Probe("ingress", walkthrough, ingressTargets(func(*monitoringv1.ProbeTargetIngress) {}))}},
			options:  Options{TopologySharding: true},
		},
		"zone sharding without its feature gate is plain sharding": {
			workload: fixtures.Prometheus("example", walkthrough, zoneSharding(4, "zone-a", "zone-b")), input: everyKind,
		},
		"additional jobs are copied as written when unsharded": {
			workload: fixtures.Prometheus("example", walkthrough), input: Input{AdditionalScrapeConfigs: []byte(additionalJobs)},
		},
		"additional jobs get the sharding rules at the end when sharded": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithShards(2)), input: Input{AdditionalScrapeConfigs: []byte(additionalJobs)},
		},
		"additional jobs that shard themselves are left alone": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithShards(2)), input: Input{AdditionalScrapeConfigs: []byte(additionalJobAlreadySharded)},
		},
		"additional jobs follow the generated ones": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithShards(2)),
			input: Input{
				ServiceMonitors:         []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough)},
				AdditionalScrapeConfigs: []byte(additionalJobs),
			},
		},
	})
}

func TestNamespaceEnforcement(t *testing.T) {
	enforcing := func(excluded ...monitoringv1.ObjectReference) *monitoringv1.Prometheus {
		return fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.EnforcedNamespaceLabel = "namespace"
			c.ExcludedFromEnforcement = excluded
		}))
	}
	withUserRules := Input{
		ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough, fixtures.InNamespace("team"),
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.RelabelConfigs = []monitoringv1.RelabelConfig{{TargetLabel: "namespace", Replacement: ptr("forged")}}
				e.MetricRelabelConfigs = []monitoringv1.RelabelConfig{{Action: "drop", SourceLabels: []monitoringv1.LabelName{"__name__"}, Regex: "debug_.*"}}
			}))},
		PodMonitors: []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", walkthrough)},
		Probes: []*monitoringv1.Probe{
			fixtures.Probe("static", walkthrough),
			fixtures.Probe("ingress", walkthrough, ingressTargets(func(*monitoringv1.ProbeTargetIngress) {})),
		},
	}
	runGoldenCases(t, map[string]goldenCase{
		"the enforced namespace label is the last rule of every kind": {workload: enforcing(), input: withUserRules},
		"excluded objects by name and by namespace keep their rules": {
			workload: enforcing(
				monitoringv1.ObjectReference{Resource: monitoringv1.ServiceMonitorName, Namespace: "team", Name: "example-app"},
				monitoringv1.ObjectReference{Group: monitoringv1.GroupName, Resource: monitoringv1.PodMonitorName, Namespace: "default"},
				monitoringv1.ObjectReference{Resource: monitoringv1.ProbeName, Namespace: "default", Name: "static"},
			),
			input: withUserRules,
		},
	})
}
