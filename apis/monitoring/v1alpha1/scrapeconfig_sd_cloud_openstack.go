// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// OpenStackRole is the kind of OpenStack object that yields targets.
// +kubebuilder:validation:Enum=Instance;Hypervisor;LoadBalancer
type OpenStackRole string

// The OpenStack discovery roles.
const (
	OpenStackRoleInstance     OpenStackRole = "Instance"
	OpenStackRoleHypervisor   OpenStackRole = "Hypervisor"
	OpenStackRoleLoadBalancer OpenStackRole = "LoadBalancer"
)

// OpenStackSDConfig discovers OpenStack instances, hypervisors or load balancers.
type OpenStackSDConfig struct {
	// Role is the kind of object to list.
	// +required
	Role OpenStackRole `json:"role"`
	// Region is the OpenStack region.
	// +kubebuilder:validation:MinLength=1
	// +required
	Region string `json:"region"`
	// IdentityEndpoint is the URL of the Keystone identity service.
	// +kubebuilder:validation:Pattern=`^https?://.+$`
	// +optional
	IdentityEndpoint *string `json:"identityEndpoint,omitempty"`

	OpenStackCredentials `json:",inline"`

	// AllTenants lists the instances of every project (instance role, admin only).
	// +optional
	AllTenants *bool `json:"allTenants,omitempty"`
	// RefreshInterval is how often the objects are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`
	// Port is scraped on each discovered address.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// Availability is the endpoint type to use from the service catalog.
	// +kubebuilder:validation:Enum=Public;public;Admin;admin;Internal;internal
	// +optional
	Availability *string `json:"availability,omitempty"`
	// TLSConfig holds the TLS settings used to reach the OpenStack APIs.
	// +optional
	TLSConfig *monitoringv1.SafeTLSConfig `json:"tlsConfig,omitempty"`
}

// OpenStackCredentials identify the user (or application credential), domain
// and project used by the OpenStack discovery.
type OpenStackCredentials struct {
	// Username is the user name, used with password.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Username *string `json:"username,omitempty"`
	// UserID is the user ID, an alternative to username.
	// +kubebuilder:validation:MinLength=1
	// +optional
	UserID *string `json:"userid,omitempty"`
	// Password is the Secret key holding the user's password.
	// +optional
	Password *corev1.SecretKeySelector `json:"password,omitempty"`
	// DomainName is the name of the user's domain.
	// +kubebuilder:validation:MinLength=1
	// +optional
	DomainName *string `json:"domainName,omitempty"`
	// DomainID is the ID of the user's domain.
	// +kubebuilder:validation:MinLength=1
	// +optional
	DomainID *string `json:"domainID,omitempty"`
	// ProjectName is the name of the project (tenant).
	// +kubebuilder:validation:MinLength=1
	// +optional
	ProjectName *string `json:"projectName,omitempty"`
	// ProjectID is the ID of the project (tenant).
	// +kubebuilder:validation:MinLength=1
	// +optional
	ProjectID *string `json:"projectID,omitempty"`
	// ApplicationCredentialName names an application credential, used with a user.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ApplicationCredentialName *string `json:"applicationCredentialName,omitempty"`
	// ApplicationCredentialID is the ID of an application credential.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ApplicationCredentialID *string `json:"applicationCredentialId,omitempty"`
	// ApplicationCredentialSecret is the Secret key holding the application credential's secret.
	// +optional
	ApplicationCredentialSecret *corev1.SecretKeySelector `json:"applicationCredentialSecret,omitempty"`
}
