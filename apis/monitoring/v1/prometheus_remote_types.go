// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
)

// RemoteWriteMessageVersion is a version of the remote-write wire protocol.
//
// +kubebuilder:validation:Enum=V1.0;V2.0
type RemoteWriteMessageVersion string

// The remote-write protocol versions.
const (
	RemoteWriteMessageVersion1_0 RemoteWriteMessageVersion = "V1.0"
	RemoteWriteMessageVersion2_0 RemoteWriteMessageVersion = "V2.0"
)

// RemoteWriteSpec is one endpoint Prometheus sends its samples to.
type RemoteWriteSpec struct {
	// url of the endpoint.
	// +kubebuilder:validation:Pattern:="^(http|https)://.+$"
	// +required
	URL string `json:"url"`
	// name identifies the queue in metrics and logs; it must be unique among
	// the remote writes of one object.
	// +optional
	Name *string `json:"name,omitempty"`
	// messageVersion of the protocol used with this endpoint.
	// +optional
	MessageVersion *RemoteWriteMessageVersion `json:"messageVersion,omitempty"`
	// sendExemplars also sends exemplars; exemplar storage must be on.
	// +optional
	SendExemplars *bool `json:"sendExemplars,omitempty"`
	// sendNativeHistograms also sends native histograms.
	// +optional
	SendNativeHistograms *bool `json:"sendNativeHistograms,omitempty"`
	// remoteTimeout bounds each request to the endpoint.
	// +optional
	RemoteTimeout *Duration `json:"remoteTimeout,omitempty"`
	// headers are added to every request; Prometheus' own headers cannot be replaced.
	// +optional
	Headers map[string]string `json:"headers,omitempty"`
	// writeRelabelConfigs filter and rewrite the series before they are sent.
	// +optional
	WriteRelabelConfigs []RelabelConfig `json:"writeRelabelConfigs,omitempty"`

	// oauth2 authenticates requests with OAuth 2.0 client credentials.
	// +optional
	OAuth2 *OAuth2 `json:"oauth2,omitempty"`
	// basicAuth authenticates requests with a user name and password.
	// +optional
	BasicAuth *BasicAuth `json:"basicAuth,omitempty"`
	// bearerTokenFile is a file in the container holding a bearer token.
	// Deprecated: use authorization.
	// +optional
	BearerTokenFile string `json:"bearerTokenFile,omitempty"`
	// authorization sets the Authorization header of requests.
	// +optional
	Authorization *Authorization `json:"authorization,omitempty"`
	// sigv4 signs requests for AWS endpoints.
	// +optional
	Sigv4 *Sigv4 `json:"sigv4,omitempty"`
	// azureAd authenticates requests against Azure Active Directory.
	// +optional
	AzureAD *AzureAD `json:"azureAd,omitempty"`
	// bearerToken is a literal bearer token. Deprecated: use authorization.
	// +optional
	BearerToken string `json:"bearerToken,omitempty"`
	// tlsConfig of the connection to the endpoint.
	// +optional
	TLSConfig *TLSConfig `json:"tlsConfig,omitempty"`

	ProxyConfig `json:",inline"`

	// followRedirects lets the client follow HTTP 3xx answers.
	// +optional
	FollowRedirects *bool `json:"followRedirects,omitempty"`
	// queueConfig tunes the sending queue.
	// +optional
	QueueConfig *QueueConfig `json:"queueConfig,omitempty"`
	// metadataConfig tunes how metric metadata is sent.
	// +optional
	MetadataConfig *MetadataConfig `json:"metadataConfig,omitempty"`
	// enableHTTP2 toggles HTTP/2 for the requests.
	// +optional
	EnableHTTP2 *bool `json:"enableHTTP2,omitempty"`
	// roundRobinDNS spreads requests over every address the host name resolves to.
	// +optional
	RoundRobinDNS *bool `json:"roundRobinDNS,omitempty"`
}

// QueueConfig tunes the queue that buffers samples for one remote-write endpoint.
type QueueConfig struct {
	// capacity is how many samples each shard buffers before reading from the WAL pauses.
	// +optional
	Capacity int `json:"capacity,omitempty"`
	// minShards is the lowest number of parallel senders.
	// +optional
	MinShards int `json:"minShards,omitempty"`
	// maxShards is the highest number of parallel senders.
	// +optional
	MaxShards int `json:"maxShards,omitempty"`
	// maxSamplesPerSend is the largest batch sent in one request.
	// +optional
	MaxSamplesPerSend int `json:"maxSamplesPerSend,omitempty"`
	// batchSendDeadline is how long a partial batch waits before it is sent.
	// +optional
	BatchSendDeadline *Duration `json:"batchSendDeadline,omitempty"`
	// maxRetries is only used by Prometheus versions before 2.11, which had a retry limit.
	// +optional
	MaxRetries int `json:"maxRetries,omitempty"`
	// minBackoff is the first delay before a failed request is retried.
	// +optional
	MinBackoff *Duration `json:"minBackoff,omitempty"`
	// maxBackoff is the longest delay between retries.
	// +optional
	MaxBackoff *Duration `json:"maxBackoff,omitempty"`
	// retryOnRateLimit retries requests answered with HTTP 429.
	// +optional
	RetryOnRateLimit bool `json:"retryOnRateLimit,omitempty"`
	// sampleAgeLimit drops samples older than this instead of sending them.
	// +optional
	SampleAgeLimit *Duration `json:"sampleAgeLimit,omitempty"`
}

// MetadataConfig tunes how metric metadata goes to a remote-write endpoint.
type MetadataConfig struct {
	// send toggles sending metadata.
	// +optional
	Send bool `json:"send,omitempty"`
	// sendInterval is the time between two metadata sends.
	// +optional
	SendInterval Duration `json:"sendInterval,omitempty"`
	// maxSamplesPerSend is the largest metadata batch; -1 means no limit.
	// +kubebuilder:validation:Minimum=-1
	// +optional
	MaxSamplesPerSend *int32 `json:"maxSamplesPerSend,omitempty"`
}

// AzureAD authenticates remote-write requests with Azure Active Directory.
// Exactly one of managedIdentity, oauth, sdk and workloadIdentity is expected.
type AzureAD struct {
	// cloud is the Azure cloud the endpoint lives in; AzurePublic when unset.
	// +kubebuilder:validation:Enum=AzureChina;AzureGovernment;AzurePublic
	// +optional
	Cloud *string `json:"cloud,omitempty"`
	// managedIdentity authenticates as a managed identity.
	// +optional
	ManagedIdentity *ManagedIdentity `json:"managedIdentity,omitempty"`
	// oauth authenticates with an application's client credentials.
	// +optional
	OAuth *AzureOAuth `json:"oauth,omitempty"`
	// sdk authenticates through the Azure SDK's default credential chain.
	// +optional
	SDK *AzureSDK `json:"sdk,omitempty"`
	// workloadIdentity authenticates with Azure workload identity federation.
	// +optional
	WorkloadIdentity *AzureWorkloadIdentity `json:"workloadIdentity,omitempty"`
	// scope is the token scope requested.
	// +kubebuilder:validation:Pattern:=`^[\w\s:/.\\-]+$`
	// +optional
	Scope *string `json:"scope,omitempty"`
}

// ManagedIdentity picks an Azure managed identity.
type ManagedIdentity struct {
	// clientId of the user-assigned identity; the system-assigned one when unset.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ClientID *string `json:"clientId,omitempty"`
}

// AzureOAuth holds the client credentials of an Azure application.
type AzureOAuth struct {
	// clientId of the application.
	// +kubebuilder:validation:MinLength=1
	// +required
	ClientID string `json:"clientId"`
	// clientSecret is the Secret key holding the application's secret.
	// +required
	ClientSecret corev1.SecretKeySelector `json:"clientSecret"`
	// tenantId of the directory the application belongs to.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:Pattern:=`^[0-9a-zA-Z-.]+$`
	// +required
	TenantID string `json:"tenantId"`
}

// AzureSDK uses the Azure SDK's default credential chain.
type AzureSDK struct {
	// tenantId of the directory to authenticate against.
	// +kubebuilder:validation:Pattern:=`^[0-9a-zA-Z-.]+$`
	// +optional
	TenantID *string `json:"tenantId,omitempty"`
}

// AzureWorkloadIdentity authenticates with a federated Kubernetes service account token.
type AzureWorkloadIdentity struct {
	// clientId of the application the identity is federated with.
	// +kubebuilder:validation:MinLength=1
	// +required
	ClientID string `json:"clientId"`
	// tenantId of the directory the application belongs to.
	// +kubebuilder:validation:MinLength=1
	// +required
	TenantID string `json:"tenantId"`
}

// RemoteReadSpec is one endpoint Prometheus may read series from at query time.
type RemoteReadSpec struct {
	// url of the endpoint.
	// +kubebuilder:validation:Pattern:="^(http|https)://.+$"
	// +required
	URL string `json:"url"`
	// name identifies the endpoint in metrics and logs; it must be unique among
	// the remote reads of one object.
	// +optional
	Name string `json:"name,omitempty"`
	// requiredMatchers are equality matchers a query must contain for this
	// endpoint to be asked.
	// +optional
	RequiredMatchers map[string]string `json:"requiredMatchers,omitempty"`
	// remoteTimeout bounds each request to the endpoint.
	// +optional
	RemoteTimeout *Duration `json:"remoteTimeout,omitempty"`
	// headers are added to every request; Prometheus' own headers cannot be replaced.
	// +optional
	Headers map[string]string `json:"headers,omitempty"`
	// readRecent also asks the endpoint for time ranges local storage holds.
	// +optional
	ReadRecent bool `json:"readRecent,omitempty"`

	// oauth2 authenticates requests with OAuth 2.0 client credentials.
	// +optional
	OAuth2 *OAuth2 `json:"oauth2,omitempty"`
	// basicAuth authenticates requests with a user name and password.
	// +optional
	BasicAuth *BasicAuth `json:"basicAuth,omitempty"`
	// bearerTokenFile is a file in the container holding a bearer token.
	// Deprecated: use authorization.
	// +optional
	BearerTokenFile string `json:"bearerTokenFile,omitempty"`
	// authorization sets the Authorization header of requests.
	// +optional
	Authorization *Authorization `json:"authorization,omitempty"`
	// bearerToken is a literal bearer token. Deprecated: use authorization.
	// +optional
	BearerToken string `json:"bearerToken,omitempty"`
	// tlsConfig of the connection to the endpoint.
	// +optional
	TLSConfig *TLSConfig `json:"tlsConfig,omitempty"`

	ProxyConfig `json:",inline"`

	// followRedirects lets the client follow HTTP 3xx answers.
	// +optional
	FollowRedirects *bool `json:"followRedirects,omitempty"`
	// filterExternalLabels adds the external labels as matchers to the queries
	// sent; true when unset.
	// +optional
	FilterExternalLabels *bool `json:"filterExternalLabels,omitempty"`
}
