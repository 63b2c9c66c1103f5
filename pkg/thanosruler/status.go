// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// statusRecheckInterval is how often the status of a ThanosRuler that is
// not fully available is refreshed even without events.
const statusRecheckInterval = time.Minute

// Available condition reasons and statuses.
const (
	conditionDegraded         monitoringv1.ConditionStatus = "Degraded"
	reasonStatefulSetNotFound                              = "StatefulSetNotFound"
	reasonNoPodReady                                       = "NoPodReady"
	reasonSomePodsNotReady                                 = "SomePodsNotReady"
	reasonNotReconciled                                    = "NotReconciled"
	reasonPaused                                           = "Paused"
)

// reconcileResult is the outcome of the last reconcile of a ThanosRuler,
// the source of its Reconciled condition.
type reconcileResult struct {
	generation int64
	ok         bool
	reason     string
	message    string
}

func (c *Controller) record(key cache.ObjectName, result reconcileResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.results[key] = result
}

func (c *Controller) lastResult(key cache.ObjectName) (reconcileResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	result, ok := c.results[key]
	return result, ok
}

// syncStatus recomputes the status of one ThanosRuler from its StatefulSet
// and its last reconcile, and writes it when it changed.
func (c *Controller) syncStatus(ctx context.Context, key cache.ObjectName) error {
	cached, found, err := kube.GetAs[*monitoringv1.ThanosRuler](c.informers.ThanosRulers, key.Namespace, key.Name)
	if err != nil {
		return err
	}
	if !found {
		c.statusQueue.Forget(key)
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
	desired := c.computeStatus(cached, statefulSet)
	if !settled(desired) {
		c.statusQueue.AddAfter(key, statusRecheckInterval)
		c.repair(ctx, cached, statefulSet)
	}
	if apiequality.Semantic.DeepEqual(cached.Status, desired) {
		return nil
	}
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		updated := cached.DeepCopy()
		updated.Status = desired
		_, err := c.monitoringClient.MonitoringV1().ThanosRulers(key.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{})
		if apierrors.IsConflict(err) {
			if fresh, getErr := c.monitoringClient.MonitoringV1().ThanosRulers(key.Namespace).Get(ctx, key.Name, metav1.GetOptions{}); getErr == nil {
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

// computeStatus derives the status from the StatefulSet (nil when missing)
// and the last reconcile, keeping the transition time of conditions whose
// status did not change.
func (c *Controller) computeStatus(tr *monitoringv1.ThanosRuler, statefulSet *appsv1.StatefulSet) monitoringv1.ThanosRulerStatus {
	status := monitoringv1.ThanosRulerStatus{Paused: tr.Spec.Paused}
	if statefulSet != nil {
		status.Replicas = statefulSet.Status.Replicas
		status.UpdatedReplicas = statefulSet.Status.UpdatedReplicas
		status.AvailableReplicas = statefulSet.Status.AvailableReplicas
		status.UnavailableReplicas = statefulSet.Status.Replicas - statefulSet.Status.AvailableReplicas
	}
	now := metav1.NewTime(c.clock.Now())
	status.Conditions = []monitoringv1.Condition{
		withTransitionTime(availableCondition(tr, statefulSet), tr.Status.Conditions, now),
		withTransitionTime(c.reconciledCondition(tr), tr.Status.Conditions, now),
	}
	return status
}

// availableCondition is True when every expected pod is available,
// Degraded when some are, False when none is or the StatefulSet is missing.
func availableCondition(tr *monitoringv1.ThanosRuler, statefulSet *appsv1.StatefulSet) monitoringv1.Condition {
	condition := monitoringv1.Condition{Type: monitoringv1.ConditionAvailable, Status: monitoringv1.ConditionTrue, ObservedGeneration: tr.Generation}
	expected := int32(tr.ExpectedReplicas())
	switch {
	case statefulSet == nil:
		condition.Status, condition.Reason = monitoringv1.ConditionFalse, reasonStatefulSetNotFound
		condition.Message = "not found: " + StatefulSetName(tr)
	case expected > 0 && statefulSet.Status.AvailableReplicas == 0:
		condition.Status, condition.Reason = monitoringv1.ConditionFalse, reasonNoPodReady
		condition.Message = fmt.Sprintf("0 of %d pods available", expected)
	case statefulSet.Status.AvailableReplicas < expected:
		condition.Status, condition.Reason = conditionDegraded, reasonSomePodsNotReady
		condition.Message = fmt.Sprintf("%d of %d pods available", statefulSet.Status.AvailableReplicas, expected)
	}
	return condition
}

// reconciledCondition reports the outcome of the last reconcile.
func (c *Controller) reconciledCondition(tr *monitoringv1.ThanosRuler) monitoringv1.Condition {
	condition := monitoringv1.Condition{Type: monitoringv1.ConditionReconciled, Status: monitoringv1.ConditionUnknown, ObservedGeneration: tr.Generation}
	if tr.Spec.Paused {
		condition.Reason, condition.Message = reasonPaused, "reconciliation is paused"
		return condition
	}
	result, found := c.lastResult(cache.NewObjectName(tr.Namespace, tr.Name))
	if !found {
		condition.Reason, condition.Message = reasonNotReconciled, "not reconciled yet"
		return condition
	}
	condition.Status = monitoringv1.ConditionFalse
	if result.ok {
		condition.Status = monitoringv1.ConditionTrue
	}
	condition.Reason, condition.Message, condition.ObservedGeneration = result.reason, result.message, result.generation
	return condition
}

// withTransitionTime keeps the transition time of the previous condition
// of the same type when its status is unchanged, and sets now otherwise.
func withTransitionTime(condition monitoringv1.Condition, previous []monitoringv1.Condition, now metav1.Time) monitoringv1.Condition {
	condition.LastTransitionTime = now
	for _, old := range previous {
		if old.Type == condition.Type && old.Status == condition.Status {
			condition.LastTransitionTime = old.LastTransitionTime
		}
	}
	return condition
}

// ownedBy reports whether owner controls obj.
func ownedBy(obj, owner metav1.Object) bool {
	reference := metav1.GetControllerOf(obj)
	return reference != nil && reference.UID == owner.GetUID()
}
