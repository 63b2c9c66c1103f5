// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"
	"strconv"
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
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// statusRecheckInterval is how often the status of a workload that is not
// fully available is refreshed even without events.
const statusRecheckInterval = time.Minute

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
		err := c.kind.updateStatus(ctx, p)
		c.operator.metrics.StatusUpdated(c.kind.controllerName(), err)
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
	workload.PodCounts
	replicas, updated int32
	shards            []monitoringv1.ShardStatus
}

// computeStatus derives the status from the cached workloads and the lines
// saying why pods are not ready, keeping the transition time of conditions
// whose status did not change.
func (c *workloadController) computeStatus(p monitoringv1.PrometheusInterface, podMessages []string) monitoringv1.PrometheusStatus {
	common := p.GetCommonPrometheusFields()
	counts := c.countPods(p)
	counts.PodMessages = podMessages
	status := monitoringv1.PrometheusStatus{
		Paused:              common.Paused,
		Replicas:            counts.replicas,
		UpdatedReplicas:     counts.updated,
		AvailableReplicas:   counts.Available,
		UnavailableReplicas: counts.replicas - counts.Available,
		ShardStatuses:       counts.shards,
		Selector:            labels.SelectorFromSet(manifests.SelectorLabels(p)).String(),
	}
	if !isDaemonSet(p) {
		status.Shards = common.ShardCount()
	}
	now := metav1.NewTime(c.operator.clock.Now())
	previous := p.GetStatus().Conditions
	last := c.results.Last(cache.NewObjectName(p.GetNamespace(), p.GetName()))
	status.Conditions = []monitoringv1.Condition{
		workload.WithTransitionTime(workload.AvailableCondition(p.GetGeneration(), counts.PodCounts), previous, now),
		workload.WithTransitionTime(workload.ReconciledCondition(workload.ReconcileState{Generation: p.GetGeneration(), Paused: common.Paused, Last: last}), previous, now),
	}
	return status
}

// countPods reads the StatefulSet of every shard, or the agent DaemonSet.
func (c *workloadController) countPods(p monitoringv1.PrometheusInterface) podCounts {
	informers := c.operator.informers
	counts := podCounts{}
	if traits := traitsOf(p); traits.daemonSetMode() {
		counts.DaemonSet = true
		daemonSet, found, _ := kube.GetAs[*appsv1.DaemonSet](informers.DaemonSets, p.GetNamespace(), traits.daemonSetName())
		if !found || !ownedBy(daemonSet, p) {
			counts.Missing = append(counts.Missing, traits.daemonSetName())
			return counts
		}
		counts.Expected = daemonSet.Status.DesiredNumberScheduled
		counts.replicas = daemonSet.Status.CurrentNumberScheduled
		counts.updated = daemonSet.Status.UpdatedNumberScheduled
		counts.Available = daemonSet.Status.NumberAvailable
		return counts
	}
	replicas := p.GetCommonPrometheusFields().ReplicaCount()
	for shard, name := range manifests.ExpectedStatefulSetNames(p) {
		counts.Expected += replicas
		shardStatus := monitoringv1.ShardStatus{ShardID: strconv.Itoa(shard)}
		statefulSet, found, _ := kube.GetAs[*appsv1.StatefulSet](informers.StatefulSets, p.GetNamespace(), name)
		if found && ownedBy(statefulSet, p) {
			shardStatus.Replicas = statefulSet.Status.Replicas
			shardStatus.UpdatedReplicas = statefulSet.Status.UpdatedReplicas
			shardStatus.AvailableReplicas = statefulSet.Status.AvailableReplicas
			shardStatus.UnavailableReplicas = statefulSet.Status.Replicas - statefulSet.Status.AvailableReplicas
		} else {
			counts.Missing = append(counts.Missing, name)
		}
		counts.replicas += shardStatus.Replicas
		counts.updated += shardStatus.UpdatedReplicas
		counts.Available += shardStatus.AvailableReplicas
		counts.shards = append(counts.shards, shardStatus)
	}
	return counts
}

// inspectPods looks at the pods of the shards short of available pods: it
// returns one line per pod that is not ready, saying why, and repairs (per
// --repair-policy-for-statefulsets) at most one pod a stuck rollout waits
// on.
func (c *workloadController) inspectPods(ctx context.Context, p monitoringv1.PrometheusInterface) []string {
	if isDaemonSet(p) {
		return nil
	}
	inspector := workload.PodInspector{
		Pods: c.operator.kubeClient.CoreV1(), RepairPolicy: c.operator.config.RepairPolicyForStatefulSets, Logger: c.logger,
	}
	var messages []string
	// A paused workload has nothing touched, its pods included.
	repaired := p.GetCommonPrometheusFields().Paused
	replicas := p.GetCommonPrometheusFields().ReplicaCount()
	for shard, name := range manifests.ExpectedStatefulSetNames(p) {
		statefulSet, found, _ := kube.GetAs[*appsv1.StatefulSet](c.operator.informers.StatefulSets, p.GetNamespace(), name)
		if !found || !ownedBy(statefulSet, p) || statefulSet.Status.AvailableReplicas >= replicas {
			continue
		}
		problems, pods, err := inspector.Problems(ctx, statefulSet)
		if err != nil {
			c.logger.Warn("cannot list the pods of a StatefulSet", "namespace", p.GetNamespace(), "statefulset", name, "err", err)
			continue
		}
		for _, problem := range problems {
			messages = append(messages, fmt.Sprintf("shard %d: %s", shard, problem))
		}
		if !repaired {
			repaired = inspector.Repair(ctx, statefulSet, pods)
		}
	}
	return messages
}
