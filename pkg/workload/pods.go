// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
)

// The --repair-policy-for-statefulsets values.
const (
	RepairNone   = "none"
	RepairEvict  = "evict"
	RepairDelete = "delete"
)

// PodInspector reads the pods of a StatefulSet short of available pods,
// says why they are not ready, and repairs a rollout stuck on a pod of a
// broken revision. Pods are read from the API only here, for the few
// workloads that are not fully available, so that no controller caches
// pods.
type PodInspector struct {
	// Pods reads, evicts and deletes pods.
	Pods corev1client.PodsGetter
	// RepairPolicy is --repair-policy-for-statefulsets: none (or ""),
	// evict or delete.
	RepairPolicy string
	// Logger receives repairs and their failures.
	Logger *slog.Logger
}

// Problems lists the pods of statefulSet, by ascending ordinal, and one
// line per pod that is not ready: "pod <name>: <why>".
func (i PodInspector) Problems(ctx context.Context, statefulSet *appsv1.StatefulSet) ([]string, []corev1.Pod, error) {
	pods, err := i.listPods(ctx, statefulSet)
	if err != nil {
		return nil, nil, err
	}
	var messages []string
	for _, pod := range pods {
		if problem := PodProblem(&pod); problem != "" {
			messages = append(messages, fmt.Sprintf("pod %s: %s", pod.Name, problem))
		}
	}
	return messages, pods, nil
}

// listPods returns the pods the StatefulSet controls, by ascending ordinal.
func (i PodInspector) listPods(ctx context.Context, statefulSet *appsv1.StatefulSet) ([]corev1.Pod, error) {
	selector, err := metav1.LabelSelectorAsSelector(statefulSet.Spec.Selector)
	if err != nil {
		return nil, fmt.Errorf("selector of StatefulSet %s: %w", statefulSet.Name, err)
	}
	list, err := i.Pods.Pods(statefulSet.Namespace).List(ctx, metav1.ListOptions{LabelSelector: selector.String()})
	if err != nil {
		return nil, fmt.Errorf("list pods of StatefulSet %s: %w", statefulSet.Name, err)
	}
	pods := slices.DeleteFunc(list.Items, func(pod corev1.Pod) bool { return !controlledBy(&pod, statefulSet) })
	slices.SortStableFunc(pods, func(a, b corev1.Pod) int { return cmp.Compare(podOrdinal(&a), podOrdinal(&b)) })
	return pods, nil
}

// controlledBy reports whether owner controls object.
func controlledBy(object, owner metav1.Object) bool {
	reference := metav1.GetControllerOf(object)
	return reference != nil && reference.UID == owner.GetUID()
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

// PodReady reports whether the pod runs and passes its readiness checks.
func PodReady(pod *corev1.Pod) bool {
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

// PodProblem says in a few words why a pod is not ready, "" when it is:
// the first failing step of its start (scheduled, initialized, containers
// ready, ready) and the reason each waiting container gives.
func PodProblem(pod *corev1.Pod) string {
	if PodReady(pod) {
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
		if PodReady(pod) || pod.DeletionTimestamp != nil || revision == status.UpdateRevision || revision == status.CurrentRevision {
			continue
		}
		return pod
	}
	return nil
}

// Repair evicts or deletes the pod a stuck rollout waits on, per the
// repair policy, so that the StatefulSet controller creates it again from
// the current spec. pods are the StatefulSet's, as Problems returns them.
// It reports whether it acted.
func (i PodInspector) Repair(ctx context.Context, statefulSet *appsv1.StatefulSet, pods []corev1.Pod) bool {
	policy := i.RepairPolicy
	if policy == "" || policy == RepairNone {
		return false
	}
	pod := repairCandidate(statefulSet, pods)
	if pod == nil {
		return false
	}
	logger := i.Logger.With("namespace", pod.Namespace, "statefulset", statefulSet.Name, "pod", pod.Name, "policy", policy)
	logger.Info("repairing a pod a StatefulSet rollout is stuck on")
	background := metav1.DeletePropagationBackground
	options := metav1.DeleteOptions{PropagationPolicy: &background}
	client := i.Pods.Pods(pod.Namespace)
	var err error
	switch policy {
	case RepairEvict:
		err = client.EvictV1(ctx, &policyv1.Eviction{
			ObjectMeta: metav1.ObjectMeta{Namespace: pod.Namespace, Name: pod.Name}, DeleteOptions: &options,
		})
	case RepairDelete:
		err = client.Delete(ctx, pod.Name, options)
	default:
		err = fmt.Errorf("unknown repair policy %q", policy)
	}
	if err != nil {
		logger.Warn("pod repair failed", "err", err)
	}
	return true
}
