// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// PrometheusRuleKind is the kind name of PrometheusRule.
const PrometheusRuleKind = "PrometheusRule"

// PrometheusRuleName is the plural resource name of PrometheusRule.
const PrometheusRuleName = "prometheusrules"

func init() { registerKinds(&PrometheusRule{}, &PrometheusRuleList{}) }

// PrometheusRule holds alerting and recording rules for Prometheus and Thanos Ruler.
//
// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="promrule"
// +kubebuilder:subresource:status
type PrometheusRule struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitzero"`

	// Spec holds the rule groups.
	// +required
	Spec PrometheusRuleSpec `json:"spec"`
	// Status reports which workloads selected the object and whether they accepted it.
	// +optional
	Status ConfigResourceStatus `json:"status,omitzero"`
}

// PrometheusRuleSpec holds rule groups.
type PrometheusRuleSpec struct {
	// Groups are the rule groups, each with a unique name.
	// +listType=map
	// +listMapKey=name
	// +optional
	Groups []RuleGroup `json:"groups,omitempty"`
}

// RuleGroup is a named set of rules evaluated together, in order, at one interval.
type RuleGroup struct {
	// Name of the group, unique within the object.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// Labels are added to every series the group's rules produce.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// Interval between evaluations; the workload's default when unset.
	// +optional
	Interval *Duration `json:"interval,omitempty"`
	// QueryOffset delays the evaluation time of the group's queries.
	// +optional
	QueryOffset *Duration `json:"query_offset,omitempty"`
	// Rules of the group.
	// +optional
	Rules []Rule `json:"rules,omitempty"`
	// PartialResponseStrategy is Thanos Ruler's handling of partial query
	// results: "abort" or "warn". Prometheus ignores it.
	// +kubebuilder:validation:Pattern="^(?i)(abort|warn)?$"
	// +optional
	PartialResponseStrategy string `json:"partial_response_strategy,omitempty"`
	// Limit caps the alerts or series one evaluation of a rule may produce;
	// zero means no limit.
	// +optional
	Limit *int `json:"limit,omitempty"`
}

// Rule is one alerting rule (Alert set) or recording rule (Record set).
type Rule struct {
	// Record is the name of the series a recording rule writes.
	// +optional
	Record string `json:"record,omitempty"`
	// Alert is the name of the alert an alerting rule fires.
	// +optional
	Alert string `json:"alert,omitempty"`
	// Expr is the PromQL expression to evaluate.
	// +required
	Expr intstr.IntOrString `json:"expr"`
	// For is how long the expression must hold before the alert fires.
	// +optional
	For *Duration `json:"for,omitempty"`
	// KeepFiringFor is how long the alert keeps firing after the expression stops holding.
	// +optional
	KeepFiringFor *NonEmptyDuration `json:"keep_firing_for,omitempty"`
	// Labels are added to the series or alert.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations are added to the alert.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
}

// PrometheusRuleList is a list of PrometheusRules.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type PrometheusRuleList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitzero"`
	// Items are the PrometheusRules.
	Items []PrometheusRule `json:"items"`
}
