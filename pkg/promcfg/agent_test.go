// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

type agentOption func(*monitoringv1alpha1.PrometheusAgent)

// newAgent returns the PrometheusAgent default/example selecting team=frontend.
func newAgent(options ...agentOption) *monitoringv1alpha1.PrometheusAgent {
	agent := &monitoringv1alpha1.PrometheusAgent{
		ObjectMeta: metav1.ObjectMeta{Name: "example", Namespace: "default"},
		Spec: monitoringv1alpha1.PrometheusAgentSpec{CommonPrometheusFields: monitoringv1.CommonPrometheusFields{
			ScrapeInterval: "30s",
			RemoteWrite:    []monitoringv1.RemoteWriteSpec{{URL: "http://receiver.monitoring:9090/api/v1/write"}},
		}},
	}
	for _, option := range options {
		option(agent)
	}
	return agent
}

func agentCommon(change func(*monitoringv1.CommonPrometheusFields)) agentOption {
	return func(a *monitoringv1alpha1.PrometheusAgent) { change(&a.Spec.CommonPrometheusFields) }
}

func daemonSet() agentOption {
	return func(a *monitoringv1alpha1.PrometheusAgent) {
		mode := monitoringv1alpha1.DaemonSetPrometheusAgentMode
		a.Spec.Mode = &mode
	}
}

func TestAgent(t *testing.T) {
	everyKind := Input{
		ServiceMonitors:         []*monitoringv1.ServiceMonitor{newServiceMonitor("example-app")},
		PodMonitors:             []*monitoringv1.PodMonitor{newPodMonitor("example-app")},
		Probes:                  []*monitoringv1.Probe{newProbe("example-app")},
		AdditionalScrapeConfigs: []byte(additionalJobs),
	}
	runGoldenCases(t, map[string]goldenCase{
		"an agent lists PodMonitors and additional jobs before the others": {workload: newAgent(), input: everyKind},
		"an agent has no evaluation interval, rules, alerting or remote read": {
			workload: newAgent(agentCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.ExternalLabels = map[string]string{"cluster": "eu-1"}
				c.Runtime = &monitoringv1.RuntimeConfig{GoGC: ptr(int32(75))}
			})),
		},
		"a sharded agent shards its jobs": {workload: newAgent(agentCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Shards = ptr(int32(2)) })), input: everyKind},
		"a DaemonSet agent scrapes only the PodMonitors of its node, unsharded": {
			workload: newAgent(daemonSet(), agentCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Shards = ptr(int32(3)) })),
			input:    everyKind,
		},
		"a DaemonSet agent adds the node field selector to the role selector": {
			workload: newAgent(daemonSet()),
			input: Input{PodMonitors: []*monitoringv1.PodMonitor{newPodMonitor("example-app", pmSpec(func(s *monitoringv1.PodMonitorSpec) {
				mechanism := monitoringv1.SelectorMechanismRole
				s.SelectorMechanism = &mechanism
			}))}},
		},
		"every agent TSDB setting": {workload: newAgent(agentCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.TSDB = &monitoringv1.TSDBSpec{}
			everyTSDBSetting(c.TSDB)
		}))},
		"an agent before Prometheus 2.54 has no out-of-order window": {workload: newAgent(agentCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.Version = "v2.53.0"
			c.TSDB = &monitoringv1.TSDBSpec{OutOfOrderTimeWindow: ptr(monitoringv1.Duration("10m"))}
		}))},
		"every remoteWrite field": {
			workload: newAgent(agentCommon(func(c *monitoringv1.CommonPrometheusFields) { c.RemoteWrite = everyRemoteWriteField() })),
			warnings: []string{"max_retries"},
		},
		"an agent with OTLP and tracing": {workload: newAgent(agentCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.OTLP = &monitoringv1.OTLPConfig{PromoteResourceAttributes: []string{"service.name"}}
			c.TracingConfig = &monitoringv1.PrometheusTracingConfig{Endpoint: "otel:4317"}
		}))},
	})
}
