// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// ConsulSDConfig discovers the services registered in a Consul catalog.
type ConsulSDConfig struct {
	// Server is the Consul address: a host name or IP, optionally with a port.
	// +kubebuilder:validation:MinLength=1
	// +required
	Server string `json:"server"`
	// PathPrefix is prepended to the API paths, for a Consul behind a reverse proxy.
	// +kubebuilder:validation:MinLength=1
	// +optional
	PathPrefix *string `json:"pathPrefix,omitempty"`
	// TokenRef is the Secret key holding the ACL token; the local agent's token is used when unset.
	// +optional
	TokenRef *corev1.SecretKeySelector `json:"tokenRef,omitempty"`
	// Datacenter is the Consul datacenter; the local agent's datacenter when unset.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Datacenter *string `json:"datacenter,omitempty"`
	// Namespace is the Consul Enterprise namespace to query.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Namespace *string `json:"namespace,omitempty"`
	// Partition is the Consul Enterprise admin partition to query.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Partition *string `json:"partition,omitempty"`
	// Scheme is the protocol used to reach Consul.
	// +optional
	Scheme *monitoringv1.Scheme `json:"scheme,omitempty"`
	// Services limits discovery to these services; all services when empty.
	// +listType=set
	// +optional
	Services []string `json:"services,omitempty"`
	// Tags keeps only the service nodes carrying all of these tags.
	// +listType=set
	// +optional
	Tags []string `json:"tags,omitempty"`
	// TagSeparator joins the Consul tags in the tags label.
	// +kubebuilder:validation:MinLength=1
	// +optional
	TagSeparator *string `json:"tagSeparator,omitempty"`
	// NodeMeta keeps only the nodes carrying all of these metadata pairs.
	// +mapType=atomic
	// +optional
	NodeMeta map[string]string `json:"nodeMeta,omitempty"`
	// Filter is a Consul filter expression applied to the catalog results.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Filter *string `json:"filter,omitempty"`
	// HealthFilter is a Consul filter expression applied to the health endpoint results.
	// +kubebuilder:validation:MinLength=1
	// +optional
	HealthFilter *string `json:"healthFilter,omitempty"`
	// AllowStale lets any Consul server answer, at the risk of slightly old data.
	// +optional
	AllowStale *bool `json:"allowStale,omitempty"`
	// RefreshInterval is how often the catalog is queried again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}

// EurekaSDConfig discovers the applications registered in a Eureka server.
type EurekaSDConfig struct {
	// Server is the URL of the Eureka server.
	// +kubebuilder:validation:Pattern=`^https?://.+$`
	// +required
	Server string `json:"server"`
	// RefreshInterval is how often the registry is queried again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}

// KumaSDConfig discovers the dataplanes of a Kuma control plane through its
// monitoring assignment API.
type KumaSDConfig struct {
	// Server is the URL of the Kuma control plane.
	// +kubebuilder:validation:Pattern=`^https?://.+$`
	// +required
	Server string `json:"server"`
	// ClientID identifies this Prometheus to the control plane.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ClientID *string `json:"clientID,omitempty"`
	// RefreshInterval is how long to wait between two requests.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`
	// FetchTimeout bounds a single request to the control plane.
	// +optional
	FetchTimeout *monitoringv1.Duration `json:"fetchTimeout,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}

// NomadSDConfig discovers the services of a Nomad cluster.
type NomadSDConfig struct {
	// Server is the URL of the Nomad API.
	// +kubebuilder:validation:Pattern=`^https?://.+$`
	// +required
	Server string `json:"server"`
	// AllowStale lets any Nomad server answer, at the risk of slightly old data.
	// +optional
	AllowStale *bool `json:"allowStale,omitempty"`
	// Namespace is the Nomad namespace to query.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Namespace *string `json:"namespace,omitempty"`
	// Region is the Nomad region to query.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Region *string `json:"region,omitempty"`
	// TagSeparator joins the service tags in the tags label.
	// +kubebuilder:validation:MinLength=1
	// +optional
	TagSeparator *string `json:"tagSeparator,omitempty"`
	// RefreshInterval is how often the services are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}

// PuppetDBSDConfig discovers targets by running a PQL query against PuppetDB.
type PuppetDBSDConfig struct {
	// URL is the PuppetDB root URL.
	// +kubebuilder:validation:Pattern=`^https?://.+$`
	// +required
	URL string `json:"url"`
	// Query is the PQL query returning the resources to scrape.
	// +kubebuilder:validation:MinLength=1
	// +required
	Query string `json:"query"`
	// IncludeParameters adds the resource parameters as target labels.
	// Parameters may hold secrets; enable with care.
	// +optional
	IncludeParameters *bool `json:"includeParameters,omitempty"`
	// Port is the port scraped on the discovered hosts.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// RefreshInterval is how often the query runs again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}
