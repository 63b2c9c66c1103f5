// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"fmt"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// ConditionDegraded is the Available status of a workload with some, but
// not all, of its pods available.
const ConditionDegraded monitoringv1.ConditionStatus = "Degraded"

// Condition reasons shared by every workload kind.
const (
	ReasonStatefulSetNotFound = "StatefulSetNotFound"
	ReasonDaemonSetNotFound   = "DaemonSetNotFound"
	ReasonNoPodReady          = "NoPodReady"
	ReasonSomePodsNotReady    = "SomePodsNotReady"
	ReasonNotReconciled       = "NotReconciled"
	ReasonPaused              = "Paused"
)

// Result is the outcome of one reconcile of a workload, the source of its
// Reconciled condition.
type Result struct {
	// Generation is the object generation the reconcile saw.
	Generation int64
	// OK is true when the reconcile succeeded.
	OK bool
	// Reason and Message go into the condition.
	Reason, Message string
}

// Results remembers the last reconcile result of each workload; it is safe
// for concurrent use. The zero value is ready to use.
type Results struct {
	mu      sync.Mutex
	results map[cache.ObjectName]Result
}

// Record remembers the outcome of a reconcile of key.
func (r *Results) Record(key cache.ObjectName, result Result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.results == nil {
		r.results = map[cache.ObjectName]Result{}
	}
	r.results[key] = result
}

// Last returns the outcome of the last reconcile of key, nil before the
// first one.
func (r *Results) Last(key cache.ObjectName) *Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	result, ok := r.results[key]
	if !ok {
		return nil
	}
	return &result
}

// Forget drops what is known of key (a deleted workload).
func (r *Results) Forget(key cache.ObjectName) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.results, key)
}

// PodCounts are the pod numbers of a workload, summed over its
// StatefulSets or read from its DaemonSet.
type PodCounts struct {
	// Expected is how many pods the spec asks for.
	Expected int32
	// Available is how many of them are available.
	Available int32
	// Missing names the StatefulSets or DaemonSet not found.
	Missing []string
	// DaemonSet is true when the workload runs as a DaemonSet.
	DaemonSet bool
	// PodMessages say why pods are not ready, one line each.
	PodMessages []string
}

// AvailableCondition is True when every expected pod is available,
// Degraded when some are, False when none is or a workload object is
// missing.
func AvailableCondition(generation int64, counts PodCounts) monitoringv1.Condition {
	condition := monitoringv1.Condition{
		Type: monitoringv1.ConditionAvailable, Status: monitoringv1.ConditionTrue, ObservedGeneration: generation,
	}
	switch {
	case len(counts.Missing) > 0:
		condition.Status, condition.Reason = monitoringv1.ConditionFalse, ReasonStatefulSetNotFound
		if counts.DaemonSet {
			condition.Reason = ReasonDaemonSetNotFound
		}
		condition.Message = "not found: " + strings.Join(counts.Missing, ", ")
	case counts.Expected > 0 && counts.Available == 0:
		condition.Status, condition.Reason = monitoringv1.ConditionFalse, ReasonNoPodReady
		condition.Message = fmt.Sprintf("0 of %d pods available", counts.Expected)
	case counts.Available < counts.Expected:
		condition.Status, condition.Reason = ConditionDegraded, ReasonSomePodsNotReady
		condition.Message = fmt.Sprintf("%d of %d pods available", counts.Available, counts.Expected)
	}
	if condition.Status != monitoringv1.ConditionTrue && len(counts.PodMessages) > 0 {
		condition.Message = strings.Join(append([]string{condition.Message}, counts.PodMessages...), "\n")
	}
	return condition
}

// ReconcileState is what the Reconciled condition of a workload derives
// from.
type ReconcileState struct {
	// Generation is the workload's current generation.
	Generation int64
	// Paused is the workload's spec.paused.
	Paused bool
	// Last is the outcome of the last reconcile, nil before the first.
	Last *Result
}

// ReconciledCondition reports the outcome of the last reconcile: Unknown
// while paused or before the first reconcile, else True or False with the
// result's reason, message and generation.
func ReconciledCondition(state ReconcileState) monitoringv1.Condition {
	condition := monitoringv1.Condition{
		Type: monitoringv1.ConditionReconciled, Status: monitoringv1.ConditionUnknown, ObservedGeneration: state.Generation,
	}
	if state.Paused {
		condition.Reason, condition.Message = ReasonPaused, "reconciliation is paused"
		return condition
	}
	result := state.Last
	if result == nil {
		condition.Reason, condition.Message = ReasonNotReconciled, "not reconciled yet"
		return condition
	}
	condition.Status = monitoringv1.ConditionFalse
	if result.OK {
		condition.Status = monitoringv1.ConditionTrue
	}
	condition.Reason, condition.Message, condition.ObservedGeneration = result.Reason, result.Message, result.Generation
	return condition
}

// WithTransitionTime sets the transition time: kept from the previous
// condition of the same type when its status is unchanged, now otherwise.
func WithTransitionTime(condition monitoringv1.Condition, previous []monitoringv1.Condition, now metav1.Time) monitoringv1.Condition {
	condition.LastTransitionTime = now
	for _, old := range previous {
		if old.Type == condition.Type && old.Status == condition.Status {
			condition.LastTransitionTime = old.LastTransitionTime
		}
	}
	return condition
}
