// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// CommonPrometheusFields holds the settings shared by Prometheus and
// PrometheusAgent: what to scrape, where to send samples and how the pods look.
// Both specs embed it inline, so its fields sit directly under spec, and the
// validation rule below lands on both specs.
//
// +kubebuilder:validation:XValidation:rule="!has(self.shardingStrategy) || !has(self.shardingStrategy.mode) || self.shardingStrategy.mode != 'Topology' || !has(self.shardingStrategy.topology) || !has(self.shardingStrategy.topology.values) || self.shardingStrategy.topology.values.size() == 0 || (has(self.shards) ? self.shards : 1) >= self.shardingStrategy.topology.values.size()",message="shards must be at least the number of topology values"
type CommonPrometheusFields struct {
	// podMetadata holds labels and annotations added to every generated pod.
	// +optional
	PodMetadata *EmbeddedObjectMetadata `json:"podMetadata,omitempty"`

	// serviceMonitorSelector picks the ServiceMonitors scraped; unset selects none.
	// +optional
	ServiceMonitorSelector *metav1.LabelSelector `json:"serviceMonitorSelector,omitempty"`
	// serviceMonitorNamespaceSelector picks the namespaces searched for
	// ServiceMonitors; unset means this namespace only.
	// +optional
	ServiceMonitorNamespaceSelector *metav1.LabelSelector `json:"serviceMonitorNamespaceSelector,omitempty"`
	// podMonitorSelector picks the PodMonitors scraped; unset selects none.
	// +optional
	PodMonitorSelector *metav1.LabelSelector `json:"podMonitorSelector,omitempty"`
	// podMonitorNamespaceSelector picks the namespaces searched for
	// PodMonitors; unset means this namespace only.
	// +optional
	PodMonitorNamespaceSelector *metav1.LabelSelector `json:"podMonitorNamespaceSelector,omitempty"`
	// probeSelector picks the Probes scraped; unset selects none.
	// +optional
	ProbeSelector *metav1.LabelSelector `json:"probeSelector,omitempty"`
	// probeNamespaceSelector picks the namespaces searched for Probes; unset
	// means this namespace only.
	// +optional
	ProbeNamespaceSelector *metav1.LabelSelector `json:"probeNamespaceSelector,omitempty"`
	// scrapeConfigSelector picks the ScrapeConfigs used; unset selects none.
	// +optional
	ScrapeConfigSelector *metav1.LabelSelector `json:"scrapeConfigSelector,omitempty"`
	// scrapeConfigNamespaceSelector picks the namespaces searched for
	// ScrapeConfigs; unset means this namespace only.
	// +optional
	ScrapeConfigNamespaceSelector *metav1.LabelSelector `json:"scrapeConfigNamespaceSelector,omitempty"`

	// version of Prometheus to run; it picks the image tag and gates
	// version-specific flags and configuration fields.
	// +optional
	Version string `json:"version,omitempty"`
	// paused stops the operator from changing the generated objects (except deleting them).
	// +optional
	Paused bool `json:"paused,omitempty"`
	// image overrides the Prometheus container image; version then only serves
	// as a hint for feature gating.
	// +optional
	Image *string `json:"image,omitempty"`
	// imagePullPolicy of the Prometheus, config-reloader and Thanos containers.
	// +kubebuilder:validation:Enum="";Always;Never;IfNotPresent
	// +optional
	ImagePullPolicy corev1.PullPolicy `json:"imagePullPolicy,omitempty"`
	// imagePullSecrets names Secrets in this namespace used to pull the images.
	// +optional
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`

	// replicas is the number of pods per shard; unset means one.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// shards is the number of shards the targets are split over; each shard is
	// one StatefulSet scraping its own part of the targets.
	// +kubebuilder:default:=1
	// +optional
	Shards *int32 `json:"shards,omitempty"`
	// shardingStrategy says how targets are assigned to shards.
	// +optional
	ShardingStrategy *ShardingStrategy `json:"shardingStrategy,omitempty"`
	// replicaExternalLabelName is the external label carrying the pod name;
	// "prometheus_replica" when unset, none when empty.
	// +optional
	ReplicaExternalLabelName *string `json:"replicaExternalLabelName,omitempty"`
	// prometheusExternalLabelName is the external label carrying
	// <namespace>/<name> of this object; "prometheus" when unset, none when empty.
	// +optional
	PrometheusExternalLabelName *string `json:"prometheusExternalLabelName,omitempty"`

	// logLevel of the Prometheus process.
	// +kubebuilder:validation:Enum="";debug;info;warn;error
	// +optional
	LogLevel string `json:"logLevel,omitempty"`
	// logFormat of the Prometheus process.
	// +kubebuilder:validation:Enum="";logfmt;json
	// +optional
	LogFormat string `json:"logFormat,omitempty"`

	// scrapeInterval is the default time between two scrapes of a target.
	// +kubebuilder:default:="30s"
	// +optional
	ScrapeInterval Duration `json:"scrapeInterval,omitempty"`
	// scrapeTimeout is the default time a scrape may take.
	// +optional
	ScrapeTimeout Duration `json:"scrapeTimeout,omitempty"`
	// scrapeProtocols lists the exposition formats offered to targets, by preference.
	// +listType=set
	// +optional
	ScrapeProtocols []ScrapeProtocol `json:"scrapeProtocols,omitempty"`
	// externalLabels are added to every series and alert leaving Prometheus.
	// +optional
	ExternalLabels map[string]string `json:"externalLabels,omitempty"`

	// enableRemoteWriteReceiver lets Prometheus accept remote-write requests.
	// +optional
	EnableRemoteWriteReceiver bool `json:"enableRemoteWriteReceiver,omitempty"`
	// enableOTLPReceiver lets Prometheus accept OTLP metrics.
	// +optional
	EnableOTLPReceiver *bool `json:"enableOTLPReceiver,omitempty"`
	// remoteWriteReceiverMessageVersions lists the remote-write protocol
	// versions the receiver accepts.
	// +kubebuilder:validation:MinItems=1
	// +listType=set
	// +optional
	RemoteWriteReceiverMessageVersions []RemoteWriteMessageVersion `json:"remoteWriteReceiverMessageVersions,omitempty"`
	// enableFeatures lists Prometheus feature flags (--enable-feature).
	// +listType=set
	// +optional
	EnableFeatures []EnableFeature `json:"enableFeatures,omitempty"`

	// externalUrl is the address users reach Prometheus at, used in links and as route base.
	// +optional
	ExternalURL string `json:"externalUrl,omitempty"`
	// routePrefix is the HTTP path prefix Prometheus serves under, when it
	// differs from externalUrl's path.
	// +optional
	RoutePrefix string `json:"routePrefix,omitempty"`

	// storage selects the volume that keeps the data; emptyDir when unset.
	// +optional
	Storage *StorageSpec `json:"storage,omitempty"`
	// volumes are added to the generated pods.
	// +optional
	Volumes []corev1.Volume `json:"volumes,omitempty"`
	// volumeMounts are added to the prometheus container.
	// +optional
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
	// persistentVolumeClaimRetentionPolicy is copied to the StatefulSets and
	// says what happens to claims on deletion and scale-down.
	// +optional
	PersistentVolumeClaimRetentionPolicy *appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy `json:"persistentVolumeClaimRetentionPolicy,omitempty"`
	// web configures the HTTP server of Prometheus.
	// +optional
	Web *PrometheusWebSpec `json:"web,omitempty"`
	// resources of the prometheus container.
	// +optional
	Resources corev1.ResourceRequirements `json:"resources,omitzero"`
	// nodeSelector constrains the nodes the pods may run on.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// schedulerName picks a non-default scheduler for the pods.
	// +kubebuilder:validation:MinLength=1
	// +optional
	SchedulerName string `json:"schedulerName,omitempty"`
	// serviceAccountName is the ServiceAccount the pods run as.
	// +optional
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
	// automountServiceAccountToken toggles mounting the ServiceAccount token
	// into the pods; true when unset, as Kubernetes service discovery needs it.
	// +optional
	AutomountServiceAccountToken *bool `json:"automountServiceAccountToken,omitempty"`
	// secrets names Secrets of this namespace mounted under /etc/prometheus/secrets/<name>.
	// +listType=set
	// +optional
	Secrets []string `json:"secrets,omitempty"`
	// configMaps names ConfigMaps of this namespace mounted under /etc/prometheus/configmaps/<name>.
	// +optional
	ConfigMaps []string `json:"configMaps,omitempty"`
	// affinity of the pods.
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`
	// tolerations of the pods.
	// +optional
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`
	// topologySpreadConstraints of the pods, optionally narrowed to this
	// object or to one shard.
	// +optional
	TopologySpreadConstraints []TopologySpreadConstraint `json:"topologySpreadConstraints,omitempty"`

	// remoteWrite lists the endpoints samples are sent to.
	// +optional
	RemoteWrite []RemoteWriteSpec `json:"remoteWrite,omitempty"`
	// otlp tunes how OTLP metrics are turned into Prometheus series.
	// +optional
	OTLP *OTLPConfig `json:"otlp,omitempty"`

	// securityContext of the pods; the operator picks a non-root default when unset.
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`
	// dnsPolicy of the pods.
	// +optional
	DNSPolicy *DNSPolicy `json:"dnsPolicy,omitempty"`
	// dnsConfig adds DNS settings to the pods.
	// +optional
	DNSConfig *PodDNSConfig `json:"dnsConfig,omitempty"`
	// listenLocal binds Prometheus to 127.0.0.1 instead of the pod IP.
	// +optional
	ListenLocal bool `json:"listenLocal,omitempty"`
	// podManagementPolicy of the StatefulSets; Parallel when unset.
	// +optional
	PodManagementPolicy *PodManagementPolicyType `json:"podManagementPolicy,omitempty"`
	// updateStrategy of the StatefulSets; RollingUpdate when unset.
	// +optional
	UpdateStrategy *StatefulSetUpdateStrategy `json:"updateStrategy,omitempty"`
	// enableServiceLinks toggles the Service environment variables injected into the pods.
	// +optional
	EnableServiceLinks *bool `json:"enableServiceLinks,omitempty"`
	// containers are added to the pods or, matched by name, patched over the
	// generated ones (strategic merge).
	// +optional
	Containers []corev1.Container `json:"containers,omitempty"`
	// initContainers are added to the pods or patched over generated ones by name.
	// +optional
	InitContainers []corev1.Container `json:"initContainers,omitempty"`

	// additionalScrapeConfigs is a Secret key holding extra scrape jobs in
	// Prometheus' own YAML, appended as they are.
	// +optional
	AdditionalScrapeConfigs *corev1.SecretKeySelector `json:"additionalScrapeConfigs,omitempty"`
	// apiserverConfig points Kubernetes service discovery at another API
	// server than the in-cluster one.
	// +optional
	APIServerConfig *APIServerConfig `json:"apiserverConfig,omitempty"`
	// priorityClassName of the pods.
	// +optional
	PriorityClassName string `json:"priorityClassName,omitempty"`
	// portName is the name of the web port of the pods and Service.
	// +kubebuilder:default:="web"
	// +optional
	PortName string `json:"portName,omitempty"`

	// arbitraryFSAccessThroughSMs controls whether monitors may read files of
	// the Prometheus container (bearer token and TLS files).
	// +optional
	ArbitraryFSAccessThroughSMs ArbitraryFSAccessThroughSMsConfig `json:"arbitraryFSAccessThroughSMs,omitzero"`
	// overrideHonorLabels forces honor_labels to false in every scrape job
	// built from monitors.
	// +optional
	OverrideHonorLabels bool `json:"overrideHonorLabels,omitempty"`
	// overrideHonorTimestamps forces honor_timestamps to false in every scrape
	// job built from monitors.
	// +optional
	OverrideHonorTimestamps bool `json:"overrideHonorTimestamps,omitempty"`
	// ignoreNamespaceSelectors makes every monitor select targets in its own
	// namespace only, whatever its namespaceSelector says.
	// +optional
	IgnoreNamespaceSelectors bool `json:"ignoreNamespaceSelectors,omitempty"`
	// enforcedNamespaceLabel is a label set to the object's namespace on every
	// scraped series and every rule, so that tenants cannot mix their data.
	// +optional
	EnforcedNamespaceLabel string `json:"enforcedNamespaceLabel,omitempty"`
	// enforcedSampleLimit caps the sample limit of every scrape job built from monitors.
	// +kubebuilder:validation:Minimum=0
	// +optional
	EnforcedSampleLimit *uint64 `json:"enforcedSampleLimit,omitempty"`
	// enforcedTargetLimit caps the target limit of every scrape job built from monitors.
	// +kubebuilder:validation:Minimum=0
	// +optional
	EnforcedTargetLimit *uint64 `json:"enforcedTargetLimit,omitempty"`
	// enforcedLabelLimit caps the per-sample label count of every scrape job built from monitors.
	// +kubebuilder:validation:Minimum=0
	// +optional
	EnforcedLabelLimit *uint64 `json:"enforcedLabelLimit,omitempty"`
	// enforcedLabelNameLengthLimit caps the label name length of every scrape job built from monitors.
	// +kubebuilder:validation:Minimum=0
	// +optional
	EnforcedLabelNameLengthLimit *uint64 `json:"enforcedLabelNameLengthLimit,omitempty"`
	// enforcedLabelValueLengthLimit caps the label value length of every scrape job built from monitors.
	// +kubebuilder:validation:Minimum=0
	// +optional
	EnforcedLabelValueLengthLimit *uint64 `json:"enforcedLabelValueLengthLimit,omitempty"`
	// enforcedKeepDroppedTargets caps how many dropped targets each scrape job
	// built from monitors keeps in memory.
	// +kubebuilder:validation:Minimum=0
	// +optional
	EnforcedKeepDroppedTargets *uint64 `json:"enforcedKeepDroppedTargets,omitempty"`
	// enforcedBodySizeLimit caps the scrape body size of every scrape job built from monitors.
	// +optional
	EnforcedBodySizeLimit ByteSize `json:"enforcedBodySizeLimit,omitempty"`

	// nameValidationScheme selects which metric and label names are valid.
	// +optional
	NameValidationScheme *NameValidationSchemeOptions `json:"nameValidationScheme,omitempty"`
	// nameEscapingScheme selects how names are escaped for targets that cannot take UTF-8.
	// +optional
	NameEscapingScheme *NameEscapingSchemeOptions `json:"nameEscapingScheme,omitempty"`
	// convertClassicHistogramsToNHCB turns scraped classic histograms into
	// native histograms with custom buckets.
	// +optional
	ConvertClassicHistogramsToNHCB *bool `json:"convertClassicHistogramsToNHCB,omitempty"`
	// scrapeNativeHistograms turns on native histogram ingestion by default.
	// +optional
	ScrapeNativeHistograms *bool `json:"scrapeNativeHistograms,omitempty"`
	// scrapeClassicHistograms keeps the classic series of histograms that also
	// come as native histograms.
	// +optional
	ScrapeClassicHistograms *bool `json:"scrapeClassicHistograms,omitempty"`

	// minReadySeconds a new pod must be ready before it counts as available.
	// +kubebuilder:validation:Minimum=0
	// +optional
	MinReadySeconds *int32 `json:"minReadySeconds,omitempty"`
	// hostAliases are added to the pods' /etc/hosts.
	// +listType=map
	// +listMapKey=ip
	// +optional
	HostAliases []HostAlias `json:"hostAliases,omitempty"`
	// additionalArgs are extra command-line flags for the prometheus container.
	// +optional
	AdditionalArgs []Argument `json:"additionalArgs,omitempty"`
	// walCompression toggles compression of the write-ahead log.
	// +optional
	WALCompression *bool `json:"walCompression,omitempty"`
	// excludedFromEnforcement lists monitor objects and rules that
	// enforcedNamespaceLabel leaves alone.
	// +optional
	ExcludedFromEnforcement []ObjectReference `json:"excludedFromEnforcement,omitempty"`
	// hostNetwork runs the pods in the node's network namespace.
	// +optional
	HostNetwork bool `json:"hostNetwork,omitempty"`
	// podTargetLabels are pod labels copied onto the series of every
	// ServiceMonitor and PodMonitor target.
	// +optional
	PodTargetLabels []string `json:"podTargetLabels,omitempty"`
	// tracingConfig sends Prometheus' own traces to an OTLP endpoint.
	// +optional
	TracingConfig *PrometheusTracingConfig `json:"tracingConfig,omitempty"`

	// bodySizeLimit is the default scrape body size limit of monitor jobs.
	// +optional
	BodySizeLimit *ByteSize `json:"bodySizeLimit,omitempty"`
	// sampleLimit is the default sample limit of monitor jobs.
	// +kubebuilder:validation:Minimum=0
	// +optional
	SampleLimit *uint64 `json:"sampleLimit,omitempty"`
	// targetLimit is the default target limit of monitor jobs.
	// +kubebuilder:validation:Minimum=0
	// +optional
	TargetLimit *uint64 `json:"targetLimit,omitempty"`
	// labelLimit is the default per-sample label count limit of monitor jobs.
	// +kubebuilder:validation:Minimum=0
	// +optional
	LabelLimit *uint64 `json:"labelLimit,omitempty"`
	// labelNameLengthLimit is the default label name length limit of monitor jobs.
	// +kubebuilder:validation:Minimum=0
	// +optional
	LabelNameLengthLimit *uint64 `json:"labelNameLengthLimit,omitempty"`
	// labelValueLengthLimit is the default label value length limit of monitor jobs.
	// +kubebuilder:validation:Minimum=0
	// +optional
	LabelValueLengthLimit *uint64 `json:"labelValueLengthLimit,omitempty"`
	// keepDroppedTargets is the default number of dropped targets each monitor
	// job keeps in memory.
	// +kubebuilder:validation:Minimum=0
	// +optional
	KeepDroppedTargets *uint64 `json:"keepDroppedTargets,omitempty"`

	// reloadStrategy says how Prometheus is told to reload its configuration.
	// +optional
	ReloadStrategy *ReloadStrategyType `json:"reloadStrategy,omitempty"`
	// maximumStartupDurationSeconds bounds how long the startup probe waits.
	// +kubebuilder:validation:Minimum=60
	// +optional
	MaximumStartupDurationSeconds *int32 `json:"maximumStartupDurationSeconds,omitempty"`
	// scrapeClasses are named bundles of scrape settings that monitors refer to.
	// +listType=map
	// +listMapKey=name
	// +optional
	ScrapeClasses []ScrapeClass `json:"scrapeClasses,omitempty"`
	// serviceDiscoveryRole picks the Kubernetes role used for ServiceMonitor targets.
	// +optional
	ServiceDiscoveryRole *ServiceDiscoveryRole `json:"serviceDiscoveryRole,omitempty"`
	// tsdb tunes the time-series database.
	// +optional
	TSDB *TSDBSpec `json:"tsdb,omitempty"`
	// scrapeFailureLogFile names the file scrape failures are logged to; a bare
	// file name is placed in the data volume.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ScrapeFailureLogFile *string `json:"scrapeFailureLogFile,omitempty"`
	// serviceName names an existing governing Service for the StatefulSets
	// instead of the prometheus-operated Service the operator manages.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ServiceName *string `json:"serviceName,omitempty"`
	// runtime tunes the Go runtime of Prometheus.
	// +optional
	Runtime *RuntimeConfig `json:"runtime,omitempty"`
	// terminationGracePeriodSeconds of the pods; 600 when unset, so that
	// Prometheus can flush its head block on shutdown.
	// +kubebuilder:validation:Minimum=0
	// +optional
	TerminationGracePeriodSeconds *int64 `json:"terminationGracePeriodSeconds,omitempty"`
	// hostUsers=false runs the pods in their own user namespace.
	// +optional
	HostUsers *bool `json:"hostUsers,omitempty"`
}
