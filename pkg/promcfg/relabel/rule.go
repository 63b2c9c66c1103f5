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
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/yamldoc"
)

// layout is the key order a rule is written in.
type layout uint8

const (
	// layoutStandard: source_labels, separator, target_label, regex,
	// modulus, replacement, action. User rules and most generated ones.
	layoutStandard layout = iota
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
	m := make(yamldoc.Map, 0, 5)
	switch r.layout {
	case layoutFilter:
		m = r.addAction(m)
		m = r.addSourceLabels(m)
		m = r.addRegex(m)
	case layoutCapture:
		m = r.addSourceLabels(m)
		m = r.addSeparator(m)
		m = r.addRegex(m)
		m = r.addReplacement(m)
		m = r.addTargetLabel(m)
	case layoutRegexBeforeTarget:
		m = r.addSourceLabels(m)
		m = r.addSeparator(m)
		m = r.addRegex(m)
		m = r.addTargetLabel(m)
		m = r.addReplacement(m)
		m = r.addAction(m)
	case layoutActionBeforeReplacement:
		m = r.addTargetLabel(m)
		m = r.addAction(m)
		m = r.addReplacement(m)
	default:
		m = r.addSourceLabels(m)
		m = r.addSeparator(m)
		m = r.addTargetLabel(m)
		m = r.addRegex(m)
		if r.Modulus != 0 {
			m = m.Add("modulus", r.Modulus)
		}
		m = r.addReplacement(m)
		m = r.addAction(m)
	}
	return m
}

func (r Rule) addSourceLabels(m yamldoc.Map) yamldoc.Map {
	return m.AddIf(len(r.SourceLabels) > 0, "source_labels", r.SourceLabels)
}

func (r Rule) addSeparator(m yamldoc.Map) yamldoc.Map {
	if r.Separator == nil {
		return m
	}
	return m.Add("separator", *r.Separator)
}

func (r Rule) addTargetLabel(m yamldoc.Map) yamldoc.Map {
	return m.AddIf(r.TargetLabel != "", "target_label", r.TargetLabel)
}

func (r Rule) addRegex(m yamldoc.Map) yamldoc.Map {
	if r.Regex == "" {
		return m
	}
	if r.numericRegex {
		if number, err := strconv.ParseInt(r.Regex, 10, 64); err == nil {
			return m.Add("regex", number)
		}
	}
	return m.Add("regex", r.Regex)
}

func (r Rule) addReplacement(m yamldoc.Map) yamldoc.Map {
	if r.Replacement == nil {
		return m
	}
	return m.Add("replacement", *r.Replacement)
}

func (r Rule) addAction(m yamldoc.Map) yamldoc.Map {
	return m.AddIf(r.Action != "", "action", r.Action)
}

// ToDocument turns rules into the sequence the document model expects.
func ToDocument(rules []Rule) []yamldoc.Map {
	out := make([]yamldoc.Map, len(rules))
	for i := range rules {
		out[i] = rules[i].YAMLMap()
	}
	return out
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
