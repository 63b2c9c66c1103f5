// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// SDTransportConfig is how a discovery mechanism reaches its API over HTTP:
// proxy, TLS, redirects and HTTP/2. It is embedded inline, so its fields sit
// next to the mechanism's own fields.
type SDTransportConfig struct {
	monitoringv1.ProxyConfig `json:",inline"`

	// TLSConfig holds the TLS settings used to reach the discovery API.
	// +optional
	TLSConfig *monitoringv1.SafeTLSConfig `json:"tlsConfig,omitempty"`
	// FollowRedirects makes the discovery requests follow HTTP 3xx redirects.
	// +optional
	FollowRedirects *bool `json:"followRedirects,omitempty"`
	// EnableHTTP2 allows HTTP/2 for the discovery requests.
	// +optional
	EnableHTTP2 *bool `json:"enableHTTP2,omitempty"`
}

// SDBearerClientConfig is the HTTP client of a discovery API that accepts
// token credentials only: an Authorization header or OAuth2, never basic auth.
type SDBearerClientConfig struct {
	// Authorization sets an Authorization header on the discovery requests.
	// Set at most one of authorization and oauth2.
	// +optional
	Authorization *monitoringv1.SafeAuthorization `json:"authorization,omitempty"`
	// OAuth2 fetches a token for the discovery requests.
	// Set at most one of authorization and oauth2.
	// +optional
	OAuth2 *monitoringv1.OAuth2 `json:"oauth2,omitempty"`

	SDTransportConfig `json:",inline"`
}

// SDHTTPClientConfig is the full HTTP client of a discovery API: basic auth,
// an Authorization header or OAuth2 (at most one of them), plus the transport.
type SDHTTPClientConfig struct {
	// BasicAuth sets a user name and password on the discovery requests.
	// Set at most one of basicAuth, authorization and oauth2.
	// +optional
	BasicAuth *monitoringv1.BasicAuth `json:"basicAuth,omitempty"`

	SDBearerClientConfig `json:",inline"`
}

// SDFilter narrows discovery to resources that match one of the values of
// the named filter of the provider API.
type SDFilter struct {
	// Name is the provider's filter name.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// Values are the accepted values of the filter.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +listType=set
	// +required
	Values []string `json:"values"`
}
