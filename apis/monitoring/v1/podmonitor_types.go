// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// PodMonitorsKind is the kind name of PodMonitor.
const PodMonitorsKind = "PodMonitor"

// PodMonitorName is the plural resource name of PodMonitor.
const PodMonitorName = "podmonitors"

func init() { registerKinds(&PodMonitor{}, &PodMonitorList{}) }

// PodMonitor tells Prometheus to scrape the Pods its selector matches.
//
// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="pmon"
// +kubebuilder:subresource:status
type PodMonitor struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitzero"`

	// Spec is the desired scrape configuration.
	// +required
	Spec PodMonitorSpec `json:"spec"`
	// Status reports which workloads selected the object and whether they accepted it.
	// +optional
	Status ConfigResourceStatus `json:"status,omitzero"`
}

// PodMonitorSpec selects Pods and says how to scrape them.
type PodMonitorSpec struct {
	// JobLabel names a Pod label whose value becomes the "job" label.
	// +optional
	JobLabel string `json:"jobLabel,omitempty"`
	// PodTargetLabels are Pod labels copied onto every target.
	// +optional
	PodTargetLabels []string `json:"podTargetLabels,omitempty"`
	// PodMetricsEndpoints lists the Pod ports to scrape and how.
	// +optional
	PodMetricsEndpoints []PodMetricsEndpoint `json:"podMetricsEndpoints,omitempty"`
	// Selector matches the labels of the Pods to monitor.
	// +required
	Selector metav1.LabelSelector `json:"selector"`
	// SelectorMechanism chooses how Selector is rendered; RelabelConfig when unset.
	// +optional
	SelectorMechanism *SelectorMechanism `json:"selectorMechanism,omitempty"`
	// NamespaceSelector chooses the namespaces the Pods are looked up in.
	// +optional
	NamespaceSelector NamespaceSelector `json:"namespaceSelector,omitzero"`
	// AttachMetadata adds metadata of related objects to the targets.
	// +optional
	AttachMetadata *AttachMetadata `json:"attachMetadata,omitempty"`
	// BodySizeLimit is the largest uncompressed response body accepted.
	// +optional
	BodySizeLimit *ByteSize `json:"bodySizeLimit,omitempty"`

	MonitorScrapeSettings `json:",inline"`
}

// PodMetricsEndpoint is one Pod port scraped by a PodMonitor.
type PodMetricsEndpoint struct {
	// Port is the name of the container port; it takes precedence over
	// PortNumber and TargetPort.
	// +optional
	Port *string `json:"port,omitempty"`
	// PortNumber is the number of the container port.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=65535
	// +optional
	PortNumber *int32 `json:"portNumber,omitempty"`
	// TargetPort is the name or number of the container port.
	//
	// Deprecated: use Port or PortNumber.
	// +optional
	TargetPort *intstr.IntOrString `json:"targetPort,omitempty"`
	// TLSConfig sets the TLS client used for scraping.
	// +optional
	TLSConfig *SafeTLSConfig `json:"tlsConfig,omitempty"`

	ScrapeEndpointSettings `json:",inline"`
}

// PodMonitorList is a list of PodMonitors.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type PodMonitorList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitzero"`
	// Items are the PodMonitors.
	Items []PodMonitor `json:"items"`
}
