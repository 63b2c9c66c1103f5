// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

// ScrapeClass is a named bundle of scrape settings defined on a Prometheus or
// PrometheusAgent. Monitors pick one by name through their scrapeClass field;
// the class marked default applies to monitors that name none.
type ScrapeClass struct {
	// name monitors use to refer to the class.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// default makes this class apply to monitors that name no class; at most
	// one class may be the default.
	// +optional
	Default *bool `json:"default,omitempty"`
	// fallbackScrapeProtocol is used when a target answers with a missing or
	// unknown content type.
	// +optional
	FallbackScrapeProtocol *ScrapeProtocol `json:"fallbackScrapeProtocol,omitempty"`
	// tlsConfig fills in the TLS file fields that monitors of the class leave empty.
	// +optional
	TLSConfig *TLSConfig `json:"tlsConfig,omitempty"`
	// authorization is used by monitors of the class that set no
	// authentication themselves.
	// +optional
	Authorization *Authorization `json:"authorization,omitempty"`
	// relabelings run before the monitors' own relabelings.
	// +optional
	Relabelings []RelabelConfig `json:"relabelings,omitempty"`
	// metricRelabelings run before the monitors' own metric relabelings.
	// +optional
	MetricRelabelings []RelabelConfig `json:"metricRelabelings,omitempty"`
	// attachMetadata is used by monitors of the class that do not set it.
	// +optional
	AttachMetadata *AttachMetadata `json:"attachMetadata,omitempty"`
}
