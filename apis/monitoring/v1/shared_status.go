// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ConditionType names an aspect of a resource's state.
//
// +kubebuilder:validation:MinLength=1
type ConditionType string

// The condition types the operator reports.
const (
	// ConditionAvailable says whether the workload's pods are ready.
	ConditionAvailable ConditionType = "Available"
	// ConditionReconciled says whether the last reconciliation succeeded.
	ConditionReconciled ConditionType = "Reconciled"
	// ConditionAccepted says whether a workload accepted a configuration resource.
	ConditionAccepted ConditionType = "Accepted"
)

// ConditionStatus is True, False or Unknown.
//
// +kubebuilder:validation:MinLength=1
type ConditionStatus string

// The condition statuses.
const (
	ConditionTrue    ConditionStatus = "True"
	ConditionFalse   ConditionStatus = "False"
	ConditionUnknown ConditionStatus = "Unknown"
)

// Condition reports one aspect of a workload resource's state.
type Condition struct {
	// Type of the condition.
	// +required
	Type ConditionType `json:"type"`
	// Status of the condition.
	// +required
	Status ConditionStatus `json:"status"`
	// LastTransitionTime is when Status last changed.
	// +required
	LastTransitionTime metav1.Time `json:"lastTransitionTime"`
	// Reason is a one-word, CamelCase cause of the last transition.
	// +optional
	Reason string `json:"reason,omitempty"`
	// Message explains the last transition for people.
	// +optional
	Message string `json:"message,omitempty"`
	// ObservedGeneration is the object generation the condition was computed from.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// ConfigResourceStatus is the status of a configuration resource
// (ServiceMonitor, PodMonitor, Probe, PrometheusRule, ScrapeConfig, ...):
// which workloads selected it and whether they accepted it.
type ConfigResourceStatus struct {
	// Bindings lists the workloads that select this resource.
	// +listType=map
	// +listMapKey=group
	// +listMapKey=resource
	// +listMapKey=name
	// +listMapKey=namespace
	// +optional
	Bindings []WorkloadBinding `json:"bindings,omitempty"`
}

// WorkloadBinding identifies one workload that selects a configuration
// resource, with the conditions it reported about it.
type WorkloadBinding struct {
	// Group is the workload's API group.
	// +kubebuilder:validation:Enum=monitoring.coreos.com
	// +required
	Group string `json:"group"`
	// Resource is the workload's plural resource name.
	// +kubebuilder:validation:Enum=prometheuses;prometheusagents;thanosrulers;alertmanagers
	// +required
	Resource string `json:"resource"`
	// Name of the workload.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// Namespace of the workload.
	// +kubebuilder:validation:MinLength=1
	// +required
	Namespace string `json:"namespace"`
	// Conditions the workload reports about the resource.
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []ConfigResourceCondition `json:"conditions,omitempty"`
}

// ConfigResourceCondition is a condition a workload reports about a
// configuration resource it selected.
type ConfigResourceCondition struct {
	// Type of the condition; only Accepted for now.
	// +kubebuilder:validation:Enum=Accepted
	// +required
	Type ConditionType `json:"type"`
	// Status of the condition.
	// +required
	Status ConditionStatus `json:"status"`
	// LastTransitionTime is when Status last changed.
	// +required
	LastTransitionTime metav1.Time `json:"lastTransitionTime"`
	// Reason is a one-word, CamelCase cause of the last transition.
	// +optional
	Reason string `json:"reason,omitempty"`
	// Message explains the last transition for people.
	// +optional
	Message string `json:"message,omitempty"`
	// ObservedGeneration is the object generation the condition was computed from.
	// +optional
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}
