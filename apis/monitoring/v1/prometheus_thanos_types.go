// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
)

// ThanosSpec adds a Thanos sidecar to the Prometheus pods: it serves the
// StoreAPI over gRPC and, given object storage, uploads the TSDB blocks.
type ThanosSpec struct {
	// image overrides the sidecar image; version then only serves as a hint.
	// +optional
	Image *string `json:"image,omitempty"`
	// version of Thanos to run when image is unset.
	// +optional
	Version *string `json:"version,omitempty"`
	// tag of the image to run. Deprecated: use image.
	// +optional
	Tag *string `json:"tag,omitempty"`
	// sha is an image digest that wins over tag and version. Deprecated: use image.
	// +optional
	SHA *string `json:"sha,omitempty"`
	// baseImage is the image repository without tag. Deprecated: use image.
	// +optional
	BaseImage *string `json:"baseImage,omitempty"`
	// resources of the sidecar container.
	// +optional
	Resources corev1.ResourceRequirements `json:"resources,omitzero"`

	// objectStorageConfig is a Secret key holding the Thanos object storage
	// configuration; blocks are uploaded when it is set.
	// +optional
	ObjectStorageConfig *corev1.SecretKeySelector `json:"objectStorageConfig,omitempty"`
	// objectStorageConfigFile is a path in the container to the object storage
	// configuration; it wins over objectStorageConfig.
	// +optional
	ObjectStorageConfigFile *string `json:"objectStorageConfigFile,omitempty"`

	// listenLocal binds the sidecar to 127.0.0.1. Deprecated: use
	// grpcListenLocal and httpListenLocal.
	// +optional
	ListenLocal bool `json:"listenLocal,omitempty"`
	// grpcListenLocal binds the sidecar's gRPC server to 127.0.0.1.
	// +optional
	GRPCListenLocal bool `json:"grpcListenLocal,omitempty"`
	// httpListenLocal binds the sidecar's HTTP server to 127.0.0.1.
	// +optional
	HTTPListenLocal bool `json:"httpListenLocal,omitempty"`

	// tracingConfig is a Secret key holding the Thanos tracing configuration.
	// +optional
	TracingConfig *corev1.SecretKeySelector `json:"tracingConfig,omitempty"`
	// tracingConfigFile is a path in the container to the tracing
	// configuration; it wins over tracingConfig.
	// +optional
	TracingConfigFile string `json:"tracingConfigFile,omitempty"`

	// grpcServerTlsConfig secures the sidecar's gRPC (StoreAPI) server.
	// +optional
	GRPCServerTLSConfig *GRPCServerTLSConfig `json:"grpcServerTlsConfig,omitempty"`

	// logLevel of the sidecar.
	// +kubebuilder:validation:Enum="";debug;info;warn;error
	// +optional
	LogLevel string `json:"logLevel,omitempty"`
	// logFormat of the sidecar.
	// +kubebuilder:validation:Enum="";logfmt;json
	// +optional
	LogFormat string `json:"logFormat,omitempty"`
	// minTime bounds the oldest data the sidecar serves, as an RFC 3339 time
	// or a duration relative to now.
	// +optional
	MinTime string `json:"minTime,omitempty"`
	// blockSize is the length of the TSDB blocks; the sidecar needs it to be
	// the same as Prometheus' min and max block duration.
	// +kubebuilder:default:="2h"
	// +optional
	BlockDuration Duration `json:"blockSize,omitempty"`
	// readyTimeout bounds how long the sidecar waits for Prometheus to start.
	// +optional
	ReadyTimeout Duration `json:"readyTimeout,omitempty"`
	// getConfigInterval is how often the sidecar reads Prometheus' configuration.
	// +optional
	GetConfigInterval Duration `json:"getConfigInterval,omitempty"`
	// getConfigTimeout bounds each read of Prometheus' configuration.
	// +optional
	GetConfigTimeout Duration `json:"getConfigTimeout,omitempty"`
	// volumeMounts are added to the sidecar container.
	// +optional
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
	// additionalArgs are extra command-line flags for the sidecar container.
	// +optional
	AdditionalArgs []Argument `json:"additionalArgs,omitempty"`
}

// GRPCServerTLSConfig is the TLS setup of a Thanos gRPC server: the server's
// certificate and, to check client certificates, a CA.
type GRPCServerTLSConfig struct {
	TLSConfig `json:",inline"`

	// cipherSuites restricts the cipher suites offered for TLS 1.2 and lower,
	// by Go crypto/tls name.
	// +kubebuilder:validation:MinItems=1
	// +listType=set
	// +optional
	CipherSuites []string `json:"cipherSuites,omitempty"`
	// curves orders the elliptic curves used in handshakes, by Go crypto/tls name.
	// +kubebuilder:validation:MinItems=1
	// +listType=set
	// +optional
	Curves []string `json:"curves,omitempty"`
}
