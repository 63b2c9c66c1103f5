// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ProbesKind is the kind name of Probe.
const ProbesKind = "Probe"

// ProbeName is the plural resource name of Probe.
const ProbeName = "probes"

func init() { registerKinds(&Probe{}, &ProbeList{}) }

// Probe tells Prometheus to check static targets or Ingresses through a
// prober such as the blackbox exporter.
//
// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="prb"
// +kubebuilder:subresource:status
type Probe struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ObjectMeta `json:"metadata,omitzero"`

	// Spec is the desired probing configuration.
	// +required
	Spec ProbeSpec `json:"spec"`
	// Status reports which workloads selected the object and whether they accepted it.
	// +optional
	Status ConfigResourceStatus `json:"status,omitzero"`
}

// ProbeSpec says what to probe, with which prober and module.
type ProbeSpec struct {
	// JobName is the value of the "job" label of the probed targets.
	// +optional
	JobName string `json:"jobName,omitempty"`
	// ProberSpec is the prober that performs the checks.
	// +optional
	ProberSpec ProberSpec `json:"prober,omitzero"`
	// Module is the prober module to use, such as "http_2xx".
	// +optional
	Module string `json:"module,omitempty"`
	// Targets are the addresses to check.
	// +optional
	Targets ProbeTargets `json:"targets,omitzero"`
	// Interval between probes; the workload's default when empty.
	// +optional
	Interval Duration `json:"interval,omitempty"`
	// ScrapeTimeout bounds each probe; the workload's default when empty.
	// +optional
	ScrapeTimeout Duration `json:"scrapeTimeout,omitempty"`
	// TLSConfig sets the TLS client used to reach the prober.
	// +optional
	TLSConfig *SafeTLSConfig `json:"tlsConfig,omitempty"`
	// MetricRelabelConfigs are applied to the probe results before ingestion.
	// +optional
	MetricRelabelConfigs []RelabelConfig `json:"metricRelabelings,omitempty"`
	// Params are extra URL query parameters sent to the prober.
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MinItems=1
	// +optional
	Params []ProbeParam `json:"params,omitempty"`

	HTTPClientConfig      `json:",inline"`
	MonitorScrapeSettings `json:",inline"`
}

// ProbeParam is one URL query parameter sent to the prober.
type ProbeParam struct {
	// Name of the parameter.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// Values of the parameter.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +optional
	Values []string `json:"values,omitempty"`
}

// ProberSpec locates the prober service.
type ProberSpec struct {
	// URL is the prober's address, host and port, such as "blackbox-exporter:9115".
	// +kubebuilder:validation:MinLength=1
	// +required
	URL string `json:"url"`
	// Scheme is the URL scheme used to reach the prober; "http" when unset.
	// +optional
	Scheme *Scheme `json:"scheme,omitempty"`
	// Path is the prober's probing endpoint.
	// +kubebuilder:default:="/probe"
	// +optional
	Path string `json:"path,omitempty"`

	ProxyConfig `json:",inline"`
}

// ProbeTargets lists the targets to probe: static addresses or Ingresses.
// When both are set, the static targets win.
type ProbeTargets struct {
	// StaticConfig is a fixed list of targets.
	// +optional
	StaticConfig *ProbeTargetStaticConfig `json:"staticConfig,omitempty"`
	// Ingress discovers targets from Ingress objects.
	// +optional
	Ingress *ProbeTargetIngress `json:"ingress,omitempty"`
}

// ProbeTargetStaticConfig is a fixed list of probe targets.
type ProbeTargetStaticConfig struct {
	// Targets are the addresses to probe.
	// +optional
	Targets []string `json:"static,omitempty"`
	// Labels are added to every target.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// RelabelConfigs are applied to the targets' labels before probing.
	// +optional
	RelabelConfigs []RelabelConfig `json:"relabelingConfigs,omitempty"`
}

// ProbeTargetIngress discovers probe targets from Ingress objects.
type ProbeTargetIngress struct {
	// Selector matches the labels of the Ingresses.
	// +optional
	Selector metav1.LabelSelector `json:"selector,omitzero"`
	// NamespaceSelector chooses the namespaces the Ingresses are looked up in.
	// +optional
	NamespaceSelector NamespaceSelector `json:"namespaceSelector,omitzero"`
	// RelabelConfigs are applied to the targets' labels before probing.
	// +optional
	RelabelConfigs []RelabelConfig `json:"relabelingConfigs,omitempty"`
}

// ProbeList is a list of Probes.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type ProbeList struct {
	metav1.TypeMeta `json:",inline"`
	// +optional
	metav1.ListMeta `json:"metadata,omitzero"`
	// Items are the Probes.
	Items []Probe `json:"items"`
}
