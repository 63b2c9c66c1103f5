// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"fmt"
	"strings"
	"testing"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func TestManagedResourceAndSpecMetrics(t *testing.T) {
	f := newFixture(t)
	registry := prometheusclient.NewRegistry()
	instrumented, err := New(Options{
		KubeClient: f.kubeClient, MonitoringClient: f.monitoringClient, Informers: f.informers, Config: f.config,
		Recorder: f.recorder, Clock: f.clock, Logger: discardLogger(), Metrics: controller.NewMetrics(registry), Registerer: registry,
	})
	require.NoError(t, err)
	f.operator = instrumented
	bad := fixtures.ServiceMonitor("bad", frontendTeam, fixtures.With(func(m *monitoringv1.ServiceMonitor) {
		m.Spec.Endpoints[0].RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "replace", TargetLabel: "x", Regex: "([a-z"}}
	}))
	f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.WithShards(2)), fixtures.ServiceMonitor("good", frontendTeam), bad)
	f.sync("prometheus", "default", "main")

	expected := `
# HELP prometheus_operator_managed_resources Configuration resources selected by the managed workloads, by controller, kind and state (selected or rejected).
# TYPE prometheus_operator_managed_resources gauge
prometheus_operator_managed_resources{controller="prometheus",resource="PodMonitor",state="rejected"} 0
prometheus_operator_managed_resources{controller="prometheus",resource="PodMonitor",state="selected"} 0
prometheus_operator_managed_resources{controller="prometheus",resource="Probe",state="rejected"} 0
prometheus_operator_managed_resources{controller="prometheus",resource="Probe",state="selected"} 0
prometheus_operator_managed_resources{controller="prometheus",resource="PrometheusRule",state="rejected"} 0
prometheus_operator_managed_resources{controller="prometheus",resource="PrometheusRule",state="selected"} 0
prometheus_operator_managed_resources{controller="prometheus",resource="ScrapeConfig",state="rejected"} 0
prometheus_operator_managed_resources{controller="prometheus",resource="ScrapeConfig",state="selected"} 0
prometheus_operator_managed_resources{controller="prometheus",resource="ServiceMonitor",state="rejected"} 1
prometheus_operator_managed_resources{controller="prometheus",resource="ServiceMonitor",state="selected"} 1
# HELP prometheus_operator_spec_shards Shards asked for by a workload's spec.
# TYPE prometheus_operator_spec_shards gauge
prometheus_operator_spec_shards{controller="prometheus",name="main",namespace="default"} 2
`
	require.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(expected),
		"prometheus_operator_spec_shards", "prometheus_operator_managed_resources"))
}

func TestDeletedWorkloadLeavesTheSyncsGauge(t *testing.T) {
	f := newFixture(t)
	registry := prometheusclient.NewRegistry()
	metrics := controller.NewMetrics(registry)
	instrumented, err := New(Options{
		KubeClient: f.kubeClient, MonitoringClient: f.monitoringClient, Informers: f.informers, Config: f.config,
		Recorder: f.recorder, Clock: f.clock, Logger: discardLogger(), Metrics: metrics,
	})
	require.NoError(t, err)
	f.operator = instrumented
	c := f.controllerFor("prometheus")
	f.add(fixtures.Prometheus("main", selectsFrontend))
	processBoth := func() {
		c.queue.Add(keyOf("main"))
		c.queue.ProcessNext(f.ctx)
		f.refresh()
		c.statusQueue.Add(keyOf("main"))
		c.statusQueue.ProcessNext(f.ctx)
	}
	processBoth()
	syncs := func(ok int) string {
		return fmt.Sprintf(`
# HELP prometheus_operator_syncs Objects whose last reconcile succeeded or failed, by controller and status.
# TYPE prometheus_operator_syncs gauge
prometheus_operator_syncs{controller="prometheus",status="failed"} 0
prometheus_operator_syncs{controller="prometheus",status="ok"} %[1]d
prometheus_operator_syncs{controller="prometheus-agent",status="failed"} 0
prometheus_operator_syncs{controller="prometheus-status",status="failed"} 0
prometheus_operator_syncs{controller="prometheus-status",status="ok"} %[1]d
`, ok)
	}
	require.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(syncs(1)), "prometheus_operator_syncs"))

	require.NoError(t, f.monitoringClient.MonitoringV1().Prometheuses("default").Delete(f.ctx, "main", metav1.DeleteOptions{}))
	f.refresh()
	processBoth()
	require.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(syncs(0)), "prometheus_operator_syncs"),
		"a deleted Prometheus is not counted as synced")
}
