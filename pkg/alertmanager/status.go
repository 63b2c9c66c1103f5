// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// statusRecheckInterval is how often the status of an Alertmanager whose
// pods are not all available is refreshed without events.
const statusRecheckInterval = time.Minute

// Condition reasons of the status.
const (
	reasonStatefulSetNotFound = "StatefulSetNotFound"
	reasonNoPodReady          = "NoPodReady"
	reasonSomePodsNotReady    = "SomePodsNotReady"
	reasonNotReconciled       = "NotReconciled"
	reasonPaused              = "Paused"
	conditionDegraded         = monitoringv1.ConditionStatus("Degraded")
)

// reconcileResult is the outcome of the last reconcile of an Alertmanager.
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

// syncStatus recomputes the status from the StatefulSet and the last
// reconcile and writes it when it changed. The selector makes the scale
// subresource (kubectl scale alertmanager) work.
func (c *Controller) syncStatus(ctx context.Context, key cache.ObjectName) error {
	cached, found, err := kube.GetAs[*monitoringv1.Alertmanager](c.informers.Alertmanagers, key.Namespace, key.Name)
	if err != nil {
		return err
	}
	if !found || !c.handles(cached) || cached.DeletionTimestamp != nil {
		return nil
	}
	desired := c.computeStatus(cached)
	if available := findCondition(desired.Conditions, monitoringv1.ConditionAvailable); !desired.Paused &&
		(available == nil || available.Status != monitoringv1.ConditionTrue) {
		c.queues.Status.AddAfter(key, statusRecheckInterval)
	}
	if apiequality.Semantic.DeepEqual(cached.Status, desired) {
		return nil
	}
	client := c.MonitoringClient.MonitoringV1().Alertmanagers(key.Namespace)
	current := cached
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		updated := current.DeepCopy()
		updated.Status = desired
		_, err := client.UpdateStatus(ctx, updated, metav1.UpdateOptions{})
		if apierrors.IsConflict(err) {
			if fresh, getErr := client.Get(ctx, key.Name, metav1.GetOptions{}); getErr == nil {
				current = fresh
			}
		}
		if apierrors.IsNotFound(err) {
			return nil
		}
		return err
	})
}

// computeStatus derives the status from the cached StatefulSet, keeping
// the transition time of conditions whose status did not change.
func (c *Controller) computeStatus(am *monitoringv1.Alertmanager) monitoringv1.AlertmanagerStatus {
	status := monitoringv1.AlertmanagerStatus{
		Paused:   am.Spec.Paused,
		Selector: labels.SelectorFromSet(SelectorLabels(am)).String(),
	}
	expected := ptrDeref(am.Spec.Replicas, 1)
	statefulSet, found, _ := kube.GetAs[*appsv1.StatefulSet](c.informers.StatefulSets, am.Namespace, StatefulSetName(am))
	if found && !ownedBy(statefulSet, am) {
		found = false
	}
	available := monitoringv1.Condition{Type: monitoringv1.ConditionAvailable, Status: monitoringv1.ConditionTrue, ObservedGeneration: am.Generation}
	switch {
	case !found:
		available.Status, available.Reason = monitoringv1.ConditionFalse, reasonStatefulSetNotFound
		available.Message = "not found: " + StatefulSetName(am)
	default:
		status.Replicas = statefulSet.Status.Replicas
		status.UpdatedReplicas = statefulSet.Status.UpdatedReplicas
		status.AvailableReplicas = statefulSet.Status.AvailableReplicas
		status.UnavailableReplicas = statefulSet.Status.Replicas - statefulSet.Status.AvailableReplicas
		switch {
		case expected > 0 && status.AvailableReplicas == 0:
			available.Status, available.Reason = monitoringv1.ConditionFalse, reasonNoPodReady
			available.Message = fmt.Sprintf("0 of %d pods available", expected)
		case status.AvailableReplicas < expected:
			available.Status, available.Reason = conditionDegraded, reasonSomePodsNotReady
			available.Message = fmt.Sprintf("%d of %d pods available", status.AvailableReplicas, expected)
		}
	}
	now := metav1.NewTime(c.Clock.Now())
	status.Conditions = []monitoringv1.Condition{
		withTransitionTime(available, am.Status.Conditions, now),
		withTransitionTime(c.reconciledCondition(am), am.Status.Conditions, now),
	}
	return status
}

// reconciledCondition reports the outcome of the last reconcile.
func (c *Controller) reconciledCondition(am *monitoringv1.Alertmanager) monitoringv1.Condition {
	condition := monitoringv1.Condition{
		Type: monitoringv1.ConditionReconciled, Status: monitoringv1.ConditionUnknown, ObservedGeneration: am.Generation,
	}
	if am.Spec.Paused {
		condition.Reason, condition.Message = reasonPaused, "reconciliation is paused"
		return condition
	}
	result, found := c.lastResult(cache.NewObjectName(am.Namespace, am.Name))
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
// of the same type when its status did not change.
func withTransitionTime(condition monitoringv1.Condition, previous []monitoringv1.Condition, now metav1.Time) monitoringv1.Condition {
	condition.LastTransitionTime = now
	if old := findCondition(previous, condition.Type); old != nil && old.Status == condition.Status {
		condition.LastTransitionTime = old.LastTransitionTime
	}
	return condition
}

func findCondition(conditions []monitoringv1.Condition, conditionType monitoringv1.ConditionType) *monitoringv1.Condition {
	for i := range conditions {
		if conditions[i].Type == conditionType {
			return &conditions[i]
		}
	}
	return nil
}

// ownedBy reports whether am controls obj.
func ownedBy(obj metav1.Object, am *monitoringv1.Alertmanager) bool {
	owner := metav1.GetControllerOf(obj)
	return owner != nil && owner.Kind == monitoringv1.AlertmanagersKind && owner.Name == am.Name
}

func ptrDeref(value *int32, fallback int32) int32 {
	if value == nil {
		return fallback
	}
	return max(*value, 0)
}
