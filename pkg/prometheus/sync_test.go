// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// walkthrough loads the blog walkthrough's Prometheus, ServiceMonitor and
// PodMonitor from example/user-guide.
func walkthrough(t *testing.T) (*monitoringv1.Prometheus, *monitoringv1.ServiceMonitor, *monitoringv1.PodMonitor) {
	p, serviceMonitor, podMonitor := &monitoringv1.Prometheus{}, &monitoringv1.ServiceMonitor{}, &monitoringv1.PodMonitor{}
	loadYAML(t, "../../example/user-guide/prometheus.yaml", p)
	loadYAML(t, "../../example/user-guide/example-app-service-monitor.yaml", serviceMonitor)
	loadYAML(t, "../../example/user-guide/example-app-pod-monitor.yaml", podMonitor)
	return p, serviceMonitor, podMonitor
}

func TestWalkthroughCreatesEveryObject(t *testing.T) {
	f := newFixture(t)
	p, serviceMonitor, podMonitor := walkthrough(t)
	f.add(p, serviceMonitor, podMonitor)

	f.sync("prometheus", "default", "prometheus")

	config := f.generatedConfig("default", "prometheus-prometheus")
	require.Empty(t, missingFrom(config,
		"job_name: serviceMonitor/default/example-app/0",
		"job_name: podMonitor/default/example-app/0",
	), config)
	for _, name := range []string{"prometheus-prometheus-tls-assets-0", "prometheus-prometheus-web-config"} {
		f.secret("default", name)
	}
	_, err := f.kubeClient.CoreV1().ConfigMaps("default").Get(f.ctx, "prometheus-prometheus-rulefiles-0", metav1.GetOptions{})
	require.NoError(t, err)
	service, err := f.kubeClient.CoreV1().Services("default").Get(f.ctx, "prometheus-operated", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, "None", service.Spec.ClusterIP)
	require.Equal(t, []string{"prometheus-prometheus"}, f.statefulSetNames("default"))

	statefulSet, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, "prometheus-prometheus", metav1.GetOptions{})
	require.NoError(t, err)
	owner := metav1.GetControllerOf(statefulSet)
	require.NotNil(t, owner)
	require.Equal(t, "Prometheus", owner.Kind)
	require.Equal(t, p.UID, owner.UID)
	require.NotEmpty(t, statefulSet.Annotations[operator.InputHashAnnotation])

	stored, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Get(f.ctx, "prometheus", metav1.GetOptions{})
	require.NoError(t, err)
	require.Contains(t, stored.Finalizers, operator.StatusCleanupFinalizer)

	for _, status := range []monitoringv1.ConfigResourceStatus{f.serviceMonitorStatus("example-app"), f.podMonitorStatus("example-app")} {
		require.Len(t, status.Bindings, 1)
		binding := status.Bindings[0]
		require.Equal(t, "prometheuses", binding.Resource)
		require.Equal(t, "prometheus", binding.Name)
		require.Equal(t, monitoringv1.ConditionTrue, binding.Conditions[0].Status)
	}
}

func (f *fixture) serviceMonitorStatus(name string) monitoringv1.ConfigResourceStatus {
	f.t.Helper()
	stored, err := f.monitoringClient.MonitoringV1().ServiceMonitors("default").Get(f.ctx, name, metav1.GetOptions{})
	require.NoError(f.t, err)
	return stored.Status
}

func (f *fixture) podMonitorStatus(name string) monitoringv1.ConfigResourceStatus {
	f.t.Helper()
	stored, err := f.monitoringClient.MonitoringV1().PodMonitors("default").Get(f.ctx, name, metav1.GetOptions{})
	require.NoError(f.t, err)
	return stored.Status
}

// A converged object must not be written again: otherwise every write
// triggers an event that triggers a sync that writes (a hot loop).
func TestConvergedObjectProducesNoWrites(t *testing.T) {
	f := newFixture(t)
	p, serviceMonitor, podMonitor := walkthrough(t)
	f.add(p, serviceMonitor, podMonitor, fixtures.ServiceMonitor("other", frontendTeam))

	f.sync("prometheus", "default", "prometheus")
	// The second sync may update the StatefulSet once: its input hash
	// covers the stored spec, which did not exist at creation.
	f.sync("prometheus", "default", "prometheus")
	f.clearActions()
	f.sync("prometheus", "default", "prometheus")
	require.Empty(t, f.writes())
}

func TestMonitorChangeUpdatesOnlyTheConfiguration(t *testing.T) {
	f := newFixture(t)
	p, serviceMonitor, _ := walkthrough(t)
	f.add(p, serviceMonitor)
	f.sync("prometheus", "default", "prometheus")
	f.sync("prometheus", "default", "prometheus")
	require.NotContains(t, f.generatedConfig("default", "prometheus-prometheus"), "port: metrics")

	changed := serviceMonitor.DeepCopy()
	changed.Spec.Endpoints[0].Port = "metrics"
	changed.Generation = 2
	_, err := f.monitoringClient.MonitoringV1().ServiceMonitors("default").Update(f.ctx, changed, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.clearActions()
	f.sync("prometheus", "default", "prometheus")

	require.Contains(t, f.generatedConfig("default", "prometheus-prometheus"), "metrics")
	writes := f.writes()
	require.Contains(t, writes, "update secrets prometheus-prometheus")
	for _, write := range writes {
		require.NotContains(t, write, "statefulsets", "a monitor change must not roll the pods")
	}
}

func TestShardsScaleUpAndDown(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend, fixtures.WithShards(3))
	f.add(p)
	f.sync("prometheus", "default", "main")
	require.Equal(t, []string{"prometheus-main", "prometheus-main-shard-1", "prometheus-main-shard-2"}, f.statefulSetNames("default"))

	stored, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Get(f.ctx, "main", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, int32(3), stored.Status.Shards)
	require.Len(t, stored.Status.ShardStatuses, 3)

	one := int32(1)
	stored.Spec.Shards = &one
	_, err = f.monitoringClient.MonitoringV1().Prometheuses("default").Update(f.ctx, stored, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.clearActions()
	f.sync("prometheus", "default", "main")

	require.Equal(t, []string{"prometheus-main"}, f.statefulSetNames("default"))
	require.Subset(t, f.writes(), []string{"delete statefulsets prometheus-main-shard-1", "delete statefulsets prometheus-main-shard-2"})
}

func TestRetainedShardIsDeletedAfterItsRetentionPeriod(t *testing.T) {
	f := newFixture(t)
	retain := monitoringv1.RetainWhenScaledRetentionType
	p := fixtures.Prometheus("main", selectsFrontend, fixtures.WithShards(2), fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.ShardRetentionPolicy = &monitoringv1.ShardRetentionPolicy{
			WhenScaled: &retain, Retain: &monitoringv1.RetainConfig{RetentionPeriod: "1h"},
		}
	}))
	f.add(p)
	f.sync("prometheus", "default", "main")
	require.Len(t, f.statefulSetNames("default"), 2)

	stored, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Get(f.ctx, "main", metav1.GetOptions{})
	require.NoError(t, err)
	stored.Spec.Shards = nil
	_, err = f.monitoringClient.MonitoringV1().Prometheuses("default").Update(f.ctx, stored, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.sync("prometheus", "default", "main")

	retained, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, "prometheus-main-shard-1", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, "2026-01-02T04:04:05Z", retained.Annotations[operator.DeletionDeadlineAnnot])

	f.clock.Step(30 * time.Minute)
	f.sync("prometheus", "default", "main")
	require.Len(t, f.statefulSetNames("default"), 2, "kept before the deadline")

	f.clock.Step(31 * time.Minute)
	f.sync("prometheus", "default", "main")
	require.Equal(t, []string{"prometheus-main"}, f.statefulSetNames("default"))
}

func TestPausedObjectIsLeftAlone(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.Paused = true }))
	f.add(p, fixtures.ServiceMonitor("app", frontendTeam))
	f.sync("prometheus", "default", "main")

	for _, write := range f.writes() {
		require.NotRegexp(t, "^create (secrets|statefulsets|services|configmaps)", write)
	}
	stored, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Get(f.ctx, "main", metav1.GetOptions{})
	require.NoError(t, err)
	require.True(t, stored.Status.Paused)
	require.Empty(t, f.serviceMonitorStatus("app").Bindings)
}

func TestInvalidMonitorIsRejectedWhileValidOnesStay(t *testing.T) {
	f := newFixture(t)
	bad := fixtures.ServiceMonitor("bad", frontendTeam, fixtures.With(func(m *monitoringv1.ServiceMonitor) {
		m.Spec.Endpoints[0].RelabelConfigs = []monitoringv1.RelabelConfig{{Action: "replace", TargetLabel: "x", Regex: "([a-z"}}
	}))
	f.add(fixtures.Prometheus("main", selectsFrontend), fixtures.ServiceMonitor("good", frontendTeam), bad)
	f.sync("prometheus", "default", "main")

	config := f.generatedConfig("default", "prometheus-main")
	require.Contains(t, config, "serviceMonitor/default/good/0")
	require.NotContains(t, config, "serviceMonitor/default/bad/0")

	events := f.events()
	require.True(t, slices.ContainsFunc(events, func(e string) bool {
		return e != "" && containsAll(e, "Warning", "InvalidConfiguration", "ServiceMonitor bad was rejected")
	}), "events: %v", events)

	good := f.serviceMonitorStatus("good").Bindings
	require.Equal(t, monitoringv1.ConditionTrue, good[0].Conditions[0].Status)
	rejected := f.serviceMonitorStatus("bad").Bindings
	require.Len(t, rejected, 1)
	require.Equal(t, monitoringv1.ConditionFalse, rejected[0].Conditions[0].Status)
	require.Equal(t, "InvalidConfiguration", rejected[0].Conditions[0].Reason)
	require.NotEmpty(t, rejected[0].Conditions[0].Message)

	stored, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Get(f.ctx, "main", metav1.GetOptions{})
	require.NoError(t, err)
	reconciled := findCondition(stored.Status.Conditions, monitoringv1.ConditionReconciled)
	require.Equal(t, monitoringv1.ConditionTrue, reconciled.Status)
	require.Equal(t, reasonSomeResourcesRejected, reconciled.Reason)
}

func containsAll(text string, parts ...string) bool { return len(missingFrom(text, parts...)) == 0 }

func findCondition(conditions []monitoringv1.Condition, conditionType monitoringv1.ConditionType) monitoringv1.Condition {
	for _, condition := range conditions {
		if condition.Type == conditionType {
			return condition
		}
	}
	return monitoringv1.Condition{}
}

func TestUnmanagedConfigurationGetsAnEmptySecretOnly(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.ServiceMonitorSelector = nil }))
	f.add(p)
	f.sync("prometheus", "default", "main")
	secret := f.secret("default", "prometheus-main")
	require.Empty(t, secret.Data["prometheus.yaml.gz"])

	stored, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Get(f.ctx, "main", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, reasonNoSelectedResources, findCondition(stored.Status.Conditions, monitoringv1.ConditionReconciled).Reason,
		"as upstream, nothing selected wins over the unmanaged configuration")
}

func TestMissingObjectIsForgotten(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.trySync("prometheus", "default", "gone"))
	require.Empty(t, f.writes())
}

func TestOtherControllerIDIsIgnored(t *testing.T) {
	f := newFixture(t, func(c *operator.Config) { c.ControllerID = "mine" })
	p := fixtures.Prometheus("main", selectsFrontend)
	p.Annotations = map[string]string{operator.ControllerIDAnnotation: "theirs"}
	f.add(p)
	f.sync("prometheus", "default", "main")
	require.Empty(t, f.writes())
}

func TestOwnedStatefulSetIsFoundByOwnerNotName(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend)
	f.add(p)
	// A StatefulSet of the expected name owned by someone else is not counted.
	f.add(&appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "prometheus-main"}})
	c := f.controllerFor("prometheus")
	status := c.computeStatus(p, nil)
	require.Equal(t, workload.ReasonStatefulSetNotFound, findCondition(status.Conditions, monitoringv1.ConditionAvailable).Reason)
}
