// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
)

// Scheme is the URL scheme used to reach an HTTP endpoint. The upper-case
// spellings are accepted and mean the same.
//
// +kubebuilder:validation:Enum=http;https;HTTP;HTTPS
type Scheme string

// The URL schemes.
const (
	SchemeHTTP  Scheme = "http"
	SchemeHTTPS Scheme = "https"
)

// ProxyConfig routes HTTP requests through a proxy.
type ProxyConfig struct {
	// ProxyURL is the proxy to send requests through.
	// +kubebuilder:validation:Pattern:="^(http|https|socks5)://.+$"
	// +optional
	ProxyURL *string `json:"proxyUrl,omitempty"`
	// NoProxy is a comma-separated list of IPs, CIDRs and domains that bypass the proxy.
	// +optional
	NoProxy *string `json:"noProxy,omitempty"`
	// ProxyFromEnvironment takes the proxy from the HTTP_PROXY, HTTPS_PROXY and
	// NO_PROXY environment variables instead.
	// +optional
	ProxyFromEnvironment *bool `json:"proxyFromEnvironment,omitempty"`
	// ProxyConnectHeader holds headers, read from Secret keys, sent on CONNECT requests.
	// +mapType:=atomic
	// +optional
	ProxyConnectHeader map[string][]corev1.SecretKeySelector `json:"proxyConnectHeader,omitempty"`
}

// HTTPClientConfig groups the authentication and transport settings that
// every scrape target kind (ServiceMonitor endpoints, PodMonitor endpoints,
// Probes) shares, so one code path can render them.
type HTTPClientConfig struct {
	// Authorization sets the Authorization header.
	// +optional
	Authorization *SafeAuthorization `json:"authorization,omitempty"`
	// BasicAuth sets basic authentication.
	// +optional
	BasicAuth *BasicAuth `json:"basicAuth,omitempty"`
	// OAuth2 sets the OAuth 2.0 client-credentials flow.
	// +optional
	OAuth2 *OAuth2 `json:"oauth2,omitempty"`
	// BearerTokenSecret is a Secret key holding a bearer token.
	//
	// Deprecated: use Authorization.
	// +optional
	BearerTokenSecret *corev1.SecretKeySelector `json:"bearerTokenSecret,omitempty"`
	// FollowRedirects makes the client follow HTTP 3xx redirects.
	// +optional
	FollowRedirects *bool `json:"followRedirects,omitempty"`
	// EnableHTTP2 allows HTTP/2.
	// +optional
	EnableHTTP2 *bool `json:"enableHttp2,omitempty"`
}

// APIServerConfig tells Prometheus how to reach a Kubernetes API server for
// service discovery, instead of the in-cluster defaults.
type APIServerConfig struct {
	// Host is the API server's address: a host name, host:port, or a URL.
	// +required
	Host string `json:"host"`
	// BasicAuth sets basic authentication.
	// +optional
	BasicAuth *BasicAuth `json:"basicAuth,omitempty"`
	// BearerTokenFile is a path in the container to a bearer token.
	//
	// Deprecated: use Authorization.
	// +optional
	BearerTokenFile string `json:"bearerTokenFile,omitempty"`
	// TLSConfig sets the TLS client.
	// +optional
	TLSConfig *TLSConfig `json:"tlsConfig,omitempty"`
	// Authorization sets the Authorization header.
	// +optional
	Authorization *Authorization `json:"authorization,omitempty"`
	// BearerToken is a bearer token in clear text.
	//
	// Deprecated: use Authorization.
	// +optional
	BearerToken string `json:"bearerToken,omitempty"`

	ProxyConfig `json:",inline"`
}
