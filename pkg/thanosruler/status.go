// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// statusRecheckInterval is how often the status of a ThanosRuler that is
// not fully available is refreshed even without events.
const statusRecheckInterval = time.Minute

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
		c.queues.Status.Forget(key)
		return nil
	}
	if !c.handles(cached) || cached.DeletionTimestamp != nil {
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
	if !settled(desired) {
		c.queues.Status.AddAfter(key, statusRecheckInterval)
	}
	if apiequality.Semantic.DeepEqual(cached.Status, desired) {
		return nil
	}
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		updated := cached.DeepCopy()
		updated.Status = desired
		client := c.MonitoringClient.MonitoringV1().ThanosRulers(key.Namespace)
		_, err := client.UpdateStatus(ctx, updated, metav1.UpdateOptions{})
		c.Metrics.StatusUpdated(ControllerName, err)
		if apierrors.IsConflict(err) {
			// Re-read so that the next attempt carries the current version.
			if fresh, getErr := client.Get(ctx, key.Name, metav1.GetOptions{}); getErr == nil {
				cached = fresh
			}
		}
		if apierrors.IsNotFound(err) {
			return nil
		}
		return err
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
	inspector := workload.PodInspector{Pods: c.KubeClient.CoreV1(), RepairPolicy: c.Config.RepairPolicyForStatefulSets, Logger: c.logger}
	problems, pods, err := inspector.Problems(ctx, statefulSet)
	if err != nil {
		c.logger.Warn("cannot list the pods of a StatefulSet", "namespace", statefulSet.Namespace, "statefulset", statefulSet.Name, "err", err)
		return nil
	}
	if !tr.Spec.Paused {
		inspector.Repair(ctx, statefulSet, pods)
	}
	return problems
}

// computeStatus derives the status from the StatefulSet (nil when missing),
// the pod problems and the last reconcile, keeping the transition time of
// conditions whose status did not change. ThanosRulers have no selector
// and no scale subresource.
func (c *Controller) computeStatus(tr *monitoringv1.ThanosRuler, statefulSet *appsv1.StatefulSet, podMessages []string) monitoringv1.ThanosRulerStatus {
	status := monitoringv1.ThanosRulerStatus{Paused: tr.Spec.Paused}
	counts := workload.PodCounts{Expected: int32(tr.ExpectedReplicas()), PodMessages: podMessages}
	if statefulSet != nil {
		status.Replicas = statefulSet.Status.Replicas
		status.UpdatedReplicas = statefulSet.Status.UpdatedReplicas
		status.AvailableReplicas = statefulSet.Status.AvailableReplicas
		status.UnavailableReplicas = statefulSet.Status.Replicas - statefulSet.Status.AvailableReplicas
		counts.Available = statefulSet.Status.AvailableReplicas
	} else {
		counts.Missing = []string{StatefulSetName(tr)}
	}
	last := c.results.Last(cache.NewObjectName(tr.Namespace, tr.Name))
	now := metav1.NewTime(c.Clock.Now())
	status.Conditions = []monitoringv1.Condition{
		workload.WithTransitionTime(workload.AvailableCondition(tr.Generation, counts), tr.Status.Conditions, now),
		workload.WithTransitionTime(workload.ReconciledCondition(workload.ReconcileState{Generation: tr.Generation, Paused: tr.Spec.Paused, Last: last}), tr.Status.Conditions, now),
	}
	return status
}

// ownedBy reports whether owner controls obj.
func ownedBy(obj, owner metav1.Object) bool {
	reference := metav1.GetControllerOf(obj)
	return reference != nil && reference.UID == owner.GetUID()
}
