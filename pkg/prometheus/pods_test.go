// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"fmt"
	"maps"
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

type podOption func(*corev1.Pod)

// statefulSetPod builds a pod of the StatefulSet as its controller would:
// template labels, the revision label and a controlling owner reference.
func statefulSetPod(statefulSet *appsv1.StatefulSet, ordinal int, revision string, options ...podOption) *corev1.Pod {
	yes := true
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{
		Namespace: statefulSet.Namespace, Name: fmt.Sprintf("%s-%d", statefulSet.Name, ordinal),
		Labels: maps.Clone(statefulSet.Spec.Template.Labels),
		OwnerReferences: []metav1.OwnerReference{{
			APIVersion: "apps/v1", Kind: "StatefulSet", Name: statefulSet.Name, UID: statefulSet.UID, Controller: &yes,
		}},
	}}
	pod.Labels[appsv1.ControllerRevisionHashLabelKey] = revision
	pod.Status.Phase = corev1.PodRunning
	pod.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}
	for _, option := range options {
		option(pod)
	}
	return pod
}

// crashLooping makes the pod's prometheus container wait in a crash loop.
func crashLooping(pod *corev1.Pod) {
	pod.Status.Conditions = []corev1.PodCondition{
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
		{Type: corev1.ContainersReady, Status: corev1.ConditionFalse, Reason: "ContainersNotReady", Message: "containers with unready status: [prometheus]"},
		{Type: corev1.PodReady, Status: corev1.ConditionFalse, Reason: "ContainersNotReady"},
	}
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{
		{Name: "prometheus", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}}},
		{Name: "config-reloader", State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
	}
}

func unschedulable(pod *corev1.Pod) {
	pod.Status.Phase = corev1.PodPending
	pod.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse,
		Reason: "Unschedulable", Message: "0/3 nodes are available: 3 Insufficient memory."}}
}

// stuckRollout syncs a Prometheus of three replicas and reports its
// StatefulSet mid-rollout: the current revision is "a", the update
// revision "c", one pod available.
func stuckRollout(t *testing.T, policy string) (*fixture, *appsv1.StatefulSet) {
	f := newFixture(t, func(c *operator.Config) { c.RepairPolicyForStatefulSets = policy })
	replicas := int32(3)
	f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.Replicas = &replicas })))
	f.sync("prometheus", "default", "main")
	statefulSet, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, "prometheus-main", metav1.GetOptions{})
	require.NoError(t, err)
	f.setStatefulSetStatus("prometheus-main", appsv1.StatefulSetStatus{
		ObservedGeneration: statefulSet.Generation, Replicas: 3, AvailableReplicas: 1, ReadyReplicas: 1,
		CurrentRevision: "a", UpdateRevision: "c",
	})
	return f, statefulSet
}

// podWrites lists the writes on pods since the last clearActions.
func (f *fixture) podWrites() []string {
	var out []string
	for _, action := range f.kubeClient.Actions() {
		if action.GetResource().Resource == "pods" && action.GetVerb() != "list" && action.GetVerb() != "get" {
			out = append(out, action.GetVerb()+" "+action.GetResource().Resource+"/"+action.GetSubresource()+" "+actionName(action))
		}
	}
	return out
}

func TestAvailableConditionNamesThePodsAndWhy(t *testing.T) {
	f, statefulSet := stuckRollout(t, "none")
	f.add(
		statefulSetPod(statefulSet, 0, "a"),
		statefulSetPod(statefulSet, 1, "b", crashLooping),
		statefulSetPod(statefulSet, 2, "c", unschedulable),
	)
	require.NoError(t, f.controllerFor("prometheus").syncStatus(f.ctx, keyOf("main")))

	available := findCondition(f.storedPrometheus("main").Status.Conditions, monitoringv1.ConditionAvailable)
	require.Equal(t, workload.ConditionDegraded, available.Status)
	require.Equal(t, "1 of 3 pods available\n"+
		"shard 0: pod prometheus-main-1: ContainersNotReady: containers with unready status: [prometheus]; container prometheus is waiting: CrashLoopBackOff\n"+
		"shard 0: pod prometheus-main-2: Unschedulable: 0/3 nodes are available: 3 Insufficient memory.", available.Message)
}

func TestPodsAreNotListedWhenEveryPodIsAvailable(t *testing.T) {
	f := newFixture(t)
	f.add(fixtures.Prometheus("main", selectsFrontend))
	f.sync("prometheus", "default", "main")
	f.setStatefulSetStatus("prometheus-main", appsv1.StatefulSetStatus{Replicas: 1, UpdatedReplicas: 1, AvailableReplicas: 1})
	f.clearActions()
	require.NoError(t, f.controllerFor("prometheus").syncStatus(f.ctx, keyOf("main")))
	for _, action := range f.kubeClient.Actions() {
		require.NotEqual(t, "pods", action.GetResource().Resource)
	}
}

func TestRepairPolicyActsOnOnePodOfABrokenRevision(t *testing.T) {
	tests := map[string]struct {
		policy string
		want   []string
	}{
		"none leaves the pods alone": {policy: "none"},
		"delete deletes the highest stuck pod": {
			policy: "delete", want: []string{"delete pods/ prometheus-main-2"},
		},
		"evict evicts the highest stuck pod": {
			policy: "evict", want: []string{"create pods/eviction prometheus-main-2"},
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			f, statefulSet := stuckRollout(t, test.policy)
			f.add(
				statefulSetPod(statefulSet, 0, "a"),
				statefulSetPod(statefulSet, 1, "b", crashLooping),
				statefulSetPod(statefulSet, 2, "b", crashLooping),
			)
			f.clearActions()
			require.NoError(t, f.controllerFor("prometheus").syncStatus(f.ctx, keyOf("main")))
			require.Equal(t, test.want, f.podWrites())
		})
	}
}

func TestRepairSparesPodsOfTheCurrentOrUpdateRevision(t *testing.T) {
	tests := map[string]func(*fixture, *appsv1.StatefulSet){
		"a pod of the update revision is the rollout's own business": func(f *fixture, statefulSet *appsv1.StatefulSet) {
			f.add(statefulSetPod(statefulSet, 0, "a"), statefulSetPod(statefulSet, 1, "c", crashLooping))
		},
		"a pod of the current revision is not stuck on the rollout": func(f *fixture, statefulSet *appsv1.StatefulSet) {
			f.add(statefulSetPod(statefulSet, 0, "a"), statefulSetPod(statefulSet, 1, "a", crashLooping))
		},
		"a ready pod of an old revision is fine": func(f *fixture, statefulSet *appsv1.StatefulSet) {
			f.add(statefulSetPod(statefulSet, 0, "a"), statefulSetPod(statefulSet, 1, "b"))
		},
		"a pod already being deleted": func(f *fixture, statefulSet *appsv1.StatefulSet) {
			now := metav1.Now()
			f.add(statefulSetPod(statefulSet, 0, "a"), statefulSetPod(statefulSet, 1, "b", crashLooping, func(pod *corev1.Pod) {
				pod.DeletionTimestamp = &now
				pod.Finalizers = []string{"example.com/hold"}
			}))
		},
		"a StatefulSet its controller has not caught up with": func(f *fixture, statefulSet *appsv1.StatefulSet) {
			f.setStatefulSetStatus(statefulSet.Name, appsv1.StatefulSetStatus{
				ObservedGeneration: statefulSet.Generation - 1, Replicas: 3, AvailableReplicas: 1,
				CurrentRevision: "a", UpdateRevision: "c",
			})
			f.add(statefulSetPod(statefulSet, 0, "a"), statefulSetPod(statefulSet, 1, "b", crashLooping))
		},
		"a paused workload": func(f *fixture, statefulSet *appsv1.StatefulSet) {
			stored := f.storedPrometheus("main")
			stored.Spec.Paused = true
			_, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Update(f.ctx, stored, metav1.UpdateOptions{})
			require.NoError(f.t, err)
			f.add(statefulSetPod(statefulSet, 0, "a"), statefulSetPod(statefulSet, 1, "b", crashLooping))
		},
		"a pod of another owner": func(f *fixture, statefulSet *appsv1.StatefulSet) {
			f.add(statefulSetPod(statefulSet, 0, "a"), statefulSetPod(statefulSet, 1, "b", crashLooping, func(pod *corev1.Pod) {
				pod.OwnerReferences[0].UID = "someone-else"
			}))
		},
	}
	for name, setup := range tests {
		t.Run(name, func(t *testing.T) {
			f, statefulSet := stuckRollout(t, "delete")
			setup(f, statefulSet)
			f.clearActions()
			require.NoError(t, f.controllerFor("prometheus").syncStatus(f.ctx, keyOf("main")))
			require.Empty(t, f.podWrites())
		})
	}
}
