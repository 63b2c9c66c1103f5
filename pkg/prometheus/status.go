// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/build"
)

// statusRecheckInterval is how often the status of a workload that is not
// fully available is refreshed even without events.
const statusRecheckInterval = time.Minute

// conditionDegraded is the Available status of a workload with some, but
// not all, of its pods available.
const conditionDegraded monitoringv1.ConditionStatus = "Degraded"

// Condition reasons.
const (
	reasonStatefulSetNotFound = "StatefulSetNotFound"
	reasonDaemonSetNotFound   = "DaemonSetNotFound"
	reasonNoPodReady          = "NoPodReady"
	reasonSomePodsNotReady    = "SomePodsNotReady"
	reasonNotReconciled       = "NotReconciled"
	reasonPaused              = "Paused"
)

// reconcileResult is the outcome of the last reconcile of an object, the
// source of its Reconciled condition.
type reconcileResult struct {
	generation int64
	ok         bool
	reason     string
	message    string
}

// record remembers the outcome of a reconcile.
func (c *workloadController) record(key cache.ObjectName, result reconcileResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.results[key] = result
}

func (c *workloadController) lastResult(key cache.ObjectName) (reconcileResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	result, ok := c.results[key]
	return result, ok
}

// syncStatus recomputes the status of one object from its StatefulSets (or
// DaemonSet) and its last reconcile, and writes it when it changed.
func (c *workloadController) syncStatus(ctx context.Context, key cache.ObjectName) error {
	cached, found, err := c.kind.get(key.Namespace, key.Name)
	if err != nil {
		return err
	}
	// Deleted objects have no status to keep.
	if !found {
		c.statusQueue.Forget(key)
		return nil
	}
	if !c.operator.handles(cached) || cached.GetDeletionTimestamp() != nil {
		return nil
	}
	desired := c.computeStatus(cached, c.inspectPods(ctx, cached))
	if !availableAndUpdated(cached, desired) {
		c.statusQueue.AddAfter(key, statusRecheckInterval)
	}
	if apiequality.Semantic.DeepEqual(*cached.GetStatus(), desired) {
		return nil
	}
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		p := deepCopy(cached)
		*p.GetStatus() = desired
		c.operator.metricsState.statusUpdates.WithLabelValues(c.kind.controllerName()).Inc()
		err := c.kind.updateStatus(ctx, p)
		if err != nil {
			c.operator.metricsState.statusErrors.WithLabelValues(c.kind.controllerName()).Inc()
		}
		if apierrors.IsConflict(err) {
			// Re-read so that the next attempt carries the current version.
			if fresh, fetchErr := c.kind.fetch(ctx, key.Namespace, key.Name); fetchErr == nil {
				cached = fresh
			}
		}
		if apierrors.IsNotFound(err) {
			return nil
		}
		return err
	})
}

// availableAndUpdated reports whether every expected pod is up to date and
// available, in which case no periodic re-check is needed.
func availableAndUpdated(p monitoringv1.PrometheusInterface, status monitoringv1.PrometheusStatus) bool {
	for _, condition := range status.Conditions {
		if condition.Type == monitoringv1.ConditionAvailable && condition.Status != monitoringv1.ConditionTrue {
			return false
		}
	}
	return status.Paused || status.UpdatedReplicas == status.Replicas
}

// podCounts sums the replica counts of a workload's pods.
type podCounts struct {
	expected, replicas, updated, available int32
	missing                                []string
	shards                                 []monitoringv1.ShardStatus
	// podMessages say why pods are not ready, one line each.
	podMessages []string
}

// computeStatus derives the status from the cached workloads and the lines
// saying why pods are not ready, keeping the transition time of conditions
// whose status did not change.
func (c *workloadController) computeStatus(p monitoringv1.PrometheusInterface, podMessages []string) monitoringv1.PrometheusStatus {
	common := p.GetCommonPrometheusFields()
	counts := c.countPods(p)
	counts.podMessages = podMessages
	status := monitoringv1.PrometheusStatus{
		Paused:              common.Paused,
		Replicas:            counts.replicas,
		UpdatedReplicas:     counts.updated,
		AvailableReplicas:   counts.available,
		UnavailableReplicas: counts.replicas - counts.available,
		ShardStatuses:       counts.shards,
		Selector:            labels.SelectorFromSet(build.SelectorLabels(p)).String(),
	}
	if !isDaemonSet(p) {
		status.Shards = common.ShardCount()
	}
	now := metav1.NewTime(c.operator.clock.Now())
	previous := p.GetStatus().Conditions
	status.Conditions = []monitoringv1.Condition{
		withTransitionTime(availableCondition(p, counts), previous, now),
		withTransitionTime(c.reconciledCondition(p), previous, now),
	}
	return status
}

// countPods reads the StatefulSet of every shard, or the agent DaemonSet.
func (c *workloadController) countPods(p monitoringv1.PrometheusInterface) podCounts {
	informers := c.operator.informers
	counts := podCounts{}
	if agent, ok := p.(*monitoringv1alpha1.PrometheusAgent); ok && agent.IsDaemonSetMode() {
		daemonSet, found, _ := kube.GetAs[*appsv1.DaemonSet](informers.DaemonSets, p.GetNamespace(), build.DaemonSetName(agent))
		if !found || !ownedBy(daemonSet, p) {
			counts.missing = append(counts.missing, build.DaemonSetName(agent))
			return counts
		}
		counts.expected = daemonSet.Status.DesiredNumberScheduled
		counts.replicas = daemonSet.Status.CurrentNumberScheduled
		counts.updated = daemonSet.Status.UpdatedNumberScheduled
		counts.available = daemonSet.Status.NumberAvailable
		return counts
	}
	replicas := p.GetCommonPrometheusFields().ReplicaCount()
	for shard, name := range build.ExpectedStatefulSetNames(p) {
		counts.expected += replicas
		shardStatus := monitoringv1.ShardStatus{ShardID: strconv.Itoa(shard)}
		statefulSet, found, _ := kube.GetAs[*appsv1.StatefulSet](informers.StatefulSets, p.GetNamespace(), name)
		if found && ownedBy(statefulSet, p) {
			shardStatus.Replicas = statefulSet.Status.Replicas
			shardStatus.UpdatedReplicas = statefulSet.Status.UpdatedReplicas
			shardStatus.AvailableReplicas = statefulSet.Status.AvailableReplicas
			shardStatus.UnavailableReplicas = statefulSet.Status.Replicas - statefulSet.Status.AvailableReplicas
		} else {
			counts.missing = append(counts.missing, name)
		}
		counts.replicas += shardStatus.Replicas
		counts.updated += shardStatus.UpdatedReplicas
		counts.available += shardStatus.AvailableReplicas
		counts.shards = append(counts.shards, shardStatus)
	}
	return counts
}

// availableCondition is True when every expected pod is available,
// Degraded when some are, False when none is or a workload is missing.
func availableCondition(p monitoringv1.PrometheusInterface, counts podCounts) monitoringv1.Condition {
	condition := monitoringv1.Condition{
		Type: monitoringv1.ConditionAvailable, Status: monitoringv1.ConditionTrue, ObservedGeneration: p.GetGeneration(),
	}
	switch {
	case len(counts.missing) > 0:
		condition.Status, condition.Reason = monitoringv1.ConditionFalse, reasonStatefulSetNotFound
		if isDaemonSet(p) {
			condition.Reason = reasonDaemonSetNotFound
		}
		condition.Message = "not found: " + strings.Join(counts.missing, ", ")
	case counts.expected > 0 && counts.available == 0:
		condition.Status, condition.Reason = monitoringv1.ConditionFalse, reasonNoPodReady
		condition.Message = fmt.Sprintf("0 of %d pods available", counts.expected)
	case counts.available < counts.expected:
		condition.Status, condition.Reason = conditionDegraded, reasonSomePodsNotReady
		condition.Message = fmt.Sprintf("%d of %d pods available", counts.available, counts.expected)
	}
	if condition.Status != monitoringv1.ConditionTrue && len(counts.podMessages) > 0 {
		condition.Message = strings.Join(append([]string{condition.Message}, counts.podMessages...), "\n")
	}
	return condition
}

// reconciledCondition reports the outcome of the last reconcile.
func (c *workloadController) reconciledCondition(p monitoringv1.PrometheusInterface) monitoringv1.Condition {
	condition := monitoringv1.Condition{
		Type: monitoringv1.ConditionReconciled, Status: monitoringv1.ConditionUnknown, ObservedGeneration: p.GetGeneration(),
	}
	if p.GetCommonPrometheusFields().Paused {
		condition.Reason, condition.Message = reasonPaused, "reconciliation is paused"
		return condition
	}
	result, found := c.lastResult(cache.NewObjectName(p.GetNamespace(), p.GetName()))
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

// withTransitionTime sets the transition time: kept from the previous
// condition of the same type when its status is unchanged, now otherwise.
func withTransitionTime(condition monitoringv1.Condition, previous []monitoringv1.Condition, now metav1.Time) monitoringv1.Condition {
	condition.LastTransitionTime = now
	for _, old := range previous {
		if old.Type == condition.Type && old.Status == condition.Status {
			condition.LastTransitionTime = old.LastTransitionTime
		}
	}
	return condition
}
