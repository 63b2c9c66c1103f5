// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

const (
	// PrometheusAgentsKind is the Kind of the PrometheusAgent resource.
	PrometheusAgentsKind = "PrometheusAgent"
	// PrometheusAgentName is the plural resource name of PrometheusAgent objects.
	PrometheusAgentName = "prometheusagents"
	// PrometheusAgentKindKey is the lower-case key naming PrometheusAgent objects in labels and logs.
	PrometheusAgentKindKey = "prometheusagent"
)

func init() { registerKinds(&PrometheusAgent{}, &PrometheusAgentList{}) }

// PrometheusAgent asks the operator to run Prometheus in agent mode: it
// scrapes targets and forwards the samples with remote write, without local
// querying, rules or alerting. It runs as sharded StatefulSets or as a
// DaemonSet with one pod per node.
//
// +genclient
// +genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale
// +genclient:method=UpdateScale,verb=update,subresource=scale,input=k8s.io/api/autoscaling/v1.Scale,result=k8s.io/api/autoscaling/v1.Scale
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="promagent",path=prometheusagents
// +kubebuilder:printcolumn:name="Version",type="string",JSONPath=".spec.version",description="Prometheus version the pods run"
// +kubebuilder:printcolumn:name="Desired",type="integer",JSONPath=".spec.replicas",description="Requested pods per shard"
// +kubebuilder:printcolumn:name="Ready",type="integer",JSONPath=".status.availableReplicas",description="Pods that are ready"
// +kubebuilder:printcolumn:name="Reconciled",type="string",JSONPath=".status.conditions[?(@.type == 'Reconciled')].status"
// +kubebuilder:printcolumn:name="Available",type="string",JSONPath=".status.conditions[?(@.type == 'Available')].status"
// +kubebuilder:printcolumn:name="Age",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:printcolumn:name="Paused",type="boolean",JSONPath=".status.paused",description="True while the operator leaves this object alone",priority=1
// +kubebuilder:subresource:status
// +kubebuilder:subresource:scale:specpath=.spec.shards,statuspath=.status.shards,selectorpath=.status.selector
type PrometheusAgent struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is the desired state of the agent deployment.
	// +required
	Spec PrometheusAgentSpec `json:"spec"`
	// status is what the operator last observed; it is written by the operator only.
	// +optional
	Status monitoringv1.PrometheusStatus `json:"status,omitempty"`
}

// PrometheusAgentList is a page of PrometheusAgent objects.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type PrometheusAgentList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// items holds the PrometheusAgent objects of this page.
	Items []PrometheusAgent `json:"items"`
}

// PrometheusAgentMode is the kind of workload an agent runs as.
//
// +kubebuilder:validation:Enum=StatefulSet;DaemonSet
type PrometheusAgentMode string

const (
	// StatefulSetPrometheusAgentMode runs the agent as sharded StatefulSets (the default).
	StatefulSetPrometheusAgentMode PrometheusAgentMode = "StatefulSet"
	// DaemonSetPrometheusAgentMode runs one agent pod per node, each scraping
	// the pods of its own node only.
	DaemonSetPrometheusAgentMode PrometheusAgentMode = "DaemonSet"
)

// PrometheusAgentSpec is the desired state of a Prometheus agent: the fields
// shared with Prometheus plus the workload mode. In DaemonSet mode the fields
// that only make sense for StatefulSets, and the monitors that cannot be
// limited to one node's pods, are refused.
//
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.replicas))",message="replicas cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.storage))",message="storage cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.shards) && self.shards > 1)",message="shards above 1 are not allowed in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.persistentVolumeClaimRetentionPolicy))",message="persistentVolumeClaimRetentionPolicy cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.scrapeConfigSelector))",message="scrapeConfigSelector cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.probeSelector))",message="probeSelector cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.scrapeConfigNamespaceSelector))",message="scrapeConfigNamespaceSelector cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.probeNamespaceSelector))",message="probeNamespaceSelector cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.serviceMonitorSelector))",message="serviceMonitorSelector cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.serviceMonitorNamespaceSelector))",message="serviceMonitorNamespaceSelector cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.additionalScrapeConfigs))",message="additionalScrapeConfigs cannot be set in DaemonSet mode"
// +kubebuilder:validation:XValidation:rule="!(has(self.mode) && self.mode == 'DaemonSet' && has(self.shardingStrategy))",message="shardingStrategy cannot be set in DaemonSet mode"
type PrometheusAgentSpec struct {
	// mode is the workload the agent runs as; StatefulSet when unset.
	// +optional
	Mode *PrometheusAgentMode `json:"mode,omitempty"`

	monitoringv1.CommonPrometheusFields `json:",inline"`
}

var _ monitoringv1.PrometheusInterface = &PrometheusAgent{}

// GetCommonPrometheusFields returns the shared part of the spec.
func (p *PrometheusAgent) GetCommonPrometheusFields() *monitoringv1.CommonPrometheusFields {
	return &p.Spec.CommonPrometheusFields
}

// SetCommonPrometheusFields replaces the shared part of the spec.
func (p *PrometheusAgent) SetCommonPrometheusFields(fields monitoringv1.CommonPrometheusFields) {
	p.Spec.CommonPrometheusFields = fields
}

// GetStatus returns the status.
func (p *PrometheusAgent) GetStatus() *monitoringv1.PrometheusStatus { return &p.Status }

// IsDaemonSetMode reports whether the agent runs as a DaemonSet.
func (p *PrometheusAgent) IsDaemonSetMode() bool {
	return p.Spec.Mode != nil && *p.Spec.Mode == DaemonSetPrometheusAgentMode
}

// GetAvailableReplicas returns the available pod count from the status.
func (p *PrometheusAgent) GetAvailableReplicas() int { return int(p.Status.AvailableReplicas) }

// GetUpdatedReplicas returns the up-to-date pod count from the status.
func (p *PrometheusAgent) GetUpdatedReplicas() int { return int(p.Status.UpdatedReplicas) }

// GetConditions returns the status conditions.
func (p *PrometheusAgent) GetConditions() []monitoringv1.Condition { return p.Status.Conditions }
