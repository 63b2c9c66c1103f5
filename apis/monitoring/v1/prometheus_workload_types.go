// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// PodManagementPolicyType is the pod management policy of a generated StatefulSet.
//
// +kubebuilder:validation:Enum=OrderedReady;Parallel
type PodManagementPolicyType string

const (
	// OrderedReadyPodManagement starts and stops pods one at a time, in order.
	OrderedReadyPodManagement PodManagementPolicyType = "OrderedReady"
	// ParallelPodManagement starts and stops pods all at once.
	ParallelPodManagement PodManagementPolicyType = "Parallel"
)

// StatefulSetUpdateStrategyType is how a generated StatefulSet replaces its pods.
//
// +kubebuilder:validation:Enum=OnDelete;RollingUpdate
type StatefulSetUpdateStrategyType string

const (
	// RollingUpdateStatefulSetStrategyType replaces pods automatically, a few at a time.
	RollingUpdateStatefulSetStrategyType StatefulSetUpdateStrategyType = "RollingUpdate"
	// OnDeleteStatefulSetStrategyType replaces a pod only once someone deletes it.
	OnDeleteStatefulSetStrategyType StatefulSetUpdateStrategyType = "OnDelete"
)

// StatefulSetUpdateStrategy is the update strategy copied to a generated StatefulSet.
//
// +kubebuilder:validation:XValidation:rule="!(self.type != 'RollingUpdate' && has(self.rollingUpdate))",message="rollingUpdate may only be set with type RollingUpdate"
type StatefulSetUpdateStrategy struct {
	// type of the strategy.
	// +required
	Type StatefulSetUpdateStrategyType `json:"type"`
	// rollingUpdate tunes the RollingUpdate type.
	// +optional
	RollingUpdate *RollingUpdateStatefulSetStrategy `json:"rollingUpdate,omitempty"`
}

// RollingUpdateStatefulSetStrategy tunes rolling updates of a generated StatefulSet.
type RollingUpdateStatefulSetStrategy struct {
	// maxUnavailable is how many pods (or which share of them) may be down
	// during the update; one when unset.
	// +optional
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty"`
}

// EnableFeature is the name of a feature flag passed with --enable-feature.
//
// +kubebuilder:validation:MinLength=1
type EnableFeature string

// ReloadStrategyType says how Prometheus is told to reload its configuration.
//
// +kubebuilder:validation:Enum=HTTP;ProcessSignal
type ReloadStrategyType string

const (
	// HTTPReloadStrategyType calls Prometheus' /-/reload endpoint (the default).
	HTTPReloadStrategyType ReloadStrategyType = "HTTP"
	// ProcessSignalReloadStrategyType sends SIGHUP to the Prometheus process.
	ProcessSignalReloadStrategyType ReloadStrategyType = "ProcessSignal"
)

// ArbitraryFSAccessThroughSMsConfig controls whether monitors may make
// Prometheus read files from its own container.
type ArbitraryFSAccessThroughSMsConfig struct {
	// deny rejects monitors whose endpoints name files (bearer token, TLS
	// files) instead of Secret or ConfigMap keys.
	// +optional
	Deny bool `json:"deny,omitempty"`
}

// PrometheusWebSpec configures the HTTP server of Prometheus.
type PrometheusWebSpec struct {
	WebConfigFileFields `json:",inline"`

	// pageTitle is the title of the web UI pages.
	// +optional
	PageTitle *string `json:"pageTitle,omitempty"`
	// maxConnections caps the simultaneous HTTP connections.
	// +kubebuilder:validation:Minimum=0
	// +optional
	MaxConnections *int32 `json:"maxConnections,omitempty"`
}

// PrometheusTracingConfig sends the traces of Prometheus itself to an OTLP endpoint.
type PrometheusTracingConfig struct {
	// clientType is the OTLP transport; gRPC when unset.
	// +kubebuilder:validation:Enum=http;grpc;HTTP;GRPC
	// +optional
	ClientType *string `json:"clientType,omitempty"`
	// endpoint is the host:port traces are sent to.
	// +kubebuilder:validation:MinLength=1
	// +required
	Endpoint string `json:"endpoint"`
	// samplingFraction is the share of traces kept, between 0 and 1.
	// +optional
	SamplingFraction *resource.Quantity `json:"samplingFraction,omitempty"`
	// insecure sends traces without TLS.
	// +optional
	Insecure *bool `json:"insecure,omitempty"`
	// headers are added to every export request.
	// +optional
	Headers map[string]string `json:"headers,omitempty"`
	// compression of the export requests.
	// +kubebuilder:validation:Enum=gzip;Gzip
	// +optional
	Compression *string `json:"compression,omitempty"`
	// timeout bounds each export request.
	// +optional
	Timeout *Duration `json:"timeout,omitempty"`
	// tlsConfig of the connection to the endpoint.
	// +optional
	TLSConfig *TLSConfig `json:"tlsConfig,omitempty"`
}
