// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// syncStatus recomputes the status of one ThanosRuler from its StatefulSet,
// its pods (when some are not available) and its last reconcile, and
// writes it when it changed. Pods a stuck rollout waits on are repaired per
// --repair-policy-for-statefulsets.
func (c *Controller) syncStatus(ctx context.Context, key cache.ObjectName) error {
	cached, found, err := kube.GetAs[*monitoringv1.ThanosRuler](c.informers.ThanosRulers, key.Namespace, key.Name)
	if err != nil {
		return err
	}
	if !found {
		c.Queues.Status.Forget(key)
		return nil
	}
	if !c.Handles(cached) || cached.DeletionTimestamp != nil {
		return nil
	}
	statefulSet, found, err := kube.GetAs[*appsv1.StatefulSet](c.informers.StatefulSets, key.Namespace, StatefulSetName(cached))
	if err != nil {
		return err
	}
	if found && !ownedBy(statefulSet, cached) {
		statefulSet = nil
	}
	desired := c.computeStatus(cached, statefulSet, c.inspectPods(ctx, cached, statefulSet))
	return workload.UpdateStatus(ctx, &c.Core, c.MonitoringClient.MonitoringV1().ThanosRulers(key.Namespace), cached,
		workload.StatusUpdate[*monitoringv1.ThanosRuler, monitoringv1.ThanosRulerStatus]{
			Current: cached.Status, Desired: desired, Settled: settled(desired),
			WithStatus: func(current *monitoringv1.ThanosRuler, status monitoringv1.ThanosRulerStatus) *monitoringv1.ThanosRuler {
				updated := current.DeepCopy()
				updated.Status = status
				return updated
			},
		})
}

// settled reports whether every pod is up to date and available, in which
// case no periodic re-check is needed.
func settled(status monitoringv1.ThanosRulerStatus) bool {
	for _, condition := range status.Conditions {
		if condition.Type == monitoringv1.ConditionAvailable && condition.Status != monitoringv1.ConditionTrue {
			return false
		}
	}
	return status.Paused || status.UpdatedReplicas == status.Replicas
}

// inspectPods says why the pods of a StatefulSet short of available pods
// are not ready, and repairs at most one pod a stuck rollout waits on.
// Paused ThanosRulers have nothing touched, their pods included.
func (c *Controller) inspectPods(ctx context.Context, tr *monitoringv1.ThanosRuler, statefulSet *appsv1.StatefulSet) []string {
	if statefulSet == nil || statefulSet.Status.AvailableReplicas >= int32(tr.ExpectedReplicas()) {
		return nil
	}
	return c.InspectPods(ctx, statefulSet, tr.Spec.Paused)
}

// computeStatus derives the status from the StatefulSet (nil when missing),
// the pod problems and the last reconcile, keeping the transition time of
// conditions whose status did not change. ThanosRulers have no selector
// and no scale subresource.
func (c *Controller) computeStatus(tr *monitoringv1.ThanosRuler, statefulSet *appsv1.StatefulSet, podMessages []string) monitoringv1.ThanosRulerStatus {
	status := monitoringv1.ThanosRulerStatus{Paused: tr.Spec.Paused}
	counts := workload.PodCounts{Expected: int32(tr.ExpectedReplicas()), PodMessages: podMessages}
	if statefulSet != nil {
		replicas := workload.ReplicasOf(statefulSet)
		status.Replicas, status.UpdatedReplicas = replicas.Replicas, replicas.Updated
		status.AvailableReplicas, status.UnavailableReplicas = replicas.Available, replicas.Unavailable
		counts.Available = replicas.Available
	} else {
		counts.Missing = []string{StatefulSetName(tr)}
	}
	status.Conditions = c.Conditions(tr, tr.Spec.Paused, counts, tr.Status.Conditions)
	return status
}

// ownedBy reports whether owner controls obj.
func ownedBy(obj, owner metav1.Object) bool {
	reference := metav1.GetControllerOf(obj)
	return reference != nil && reference.UID == owner.GetUID()
}
