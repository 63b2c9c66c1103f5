// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func TestAgent(t *testing.T) {
	everyKind := Input{
		ServiceMonitors:         []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough)},
		PodMonitors:             []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", walkthrough)},
		Probes:                  []*monitoringv1.Probe{fixtures.Probe("example-app", walkthrough)},
		AdditionalScrapeConfigs: []byte(additionalJobs),
	}
	runGoldenCases(t, map[string]goldenCase{
		"an agent lists PodMonitors and additional jobs before the others": {workload: fixtures.PrometheusAgent("example", walkthrough), input: everyKind},
		"an agent has no evaluation interval, rules, alerting or remote read": {
			workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.ExternalLabels = map[string]string{"cluster": "eu-1"}
				c.Runtime = &monitoringv1.RuntimeConfig{GoGC: ptr(int32(75))}
			})),
		},
		"a sharded agent shards its jobs": {workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Shards = ptr(int32(2)) })), input: everyKind},
		"a DaemonSet agent scrapes only the PodMonitors of its node, unsharded": {
			workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithAgentMode(monitoringv1alpha1.DaemonSetPrometheusAgentMode), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Shards = ptr(int32(3)) })),
			input:    everyKind,
		},
		"a DaemonSet agent adds the node field selector to the role selector": {
			workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithAgentMode(monitoringv1alpha1.DaemonSetPrometheusAgentMode)),
			input: Input{PodMonitors: []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", walkthrough, fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) {
				mechanism := monitoringv1.SelectorMechanismRole
				s.SelectorMechanism = &mechanism
			}))}},
		},
		"every agent TSDB setting": {workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.TSDB = &monitoringv1.TSDBSpec{}
			everyTSDBSetting(c.TSDB)
		}))},
		"an agent before Prometheus 2.54 has no out-of-order window": {workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.Version = "v2.53.0"
			c.TSDB = &monitoringv1.TSDBSpec{OutOfOrderTimeWindow: ptr(monitoringv1.Duration("10m"))}
		}))},
		"every remoteWrite field": {
			workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.RemoteWrite = everyRemoteWriteField() })),
			warnings: []string{"max_retries"},
		},
		"an agent with OTLP and tracing": {workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.OTLP = &monitoringv1.OTLPConfig{PromoteResourceAttributes: []string{"service.name"}}
			c.TracingConfig = &monitoringv1.PrometheusTracingConfig{Endpoint: "otel:4317"}
		}))},
	})
}
