// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// ServiceMonitorsKind is the kind name of ServiceMonitor.
const ServiceMonitorsKind = "ServiceMonitor"

// ServiceMonitorName is the plural resource name of ServiceMonitor.
const ServiceMonitorName = "servicemonitors"

func init() { registerKinds(&ServiceMonitor{}, &ServiceMonitorList{}) }

// ServiceMonitor tells Prometheus to scrape the endpoints behind the
// Kubernetes Services its selector matches.
//
// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="smon"
// +kubebuilder:subresource:status
type ServiceMonitor struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitzero"`

	// Spec is the desired scrape configuration.
	// +required
	Spec ServiceMonitorSpec `json:"spec"`
	// Status reports which workloads selected the object and whether they accepted it.
	// +optional
	Status ConfigResourceStatus `json:"status,omitzero"`
}

// ServiceMonitorSpec selects Services and says how to scrape their endpoints.
type ServiceMonitorSpec struct {
	// JobLabel names a Service label whose value becomes the "job" label;
	// the Service name is used when it is empty or the label is missing.
	// +optional
	JobLabel string `json:"jobLabel,omitempty"`
	// TargetLabels are Service labels copied onto every target.
	// +optional
	TargetLabels []string `json:"targetLabels,omitempty"`
	// PodTargetLabels are Pod labels copied onto every target.
	// +optional
	PodTargetLabels []string `json:"podTargetLabels,omitempty"`
	// Endpoints lists the Service ports to scrape and how.
	// +required
	Endpoints []Endpoint `json:"endpoints"`
	// Selector matches the labels of the Services to monitor.
	// +required
	Selector metav1.LabelSelector `json:"selector"`
	// SelectorMechanism chooses how Selector is rendered; RelabelConfig when unset.
	// +optional
	SelectorMechanism *SelectorMechanism `json:"selectorMechanism,omitempty"`
	// NamespaceSelector chooses the namespaces the Services are looked up in.
	// +optional
	NamespaceSelector NamespaceSelector `json:"namespaceSelector,omitzero"`
	// ServiceDiscoveryRole overrides the workload's service discovery role.
	// +optional
	ServiceDiscoveryRole *ServiceDiscoveryRole `json:"serviceDiscoveryRole,omitempty"`
	// AttachMetadata adds metadata of related objects to the targets.
	// +optional
	AttachMetadata *AttachMetadata `json:"attachMetadata,omitempty"`
	// BodySizeLimit is the largest uncompressed response body accepted.
	// +optional
	BodySizeLimit *ByteSize `json:"bodySizeLimit,omitempty"`

	MonitorScrapeSettings `json:",inline"`
}

// Endpoint is one Service port scraped by a ServiceMonitor.
type Endpoint struct {
	// Port is the name of the Service port; it excludes TargetPort.
	// +optional
	Port string `json:"port,omitempty"`
	// TargetPort is the name or number of the container port behind the Service.
	//
	// Deprecated: use Port.
	// +optional
	TargetPort *intstr.IntOrString `json:"targetPort,omitempty"`
	// BearerTokenFile is a path in the Prometheus container to a bearer token.
	//
	// Deprecated: use Authorization.
	// +optional
	BearerTokenFile string `json:"bearerTokenFile,omitempty"`
	// TLSConfig sets the TLS client used for scraping.
	// +optional
	TLSConfig *TLSConfig `json:"tlsConfig,omitempty"`

	ScrapeEndpointSettings `json:",inline"`
}

// ServiceMonitorList is a list of ServiceMonitors.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type ServiceMonitorList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitzero"`
	// Items are the ServiceMonitors.
	Items []ServiceMonitor `json:"items"`
}
