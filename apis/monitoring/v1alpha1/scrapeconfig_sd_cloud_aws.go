// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// AWSCredentials are the AWS API credentials shared by the AWS discoveries:
// an access key pair or a role to assume.
type AWSCredentials struct {
	// Region is the AWS region.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Region *string `json:"region,omitempty"`
	// AccessKey is the Secret key holding the AWS access key ID.
	// +optional
	AccessKey *corev1.SecretKeySelector `json:"accessKey,omitempty"`
	// SecretKey is the Secret key holding the AWS secret access key.
	// +optional
	SecretKey *corev1.SecretKeySelector `json:"secretKey,omitempty"`
	// RoleARN is a role to assume instead of using an access key pair.
	// +kubebuilder:validation:MinLength=1
	// +optional
	RoleARN *string `json:"roleARN,omitempty"`
}

// EC2SDConfig discovers AWS EC2 instances. It authenticates with AWS
// credentials only, so it has no basic auth, authorization or OAuth2 fields.
type EC2SDConfig struct {
	AWSCredentials `json:",inline"`

	// Port is scraped on the private IP of each instance.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// RefreshInterval is how often the instances are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`
	// Filters narrow the instance list with DescribeInstances filters.
	// +listType=map
	// +listMapKey=name
	// +optional
	Filters []SDFilter `json:"filters,omitempty"`

	SDTransportConfig `json:",inline"`
}

// LightSailSDConfig discovers AWS Lightsail instances.
type LightSailSDConfig struct {
	AWSCredentials `json:",inline"`

	// Endpoint overrides the Lightsail API endpoint.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Endpoint *string `json:"endpoint,omitempty"`
	// Port is scraped on the private IP of each instance.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// RefreshInterval is how often the instances are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}
