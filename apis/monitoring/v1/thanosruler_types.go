// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const (
	// ThanosRulerKind is the Kind of the ThanosRuler resource.
	ThanosRulerKind = "ThanosRuler"
	// ThanosRulerName is the plural resource name of ThanosRuler objects.
	ThanosRulerName = "thanosrulers"
	// ThanosRulerKindKey is the lower-case key naming ThanosRuler objects in labels and logs.
	ThanosRulerKindKey = "thanosrulers"
)

func init() { registerKinds(&ThanosRuler{}, &ThanosRulerList{}) }

// ThanosRuler asks the operator to run Thanos Ruler as a StatefulSet: it
// evaluates the selected PrometheusRule objects against Thanos Query endpoints
// and sends the resulting alerts to Alertmanager.
//
// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="ruler",path=thanosrulers
// +kubebuilder:printcolumn:name="Version",type="string",JSONPath=".spec.version",description="Thanos version the pods run"
// +kubebuilder:printcolumn:name="Replicas",type="integer",JSONPath=".spec.replicas",description="Requested number of pods"
// +kubebuilder:printcolumn:name="Ready",type="integer",JSONPath=".status.availableReplicas",description="Pods that are ready"
// +kubebuilder:printcolumn:name="Reconciled",type="string",JSONPath=".status.conditions[?(@.type == 'Reconciled')].status"
// +kubebuilder:printcolumn:name="Available",type="string",JSONPath=".status.conditions[?(@.type == 'Available')].status"
// +kubebuilder:printcolumn:name="Age",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:printcolumn:name="Paused",type="boolean",JSONPath=".status.paused",description="True while the operator leaves this object alone",priority=1
// +kubebuilder:subresource:status
type ThanosRuler struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is the desired state of the Thanos Ruler deployment.
	// +required
	Spec ThanosRulerSpec `json:"spec"`
	// status is what the operator last observed; it is written by the operator only.
	// +optional
	Status ThanosRulerStatus `json:"status,omitempty"`
}

// ThanosRulerList is a page of ThanosRuler objects.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type ThanosRulerList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// items holds the ThanosRuler objects of this page.
	Items []ThanosRuler `json:"items"`
}

// ThanosRulerSpec is the desired state of a Thanos Ruler deployment: pod
// template knobs, where rules come from, where queries and alerts go, and
// what the rule evaluation looks like.
type ThanosRulerSpec struct {
	// version of Thanos to run.
	// +optional
	Version *string `json:"version,omitempty"`
	// podMetadata holds labels and annotations added to every generated pod.
	// +optional
	PodMetadata *EmbeddedObjectMetadata `json:"podMetadata,omitempty"`
	// image overrides the Thanos container image.
	// +optional
	Image string `json:"image,omitempty"`
	// imagePullPolicy of the thanos-ruler and config-reloader containers.
	// +kubebuilder:validation:Enum="";Always;Never;IfNotPresent
	// +optional
	ImagePullPolicy corev1.PullPolicy `json:"imagePullPolicy,omitempty"`
	// imagePullSecrets names Secrets in this namespace used to pull the images.
	// +optional
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`
	// paused stops the operator from changing the generated objects (except deleting them).
	// +optional
	Paused bool `json:"paused,omitempty"`
	// replicas is the number of Thanos Ruler pods; unset means one.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// nodeSelector constrains the nodes the pods may run on.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// schedulerName picks a non-default scheduler for the pods.
	// +kubebuilder:validation:MinLength=1
	// +optional
	SchedulerName string `json:"schedulerName,omitempty"`
	// resources of the thanos-ruler container.
	// +optional
	Resources corev1.ResourceRequirements `json:"resources,omitzero"`
	// affinity of the pods.
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`
	// tolerations of the pods.
	// +optional
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`
	// topologySpreadConstraints of the pods.
	// +optional
	TopologySpreadConstraints []corev1.TopologySpreadConstraint `json:"topologySpreadConstraints,omitempty"`
	// securityContext of the pods; the operator picks a non-root default when unset.
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`
	// dnsPolicy of the pods.
	// +optional
	DNSPolicy *DNSPolicy `json:"dnsPolicy,omitempty"`
	// dnsConfig adds DNS settings to the pods.
	// +optional
	DNSConfig *PodDNSConfig `json:"dnsConfig,omitempty"`
	// enableServiceLinks toggles the Service environment variables injected into the pods.
	// +optional
	EnableServiceLinks *bool `json:"enableServiceLinks,omitempty"`
	// priorityClassName of the pods.
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`
	// serviceName names an existing governing Service for the StatefulSet instead
	// of the one the operator creates.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ServiceName *string `json:"serviceName,omitempty"`
	// serviceAccountName is the ServiceAccount the pods run as.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	// storage selects the volume that keeps the ruler's TSDB; emptyDir when unset.
	// +optional
	Storage *StorageSpec `json:"storage,omitempty"`
	// volumes are added to the generated pods.
	// +optional
	Volumes []corev1.Volume `json:"volumes,omitempty"`
	// volumeMounts are added to the thanos-ruler container.
	// +optional
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
	// objectStorageConfig is a Secret key holding the object storage
	// configuration blocks are uploaded to; unset keeps blocks local.
	// +optional
	ObjectStorageConfig *corev1.SecretKeySelector `json:"objectStorageConfig,omitempty"`
	// objectStorageConfigFile is a path in the container to the object storage
	// configuration; it wins over objectStorageConfig.
	// +optional
	ObjectStorageConfigFile *string `json:"objectStorageConfigFile,omitempty"`
	// listenLocal binds the ruler to 127.0.0.1 instead of the pod IP.
	// +optional
	ListenLocal bool `json:"listenLocal,omitempty"`
	// podManagementPolicy of the StatefulSet; Parallel when unset.
	// +optional
	PodManagementPolicy *PodManagementPolicyType `json:"podManagementPolicy,omitempty"`
	// updateStrategy of the StatefulSet; RollingUpdate when unset.
	// +optional
	UpdateStrategy *StatefulSetUpdateStrategy `json:"updateStrategy,omitempty"`
	// queryEndpoints are the Thanos Query addresses rules are evaluated against;
	// ignored when queryConfig is set.
	// +optional
	QueryEndpoints []string `json:"queryEndpoints,omitempty"`
	// queryConfig is a Secret key holding a query endpoints file; it wins over queryEndpoints.
	// +optional
	QueryConfig *corev1.SecretKeySelector `json:"queryConfig,omitempty"`
	// alertmanagersUrl are the Alertmanager addresses alerts are sent to;
	// ignored when alertmanagersConfig is set.
	// +optional
	AlertManagersURL []string `json:"alertmanagersUrl,omitempty"`
	// alertmanagersConfig is a Secret key holding an Alertmanager endpoints
	// file; it wins over alertmanagersUrl.
	// +optional
	AlertManagersConfig *corev1.SecretKeySelector `json:"alertmanagersConfig,omitempty"`
	// ruleSelector picks the PrometheusRule objects the ruler loads; unset selects none.
	// +optional
	RuleSelector *metav1.LabelSelector `json:"ruleSelector,omitempty"`
	// ruleNamespaceSelector picks the namespaces searched for PrometheusRule
	// objects; unset means this namespace only.
	// +optional
	RuleNamespaceSelector *metav1.LabelSelector `json:"ruleNamespaceSelector,omitempty"`
	// enforcedNamespaceLabel names a label set to the rule's namespace on every
	// rule and added as a matcher to every expression.
	// +optional
	EnforcedNamespaceLabel string `json:"enforcedNamespaceLabel,omitempty"`
	// excludedFromEnforcement lists objects that escape enforcedNamespaceLabel.
	// +optional
	ExcludedFromEnforcement []ObjectReference `json:"excludedFromEnforcement,omitempty"`
	// prometheusRulesExcludedFromEnforce lists rule objects that escape
	// enforcedNamespaceLabel.
	//
	// Deprecated: use excludedFromEnforcement.
	// +optional
	PrometheusRulesExcludedFromEnforce []PrometheusRuleExcludeConfig `json:"prometheusRulesExcludedFromEnforce,omitempty"`
	// logLevel of the ruler process.
	// +kubebuilder:validation:Enum="";debug;info;warn;error
	// +optional
	LogLevel string `json:"logLevel,omitempty"`
	// logFormat of the ruler process.
	// +kubebuilder:validation:Enum="";logfmt;json
	// +optional
	LogFormat string `json:"logFormat,omitempty"`
	// portName is the name of the web port of the pods and Service.
	// +kubebuilder:default:="web"
	// +optional
	PortName string `json:"portName,omitempty"`
	// evaluationInterval is how often rules are evaluated.
	// +kubebuilder:default:="15s"
	// +optional
	EvaluationInterval Duration `json:"evaluationInterval,omitempty"`
	// resendDelay is the least time before a still-firing alert is sent again.
	// +optional
	ResendDelay *Duration `json:"resendDelay,omitempty"`
	// ruleOutageTolerance is how far back the "for" state of alerts is restored after a restart.
	// +optional
	RuleOutageTolerance *Duration `json:"ruleOutageTolerance,omitempty"`
	// ruleQueryOffset shifts rule evaluation into the past by this much.
	// +optional
	RuleQueryOffset *Duration `json:"ruleQueryOffset,omitempty"`
	// ruleConcurrentEval caps the rules evaluated at the same time.
	// +kubebuilder:validation:Minimum=1
	// +optional
	RuleConcurrentEval *int32 `json:"ruleConcurrentEval,omitempty"`
	// ruleGracePeriod is the least "for" duration kept when restoring alert state.
	// +optional
	RuleGracePeriod *Duration `json:"ruleGracePeriod,omitempty"`
	// retention is how long the ruler keeps its local TSDB blocks.
	// +kubebuilder:default:="24h"
	// +optional
	Retention Duration `json:"retention,omitempty"`
	// containers are added to the pods or, matched by name, patched over the
	// generated ones (strategic merge).
	// +optional
	Containers []corev1.Container `json:"containers,omitempty"`
	// initContainers are added to the pods or patched over generated ones by name.
	// +optional
	InitContainers []corev1.Container `json:"initContainers,omitempty"`
	// tracingConfig is a Secret key holding the tracing configuration.
	// +optional
	TracingConfig *corev1.SecretKeySelector `json:"tracingConfig,omitempty"`
	// tracingConfigFile is a path in the container to the tracing
	// configuration; it wins over tracingConfig.
	// +optional
	TracingConfigFile string `json:"tracingConfigFile,omitempty"`
	// labels are external labels added to every series and alert the ruler produces.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// alertDropLabels are label names removed from alerts before they are sent,
	// typically to deduplicate alerts of ruler replicas.
	// +optional
	AlertDropLabels []string `json:"alertDropLabels,omitempty"`
	// externalPrefix is the path prefix of the ruler's external URL.
	// +optional
	ExternalPrefix string `json:"externalPrefix,omitempty"`
	// routePrefix is the HTTP path prefix the ruler serves under.
	// +optional
	RoutePrefix string `json:"routePrefix,omitempty"`
	// grpcServerTlsConfig secures the ruler's gRPC (StoreAPI) server.
	// +optional
	GRPCServerTLSConfig *GRPCServerTLSConfig `json:"grpcServerTlsConfig,omitempty"`
	// alertQueryUrl is the query UI address put in the source link of alerts.
	// +optional
	AlertQueryURL string `json:"alertQueryUrl,omitempty"`
	// minReadySeconds a new pod must be ready before it counts as available.
	// +kubebuilder:validation:Minimum:=0
	// +optional
	MinReadySeconds *int32 `json:"minReadySeconds,omitempty"`
	// alertRelabelConfigs is a Secret key holding alert relabelling rules.
	// +optional
	AlertRelabelConfigs *corev1.SecretKeySelector `json:"alertRelabelConfigs,omitempty"`
	// alertRelabelConfigFile is a path in the container to alert relabelling
	// rules; it wins over alertRelabelConfigs.
	// +optional
	AlertRelabelConfigFile *string `json:"alertRelabelConfigFile,omitempty"`
	// hostAliases are added to the pods' /etc/hosts.
	// +listType=map
	// +listMapKey=ip
	// +optional
	HostAliases []HostAlias `json:"hostAliases,omitempty"`
	// additionalArgs are extra command-line flags for the thanos-ruler container.
	// +optional
	AdditionalArgs []Argument `json:"additionalArgs,omitempty"`
	// web configures the HTTP server of the ruler.
	// +optional
	Web *ThanosRulerWebSpec `json:"web,omitempty"`
	// remoteWrite sends the rule results to remote storage and makes the ruler
	// stateless (no local TSDB kept).
	// +optional
	RemoteWrite []RemoteWriteSpec `json:"remoteWrite,omitempty"`
	// terminationGracePeriodSeconds of the pods.
	// +kubebuilder:validation:Minimum:=0
	// +optional
	TerminationGracePeriodSeconds *int64 `json:"terminationGracePeriodSeconds,omitempty"`
	// enableFeatures lists Thanos feature flags (--enable-feature).
	// +listType:=set
	// +optional
	EnableFeatures []EnableFeature `json:"enableFeatures,omitempty"`
	// hostUsers=false runs the pods in their own user namespace.
	// +optional
	HostUsers *bool `json:"hostUsers,omitempty"`
}

// ThanosRulerWebSpec configures the Thanos Ruler HTTP server.
type ThanosRulerWebSpec struct {
	// +optional
	WebConfigFileFields `json:",inline"`
}

// ThanosRulerStatus is the state of a Thanos Ruler deployment as last seen by the operator.
type ThanosRulerStatus struct {
	// paused mirrors spec.paused.
	// +optional
	Paused bool `json:"paused"`
	// replicas counts the pods of the StatefulSet.
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
}

// ExpectedReplicas is the number of pods the spec asks for (one when unset).
func (tr *ThanosRuler) ExpectedReplicas() int {
	if tr.Spec.Replicas == nil {
		return 1
	}
	return int(*tr.Spec.Replicas)
}

// GetAvailableReplicas returns the available pod count from the status.
func (tr *ThanosRuler) GetAvailableReplicas() int { return int(tr.Status.AvailableReplicas) }

// GetUpdatedReplicas returns the up-to-date pod count from the status.
func (tr *ThanosRuler) GetUpdatedReplicas() int { return int(tr.Status.UpdatedReplicas) }

// GetConditions returns the status conditions.
func (tr *ThanosRuler) GetConditions() []Condition { return tr.Status.Conditions }
