// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
)

// BasicAuth sets HTTP basic authentication from Secret keys.
type BasicAuth struct {
	// Username is the Secret key holding the user name.
	// +optional
	Username corev1.SecretKeySelector `json:"username,omitzero"`
	// Password is the Secret key holding the password.
	// +optional
	Password corev1.SecretKeySelector `json:"password,omitzero"`
}

// SafeAuthorization sets the HTTP Authorization header from a Secret key.
type SafeAuthorization struct {
	// Type is the authentication scheme, "Bearer" when empty. "Basic" is refused;
	// use BasicAuth instead.
	// +optional
	Type string `json:"type,omitempty"`
	// Credentials is the Secret key holding the header's credentials.
	// +optional
	Credentials *corev1.SecretKeySelector `json:"credentials,omitempty"`
}

// Authorization is a SafeAuthorization that may also read credentials from a file.
type Authorization struct {
	SafeAuthorization `json:",inline"`

	// CredentialsFile is a path in the container to read the credentials from.
	// It excludes Credentials.
	// +optional
	CredentialsFile string `json:"credentialsFile,omitempty"`
}

// OAuth2 configures the OAuth 2.0 client-credentials flow.
type OAuth2 struct {
	// ClientID is read from a Secret or ConfigMap key.
	// +required
	ClientID SecretOrConfigMap `json:"clientId"`
	// ClientSecret is the Secret key holding the client secret.
	// +required
	ClientSecret corev1.SecretKeySelector `json:"clientSecret"`
	// TokenURL is the endpoint tokens are fetched from.
	// +kubebuilder:validation:Pattern:="^(http|https)://.+$"
	// +required
	TokenURL string `json:"tokenUrl"`
	// Scopes requested with the token.
	// +optional
	Scopes []string `json:"scopes,omitempty"`
	// EndpointParams are extra parameters appended to the token URL.
	// +optional
	EndpointParams map[string]string `json:"endpointParams,omitempty"`
	// TLSConfig is used when connecting to the token endpoint.
	// +optional
	TLSConfig *SafeTLSConfig `json:"tlsConfig,omitempty"`

	ProxyConfig `json:",inline"`
}

// Sigv4 signs requests with AWS Signature Version 4.
//
// +kubebuilder:validation:XValidation:rule="!has(self.externalId) || has(self.roleArn)",message="externalId needs roleArn to be set"
type Sigv4 struct {
	// Region is the AWS region; the default credential chain's region when empty.
	// +optional
	Region string `json:"region,omitempty"`
	// AccessKey is the Secret key holding the AWS access key ID.
	// +optional
	AccessKey *corev1.SecretKeySelector `json:"accessKey,omitempty"`
	// SecretKey is the Secret key holding the AWS secret access key.
	// +optional
	SecretKey *corev1.SecretKeySelector `json:"secretKey,omitempty"`
	// Profile is the named AWS profile used to authenticate.
	// +optional
	Profile string `json:"profile,omitempty"`
	// RoleArn is the AWS role to assume.
	// +optional
	RoleArn string `json:"roleArn,omitempty"`
	// ExternalID is passed when assuming RoleArn.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ExternalID *string `json:"externalId,omitempty"`
	// UseFIPSSTSEndpoint makes role assumption use the FIPS STS endpoint.
	// +optional
	UseFIPSSTSEndpoint *bool `json:"useFIPSSTSEndpoint,omitempty"`
}
