// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const (
	// AlertmanagersKind is the Kind of the Alertmanager resource.
	AlertmanagersKind = "Alertmanager"
	// AlertmanagerName is the plural resource name of Alertmanager objects.
	AlertmanagerName = "alertmanagers"
	// AlertmanagerKindKey is the lower-case key naming Alertmanager objects in labels and logs.
	AlertmanagerKindKey = "alertmanager"
)

func init() { registerKinds(&Alertmanager{}, &AlertmanagerList{}) }

// Alertmanager asks the operator to run a highly available Alertmanager cluster
// as a StatefulSet, configured from a Secret and from AlertmanagerConfig objects.
//
// +genclient
// +genclient:method=GetScale,verb=get,subresource=scale,result=k8s.io/api/autoscaling/v1.Scale
// +genclient:method=UpdateScale,verb=update,subresource=scale,input=k8s.io/api/autoscaling/v1.Scale,result=k8s.io/api/autoscaling/v1.Scale
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="am",path=alertmanagers
// +kubebuilder:printcolumn:name="Version",type="string",JSONPath=".spec.version",description="Alertmanager version the pods run"
// +kubebuilder:printcolumn:name="Replicas",type="integer",JSONPath=".spec.replicas",description="Requested number of pods"
// +kubebuilder:printcolumn:name="Ready",type="integer",JSONPath=".status.availableReplicas",description="Pods that are ready"
// +kubebuilder:printcolumn:name="Reconciled",type="string",JSONPath=".status.conditions[?(@.type == 'Reconciled')].status"
// +kubebuilder:printcolumn:name="Available",type="string",JSONPath=".status.conditions[?(@.type == 'Available')].status"
// +kubebuilder:printcolumn:name="Age",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:printcolumn:name="Paused",type="boolean",JSONPath=".status.paused",description="True while the operator leaves this object alone",priority=1
// +kubebuilder:subresource:status
// +kubebuilder:subresource:scale:specpath=.spec.replicas,statuspath=.status.replicas,selectorpath=.status.selector
type Alertmanager struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// spec is the desired state of the Alertmanager cluster.
	// +required
	Spec AlertmanagerSpec `json:"spec"`
	// status is what the operator last observed; it is written by the operator only.
	// +optional
	Status AlertmanagerStatus `json:"status,omitempty"`
}

// AlertmanagerList is a page of Alertmanager objects.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type AlertmanagerList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitempty"`
	// items holds the Alertmanager objects of this page.
	Items []Alertmanager `json:"items"`
}

// AlertmanagerSpec is the desired state of an Alertmanager cluster: the
// container image, the pod template knobs, clustering and the configuration
// sources.
type AlertmanagerSpec struct {
	// podMetadata holds labels and annotations added to every generated pod.
	// +optional
	PodMetadata *EmbeddedObjectMetadata `json:"podMetadata,omitempty"`
	// image overrides the Alertmanager container image; when it is set, version,
	// tag, sha and baseImage only serve as hints.
	// +optional
	Image *string `json:"image,omitempty"`
	// imagePullPolicy of the Alertmanager and config-reloader containers.
	// +kubebuilder:validation:Enum="";Always;Never;IfNotPresent
	// +optional
	ImagePullPolicy corev1.PullPolicy `json:"imagePullPolicy,omitempty"`
	// version of Alertmanager to run; it picks the image tag and gates version-specific flags.
	// +optional
	Version string `json:"version,omitempty"`
	// tag of the image to run.
	//
	// Deprecated: use image.
	// +optional
	Tag string `json:"tag,omitempty"`
	// sha is an image digest that wins over tag and version.
	//
	// Deprecated: use image.
	// +optional
	SHA string `json:"sha,omitempty"`
	// baseImage is the image repository without tag.
	//
	// Deprecated: use image.
	// +optional
	BaseImage string `json:"baseImage,omitempty"`
	// imagePullSecrets names Secrets in this namespace used to pull the images.
	// +optional
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`
	// secrets names Secrets of this namespace mounted under /etc/alertmanager/secrets/<name>.
	// +optional
	Secrets []string `json:"secrets,omitempty"`
	// configMaps names ConfigMaps of this namespace mounted under /etc/alertmanager/configmaps/<name>.
	// +optional
	ConfigMaps []string `json:"configMaps,omitempty"`
	// configSecret names the Secret holding alertmanager.yaml and templates.
	// Empty means "alertmanager-<object name>"; the operator writes a minimal
	// configuration when the Secret does not exist.
	// +optional
	ConfigSecret string `json:"configSecret,omitempty"`
	// logLevel of the Alertmanager process.
	// +kubebuilder:validation:Enum="";debug;info;warn;error
	// +optional
	LogLevel string `json:"logLevel,omitempty"`
	// logFormat of the Alertmanager process.
	// +kubebuilder:validation:Enum="";logfmt;json
	// +optional
	LogFormat string `json:"logFormat,omitempty"`
	// replicas is the number of Alertmanager pods; unset means one.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// retention is how long notification state and silences are kept.
	// +kubebuilder:default:="120h"
	// +optional
	Retention GoDuration `json:"retention,omitempty"`
	// storage selects the volume that keeps Alertmanager data; emptyDir when unset.
	// +optional
	Storage *StorageSpec `json:"storage,omitempty"`
	// volumes are added to the generated pods.
	// +optional
	Volumes []corev1.Volume `json:"volumes,omitempty"`
	// volumeMounts are added to the alertmanager container.
	// +optional
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
	// persistentVolumeClaimRetentionPolicy is copied to the StatefulSet and says
	// what happens to claims on deletion and scale-down.
	// +optional
	PersistentVolumeClaimRetentionPolicy *appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy `json:"persistentVolumeClaimRetentionPolicy,omitempty"`
	// externalUrl is the address users reach Alertmanager at, used in links and as route base.
	// +optional
	ExternalURL string `json:"externalUrl,omitempty"`
	// routePrefix is the HTTP path prefix Alertmanager serves under, when it differs from externalUrl's path.
	// +optional
	RoutePrefix string `json:"routePrefix,omitempty"`
	// paused stops the operator from changing the generated objects (except deleting them).
	// +optional
	Paused bool `json:"paused,omitempty"`
	// nodeSelector constrains the nodes the pods may run on.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// schedulerName picks a non-default scheduler for the pods.
	// +kubebuilder:validation:MinLength=1
	// +optional
	SchedulerName string `json:"schedulerName,omitempty"`
	// resources of the alertmanager container.
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
	// serviceName names an existing governing Service for the StatefulSet instead
	// of the one the operator creates.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ServiceName *string `json:"serviceName,omitempty"`
	// serviceAccountName is the ServiceAccount the pods run as.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	// listenLocal binds Alertmanager to 127.0.0.1 instead of the pod IP.
	// +optional
	ListenLocal bool `json:"listenLocal,omitempty"`
	// podManagementPolicy of the StatefulSet; Parallel when unset.
	// +optional
	PodManagementPolicy *PodManagementPolicyType `json:"podManagementPolicy,omitempty"`
	// updateStrategy of the StatefulSet; RollingUpdate when unset.
	// +optional
	UpdateStrategy *StatefulSetUpdateStrategy `json:"updateStrategy,omitempty"`
	// containers are added to the pods or, matched by name, patched over the
	// generated ones (strategic merge).
	// +optional
	Containers []corev1.Container `json:"containers,omitempty"`
	// initContainers are added to the pods or patched over generated ones by name.
	// +optional
	InitContainers []corev1.Container `json:"initContainers,omitempty"`
	// priorityClassName of the pods.
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`
	// additionalPeers are host:port addresses of extra cluster members outside this object.
	// +optional
	AdditionalPeers []string `json:"additionalPeers,omitempty"`
	// clusterAdvertiseAddress is the address announced to the other cluster members.
	// +optional
	ClusterAdvertiseAddress string `json:"clusterAdvertiseAddress,omitempty"`
	// clusterGossipInterval sets how often gossip messages are sent.
	// +optional
	ClusterGossipInterval GoDuration `json:"clusterGossipInterval,omitempty"`
	// clusterLabel tags the cluster so that members of another cluster are rejected.
	// +optional
	ClusterLabel *string `json:"clusterLabel,omitempty"`
	// clusterPushpullInterval sets how often full state syncs happen.
	// +optional
	ClusterPushpullInterval GoDuration `json:"clusterPushpullInterval,omitempty"`
	// clusterPeerTimeout is how long a member waits for the members ahead of it
	// to send a notification before sending it itself.
	// +optional
	ClusterPeerTimeout GoDuration `json:"clusterPeerTimeout,omitempty"`
	// portName is the name of the web port of the pods and Service.
	// +kubebuilder:default:="web"
	// +optional
	PortName string `json:"portName,omitempty"`
	// forceEnableClusterMode keeps clustering on with a single replica, e.g. to
	// join additionalPeers.
	// +optional
	ForceEnableClusterMode bool `json:"forceEnableClusterMode,omitempty"`
	// alertmanagerConfigSelector picks the AlertmanagerConfig objects merged into
	// the configuration; unset selects none.
	// +optional
	AlertmanagerConfigSelector *metav1.LabelSelector `json:"alertmanagerConfigSelector,omitempty"`
	// alertmanagerConfigNamespaceSelector picks the namespaces searched for
	// AlertmanagerConfig objects; unset means this namespace only.
	// +optional
	AlertmanagerConfigNamespaceSelector *metav1.LabelSelector `json:"alertmanagerConfigNamespaceSelector,omitempty"`
	// alertmanagerConfigMatcherStrategy says how routes from AlertmanagerConfig
	// objects are restricted to alerts of their namespace.
	// +optional
	AlertmanagerConfigMatcherStrategy AlertmanagerConfigMatcherStrategy `json:"alertmanagerConfigMatcherStrategy,omitzero"`
	// minReadySeconds a new pod must be ready before it counts as available.
	// +kubebuilder:validation:Minimum:=0
	// +optional
	MinReadySeconds *int32 `json:"minReadySeconds,omitempty"`
	// hostAliases are added to the pods' /etc/hosts.
	// +listType=map
	// +listMapKey=ip
	// +optional
	HostAliases []HostAlias `json:"hostAliases,omitempty"`
	// hostNetwork runs the pods in the node's network namespace.
	// +optional
	HostNetwork bool `json:"hostNetwork,omitempty"`
	// web configures the HTTP server of Alertmanager.
	// +optional
	Web *AlertmanagerWebSpec `json:"web,omitempty"`
	// limits caps the silences Alertmanager accepts.
	// +optional
	Limits *AlertmanagerLimitsSpec `json:"limits,omitempty"`
	// clusterTLS secures the gossip traffic between cluster members.
	// +optional
	ClusterTLS *ClusterTLSConfig `json:"clusterTLS,omitempty"`
	// alertmanagerConfiguration names an AlertmanagerConfig of this namespace
	// used as the whole configuration instead of configSecret.
	// +optional
	AlertmanagerConfiguration *AlertmanagerConfiguration `json:"alertmanagerConfiguration,omitempty"`
	// automountServiceAccountToken toggles mounting the ServiceAccount token into the pods.
	// +optional
	AutomountServiceAccountToken *bool `json:"automountServiceAccountToken,omitempty"`
	// enableFeatures lists Alertmanager feature flags (--enable-feature).
	// +optional
	EnableFeatures []string `json:"enableFeatures,omitempty"`
	// additionalArgs are extra command-line flags for the alertmanager container.
	// +optional
	AdditionalArgs []Argument `json:"additionalArgs,omitempty"`
	// terminationGracePeriodSeconds of the pods.
	// +kubebuilder:validation:Minimum:=0
	// +optional
	TerminationGracePeriodSeconds *int64 `json:"terminationGracePeriodSeconds,omitempty"`
	// hostUsers=false runs the pods in their own user namespace.
	// +optional
	HostUsers *bool `json:"hostUsers,omitempty"`
}

// AlertmanagerConfigMatcherStrategyType names how AlertmanagerConfig routes are
// scoped to their own namespace.
type AlertmanagerConfigMatcherStrategyType string

const (
	// OnNamespaceConfigMatcherStrategyType adds a namespace matcher to every
	// AlertmanagerConfig route.
	OnNamespaceConfigMatcherStrategyType AlertmanagerConfigMatcherStrategyType = "OnNamespace"
	// OnNamespaceExceptForAlertmanagerNamespaceConfigMatcherStrategyType adds the
	// namespace matcher except for AlertmanagerConfig objects living in the
	// Alertmanager's own namespace, whose routes see every alert.
	OnNamespaceExceptForAlertmanagerNamespaceConfigMatcherStrategyType AlertmanagerConfigMatcherStrategyType = "OnNamespaceExceptForAlertmanagerNamespace"
	// NoneConfigMatcherStrategyType adds no namespace matcher.
	NoneConfigMatcherStrategyType AlertmanagerConfigMatcherStrategyType = "None"
)

// AlertmanagerConfigMatcherStrategy holds the matcher strategy of AlertmanagerConfig routes.
type AlertmanagerConfigMatcherStrategy struct {
	// type of the strategy.
	// +kubebuilder:validation:Enum="OnNamespace";"OnNamespaceExceptForAlertmanagerNamespace";"None"
	// +kubebuilder:default:="OnNamespace"
	// +optional
	Type AlertmanagerConfigMatcherStrategyType `json:"type,omitempty"`
}

// AlertmanagerWebSpec configures the Alertmanager HTTP server.
type AlertmanagerWebSpec struct {
	WebConfigFileFields `json:",inline"`
	// getConcurrency caps concurrently served GET requests (--web.get-concurrency).
	// +kubebuilder:validation:Minimum:=0
	// +optional
	GetConcurrency *uint32 `json:"getConcurrency,omitempty"`
	// timeout in seconds for HTTP requests (--web.timeout).
	// +kubebuilder:validation:Minimum:=0
	// +optional
	Timeout *uint32 `json:"timeout,omitempty"`
}

// AlertmanagerLimitsSpec caps the silences an Alertmanager keeps.
type AlertmanagerLimitsSpec struct {
	// maxSilences is the largest number of silences, expired ones included; 0 means no cap.
	// +kubebuilder:validation:Minimum:=0
	// +optional
	MaxSilences *int32 `json:"maxSilences,omitempty"`
	// maxPerSilenceBytes is the largest size of one silence; 0 means no cap.
	// +optional
	MaxPerSilenceBytes *ByteSize `json:"maxPerSilenceBytes,omitempty"`
}

// ClusterTLSConfig secures the gossip between Alertmanager peers, as the
// server and as the client side.
type ClusterTLSConfig struct {
	// server is the TLS setup of the listening side.
	// +required
	ServerTLS WebTLSConfig `json:"server"`
	// client is the TLS setup used to reach the peers.
	// +required
	ClientTLS SafeTLSConfig `json:"client"`
}

// AlertmanagerStatus is the state of an Alertmanager cluster as last seen by the operator.
type AlertmanagerStatus struct {
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
	// selector is the label selector of the pods, serialized, for the scale subresource.
	// +optional
	Selector string `json:"selector,omitempty"`
	// conditions are the latest observations of the object's state.
	// +listType=map
	// +listMapKey=type
	// +optional
	Conditions []Condition `json:"conditions,omitempty"`
}

// ExpectedReplicas is the number of pods the spec asks for (one when unset).
func (a *Alertmanager) ExpectedReplicas() int {
	if a.Spec.Replicas == nil {
		return 1
	}
	return int(*a.Spec.Replicas)
}

// GetAvailableReplicas returns the available pod count from the status.
func (a *Alertmanager) GetAvailableReplicas() int { return int(a.Status.AvailableReplicas) }

// GetUpdatedReplicas returns the up-to-date pod count from the status.
func (a *Alertmanager) GetUpdatedReplicas() int { return int(a.Status.UpdatedReplicas) }

// GetConditions returns the status conditions.
func (a *Alertmanager) GetConditions() []Condition { return a.Status.Conditions }
