// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// stuckRollout makes the stored StatefulSet report one pod of two, the
// other one stuck on a broken intermediate revision.
func stuckRollout(t *testing.T, f *syncFixture) {
	t.Helper()
	ctx := context.Background()
	statefulSet, err := f.statefulSet("default", "thanos-ruler-example")
	require.NoError(t, err)
	statefulSet.Generation = 3
	statefulSet.Status = appsv1.StatefulSetStatus{
		ObservedGeneration: 3, Replicas: 2, ReadyReplicas: 1, AvailableReplicas: 1, UpdatedReplicas: 1,
		CurrentRevision: "good", UpdateRevision: "good",
	}
	_, err = f.kubeClient.AppsV1().StatefulSets("default").UpdateStatus(ctx, statefulSet, metav1.UpdateOptions{})
	require.NoError(t, err)
	owner := metav1.OwnerReference{APIVersion: "apps/v1", Kind: "StatefulSet", Name: statefulSet.Name, UID: statefulSet.UID, Controller: ptr.To(true)}
	for ordinal, revision := range []string{"good", "broken"} {
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{
				Namespace: "default", Name: "thanos-ruler-example-" + string(rune('0'+ordinal)),
				Labels:          objectmeta.MergeMaps(statefulSet.Spec.Selector.MatchLabels, map[string]string{appsv1.ControllerRevisionHashLabelKey: revision}),
				OwnerReferences: []metav1.OwnerReference{owner},
			},
			Status: corev1.PodStatus{Phase: corev1.PodPending},
		}
		if revision == "good" {
			pod.Status = corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}}
		}
		_, err := f.kubeClient.CoreV1().Pods("default").Create(ctx, pod, metav1.CreateOptions{})
		require.NoError(t, err)
	}
	f.refresh()
}

func TestStatusReportsDegradedPodsAndRepairsAStuckRollout(t *testing.T) {
	f := newSyncFixture(t)
	f.config.RepairPolicyForStatefulSets = "delete"
	f.add(storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) { tr.Spec.Replicas = ptr.To(int32(2)) })))
	require.NoError(t, f.sync("default", "example"))
	stuckRollout(t, f)

	f.syncStatus("default", "example")
	status := f.thanosRuler("default", "example").Status
	assert.Equal(t, []int32{2, 1, 1, 1}, []int32{status.Replicas, status.UpdatedReplicas, status.AvailableReplicas, status.UnavailableReplicas})
	available := workload.FindCondition(status.Conditions, monitoringv1.ConditionAvailable)
	require.NotNil(t, available)
	assert.Equal(t, monitoringv1.ConditionStatus("Degraded"), available.Status)
	assert.Contains(t, available.Message, "1 of 2 pods available")
	assert.Contains(t, available.Message, "pod thanos-ruler-example-1")

	_, err := f.kubeClient.CoreV1().Pods("default").Get(context.Background(), "thanos-ruler-example-1", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "the pod of the broken revision is deleted per the repair policy")
	_, err = f.kubeClient.CoreV1().Pods("default").Get(context.Background(), "thanos-ruler-example-0", metav1.GetOptions{})
	assert.NoError(t, err, "the ready pod is left alone")
}

func TestPausedThanosRulerPodsAreNotRepaired(t *testing.T) {
	f := newSyncFixture(t)
	f.config.RepairPolicyForStatefulSets = "delete"
	f.add(storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) { tr.Spec.Replicas = ptr.To(int32(2)) })))
	require.NoError(t, f.sync("default", "example"))
	stuckRollout(t, f)
	tr := f.thanosRuler("default", "example")
	tr.Spec.Paused = true
	_, err := f.monitoringClient.MonitoringV1().ThanosRulers("default").Update(context.Background(), tr, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.syncStatus("default", "example")
	_, err = f.kubeClient.CoreV1().Pods("default").Get(context.Background(), "thanos-ruler-example-1", metav1.GetOptions{})
	assert.NoError(t, err)
}
