// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// statusRecheckInterval is how often the status of an Alertmanager whose
// pods are not all available is refreshed without events.
const statusRecheckInterval = time.Minute

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
	desired := c.computeStatus(ctx, cached)
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
		c.Metrics.StatusUpdated(metricsName, err)
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
func (c *Controller) computeStatus(ctx context.Context, am *monitoringv1.Alertmanager) monitoringv1.AlertmanagerStatus {
	status := monitoringv1.AlertmanagerStatus{
		Paused:   am.Spec.Paused,
		Selector: labels.SelectorFromSet(SelectorLabels(am)).String(),
	}
	counts := workload.PodCounts{Expected: max(ptr.Deref(am.Spec.Replicas, 1), 0)}
	statefulSet, found, _ := kube.GetAs[*appsv1.StatefulSet](c.informers.StatefulSets, am.Namespace, StatefulSetName(am))
	if found && ownedBy(statefulSet, am) {
		status.Replicas = statefulSet.Status.Replicas
		status.UpdatedReplicas = statefulSet.Status.UpdatedReplicas
		status.AvailableReplicas = statefulSet.Status.AvailableReplicas
		status.UnavailableReplicas = statefulSet.Status.Replicas - statefulSet.Status.AvailableReplicas
		counts.Available = statefulSet.Status.AvailableReplicas
		if counts.Available < counts.Expected {
			counts.PodMessages = c.inspectPods(ctx, am, statefulSet)
		}
	} else {
		counts.Missing = []string{StatefulSetName(am)}
	}
	last := c.results.Last(cache.NewObjectName(am.Namespace, am.Name))
	now := metav1.NewTime(c.Clock.Now())
	status.Conditions = []monitoringv1.Condition{
		workload.WithTransitionTime(workload.AvailableCondition(am.Generation, counts), am.Status.Conditions, now),
		workload.WithTransitionTime(workload.ReconciledCondition(workload.ReconcileState{Generation: am.Generation, Paused: am.Spec.Paused, Last: last}), am.Status.Conditions, now),
	}
	return status
}

// inspectPods says why the pods short of available are not ready, one line
// each, and repairs (per --repair-policy-for-statefulsets) a pod a stuck
// rollout waits on, unless the Alertmanager is paused.
func (c *Controller) inspectPods(ctx context.Context, am *monitoringv1.Alertmanager, statefulSet *appsv1.StatefulSet) []string {
	inspector := workload.PodInspector{Pods: c.KubeClient.CoreV1(), RepairPolicy: c.Config.RepairPolicyForStatefulSets, Logger: c.logger}
	problems, pods, err := inspector.Problems(ctx, statefulSet)
	if err != nil {
		c.logger.Warn("cannot list the pods of a StatefulSet", "namespace", am.Namespace, "statefulset", statefulSet.Name, "err", err)
		return nil
	}
	if !am.Spec.Paused {
		inspector.Repair(ctx, statefulSet, pods)
	}
	return problems
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
