// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

// Duration is a Prometheus duration such as "30s", "1h30m" or "0".
// Units from milliseconds up to years are accepted.
//
// +kubebuilder:validation:Pattern:="^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"
type Duration string

// NonEmptyDuration is a Duration that may not be the empty string.
//
// +kubebuilder:validation:MinLength=1
// +kubebuilder:validation:Pattern:="^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"
type NonEmptyDuration string

// GoDuration is a duration limited to the units Go's time.ParseDuration
// understands (hours down to milliseconds), such as "5m" or "250ms".
//
// +kubebuilder:validation:Pattern:="^(0|(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"
type GoDuration string

// ByteSize is an amount of bytes with a unit suffix, such as "512MB" or "1GiB".
//
// +kubebuilder:validation:Pattern:="(^0|([0-9]*[.])?[0-9]+((K|M|G|T|E|P)i?)?B)$"
type ByteSize string

// ScrapeProtocol names one exposition format Prometheus may negotiate when scraping.
//
// +kubebuilder:validation:Enum=PrometheusProto;OpenMetricsText0.0.1;OpenMetricsText1.0.0;PrometheusText0.0.4;PrometheusText1.0.0
type ScrapeProtocol string

// The scrape protocols Prometheus knows.
const (
	ScrapeProtocolPrometheusProto      ScrapeProtocol = "PrometheusProto"
	ScrapeProtocolOpenMetricsText0_0_1 ScrapeProtocol = "OpenMetricsText0.0.1"
	ScrapeProtocolOpenMetricsText1_0_0 ScrapeProtocol = "OpenMetricsText1.0.0"
	ScrapeProtocolPrometheusText0_0_4  ScrapeProtocol = "PrometheusText0.0.4"
	ScrapeProtocolPrometheusText1_0_0  ScrapeProtocol = "PrometheusText1.0.0"
)

// NameValidationSchemeOptions selects which metric and label names are valid.
//
// +kubebuilder:validation:Enum=UTF8;Legacy
type NameValidationSchemeOptions string

// The name validation schemes.
const (
	NameValidationSchemeUTF8   NameValidationSchemeOptions = "UTF8"
	NameValidationSchemeLegacy NameValidationSchemeOptions = "Legacy"
)

// NameEscapingSchemeOptions selects how names outside the legacy character set
// are escaped when a scraped target cannot accept UTF-8 names.
//
// +kubebuilder:validation:Enum=AllowUTF8;Underscores;Dots;Values
type NameEscapingSchemeOptions string

// The name escaping schemes.
const (
	NameEscapingSchemeAllowUTF8   NameEscapingSchemeOptions = "AllowUTF8"
	NameEscapingSchemeUnderscores NameEscapingSchemeOptions = "Underscores"
	NameEscapingSchemeDots        NameEscapingSchemeOptions = "Dots"
	NameEscapingSchemeValues      NameEscapingSchemeOptions = "Values"
)

// NamespaceSelector chooses the namespaces a monitor looks for targets in.
// With neither field set, only the monitor's own namespace is used.
type NamespaceSelector struct {
	// Any selects every namespace; it takes precedence over MatchNames.
	// +optional
	Any bool `json:"any,omitempty"`
	// MatchNames lists the namespaces to select.
	// +optional
	MatchNames []string `json:"matchNames,omitempty"`
}

// AttachMetadata asks service discovery to add metadata of related objects to targets.
type AttachMetadata struct {
	// Node adds the labels of the target's node. Prometheus then needs
	// get/list/watch permission on nodes.
	// +optional
	Node *bool `json:"node,omitempty"`
}

// Argument is one extra command-line flag passed to a container.
type Argument struct {
	// Name is the flag name without leading dashes.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// Value is the flag's value; flags without a value are passed bare.
	// +optional
	Value string `json:"value,omitempty"`
}

// ObjectReference points at a namespaced monitoring resource, or at every
// resource of a kind in a namespace when Name is empty.
type ObjectReference struct {
	// Group is the API group of the resource.
	// +kubebuilder:validation:Enum=monitoring.coreos.com
	// +kubebuilder:default:="monitoring.coreos.com"
	// +optional
	Group string `json:"group"`
	// Resource is the plural resource name.
	// +kubebuilder:validation:Enum=prometheusrules;servicemonitors;podmonitors;probes;scrapeconfigs
	// +required
	Resource string `json:"resource"`
	// Namespace holds the referenced objects.
	// +kubebuilder:validation:MinLength=1
	// +required
	Namespace string `json:"namespace"`
	// Name of the object; empty means all objects of the resource in Namespace.
	// +optional
	Name string `json:"name,omitempty"`
}

// PrometheusRuleExcludeConfig names one PrometheusRule that namespace label enforcement skips.
type PrometheusRuleExcludeConfig struct {
	// RuleNamespace is the namespace of the PrometheusRule.
	// +required
	RuleNamespace string `json:"ruleNamespace"`
	// RuleName is the name of the PrometheusRule.
	// +required
	RuleName string `json:"ruleName"`
}

// EmbeddedObjectMetadata is the subset of object metadata that may be set on
// objects the operator creates on the user's behalf (pods, claims).
type EmbeddedObjectMetadata struct {
	// Name of the object.
	// +optional
	Name string `json:"name,omitempty"`
	// Labels to set on the object.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations to set on the object.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`
}
