// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	k8stesting "k8s.io/client-go/testing"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// captureLogs sends the controller's log lines to the returned buffer.
func (f *fixture) captureLogs(controllerName string) *bytes.Buffer {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	workloads := f.controllerFor(controllerName)
	workloads.logger = logger
	workloads.operator.storageClasses.Logger = logger
	return &logs
}

func TestDeprecatedFieldsAreReportedInTheReconciledCondition(t *testing.T) {
	f := newFixture(t)
	logs := f.captureLogs("prometheus")
	thanosSHA := "abc"
	f.add(fixtures.ServiceMonitor("web", frontendTeam)) // Nothing selected would win over deprecations, as upstream.
	f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.BaseImage = "quay.io/prometheus/prometheus"
		p.Spec.Tag = "v3.5.0"
		p.Spec.AllowOverlappingBlocks = true
		p.Spec.Thanos = &monitoringv1.ThanosSpec{SHA: &thanosSHA}
		p.Spec.Storage = &monitoringv1.StorageSpec{DisableMountSubPath: true}
	})))
	f.sync("prometheus", "default", "main")

	reconciled := findCondition(f.storedPrometheus("main").Status.Conditions, monitoringv1.ConditionReconciled)
	require.Equal(t, monitoringv1.ConditionTrue, reconciled.Status, "deprecated fields still work")
	require.Equal(t, reasonDeprecatedFieldsInUse, reconciled.Reason)
	require.Equal(t, "spec.baseImage is deprecated, use spec.image; spec.tag is deprecated, use spec.image; "+
		"spec.thanos.sha is deprecated, use spec.thanos.image; spec.allowOverlappingBlocks is deprecated and has no effect; "+
		"spec.storage.disableMountSubPath is deprecated and has no effect", reconciled.Message)
	for _, field := range []string{"spec.baseImage", "spec.tag", "spec.thanos.sha", "spec.allowOverlappingBlocks", "spec.storage.disableMountSubPath"} {
		require.Contains(t, logs.String(), "field="+field)
	}
	require.Equal(t, 5, strings.Count(logs.String(), "deprecated field in use"))

	// Without them the reason goes back to the selection's.
	stored := f.storedPrometheus("main")
	stored.Spec.BaseImage, stored.Spec.Tag, stored.Spec.AllowOverlappingBlocks = "", "", false
	stored.Spec.Thanos, stored.Spec.Storage = nil, nil
	stored.Generation++
	_, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Update(f.ctx, stored, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.sync("prometheus", "default", "main")
	reconciled = findCondition(f.storedPrometheus("main").Status.Conditions, monitoringv1.ConditionReconciled)
	require.Empty(t, reconciled.Reason, "one ServiceMonitor selected, nothing to report")
}

func TestDeprecatedStorageFieldOfAnAgent(t *testing.T) {
	agent := fixtures.PrometheusAgent("agent", frontendAgent(monitoringv1alpha1.StatefulSetPrometheusAgentMode))
	agent.Spec.Storage = &monitoringv1.StorageSpec{DisableMountSubPath: true}
	require.Equal(t, []deprecation{{field: "spec.storage.disableMountSubPath"}}, deprecatedFields(agent))
	require.Empty(t, deprecatedFields(fixtures.PrometheusAgent("plain", frontendAgent(monitoringv1alpha1.StatefulSetPrometheusAgentMode))))
}

func withStorageClass(name string) fixtures.Option {
	return fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.Storage = &monitoringv1.StorageSpec{VolumeClaimTemplate: monitoringv1.EmbeddedPersistentVolumeClaim{
			Spec: corev1.PersistentVolumeClaimSpec{StorageClassName: &name},
		}}
	})
}

func TestMissingStorageClassStopsBeforeTheStatefulSet(t *testing.T) {
	f := newFixture(t)
	f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.With(withStorageClass("fast"))))
	err := f.trySync("prometheus", "default", "main")
	require.ErrorContains(t, err, `storage class "fast"`)
	require.Empty(t, f.statefulSetNames("default"), "no StatefulSet whose claims would stay Pending")
	reconciled := findCondition(f.storedPrometheus("main").Status.Conditions, monitoringv1.ConditionReconciled)
	require.Equal(t, monitoringv1.ConditionFalse, reconciled.Status)
	require.Equal(t, reasonStorageClassNotFound, reconciled.Reason)
	require.Contains(t, reconciled.Message, `storage class "fast" named by spec.storage does not exist`)

	// Once the class exists the reconcile goes through.
	_, err = f.kubeClient.StorageV1().StorageClasses().Create(f.ctx, &storagev1.StorageClass{
		ObjectMeta: metav1.ObjectMeta{Name: "fast"}, Provisioner: "example.com/disk",
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	f.sync("prometheus", "default", "main")
	require.Equal(t, []string{"prometheus-main"}, f.statefulSetNames("default"))

	// Switching to a missing class leaves the existing StatefulSet alone.
	stored := f.storedPrometheus("main")
	withStorageClass("slow")(stored)
	stored.Generation++
	_, err = f.monitoringClient.MonitoringV1().Prometheuses("default").Update(f.ctx, stored, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.clearActions()
	require.ErrorContains(t, f.trySync("prometheus", "default", "main"), `storage class "slow"`)
	for _, write := range f.writes() {
		require.NotContains(t, write, "statefulsets")
	}
}

func TestUnreadableStorageClassesAreNotChecked(t *testing.T) {
	f := newFixture(t)
	logs := f.captureLogs("prometheus")
	f.kubeClient.PrependReactor("get", "storageclasses", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(schema.GroupResource{Group: "storage.k8s.io", Resource: "storageclasses"}, "fast", nil)
	})
	f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.With(withStorageClass("fast"))), fixtures.Prometheus("other", selectsFrontend, fixtures.With(withStorageClass("fast"))))
	f.sync("prometheus", "default", "main")
	f.sync("prometheus", "default", "other")
	require.Equal(t, []string{"prometheus-main", "prometheus-other"}, f.statefulSetNames("default"))
	require.Equal(t, 1, strings.Count(logs.String(), "not allowed to read storage classes"), "logged once")
}
