// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package relabel holds typed Prometheus relabel rules and the rule sets the
// configuration generator shares between every monitor kind: label selector
// filters, sharding, namespace enforcement and the job name capture.
//
// Upstream's generator writes the keys of a rule in a few different orders
// depending on where the rule comes from; each order is a layout here, and
// each generated rule shape has one constructor.
package relabel

import (
	"strconv"
	"strings"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// layout is the key order a rule is written in.
type layout uint8

const (
	// The zero layout is the standard one: source_labels, separator,
	// target_label, regex, modulus, replacement, action. User rules and
	// most generated ones.
	_ layout = iota
	// layoutFilter: action, source_labels, regex. Keep/drop filters.
	layoutFilter
	// layoutCapture: source_labels, separator, regex, replacement,
	// target_label. The node/pod captures of endpoint address targets.
	layoutCapture
	// layoutRegexBeforeTarget: source_labels, separator, regex,
	// target_label, replacement, action. The Ingress probe rules.
	layoutRegexBeforeTarget
	// layoutActionBeforeReplacement: target_label, action, replacement.
	// The job label override of ScrapeConfigs.
	layoutActionBeforeReplacement
)

// Rule is one relabel rule of the generated configuration. Empty fields are
// left out; Separator and Replacement are pointers because an empty value
// is meaningful for them.
type Rule struct {
	// The fields mirror Prometheus's relabel_config keys.
	SourceLabels []string `yaml:"source_labels,omitempty"`
	Separator    *string  `yaml:"separator,omitempty"`
	TargetLabel  string   `yaml:"target_label,omitempty"`
	Regex        string   `yaml:"regex,omitempty"`
	Modulus      uint64   `yaml:"modulus,omitempty"`
	Replacement  *string  `yaml:"replacement,omitempty"`
	Action       string   `yaml:"action,omitempty"`

	layout layout
	// numericRegex writes Regex as a YAML integer (port number filters).
	numericRegex bool
}

// YAMLMap returns the rule with its keys in the order of its layout.
func (r Rule) YAMLMap() yamldoc.Map {
	return yamldoc.CollectItem(List{r}, 0)
}

// writeFields writes the rule's keys in the order of its layout.
func (r *Rule) writeFields(f *yamldoc.Fields) {
	switch r.layout {
	case layoutFilter:
		r.writeAction(f)
		r.writeSourceLabels(f)
		r.writeRegex(f)
	case layoutCapture:
		r.writeSourceLabels(f)
		r.writeSeparator(f)
		r.writeRegex(f)
		r.writeReplacement(f)
		r.writeTargetLabel(f)
	case layoutRegexBeforeTarget:
		r.writeSourceLabels(f)
		r.writeSeparator(f)
		r.writeRegex(f)
		r.writeTargetLabel(f)
		r.writeReplacement(f)
		r.writeAction(f)
	case layoutActionBeforeReplacement:
		r.writeTargetLabel(f)
		r.writeAction(f)
		r.writeReplacement(f)
	default:
		r.writeSourceLabels(f)
		r.writeSeparator(f)
		r.writeTargetLabel(f)
		r.writeRegex(f)
		if r.Modulus != 0 {
			f.Uint("modulus", r.Modulus)
		}
		r.writeReplacement(f)
		r.writeAction(f)
	}
}

func (r *Rule) writeSourceLabels(f *yamldoc.Fields) {
	if len(r.SourceLabels) > 0 {
		f.Strings("source_labels", r.SourceLabels)
	}
}

func (r *Rule) writeSeparator(f *yamldoc.Fields) {
	if r.Separator != nil {
		f.String("separator", *r.Separator)
	}
}

func (r *Rule) writeTargetLabel(f *yamldoc.Fields) {
	if r.TargetLabel != "" {
		f.String("target_label", r.TargetLabel)
	}
}

func (r *Rule) writeRegex(f *yamldoc.Fields) {
	if r.Regex == "" {
		return
	}
	if r.numericRegex {
		if number, err := strconv.ParseInt(r.Regex, 10, 64); err == nil {
			f.Int("regex", number)
			return
		}
	}
	f.String("regex", r.Regex)
}

func (r *Rule) writeReplacement(f *yamldoc.Fields) {
	if r.Replacement != nil {
		f.String("replacement", *r.Replacement)
	}
}

func (r *Rule) writeAction(f *yamldoc.Fields) {
	if r.Action != "" {
		f.String("action", r.Action)
	}
}

// List is a list of rules that the document model emits without building
// a map per rule.
type List []Rule

// Len implements yamldoc.Sequence.
func (l List) Len() int { return len(l) }

// WriteItem implements yamldoc.Sequence.
func (l List) WriteItem(index int, fields *yamldoc.Fields) {
	l[index].writeFields(fields)
}

// ToDocument turns rules into a value of the document model.
func ToDocument(rules []Rule) List {
	return List(rules)
}

// FromAPI converts a user-written relabel rule. The action is written in
// lower case, as Prometheus spells it.
func FromAPI(rc monitoringv1.RelabelConfig) Rule {
	rule := Rule{
		Separator:   rc.Separator,
		TargetLabel: rc.TargetLabel,
		Regex:       rc.Regex,
		Modulus:     rc.Modulus,
		Replacement: rc.Replacement,
		Action:      strings.ToLower(string(rc.Action)),
	}
	if len(rc.SourceLabels) > 0 {
		rule.SourceLabels = make([]string, len(rc.SourceLabels))
		for i, label := range rc.SourceLabels {
			rule.SourceLabels[i] = string(label)
		}
	}
	return rule
}

// FromAPIList converts user-written relabel rules in order.
func FromAPIList(rcs []monitoringv1.RelabelConfig) []Rule {
	if len(rcs) == 0 {
		return nil
	}
	rules := make([]Rule, len(rcs))
	for i, rc := range rcs {
		rules[i] = FromAPI(rc)
	}
	return rules
}

func text(s string) *string { return &s }
