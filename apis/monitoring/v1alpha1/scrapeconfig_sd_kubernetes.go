// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// KubernetesRole is the kind of Kubernetes object that yields targets.
// +kubebuilder:validation:Enum=Pod;Endpoints;Ingress;Service;Node;EndpointSlice
type KubernetesRole string

// The Kubernetes discovery roles.
const (
	KubernetesRolePod           KubernetesRole = "Pod"
	KubernetesRoleEndpoints     KubernetesRole = "Endpoints"
	KubernetesRoleIngress       KubernetesRole = "Ingress"
	KubernetesRoleService       KubernetesRole = "Service"
	KubernetesRoleNode          KubernetesRole = "Node"
	KubernetesRoleEndpointSlice KubernetesRole = "EndpointSlice"
)

// KubernetesSDConfig discovers targets from the objects of a Kubernetes API server.
type KubernetesSDConfig struct {
	// APIServer is the address (host and optional port) of the API server. When
	// unset, Prometheus uses the in-cluster address and service account credentials.
	// +kubebuilder:validation:MinLength=1
	// +optional
	APIServer *string `json:"apiServer,omitempty"`
	// Role is the kind of object to watch.
	// +required
	Role KubernetesRole `json:"role"`
	// Namespaces limits the watch to some namespaces; all namespaces when unset.
	// +optional
	Namespaces *NamespaceDiscovery `json:"namespaces,omitempty"`
	// AttachMetadata adds metadata of related objects (such as nodes) to the targets.
	// +optional
	AttachMetadata *monitoringv1.AttachMetadata `json:"attachMetadata,omitempty"`
	// Selectors narrow the watched objects with label and field selectors, one entry per role.
	// +listType=map
	// +listMapKey=role
	// +optional
	Selectors []K8SSelectorConfig `json:"selectors,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}

// NamespaceDiscovery chooses the namespaces a Kubernetes discovery watches.
type NamespaceDiscovery struct {
	// IncludeOwnNamespace adds the namespace of the Prometheus pod to the list.
	// +optional
	IncludeOwnNamespace *bool `json:"ownNamespace,omitempty"`
	// Names are the namespaces to watch. Empty (and ownNamespace not true) means all namespaces.
	// +listType=set
	// +optional
	Names []string `json:"names,omitempty"`
}

// K8SSelectorConfig is a label and field selector applied to the objects of one role.
type K8SSelectorConfig struct {
	// Role is the kind of object the selectors apply to.
	// +required
	Role KubernetesRole `json:"role"`
	// Label is a label selector, such as `app=web`.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Label *string `json:"label,omitempty"`
	// Field is a field selector, such as `metadata.name=web`.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Field *string `json:"field,omitempty"`
}
