// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
)

// SecretOrConfigMap reads a value from a key of either a Secret or a ConfigMap.
// At most one of the two should be set.
type SecretOrConfigMap struct {
	// Secret holding the value.
	// +optional
	Secret *corev1.SecretKeySelector `json:"secret,omitempty"`
	// ConfigMap holding the value.
	// +optional
	ConfigMap *corev1.ConfigMapKeySelector `json:"configMap,omitempty"`
}

// IsEmpty reports whether neither source is set.
func (s *SecretOrConfigMap) IsEmpty() bool {
	return s == nil || (s.Secret == nil && s.ConfigMap == nil)
}

// TLSVersion is a TLS protocol version.
//
// +kubebuilder:validation:Enum=TLS10;TLS11;TLS12;TLS13
type TLSVersion string

// The TLS versions.
const (
	TLSVersion10 TLSVersion = "TLS10"
	TLSVersion11 TLSVersion = "TLS11"
	TLSVersion12 TLSVersion = "TLS12"
	TLSVersion13 TLSVersion = "TLS13"
)

// SafeTLSConfig configures a TLS client using only Secrets and ConfigMaps,
// never files on the Prometheus host; it is safe to accept from any namespace.
type SafeTLSConfig struct {
	// CA is the certificate authority used to verify the server.
	// +optional
	CA SecretOrConfigMap `json:"ca,omitzero"`
	// Cert is the client certificate presented to the server.
	// +optional
	Cert SecretOrConfigMap `json:"cert,omitzero"`
	// KeySecret is the Secret key holding the client certificate's private key.
	// +optional
	KeySecret *corev1.SecretKeySelector `json:"keySecret,omitempty"`
	// ServerName overrides the host name checked against the server certificate.
	// +optional
	ServerName *string `json:"serverName,omitempty"`
	// InsecureSkipVerify turns off server certificate verification.
	// +optional
	InsecureSkipVerify *bool `json:"insecureSkipVerify,omitempty"`
	// MinVersion is the lowest TLS version accepted.
	// +optional
	MinVersion *TLSVersion `json:"minVersion,omitempty"`
	// MaxVersion is the highest TLS version accepted.
	// +optional
	MaxVersion *TLSVersion `json:"maxVersion,omitempty"`
}

// TLSConfig is a SafeTLSConfig that may also name files inside the Prometheus container.
type TLSConfig struct {
	SafeTLSConfig `json:",inline"`

	// CAFile is a path to the CA certificate in the container.
	// +optional
	CAFile string `json:"caFile,omitempty"`
	// CertFile is a path to the client certificate in the container.
	// +optional
	CertFile string `json:"certFile,omitempty"`
	// KeyFile is a path to the client private key in the container.
	// +optional
	KeyFile string `json:"keyFile,omitempty"`
}
