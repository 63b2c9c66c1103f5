// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// AzureAuthenticationMethod is how the Azure discovery signs in.
// +kubebuilder:validation:Enum=OAuth;ManagedIdentity;SDK;WorkloadIdentity
type AzureAuthenticationMethod string

// The Azure sign-in methods.
const (
	// AzureAuthenticationOAuth uses a tenant, client ID and client secret.
	AzureAuthenticationOAuth AzureAuthenticationMethod = "OAuth"
	// AzureAuthenticationManagedIdentity uses the managed identity of the host.
	AzureAuthenticationManagedIdentity AzureAuthenticationMethod = "ManagedIdentity"
	// AzureAuthenticationSDK lets the Azure SDK find credentials (environment variables and so on).
	AzureAuthenticationSDK AzureAuthenticationMethod = "SDK"
	// AzureAuthenticationWorkloadIdentity uses the federated token of the pod.
	AzureAuthenticationWorkloadIdentity AzureAuthenticationMethod = "WorkloadIdentity"
)

// AzureSDConfig discovers Azure virtual machines.
type AzureSDConfig struct {
	// Environment is the Azure cloud, such as AzurePublicCloud.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Environment *string `json:"environment,omitempty"`
	// AuthenticationMethod is how to sign in; Prometheus uses OAuth when unset.
	// +optional
	AuthenticationMethod *AzureAuthenticationMethod `json:"authenticationMethod,omitempty"`
	// SubscriptionID is the subscription whose machines are listed.
	// +kubebuilder:validation:MinLength=1
	// +required
	SubscriptionID string `json:"subscriptionID"`
	// TenantID is the tenant, needed by the OAuth method.
	// +kubebuilder:validation:MinLength=1
	// +optional
	TenantID *string `json:"tenantID,omitempty"`
	// ClientID is the application (or managed identity) client ID.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ClientID *string `json:"clientID,omitempty"`
	// ClientSecret is the Secret key holding the client secret of the OAuth method.
	// +optional
	ClientSecret *corev1.SecretKeySelector `json:"clientSecret,omitempty"`
	// ResourceGroup limits discovery to one resource group.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ResourceGroup *string `json:"resourceGroup,omitempty"`
	// RefreshInterval is how often the machines are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`
	// Port is scraped on each machine.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}

// GCESDConfig discovers Google Compute Engine instances. Credentials come from
// the environment of the Prometheus pod (application default credentials).
type GCESDConfig struct {
	// Project is the Google Cloud project of the instances.
	// +kubebuilder:validation:MinLength=1
	// +required
	Project string `json:"project"`
	// Zone is the zone of the instances.
	// +kubebuilder:validation:MinLength=1
	// +required
	Zone string `json:"zone"`
	// Filter is a Compute Engine API filter expression.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Filter *string `json:"filter,omitempty"`
	// RefreshInterval is how often the instances are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`
	// Port is scraped on the private IP of each instance.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// TagSeparator joins the network tags in the tags label.
	// +kubebuilder:validation:MinLength=1
	// +optional
	TagSeparator *string `json:"tagSeparator,omitempty"`
}
