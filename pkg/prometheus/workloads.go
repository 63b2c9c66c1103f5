// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/prometheus/common/model"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// syncGoverningService creates or updates the headless Service shared by
// the workloads of the kind in the namespace. A workload naming its own
// Service (spec.serviceName) only has it checked.
func (c *workloadController) syncGoverningService(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	if name := p.GetCommonPrometheusFields().ServiceName; name != nil {
		services := c.operator.kubeClient.CoreV1().Services(p.GetNamespace())
		return workload.CheckGoverningService(ctx, services, *name, manifests.SelectorLabels(p))
	}
	desired := manifests.GoverningService(p, c.operator.config)
	if _, err := kube.CreateOrUpdate(ctx, c.operator.kubeClient.CoreV1().Services(p.GetNamespace()), desired, kube.MergeService); err != nil {
		return fmt.Errorf("governing Service: %w", err)
	}
	return nil
}

// syncStatefulSets applies the StatefulSet of every shard, then deals with
// the shards a scale-down left behind. It returns when to look again at
// retained shards, zero when there is none.
func (c *workloadController) syncStatefulSets(ctx context.Context, p monitoringv1.PrometheusInterface, opts manifests.Options) (time.Duration, error) {
	for shard := range manifests.ShardCount(p) {
		name := manifests.StatefulSetName(p, shard)
		existing, found, err := kube.GetAs[*appsv1.StatefulSet](c.operator.informers.StatefulSets, p.GetNamespace(), name)
		if err != nil {
			return 0, err
		}
		shardOpts := opts
		shardOpts.Shard = shard
		if found {
			shardOpts.ExistingStatefulSetSpec = &existing.Spec
		} else {
			existing = nil
		}
		desired, err := manifests.StatefulSet(p, shardOpts)
		if err != nil {
			// The spec cannot be built into a StatefulSet; retrying will not help.
			return 0, fmt.Errorf("%w: build StatefulSet %s: %w", controller.ErrPermanent, name, err)
		}
		if err := c.applyStatefulSet(ctx, desired, existing); err != nil {
			return 0, err
		}
	}
	return c.removeExcessShards(ctx, p)
}

// applyStatefulSet creates or updates a shard's StatefulSet; an update
// clears a retained shard's deletion deadline.
func (c *workloadController) applyStatefulSet(ctx context.Context, desired, existing *appsv1.StatefulSet) error {
	return workload.Apply(ctx, c.operator.kubeClient.AppsV1().StatefulSets(desired.Namespace), desired, existing, c.applyOptions(operator.DeletionDeadlineAnnot))
}

// applyOptions are the options of workload.Apply for this controller.
func (c *workloadController) applyOptions(clearAnnotations ...string) workload.ApplyOptions {
	return workload.ApplyOptions{Logger: c.logger, OnRecreate: func() { c.operator.metrics.Recreated(c.kind.controllerName()) }, ClearAnnotations: clearAnnotations}
}

// ownedStatefulSets lists the cached StatefulSets p controls.
func (c *workloadController) ownedStatefulSets(p monitoringv1.PrometheusInterface) []*appsv1.StatefulSet {
	selector := labels.SelectorFromSet(labels.Set{operator.NameLabel: p.GetName(), operator.ModeLabel: traitsOf(p).mode()})
	var owned []*appsv1.StatefulSet
	for _, statefulSet := range kube.ListAs[*appsv1.StatefulSet](c.operator.informers.StatefulSets, p.GetNamespace(), selector) {
		if ownedBy(statefulSet, p) {
			owned = append(owned, statefulSet)
		}
	}
	return owned
}

// removeExcessShards deletes the StatefulSets of shards beyond spec.shards,
// or, under a Retain shard retention policy, marks them with a deletion
// deadline and deletes them once it has passed.
func (c *workloadController) removeExcessShards(ctx context.Context, p monitoringv1.PrometheusInterface) (time.Duration, error) {
	expected := manifests.ExpectedStatefulSetNames(p)
	retain, period := c.retention(p)
	var recheck time.Duration
	for _, statefulSet := range c.ownedStatefulSets(p) {
		if slices.Contains(expected, statefulSet.Name) {
			continue
		}
		if !retain {
			if err := c.deleteStatefulSet(ctx, statefulSet); err != nil {
				return 0, err
			}
			continue
		}
		wait, err := c.retainShard(ctx, statefulSet, period)
		if err != nil {
			return 0, err
		}
		if wait > 0 && (recheck == 0 || wait < recheck) {
			recheck = wait
		}
	}
	return recheck, nil
}

// retention returns whether removed shards are retained and for how long
// (zero: indefinitely).
func (c *workloadController) retention(p monitoringv1.PrometheusInterface) (bool, time.Duration) {
	if !c.operator.config.Gates.Enabled(operator.GatePrometheusShardRetentionPolicy) {
		return false, 0
	}
	policy := traitsOf(p).shardRetentionPolicy()
	if policy == nil || policy.WhenScaled == nil || *policy.WhenScaled != monitoringv1.RetainWhenScaledRetentionType {
		return false, 0
	}
	if policy.Retain == nil {
		return true, 0
	}
	period, err := model.ParseDuration(string(policy.Retain.RetentionPeriod))
	if err != nil {
		// The CRD pattern rules this out; keep the shard rather than guess.
		return true, 0
	}
	return true, time.Duration(period)
}

// retainShard stamps a retained StatefulSet with its deletion deadline,
// or deletes it once the deadline passed. It returns how long to wait
// before looking again.
func (c *workloadController) retainShard(ctx context.Context, statefulSet *appsv1.StatefulSet, period time.Duration) (time.Duration, error) {
	if period == 0 {
		return 0, nil
	}
	now := c.operator.clock.Now()
	if stamp, ok := statefulSet.Annotations[operator.DeletionDeadlineAnnot]; ok {
		deadline, err := time.Parse(time.RFC3339, stamp)
		if err == nil && now.Before(deadline) {
			return deadline.Sub(now), nil
		}
		return 0, c.deleteStatefulSet(ctx, statefulSet)
	}
	updated := statefulSet.DeepCopy()
	if updated.Annotations == nil {
		updated.Annotations = map[string]string{}
	}
	updated.Annotations[operator.DeletionDeadlineAnnot] = now.Add(period).UTC().Format(time.RFC3339)
	if _, err := c.operator.kubeClient.AppsV1().StatefulSets(updated.Namespace).Update(ctx, updated, metav1.UpdateOptions{}); err != nil {
		return 0, fmt.Errorf("mark StatefulSet %s for deletion: %w", updated.Name, err)
	}
	return period, nil
}

func (c *workloadController) deleteStatefulSet(ctx context.Context, statefulSet *appsv1.StatefulSet) error {
	c.logger.Info("deleting StatefulSet of a removed shard", "namespace", statefulSet.Namespace, "statefulset", statefulSet.Name)
	return kube.DeleteIgnoringNotFound(ctx, c.operator.kubeClient.AppsV1().StatefulSets(statefulSet.Namespace), statefulSet.Name, kube.ForegroundDeletion())
}

// syncDaemonSet applies the DaemonSet of an agent in DaemonSet mode and
// deletes the StatefulSets it may have run as before.
func (c *workloadController) syncDaemonSet(ctx context.Context, agent monitoringv1.PrometheusInterface, opts manifests.Options) error {
	if c.operator.informers.DaemonSets == nil {
		return fmt.Errorf("DaemonSet mode needs the %s feature gate", operator.GatePrometheusAgentDaemonSet)
	}
	for _, statefulSet := range c.ownedStatefulSets(agent) {
		if err := c.deleteStatefulSet(ctx, statefulSet); err != nil {
			return err
		}
	}
	traits := traitsOf(agent)
	existing, found, err := kube.GetAs[*appsv1.DaemonSet](c.operator.informers.DaemonSets, agent.GetNamespace(), traits.daemonSetName())
	if err != nil {
		return err
	}
	if found {
		opts.ExistingDaemonSetSpec = &existing.Spec
	}
	desired, err := traits.daemonSet(opts)
	if err != nil {
		return fmt.Errorf("%w: build DaemonSet: %w", controller.ErrPermanent, err)
	}
	if !found {
		existing = nil
	}
	return workload.Apply(ctx, c.operator.kubeClient.AppsV1().DaemonSets(agent.GetNamespace()), desired, existing, c.applyOptions())
}

// removeDaemonSet deletes the DaemonSet an agent ran as before it moved to
// StatefulSet mode.
func (c *workloadController) removeDaemonSet(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	name := traitsOf(p).daemonSetName()
	// A kind that never runs as a DaemonSet has none to remove.
	if c.operator.informers.DaemonSets == nil || name == "" {
		return nil
	}
	existing, found, err := kube.GetAs[*appsv1.DaemonSet](c.operator.informers.DaemonSets, p.GetNamespace(), name)
	if err != nil || !found || !ownedBy(existing, p) {
		return err
	}
	return kube.DeleteIgnoringNotFound(ctx, c.operator.kubeClient.AppsV1().DaemonSets(p.GetNamespace()), existing.Name, kube.ForegroundDeletion())
}
