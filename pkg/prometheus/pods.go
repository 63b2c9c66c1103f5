// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/build"
)

// The --repair-policy-for-statefulsets values.
const (
	repairNone   = "none"
	repairEvict  = "evict"
	repairDelete = "delete"
)

// inspectPods looks at the pods of the shards short of available pods: it
// returns one line per pod that is not ready, saying why, and repairs (per
// --repair-policy-for-statefulsets) at most one pod a stuck rollout waits
// on. Pods are read from the API only here, for the few workloads that are
// not fully available, so that the operator caches no pod at all.
func (c *workloadController) inspectPods(ctx context.Context, p monitoringv1.PrometheusInterface) []string {
	if isDaemonSet(p) {
		return nil
	}
	var messages []string
	// A paused workload has nothing touched, its pods included.
	repaired := p.GetCommonPrometheusFields().Paused
	replicas := p.GetCommonPrometheusFields().ReplicaCount()
	for shard, name := range build.ExpectedStatefulSetNames(p) {
		statefulSet, found, _ := kube.GetAs[*appsv1.StatefulSet](c.operator.informers.StatefulSets, p.GetNamespace(), name)
		if !found || !ownedBy(statefulSet, p) || statefulSet.Status.AvailableReplicas >= replicas {
			continue
		}
		pods, err := c.listPods(ctx, statefulSet)
		if err != nil {
			c.logger.Warn("cannot list the pods of a StatefulSet", "namespace", p.GetNamespace(), "statefulset", name, "err", err)
			continue
		}
		for _, pod := range pods {
			if problem := podProblem(&pod); problem != "" {
				messages = append(messages, fmt.Sprintf("shard %d: pod %s: %s", shard, pod.Name, problem))
			}
		}
		if !repaired {
			repaired = c.repair(ctx, statefulSet, pods)
		}
	}
	return messages
}

// listPods returns the pods the StatefulSet controls, by ascending ordinal.
func (c *workloadController) listPods(ctx context.Context, statefulSet *appsv1.StatefulSet) ([]corev1.Pod, error) {
	selector, err := metav1.LabelSelectorAsSelector(statefulSet.Spec.Selector)
	if err != nil {
		return nil, fmt.Errorf("selector of StatefulSet %s: %w", statefulSet.Name, err)
	}
	list, err := c.operator.kubeClient.CoreV1().Pods(statefulSet.Namespace).List(ctx, metav1.ListOptions{LabelSelector: selector.String()})
	if err != nil {
		return nil, fmt.Errorf("list pods of StatefulSet %s: %w", statefulSet.Name, err)
	}
	pods := slices.DeleteFunc(list.Items, func(pod corev1.Pod) bool { return !ownedBy(&pod, statefulSet) })
	slices.SortStableFunc(pods, func(a, b corev1.Pod) int { return cmp.Compare(podOrdinal(&a), podOrdinal(&b)) })
	return pods, nil
}

// podOrdinal is the pod's index in its StatefulSet, from the pod-index
// label or else the name's suffix; -1 when neither tells.
func podOrdinal(pod *corev1.Pod) int {
	index, found := pod.Labels[appsv1.PodIndexLabel]
	if !found {
		index = pod.Name[strings.LastIndex(pod.Name, "-")+1:]
	}
	ordinal, err := strconv.Atoi(index)
	if err != nil {
		return -1
	}
	return ordinal
}

// podReady reports whether the pod runs and passes its readiness checks.
func podReady(pod *corev1.Pod) bool {
	if pod.Status.Phase != corev1.PodRunning {
		return false
	}
	for _, condition := range pod.Status.Conditions {
		if condition.Type == corev1.PodReady {
			return condition.Status == corev1.ConditionTrue
		}
	}
	return false
}

// podProblem says in a few words why a pod is not ready, "" when it is:
// the first failing step of its start (scheduled, initialized, containers
// ready, ready) and the reason each waiting container gives.
func podProblem(pod *corev1.Pod) string {
	if podReady(pod) {
		return ""
	}
	if pod.DeletionTimestamp != nil {
		return "being deleted"
	}
	var parts []string
	steps := []corev1.PodConditionType{corev1.PodScheduled, corev1.PodInitialized, corev1.ContainersReady, corev1.PodReady}
	for _, step := range steps {
		index := slices.IndexFunc(pod.Status.Conditions, func(condition corev1.PodCondition) bool {
			return condition.Type == step && condition.Status == corev1.ConditionFalse
		})
		if index < 0 {
			continue
		}
		condition := pod.Status.Conditions[index]
		parts = append(parts, conditionText(condition.Reason, condition.Message))
		break
	}
	for _, status := range slices.Concat(pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses) {
		if waiting := status.State.Waiting; waiting != nil && waiting.Reason != "" && waiting.Reason != "PodInitializing" {
			parts = append(parts, fmt.Sprintf("container %s is waiting: %s", status.Name, waiting.Reason))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "not ready, phase "+string(pod.Status.Phase))
	}
	return strings.Join(parts, "; ")
}

// conditionText joins a condition's reason and message, either of which
// may be empty.
func conditionText(reason, message string) string {
	switch {
	case reason == "":
		return message
	case message == "":
		return reason
	}
	return reason + ": " + message
}

// repairCandidate returns the pod a stuck rollout waits on: not ready, not
// being deleted, and of a revision that is neither the StatefulSet's
// current nor its update revision (a pod of a broken intermediate spec,
// which the StatefulSet controller never replaces by itself). The highest
// ordinal goes first. Nothing is picked while the StatefulSet controller
// has not caught up with the latest spec.
func repairCandidate(statefulSet *appsv1.StatefulSet, pods []corev1.Pod) *corev1.Pod {
	status := statefulSet.Status
	if statefulSet.Generation != status.ObservedGeneration || status.UpdateRevision == "" {
		return nil
	}
	for i := len(pods) - 1; i >= 0; i-- {
		pod := &pods[i]
		revision := pod.Labels[appsv1.ControllerRevisionHashLabelKey]
		if podReady(pod) || pod.DeletionTimestamp != nil || revision == status.UpdateRevision || revision == status.CurrentRevision {
			continue
		}
		return pod
	}
	return nil
}

// repair evicts or deletes the pod a stuck rollout waits on, per
// --repair-policy-for-statefulsets, so that the StatefulSet controller
// creates it again from the current spec. It reports whether it acted.
func (c *workloadController) repair(ctx context.Context, statefulSet *appsv1.StatefulSet, pods []corev1.Pod) bool {
	policy := c.operator.config.RepairPolicyForStatefulSets
	if policy == "" || policy == repairNone {
		return false
	}
	pod := repairCandidate(statefulSet, pods)
	if pod == nil {
		return false
	}
	logger := c.logger.With("namespace", pod.Namespace, "statefulset", statefulSet.Name, "pod", pod.Name, "policy", policy)
	logger.Info("repairing a pod a StatefulSet rollout is stuck on")
	background := metav1.DeletePropagationBackground
	options := metav1.DeleteOptions{PropagationPolicy: &background}
	client := c.operator.kubeClient.CoreV1().Pods(pod.Namespace)
	var err error
	switch policy {
	case repairEvict:
		err = client.EvictV1(ctx, &policyv1.Eviction{
			ObjectMeta: metav1.ObjectMeta{Namespace: pod.Namespace, Name: pod.Name}, DeleteOptions: &options,
		})
	case repairDelete:
		err = client.Delete(ctx, pod.Name, options)
	default:
		err = fmt.Errorf("unknown repair policy %q", policy)
	}
	if err != nil {
		logger.Warn("pod repair failed", "err", err)
	}
	return true
}
