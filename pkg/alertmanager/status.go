// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// syncStatus recomputes the status from the StatefulSet and the last
// reconcile and writes it when it changed. The selector makes the scale
// subresource (kubectl scale alertmanager) work.
func (c *Controller) syncStatus(ctx context.Context, key cache.ObjectName) error {
	cached, found, err := kube.GetAs[*monitoringv1.Alertmanager](c.informers.Alertmanagers, key.Namespace, key.Name)
	if err != nil {
		return err
	}
	if !found || !c.Handles(cached) || cached.DeletionTimestamp != nil {
		return nil
	}
	desired := c.computeStatus(ctx, cached)
	available := workload.FindCondition(desired.Conditions, monitoringv1.ConditionAvailable)
	return workload.UpdateStatus(ctx, &c.Core, c.MonitoringClient.MonitoringV1().Alertmanagers(key.Namespace), cached,
		workload.StatusUpdate[*monitoringv1.Alertmanager, monitoringv1.AlertmanagerStatus]{
			Current: cached.Status, Desired: desired,
			Settled: desired.Paused || (available != nil && available.Status == monitoringv1.ConditionTrue),
			WithStatus: func(current *monitoringv1.Alertmanager, status monitoringv1.AlertmanagerStatus) *monitoringv1.Alertmanager {
				updated := current.DeepCopy()
				updated.Status = status
				return updated
			},
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
		replicas := workload.ReplicasOf(statefulSet)
		status.Replicas, status.UpdatedReplicas = replicas.Replicas, replicas.Updated
		status.AvailableReplicas, status.UnavailableReplicas = replicas.Available, replicas.Unavailable
		counts.Available = replicas.Available
		if counts.Available < counts.Expected {
			counts.PodMessages = c.InspectPods(ctx, statefulSet, am.Spec.Paused)
		}
	} else {
		counts.Missing = []string{StatefulSetName(am)}
	}
	status.Conditions = c.Conditions(am, am.Spec.Paused, counts, am.Status.Conditions)
	return status
}

// ownedBy reports whether am controls obj.
func ownedBy(obj metav1.Object, am *monitoringv1.Alertmanager) bool {
	owner := metav1.GetControllerOf(obj)
	return owner != nil && owner.Kind == monitoringv1.AlertmanagersKind && owner.Name == am.Name
}
