// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// setStatefulSetStatus stores a StatefulSet status as the StatefulSet
// controller would.
func (f *fixture) setStatefulSetStatus(name string, status appsv1.StatefulSetStatus) {
	f.t.Helper()
	statefulSet, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, name, metav1.GetOptions{})
	require.NoError(f.t, err)
	statefulSet.Status = status
	_, err = f.kubeClient.AppsV1().StatefulSets("default").UpdateStatus(f.ctx, statefulSet, metav1.UpdateOptions{})
	require.NoError(f.t, err)
	f.refresh()
}

func (f *fixture) storedPrometheus(name string) *monitoringv1.Prometheus {
	f.t.Helper()
	stored, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Get(f.ctx, name, metav1.GetOptions{})
	require.NoError(f.t, err)
	return stored
}

func TestAvailableCondition(t *testing.T) {
	tests := map[string]struct {
		status     *appsv1.StatefulSetStatus
		wantStatus monitoringv1.ConditionStatus
		wantReason string
	}{
		"a missing StatefulSet makes it unavailable": {
			wantStatus: monitoringv1.ConditionFalse, wantReason: workload.ReasonStatefulSetNotFound,
		},
		"no available pod makes it unavailable": {
			status:     &appsv1.StatefulSetStatus{Replicas: 2},
			wantStatus: monitoringv1.ConditionFalse, wantReason: workload.ReasonNoPodReady,
		},
		"some available pods make it degraded": {
			status:     &appsv1.StatefulSetStatus{Replicas: 2, UpdatedReplicas: 2, AvailableReplicas: 1},
			wantStatus: workload.ConditionDegraded, wantReason: workload.ReasonSomePodsNotReady,
		},
		"every pod available makes it available": {
			status:     &appsv1.StatefulSetStatus{Replicas: 2, UpdatedReplicas: 2, AvailableReplicas: 2, ReadyReplicas: 2},
			wantStatus: monitoringv1.ConditionTrue,
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			replicas := int32(2)
			f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.Replicas = &replicas })))
			f.sync("prometheus", "default", "main")
			if test.status == nil {
				require.NoError(t, f.kubeClient.AppsV1().StatefulSets("default").Delete(f.ctx, "prometheus-main", metav1.DeleteOptions{}))
				f.refresh()
			} else {
				f.setStatefulSetStatus("prometheus-main", *test.status)
			}
			require.NoError(t, f.controllerFor("prometheus").syncStatus(f.ctx, keyOf("main")))

			stored := f.storedPrometheus("main")
			available := findCondition(stored.Status.Conditions, monitoringv1.ConditionAvailable)
			require.Equal(t, test.wantStatus, available.Status)
			require.Equal(t, test.wantReason, available.Reason)
			require.Equal(t, stored.Generation, available.ObservedGeneration)
			if test.status != nil {
				require.Equal(t, test.status.AvailableReplicas, stored.Status.AvailableReplicas)
				require.Equal(t, test.status.Replicas-test.status.AvailableReplicas, stored.Status.UnavailableReplicas)
				require.Equal(t, "0", stored.Status.ShardStatuses[0].ShardID)
			}
			require.Equal(t, "app.kubernetes.io/instance=main,app.kubernetes.io/managed-by=prometheus-operator,"+
				"app.kubernetes.io/name=prometheus,operator.prometheus.io/name=main,prometheus=main", stored.Status.Selector)
		})
	}
}

func TestStatusIsWrittenOnlyWhenItChangesAndKeepsTransitionTimes(t *testing.T) {
	f := newFixture(t)
	f.add(fixtures.Prometheus("main", selectsFrontend))
	f.sync("prometheus", "default", "main")
	first := f.storedPrometheus("main")
	reconciled := findCondition(first.Status.Conditions, monitoringv1.ConditionReconciled)
	require.Equal(t, monitoringv1.ConditionTrue, reconciled.Status)
	require.Equal(t, f.clock.Now().UTC(), reconciled.LastTransitionTime.UTC())

	f.clock.Step(time.Hour)
	f.clearActions()
	require.NoError(t, f.controllerFor("prometheus").syncStatus(f.ctx, keyOf("main")))
	require.Empty(t, f.writes(), "nothing changed, nothing written")

	// Pods become available: Available flips and gets a new transition
	// time, Reconciled keeps its own.
	f.setStatefulSetStatus("prometheus-main", appsv1.StatefulSetStatus{Replicas: 1, UpdatedReplicas: 1, AvailableReplicas: 1})
	require.NoError(t, f.controllerFor("prometheus").syncStatus(f.ctx, keyOf("main")))
	second := f.storedPrometheus("main")
	require.Equal(t, f.clock.Now().UTC(), findCondition(second.Status.Conditions, monitoringv1.ConditionAvailable).LastTransitionTime.UTC())
	require.Equal(t, reconciled.LastTransitionTime.UTC(), findCondition(second.Status.Conditions, monitoringv1.ConditionReconciled).LastTransitionTime.UTC())
}

func TestFailedReconcileIsReportedInTheReconciledCondition(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.AdditionalScrapeConfigs = secretKey("missing", "jobs.yaml")
	}))
	f.add(p)
	err := f.trySync("prometheus", "default", "main")
	require.ErrorContains(t, err, "Secret default/missing not found")

	reconciled := findCondition(f.storedPrometheus("main").Status.Conditions, monitoringv1.ConditionReconciled)
	require.Equal(t, monitoringv1.ConditionFalse, reconciled.Status)
	require.Contains(t, reconciled.Message, "missing")
	require.Contains(t, f.events()[0], "ReconcileFailed")
}

func TestBindingsFollowTheSelection(t *testing.T) {
	f := newFixture(t)
	f.add(fixtures.Prometheus("main", selectsFrontend), fixtures.ServiceMonitor("app", frontendTeam))
	f.sync("prometheus", "default", "main")
	require.Len(t, f.serviceMonitorStatus("app").Bindings, 1)
	firstTime := f.serviceMonitorStatus("app").Bindings[0].Conditions[0].LastTransitionTime

	// Syncing again keeps the binding as it is.
	f.clock.Step(time.Hour)
	f.clearActions()
	f.sync("prometheus", "default", "main")
	require.NotContains(t, f.writes(), "update servicemonitors/status app")
	require.Equal(t, firstTime.UTC(), f.serviceMonitorStatus("app").Bindings[0].Conditions[0].LastTransitionTime.UTC())

	// A monitor whose labels stop matching loses the binding.
	monitor, err := f.monitoringClient.MonitoringV1().ServiceMonitors("default").Get(f.ctx, "app", metav1.GetOptions{})
	require.NoError(t, err)
	monitor.Labels = map[string]string{"team": "backend"}
	_, err = f.monitoringClient.MonitoringV1().ServiceMonitors("default").Update(f.ctx, monitor, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.sync("prometheus", "default", "main")
	require.Empty(t, f.serviceMonitorStatus("app").Bindings)
}

func TestDeletionWithdrawsBindingsThenTheFinalizer(t *testing.T) {
	f := newFixture(t)
	other := fixtures.Prometheus("other", selectsFrontend)
	f.add(fixtures.Prometheus("main", selectsFrontend), other, fixtures.ServiceMonitor("app", frontendTeam))
	f.sync("prometheus", "default", "main")
	f.sync("prometheus", "default", "other")
	require.Len(t, f.serviceMonitorStatus("app").Bindings, 2)

	stored := f.storedPrometheus("main")
	now := metav1.NewTime(f.clock.Now())
	stored.DeletionTimestamp = &now
	_, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Update(f.ctx, stored, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.sync("prometheus", "default", "main")

	bindings := f.serviceMonitorStatus("app").Bindings
	require.Len(t, bindings, 1)
	require.Equal(t, "other", bindings[0].Name)
	require.Empty(t, f.storedPrometheus("main").Finalizers)
}

func TestGoverningServiceIsSharedByThePrometheusesOfANamespace(t *testing.T) {
	f := newFixture(t)
	first, second := fixtures.Prometheus("first", selectsFrontend), fixtures.Prometheus("second", selectsFrontend)
	f.add(first, second)
	f.sync("prometheus", "default", "first")
	f.sync("prometheus", "default", "second")
	service, err := f.kubeClient.CoreV1().Services("default").Get(f.ctx, "prometheus-operated", metav1.GetOptions{})
	require.NoError(t, err)
	var owners []string
	for _, owner := range service.OwnerReferences {
		owners = append(owners, owner.Name)
		require.Nil(t, owner.Controller, "no single controller for a shared Service")
	}
	require.ElementsMatch(t, []string{"first", "second"}, owners)
}

func TestCustomGoverningServiceIsCheckedNotCreated(t *testing.T) {
	f := newFixture(t)
	name := "my-service"
	f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.ServiceName = &name })))
	err := f.trySync("prometheus", "default", "main")
	require.ErrorContains(t, err, "governing Service my-service (spec.serviceName) not found")

	service := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app.kubernetes.io/name": "other"}}}
	_, err = f.kubeClient.CoreV1().Services("default").Create(f.ctx, service, metav1.CreateOptions{})
	require.NoError(t, err)
	require.ErrorContains(t, f.trySync("prometheus", "default", "main"), "does not select the pods")

	service.Spec.Selector = map[string]string{"prometheus": "main"}
	_, err = f.kubeClient.CoreV1().Services("default").Update(f.ctx, service, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.sync("prometheus", "default", "main")
	_, err = f.kubeClient.CoreV1().Services("default").Get(f.ctx, "prometheus-operated", metav1.GetOptions{})
	require.Error(t, err, "no default governing Service")
	statefulSet, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, "prometheus-main", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, name, statefulSet.Spec.ServiceName)
}
