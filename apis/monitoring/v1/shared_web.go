// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
)

// WebConfigFileFields are the parts of the exporter-toolkit web configuration
// file that a workload's own HTTP server can be given.
type WebConfigFileFields struct {
	// TLSConfig turns on TLS for the web server.
	// +optional
	TLSConfig *WebTLSConfig `json:"tlsConfig,omitempty"`
	// HTTPConfig sets HTTP options of the web server.
	// +optional
	HTTPConfig *WebHTTPConfig `json:"httpConfig,omitempty"`
}

// WebTLSConfig is the server-side TLS configuration of a web server.
type WebTLSConfig struct {
	// Cert is the server certificate; it excludes CertFile.
	// +optional
	Cert SecretOrConfigMap `json:"cert,omitzero"`
	// CertFile is a path in the container to the server certificate.
	// +optional
	CertFile *string `json:"certFile,omitempty"`
	// KeySecret is the Secret key holding the server's private key; it excludes KeyFile.
	// +optional
	KeySecret corev1.SecretKeySelector `json:"keySecret,omitzero"`
	// KeyFile is a path in the container to the server's private key.
	// +optional
	KeyFile *string `json:"keyFile,omitempty"`
	// ClientCA is the CA that verifies client certificates; it excludes ClientCAFile.
	// +optional
	ClientCA SecretOrConfigMap `json:"client_ca,omitzero"`
	// ClientCAFile is a path in the container to the client CA.
	// +optional
	ClientCAFile *string `json:"clientCAFile,omitempty"`
	// ClientAuthType is the Go crypto/tls client authentication policy name.
	// +optional
	ClientAuthType *string `json:"clientAuthType,omitempty"`
	// MinVersion is the lowest TLS version accepted.
	// +optional
	MinVersion *string `json:"minVersion,omitempty"`
	// MaxVersion is the highest TLS version accepted.
	// +optional
	MaxVersion *string `json:"maxVersion,omitempty"`
	// CipherSuites restricts the cipher suites offered for TLS 1.2 and lower.
	// +optional
	CipherSuites []string `json:"cipherSuites,omitempty"`
	// PreferServerCipherSuites makes the server's cipher order win.
	// +optional
	PreferServerCipherSuites *bool `json:"preferServerCipherSuites,omitempty"`
	// CurvePreferences orders the elliptic curves used in handshakes.
	// +optional
	CurvePreferences []string `json:"curvePreferences,omitempty"`
}

// WebHTTPConfig sets HTTP options of a web server.
type WebHTTPConfig struct {
	// HTTP2 allows HTTP/2; only meaningful with TLS.
	// +optional
	HTTP2 *bool `json:"http2,omitempty"`
	// Headers are security headers added to every response.
	// +optional
	Headers *WebHTTPHeaders `json:"headers,omitempty"`
}

// WebHTTPHeaders are security headers a web server adds to its responses.
type WebHTTPHeaders struct {
	// ContentSecurityPolicy is the Content-Security-Policy header.
	// +optional
	ContentSecurityPolicy string `json:"contentSecurityPolicy,omitempty"`
	// XFrameOptions is the X-Frame-Options header.
	// +kubebuilder:validation:Enum="";Deny;SameOrigin
	// +optional
	XFrameOptions string `json:"xFrameOptions,omitempty"`
	// XContentTypeOptions is the X-Content-Type-Options header.
	// +kubebuilder:validation:Enum="";NoSniff
	// +optional
	XContentTypeOptions string `json:"xContentTypeOptions,omitempty"`
	// XXSSProtection is the X-XSS-Protection header.
	// +optional
	XXSSProtection string `json:"xXSSProtection,omitempty"`
	// StrictTransportSecurity is the Strict-Transport-Security header.
	// +optional
	StrictTransportSecurity string `json:"strictTransportSecurity,omitempty"`
}
