// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// Target is a host, optionally followed by a port, that Prometheus scrapes.
// +kubebuilder:validation:MinLength=1
type Target string

// SDFile is the path of a JSON or YAML target file; the last path element may
// hold one `*` wildcard.
// +kubebuilder:validation:Pattern=`^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$`
type SDFile string

// StaticConfig is a fixed list of targets sharing one label set.
type StaticConfig struct {
	// Targets are the addresses to scrape.
	// +kubebuilder:validation:MinItems=1
	// +listType=set
	// +required
	Targets []Target `json:"targets"`
	// Labels are added to every series scraped from these targets.
	// +mapType=atomic
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
}

// FileSDConfig reads targets from files that are mounted into the Prometheus
// pods (for instance through the configMaps or secrets of the Prometheus object).
type FileSDConfig struct {
	// Files are the target files; absolute paths are recommended.
	// +kubebuilder:validation:MinItems=1
	// +listType=set
	// +required
	Files []SDFile `json:"files"`
	// RefreshInterval is how often the files are read again, besides file change events.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`
}

// HTTPSDConfig fetches the target list as JSON from an HTTP endpoint.
type HTTPSDConfig struct {
	// URL is the endpoint that returns the targets.
	// +kubebuilder:validation:Pattern=`^https?://.+$`
	// +required
	URL string `json:"url"`
	// RefreshInterval is how often the endpoint is queried again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}

// DNSRecordType is the type of record a DNS discovery asks for.
// +kubebuilder:validation:Enum=A;AAAA;MX;NS;SRV
type DNSRecordType string

// The DNS record types supported by DNS discovery.
const (
	DNSRecordTypeA    DNSRecordType = "A"
	DNSRecordTypeAAAA DNSRecordType = "AAAA"
	DNSRecordTypeMX   DNSRecordType = "MX"
	DNSRecordTypeNS   DNSRecordType = "NS"
	DNSRecordTypeSRV  DNSRecordType = "SRV"
)

// DNSSDConfig resolves DNS names periodically, with the resolvers of the
// Prometheus pod, and scrapes the addresses found.
type DNSSDConfig struct {
	// Names are the domain names to resolve.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +required
	Names []string `json:"names"`
	// RefreshInterval is how often the names are resolved again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`
	// Type is the record type to query; Prometheus uses SRV when unset.
	// +optional
	Type *DNSRecordType `json:"type,omitempty"`
	// Port is added to the addresses found; SRV records carry their own port.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
}
