// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const (
	// PrometheusesKind is the Kind of the Prometheus resource.
	PrometheusesKind = "Prometheus"
	// PrometheusName is the plural resource name of Prometheus objects.
	PrometheusName = "prometheuses"
	// PrometheusKindKey is the lower-case key naming Prometheus objects in labels and logs.
	PrometheusKindKey = "prometheus"
)

func init() { registerKinds(&Prometheus{}, &PrometheusList{}) }

// Prometheus asks the operator to run a Prometheus server (optionally sharded
// and replicated) as StatefulSets, configured from the monitor objects and
// rules its selectors pick.
//
// +genclient
// +genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale
// +genclient:method=UpdateScale,verb=update,subresource=scale,input=k8s.io/api/autoscaling/v1.Scale,result=k8s.io/api/autoscaling/v1.Scale
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="prom",path=prometheuses
// +kubebuilder:printcolumn:name="Version",type="string",JSONPath=".spec.version",description="Prometheus version the pods run"
// +kubebuilder:printcolumn:name="Desired",type="integer",JSONPath=".spec.replicas",description="Requested pods per shard"
// +kubebuilder:printcolumn:name="Ready",type="integer",JSONPath=".status.availableReplicas",description="Pods that are ready"
// +kubebuilder:printcolumn:name="Reconciled",type="string",JSONPath=".status.conditions[?(@.type == 'Reconciled')].status"
// +kubebuilder:printcolumn:name="Available",type="string",JSONPath=".status.conditions[?(@.type == 'Available')].status"
// +kubebuilder:printcolumn:name="Age",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:printcolumn:name="Paused",type="boolean",JSONPath=".status.paused",description="True while the operator leaves this object alone",priority=1
// +kubebuilder:subresource:status
// +kubebuilder:subresource:scale:specpath=.spec.shards,statuspath=.status.shards,selectorpath=.status.selector
type Prometheus struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is the desired state of the Prometheus deployment.
	// +required
	Spec PrometheusSpec `json:"spec"`
	// status is what the operator last observed; it is written by the operator only.
	// +optional
	Status PrometheusStatus `json:"status,omitempty"`
}

// PrometheusList is a page of Prometheus objects.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type PrometheusList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// items holds the Prometheus objects of this page.
	Items []Prometheus `json:"items"`
}

// PrometheusSpec is the desired state of a Prometheus server: the fields shared
// with PrometheusAgent plus storage retention, rule evaluation, alerting,
// remote read and the Thanos sidecar.
type PrometheusSpec struct {
	CommonPrometheusFields `json:",inline"`

	// baseImage is the image repository without tag. Deprecated: use image.
	// +optional
	BaseImage string `json:"baseImage,omitempty"`
	// tag of the image to run. Deprecated: use image.
	// +optional
	Tag string `json:"tag,omitempty"`
	// sha is an image digest that wins over tag and version. Deprecated: use image.
	// +optional
	SHA string `json:"sha,omitempty"`

	// retention is how long samples are kept on local storage (--storage.tsdb.retention.time).
	// Prometheus keeps 15 days when neither retention nor retentionSize is set.
	// +optional
	Retention Duration `json:"retention,omitempty"`
	// retentionSize caps the bytes kept on local storage (--storage.tsdb.retention.size).
	// +optional
	RetentionSize ByteSize `json:"retentionSize,omitempty"`
	// shardRetentionPolicy says what happens to the pods of shards removed by a scale-down.
	// +optional
	ShardRetentionPolicy *ShardRetentionPolicy `json:"shardRetentionPolicy,omitempty"`
	// disableCompaction turns off TSDB block compaction, e.g. when a sidecar uploads blocks.
	// +optional
	DisableCompaction bool `json:"disableCompaction,omitempty"`

	// rules tunes how alerting rules are evaluated.
	// +optional
	Rules Rules `json:"rules,omitzero"`
	// prometheusRulesExcludedFromEnforce lists PrometheusRules that keep their
	// expressions untouched by namespace label enforcement. Deprecated: use
	// excludedFromEnforcement.
	// +optional
	PrometheusRulesExcludedFromEnforce []PrometheusRuleExcludeConfig `json:"prometheusRulesExcludedFromEnforce,omitempty"`
	// ruleSelector picks the PrometheusRule objects loaded; unset selects none.
	// +optional
	RuleSelector *metav1.LabelSelector `json:"ruleSelector,omitempty"`
	// ruleNamespaceSelector picks the namespaces searched for PrometheusRules;
	// unset means this namespace only.
	// +optional
	RuleNamespaceSelector *metav1.LabelSelector `json:"ruleNamespaceSelector,omitempty"`
	// evaluationInterval is how often rules are evaluated.
	// +kubebuilder:default:="30s"
	// +optional
	EvaluationInterval Duration `json:"evaluationInterval,omitempty"`
	// ruleQueryOffset shifts rule evaluation into the past, to wait for late samples.
	// +optional
	RuleQueryOffset *Duration `json:"ruleQueryOffset,omitempty"`

	// query tunes the query engine.
	// +optional
	Query *QuerySpec `json:"query,omitempty"`
	// queryLogFile names the file queries are logged to; a bare file name is
	// placed in the data volume.
	// +optional
	QueryLogFile string `json:"queryLogFile,omitempty"`

	// alerting lists the Alertmanagers that receive alerts.
	// +optional
	Alerting *AlertingSpec `json:"alerting,omitempty"`
	// additionalAlertRelabelConfigs is a Secret key holding extra alert
	// relabeling rules in Prometheus' own YAML, appended as they are.
	// +optional
	AdditionalAlertRelabelConfigs *corev1.SecretKeySelector `json:"additionalAlertRelabelConfigs,omitempty"`
	// additionalAlertManagerConfigs is a Secret key holding extra Alertmanager
	// endpoint blocks in Prometheus' own YAML, appended as they are.
	// +optional
	AdditionalAlertManagerConfigs *corev1.SecretKeySelector `json:"additionalAlertManagerConfigs,omitempty"`

	// remoteRead lists the endpoints queries may read from.
	// +optional
	RemoteRead []RemoteReadSpec `json:"remoteRead,omitempty"`
	// thanos adds a Thanos sidecar to the pods.
	// +optional
	Thanos *ThanosSpec `json:"thanos,omitempty"`

	// allowOverlappingBlocks is kept for compatibility; Prometheus always
	// allows overlapping blocks now. Deprecated.
	// +optional
	AllowOverlappingBlocks bool `json:"allowOverlappingBlocks,omitempty"`
	// exemplars configures the in-memory exemplar storage.
	// +optional
	Exemplars *Exemplars `json:"exemplars,omitempty"`
	// enableAdminAPI turns on the TSDB admin endpoints (delete series, snapshots).
	// +optional
	EnableAdminAPI bool `json:"enableAdminAPI,omitempty"`
}

// PrometheusStatus is the state of a Prometheus or PrometheusAgent as last
// seen by the operator, summed over every shard.
type PrometheusStatus struct {
	// paused mirrors spec.paused.
	// +optional
	Paused bool `json:"paused"`
	// replicas counts the pods of every shard.
	// +optional
	Replicas int32 `json:"replicas"`
	// updatedReplicas counts the pods that run the latest pod template.
	// +optional
	UpdatedReplicas int32 `json:"updatedReplicas"`
	// availableReplicas counts the pods ready for at least minReadySeconds.
	// +optional
	AvailableReplicas int32 `json:"availableReplicas"`
	// unavailableReplicas counts the pods not available yet.
	// +optional
	UnavailableReplicas int32 `json:"unavailableReplicas"`
	// conditions are the latest observations of the object's state.
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []Condition `json:"conditions,omitempty"`
	// shardStatuses holds the pod counts of each shard.
	// +listType=map
	// +listMapKey=shardID
	// +optional
	ShardStatuses []ShardStatus `json:"shardStatuses,omitempty"`
	// shards is the number of shards, reported for the scale subresource.
	// +optional
	Shards int32 `json:"shards,omitempty"`
	// selector is the label selector of the pods, serialized, for the scale subresource.
	// +optional
	Selector string `json:"selector,omitempty"`
}

// ShardStatus holds the pod counts of one shard.
type ShardStatus struct {
	// shardID is the shard's index, as a string.
	// +required
	ShardID string `json:"shardID"`
	// replicas counts the pods of the shard.
	// +required
	Replicas int32 `json:"replicas"`
	// updatedReplicas counts the shard's pods that run the latest pod template.
	// +required
	UpdatedReplicas int32 `json:"updatedReplicas"`
	// availableReplicas counts the shard's pods ready for at least minReadySeconds.
	// +required
	AvailableReplicas int32 `json:"availableReplicas"`
	// unavailableReplicas counts the shard's pods not available yet.
	// +required
	UnavailableReplicas int32 `json:"unavailableReplicas"`
}
