// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"k8s.io/apimachinery/pkg/api/resource"
)

// SelectorMechanism chooses how a monitor's label selector is turned into
// Prometheus configuration.
//
// +kubebuilder:validation:Enum=RelabelConfig;RoleSelector
type SelectorMechanism string

// The selector mechanisms.
const (
	// SelectorMechanismRelabel filters discovered targets with keep/drop relabel rules.
	SelectorMechanismRelabel SelectorMechanism = "RelabelConfig"
	// SelectorMechanismRole passes the selector to Kubernetes service discovery.
	SelectorMechanismRole SelectorMechanism = "RoleSelector"
)

// ServiceDiscoveryRole is the Kubernetes service discovery role used to find
// the endpoints behind Services.
//
// +kubebuilder:validation:Enum=Endpoints;EndpointSlice
type ServiceDiscoveryRole string

// The service discovery roles.
const (
	ServiceDiscoveryRoleEndpoints     ServiceDiscoveryRole = "Endpoints"
	ServiceDiscoveryRoleEndpointSlice ServiceDiscoveryRole = "EndpointSlice"
)

// ScrapeLimits caps what one scrape job may ingest. An unset or zero limit
// means no limit beyond the one the workload enforces.
type ScrapeLimits struct {
	// SampleLimit is the most samples accepted per scrape.
	// +kubebuilder:validation:Minimum=0
	// +optional
	SampleLimit *uint64 `json:"sampleLimit,omitempty"`
	// TargetLimit is the most targets accepted after relabeling.
	// +kubebuilder:validation:Minimum=0
	// +optional
	TargetLimit *uint64 `json:"targetLimit,omitempty"`
	// LabelLimit is the most labels accepted per sample.
	// +kubebuilder:validation:Minimum=0
	// +optional
	LabelLimit *uint64 `json:"labelLimit,omitempty"`
	// LabelNameLengthLimit is the longest label name accepted.
	// +kubebuilder:validation:Minimum=0
	// +optional
	LabelNameLengthLimit *uint64 `json:"labelNameLengthLimit,omitempty"`
	// LabelValueLengthLimit is the longest label value accepted.
	// +kubebuilder:validation:Minimum=0
	// +optional
	LabelValueLengthLimit *uint64 `json:"labelValueLengthLimit,omitempty"`
	// KeepDroppedTargets is how many targets dropped by relabeling are kept
	// in memory for the targets page.
	// +kubebuilder:validation:Minimum=0
	// +optional
	KeepDroppedTargets *uint64 `json:"keepDroppedTargets,omitempty"`
}

// NativeHistogramConfig sets how histograms are ingested by one scrape job.
type NativeHistogramConfig struct {
	// ScrapeNativeHistograms ingests native histograms exposed by targets.
	// +optional
	ScrapeNativeHistograms *bool `json:"scrapeNativeHistograms,omitempty"`
	// ScrapeClassicHistograms also keeps the classic form of histograms
	// that are exposed both ways.
	// +optional
	ScrapeClassicHistograms *bool `json:"scrapeClassicHistograms,omitempty"`
	// NativeHistogramBucketLimit is the most buckets a native histogram may
	// have; beyond it, resolution is reduced.
	// +kubebuilder:validation:Minimum=0
	// +optional
	NativeHistogramBucketLimit *uint64 `json:"nativeHistogramBucketLimit,omitempty"`
	// NativeHistogramMinBucketFactor is the smallest growth factor between
	// neighbouring buckets; finer histograms have their resolution reduced.
	// +optional
	NativeHistogramMinBucketFactor *resource.Quantity `json:"nativeHistogramMinBucketFactor,omitempty"`
	// ConvertClassicHistogramsToNHCB converts classic histograms into native
	// histograms with custom buckets.
	// +optional
	ConvertClassicHistogramsToNHCB *bool `json:"convertClassicHistogramsToNHCB,omitempty"`
}

// MonitorScrapeSettings are the job-level scrape settings shared by
// ServiceMonitor, PodMonitor and Probe.
type MonitorScrapeSettings struct {
	// ScrapeProtocols are the formats to negotiate, most preferred first.
	// +listType=set
	// +optional
	ScrapeProtocols []ScrapeProtocol `json:"scrapeProtocols,omitempty"`
	// FallbackScrapeProtocol is used when a target answers with a missing
	// or unknown content type.
	// +optional
	FallbackScrapeProtocol *ScrapeProtocol `json:"fallbackScrapeProtocol,omitempty"`
	// ScrapeClass names the workload's scrape class whose defaults apply.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ScrapeClassName *string `json:"scrapeClass,omitempty"`

	ScrapeLimits          `json:",inline"`
	NativeHistogramConfig `json:",inline"`
}

// ScrapeEndpointSettings are the per-endpoint scrape settings shared by
// ServiceMonitor endpoints and PodMonitor endpoints.
type ScrapeEndpointSettings struct {
	// Path is the HTTP path metrics are fetched from; "/metrics" when empty.
	// +optional
	Path string `json:"path,omitempty"`
	// Scheme is the URL scheme; "http" when unset.
	// +optional
	Scheme *Scheme `json:"scheme,omitempty"`
	// Params are URL query parameters sent with each scrape.
	// +optional
	Params map[string][]string `json:"params,omitempty"`
	// Interval between scrapes; the workload's default when empty.
	// +optional
	Interval Duration `json:"interval,omitempty"`
	// ScrapeTimeout bounds each scrape; the workload's default when empty.
	// +optional
	ScrapeTimeout Duration `json:"scrapeTimeout,omitempty"`
	// HonorLabels keeps the target's labels when they clash with labels
	// Prometheus attaches.
	// +optional
	HonorLabels bool `json:"honorLabels,omitempty"`
	// HonorTimestamps keeps the timestamps the target exposes.
	// +optional
	HonorTimestamps *bool `json:"honorTimestamps,omitempty"`
	// TrackTimestampsStaleness marks samples with explicit timestamps stale
	// when they disappear; needs HonorTimestamps.
	// +optional
	TrackTimestampsStaleness *bool `json:"trackTimestampsStaleness,omitempty"`
	// MetricRelabelConfigs are applied to scraped samples before ingestion.
	// +optional
	MetricRelabelConfigs []RelabelConfig `json:"metricRelabelings,omitempty"`
	// RelabelConfigs are applied to the target's labels before scraping.
	// +optional
	RelabelConfigs []RelabelConfig `json:"relabelings,omitempty"`
	// FilterRunning drops targets whose pod is not running; true when unset.
	// +optional
	FilterRunning *bool `json:"filterRunning,omitempty"`

	HTTPClientConfig `json:",inline"`
	ProxyConfig      `json:",inline"`
}
