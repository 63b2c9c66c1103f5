// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

const (
	// ScrapeConfigsKind is the kind name of ScrapeConfig objects.
	ScrapeConfigsKind = "ScrapeConfig"
	// ScrapeConfigName is the plural resource name of ScrapeConfig objects.
	ScrapeConfigName = "scrapeconfigs"
	// ScrapeConfigKindKey is the lower-case kind name, used as a map key and in log fields.
	ScrapeConfigKindKey = "scrapeconfig"
)

func init() { registerKinds(&ScrapeConfig{}, &ScrapeConfigList{}) }

// ScrapeConfig describes one Prometheus scrape job, with its targets found by
// any of the supported service discovery mechanisms. Prometheus objects select
// ScrapeConfigs across namespaces and add them to their configuration.
//
// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="scfg",path=scrapeconfigs
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
type ScrapeConfig struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the desired scrape job.
	// +required
	Spec ScrapeConfigSpec `json:"spec"`
	// Status reports, per selecting workload, whether the job was accepted.
	// +optional
	Status monitoringv1.ConfigResourceStatus `json:"status,omitzero"`
}

// ScrapeConfigList is a page of ScrapeConfig objects.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type ScrapeConfigList struct {
	metav1.TypeMeta `json:",inline"`
	// ListMeta carries the list's resource version and continue token.
	metav1.ListMeta `json:"metadata,omitempty"`
	// Items are the ScrapeConfig objects of this page.
	Items []ScrapeConfig `json:"items"`
}

// ScrapeConfigSpec is the scrape job: where targets come from, how they are
// relabeled and how they are scraped.
//
// +kubebuilder:validation:XValidation:rule="[has(self.basicAuth), has(self.authorization), has(self.oauth2)].filter(x, x).size() <= 1",message="only one of basicAuth, authorization and oauth2 may be set"
type ScrapeConfigSpec struct {
	// JobName is the default value of the `job` label of the scraped series.
	// The operator always chooses the job_name of the generated job itself, to
	// keep job names unique, and sets the `job` label through relabeling.
	// +kubebuilder:validation:MinLength=1
	// +optional
	JobName *string `json:"jobName,omitempty"`

	ScrapeConfigDiscovery `json:",inline"`

	// RelabelConfigs rewrite the target labels before the scrape.
	// +kubebuilder:validation:MinItems=1
	// +optional
	RelabelConfigs []monitoringv1.RelabelConfig `json:"relabelings,omitempty"`
	// MetricsPath is the HTTP path of the metrics endpoint; Prometheus uses /metrics when unset.
	// +kubebuilder:validation:MinLength=1
	// +optional
	MetricsPath *string `json:"metricsPath,omitempty"`
	// ScrapeInterval is the time between two scrapes of a target.
	// +optional
	ScrapeInterval *monitoringv1.Duration `json:"scrapeInterval,omitempty"`
	// ScrapeTimeout bounds a single scrape; it may not exceed the scrape interval.
	// +optional
	ScrapeTimeout *monitoringv1.Duration `json:"scrapeTimeout,omitempty"`
	// ScrapeProtocols lists the exposition formats to negotiate, most preferred first.
	// +listType=set
	// +kubebuilder:validation:MinItems=1
	// +optional
	ScrapeProtocols []monitoringv1.ScrapeProtocol `json:"scrapeProtocols,omitempty"`
	// FallbackScrapeProtocol is used when a target answers with a missing or unknown content type.
	// +optional
	FallbackScrapeProtocol *monitoringv1.ScrapeProtocol `json:"fallbackScrapeProtocol,omitempty"`
	// HonorTimestamps keeps the timestamps exposed by the targets.
	// +optional
	HonorTimestamps *bool `json:"honorTimestamps,omitempty"`
	// TrackTimestampsStaleness marks series with explicit timestamps stale when they disappear.
	// +optional
	TrackTimestampsStaleness *bool `json:"trackTimestampsStaleness,omitempty"`
	// HonorLabels keeps the scraped labels when they clash with target labels.
	// +optional
	HonorLabels *bool `json:"honorLabels,omitempty"`
	// Params are URL query parameters added to every scrape request.
	// +mapType=atomic
	// +optional
	Params map[string][]string `json:"params,omitempty"`
	// Scheme is the protocol of the scrape requests; Prometheus uses HTTP when unset.
	// +optional
	Scheme *monitoringv1.Scheme `json:"scheme,omitempty"`
	// EnableCompression asks targets for compressed responses when true (Prometheus' default).
	// +optional
	EnableCompression *bool `json:"enableCompression,omitempty"`
	// EnableHTTP2 allows HTTP/2 for the scrape requests.
	// +optional
	EnableHTTP2 *bool `json:"enableHTTP2,omitempty"`
	// BasicAuth sets a user name and password on every scrape request.
	// +optional
	BasicAuth *monitoringv1.BasicAuth `json:"basicAuth,omitempty"`
	// Authorization sets an Authorization header on every scrape request.
	// +optional
	Authorization *monitoringv1.SafeAuthorization `json:"authorization,omitempty"`
	// OAuth2 fetches a token for every scrape request with the client credentials flow.
	// +optional
	OAuth2 *monitoringv1.OAuth2 `json:"oauth2,omitempty"`
	// TLSConfig holds the TLS settings of the scrape requests.
	// +optional
	TLSConfig *monitoringv1.SafeTLSConfig `json:"tlsConfig,omitempty"`

	// BodySizeLimit is the largest uncompressed response body accepted from one scrape.
	// +optional
	BodySizeLimit *monitoringv1.ByteSize `json:"bodySizeLimit,omitempty"`

	monitoringv1.ScrapeLimits          `json:",inline"`
	monitoringv1.NativeHistogramConfig `json:",inline"`

	// MetricRelabelConfigs rewrite or drop samples after the scrape, before ingestion.
	// +kubebuilder:validation:MinItems=1
	// +optional
	MetricRelabelConfigs []monitoringv1.RelabelConfig `json:"metricRelabelings,omitempty"`

	monitoringv1.ProxyConfig `json:",inline"`

	// NameValidationScheme chooses which metric and label names are valid.
	// +optional
	NameValidationScheme *monitoringv1.NameValidationSchemeOptions `json:"nameValidationScheme,omitempty"`
	// NameEscapingScheme chooses how names that are not valid in the legacy scheme are escaped.
	// +optional
	NameEscapingScheme *monitoringv1.NameEscapingSchemeOptions `json:"nameEscapingScheme,omitempty"`
	// ScrapeClassName names the scrape class of the selecting Prometheus to apply.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ScrapeClassName *string `json:"scrapeClass,omitempty"`
}
