// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import "strings"

// LabelName is a Prometheus label name.
type LabelName string

// RelabelAction is what a relabel rule does. Both the lower-case spelling
// Prometheus uses and a CamelCase spelling are accepted.
//
// +kubebuilder:validation:Enum=replace;Replace;keep;Keep;drop;Drop;hashmod;HashMod;labelmap;LabelMap;labeldrop;LabelDrop;labelkeep;LabelKeep;lowercase;Lowercase;uppercase;Uppercase;keepequal;KeepEqual;dropequal;DropEqual
type RelabelAction string

// The relabel actions, in Prometheus's spelling.
const (
	RelabelActionReplace   RelabelAction = "replace"
	RelabelActionKeep      RelabelAction = "keep"
	RelabelActionDrop      RelabelAction = "drop"
	RelabelActionHashMod   RelabelAction = "hashmod"
	RelabelActionLabelMap  RelabelAction = "labelmap"
	RelabelActionLabelDrop RelabelAction = "labeldrop"
	RelabelActionLabelKeep RelabelAction = "labelkeep"
	RelabelActionLowercase RelabelAction = "lowercase"
	RelabelActionUppercase RelabelAction = "uppercase"
	RelabelActionKeepEqual RelabelAction = "keepequal"
	RelabelActionDropEqual RelabelAction = "dropequal"
)

// Normalized returns the action in Prometheus's lower-case spelling, with the
// empty action meaning replace.
func (a RelabelAction) Normalized() RelabelAction {
	if a == "" {
		return RelabelActionReplace
	}
	return RelabelAction(strings.ToLower(string(a)))
}

// RelabelConfig is one Prometheus relabeling rule, applied to target labels
// before a scrape or to sample labels after it.
type RelabelConfig struct {
	// SourceLabels are the labels whose values are joined with Separator
	// and matched against Regex.
	// +optional
	SourceLabels []LabelName `json:"sourceLabels,omitempty"`
	// Separator joins the source label values; ";" when unset.
	// +optional
	Separator *string `json:"separator,omitempty"`
	// TargetLabel receives the result of replace, hashmod, lowercase,
	// uppercase, keepequal and dropequal actions.
	// +optional
	TargetLabel string `json:"targetLabel,omitempty"`
	// Regex is matched against the joined source values; "(.*)" when unset.
	// +optional
	Regex string `json:"regex,omitempty"`
	// Modulus is the divisor of the hash for the hashmod action.
	// +kubebuilder:validation:Minimum=0
	// +optional
	Modulus uint64 `json:"modulus,omitempty"`
	// Replacement is written to TargetLabel for replace actions, with regex
	// group references expanded; "$1" when unset.
	// +optional
	Replacement *string `json:"replacement,omitempty"`
	// Action is what the rule does.
	// +kubebuilder:default=replace
	// +optional
	Action RelabelAction `json:"action,omitempty"`
}
