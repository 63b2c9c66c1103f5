// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// DigitalOceanSDConfig discovers DigitalOcean droplets.
type DigitalOceanSDConfig struct {
	// Port is scraped on each droplet.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// RefreshInterval is how often the droplets are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDBearerClientConfig `json:",inline"`
}

// LinodeSDConfig discovers Linode instances.
type LinodeSDConfig struct {
	// Region limits discovery to one Linode region.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Region *string `json:"region,omitempty"`
	// Port is scraped on each instance.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// TagSeparator joins the instance tags in the tags label.
	// +kubebuilder:validation:MinLength=1
	// +optional
	TagSeparator *string `json:"tagSeparator,omitempty"`
	// RefreshInterval is how often the instances are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDBearerClientConfig `json:",inline"`
}

// HetznerRole is the Hetzner API that yields targets.
// +kubebuilder:validation:Enum=hcloud;Hcloud;robot;Robot
type HetznerRole string

// The Hetzner discovery roles.
const (
	// HetznerRoleHcloud lists Hetzner Cloud servers.
	HetznerRoleHcloud HetznerRole = "hcloud"
	// HetznerRoleRobot lists Hetzner Robot (dedicated) servers.
	HetznerRoleRobot HetznerRole = "robot"
)

// HetznerSDConfig discovers Hetzner Cloud or Robot servers.
type HetznerSDConfig struct {
	// Role is the Hetzner API to query.
	// +required
	Role HetznerRole `json:"role"`
	// Port is scraped on each server.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// LabelSelector keeps only the cloud servers matching this label selector (hcloud role).
	// +kubebuilder:validation:MinLength=1
	// +optional
	LabelSelector *string `json:"labelSelector,omitempty"`
	// RefreshInterval is how often the servers are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}

// OVHCloudService is the OVHcloud product whose servers are discovered.
// +kubebuilder:validation:Enum=VPS;DedicatedServer
type OVHCloudService string

// The OVHcloud discovery services.
const (
	OVHCloudServiceVPS             OVHCloudService = "VPS"
	OVHCloudServiceDedicatedServer OVHCloudService = "DedicatedServer"
)

// OVHCloudSDConfig discovers OVHcloud VPS or dedicated servers.
type OVHCloudSDConfig struct {
	// ApplicationKey is the key of the OVHcloud API application.
	// +kubebuilder:validation:MinLength=1
	// +required
	ApplicationKey string `json:"applicationKey"`
	// ApplicationSecret is the Secret key holding the application secret.
	// +required
	ApplicationSecret corev1.SecretKeySelector `json:"applicationSecret"`
	// ConsumerKey is the Secret key holding the consumer key.
	// +required
	ConsumerKey corev1.SecretKeySelector `json:"consumerKey"`
	// Service is the OVHcloud product to list.
	// +required
	Service OVHCloudService `json:"service"`
	// Endpoint is the OVHcloud API endpoint, such as ovh-eu.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Endpoint *string `json:"endpoint,omitempty"`
	// RefreshInterval is how often the servers are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`
}

// ScalewayRole is the kind of Scaleway server that yields targets.
// +kubebuilder:validation:Enum=Instance;Baremetal
type ScalewayRole string

// The Scaleway discovery roles.
const (
	ScalewayRoleInstance  ScalewayRole = "Instance"
	ScalewayRoleBaremetal ScalewayRole = "Baremetal"
)

// ScalewaySDConfig discovers Scaleway instances or bare-metal servers. It
// authenticates with its own access and secret keys.
type ScalewaySDConfig struct {
	// AccessKey is the Scaleway access key ID.
	// +kubebuilder:validation:MinLength=1
	// +required
	AccessKey string `json:"accessKey"`
	// SecretKey is the Secret key holding the Scaleway secret key.
	// +required
	SecretKey corev1.SecretKeySelector `json:"secretKey"`
	// ProjectID is the Scaleway project of the servers.
	// +kubebuilder:validation:MinLength=1
	// +required
	ProjectID string `json:"projectID"`
	// Role is the kind of server to list.
	// +required
	Role ScalewayRole `json:"role"`
	// Port is scraped on each server.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// APIURL overrides the Scaleway API URL.
	// +kubebuilder:validation:Pattern=`^https?://.+$`
	// +optional
	APIURL *string `json:"apiURL,omitempty"`
	// Zone is the availability zone to query.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Zone *string `json:"zone,omitempty"`
	// NameFilter keeps only the servers whose name contains this string.
	// +kubebuilder:validation:MinLength=1
	// +optional
	NameFilter *string `json:"nameFilter,omitempty"`
	// TagsFilter keeps only the servers carrying at least one of these tags.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +listType=set
	// +optional
	TagsFilter []string `json:"tagsFilter,omitempty"`
	// RefreshInterval is how often the servers are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDTransportConfig `json:",inline"`
}

// IonosSDConfig discovers the servers of an IONOS Cloud data center.
type IonosSDConfig struct {
	// DataCenterID is the ID of the data center whose servers are listed.
	// +kubebuilder:validation:MinLength=1
	// +required
	DataCenterID string `json:"datacenterID"`
	// Port is scraped on each server.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// RefreshInterval is how often the servers are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`
	// Authorization carries the IONOS API token; it is required.
	// +required
	Authorization monitoringv1.SafeAuthorization `json:"authorization"`
	// OAuth2 fetches a token for the API requests.
	// +optional
	OAuth2 *monitoringv1.OAuth2 `json:"oauth2,omitempty"`

	SDTransportConfig `json:",inline"`
}
