// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package rules turns PrometheusRules into the rule files of a workload,
// the same way for Prometheus and ThanosRuler: namespace label enforcement,
// the fields the workload's version reads, validation with Prometheus's own
// rule parser, and packing of the files into ConfigMaps under 0.5 MiB.
// Format and version gates are what differ between the two.
package rules

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// MaxConfigMapDataSize is how much rule data one ConfigMap holds: half the
// 1 MiB object limit, leaving room for metadata. A single rendered
// PrometheusRule above it is rejected.
const MaxConfigMapDataSize = corev1.MaxSecretSize / 2

// Format is the rule file dialect a workload reads.
type Format int

const (
	// PrometheusFormat is read by Prometheus, which refuses unknown group
	// keys: the Thanos-only partial_response_strategy is dropped.
	PrometheusFormat Format = iota
	// ThanosFormat is read by Thanos Ruler: partial_response_strategy is kept.
	ThanosFormat
)

// gates are the versions that introduced the version-dependent rule
// fields, and UTF-8 metric and label names, in each format's program.
type gates struct {
	limit, queryOffset, groupLabels, keepFiringFor, utf8Names string
}

var formatGates = map[Format]gates{
	PrometheusFormat: {limit: "2.31.0", queryOffset: "2.53.0", groupLabels: "3.0.0", keepFiringFor: "2.42.0", utf8Names: "3.0.0"},
	ThanosFormat:     {limit: "0.24.0", queryOffset: "0.38.0", groupLabels: "0.39.0", keepFiringFor: "0.34.0", utf8Names: "0.38.0"},
}

// Options say how rule files are rendered for one workload.
type Options struct {
	// Format is the dialect of the workload's program.
	Format Format
	// Target is the version of that program (Prometheus or Thanos):
	// fields it does not read are dropped with a warning.
	Target version.Target
	// Parser holds the PromQL features the program enables; expressions
	// using others are rejected.
	Parser parser.Options
	// Enforcement ties the rules of each namespace to it, when its Label is set.
	Enforcement Enforcement
	// Logger receives the warnings about dropped fields; nil discards them.
	Logger *slog.Logger
}

// Rejection is a PrometheusRule left out of the rule files, and why.
type Rejection struct {
	Rule   *monitoringv1.PrometheusRule
	Reason error
}

// FileName is the rule file of a PrometheusRule: the UID keeps "a-b/c" and
// "a/b-c" apart.
func FileName(rule *monitoringv1.PrometheusRule) string {
	return fmt.Sprintf("%s-%s-%s.yaml", rule.Namespace, rule.Name, rule.UID)
}

// Render renders each PrometheusRule into a rule file keyed by FileName.
// Rules the program would refuse are left out and returned as rejections.
func Render(rules []*monitoringv1.PrometheusRule, opts Options) (map[string]string, []Rejection) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	files := map[string]string{}
	var rejected []Rejection
	for _, rule := range rules {
		spec := *rule.Spec.DeepCopy()
		if opts.Enforcement.AppliesTo(rule.Namespace, rule.Name) {
			if err := enforceNamespace(&spec, opts.Enforcement.Label, rule.Namespace); err != nil {
				rejected = append(rejected, Rejection{Rule: rule, Reason: fmt.Errorf("enforce the namespace label: %w", err)})
				continue
			}
		}
		content, err := renderFile(spec, opts, logger.With("prometheusRule", rule.Namespace+"/"+rule.Name))
		if err != nil {
			rejected = append(rejected, Rejection{Rule: rule, Reason: err})
			continue
		}
		files[FileName(rule)] = content
	}
	return files, rejected
}

// renderFile drops the fields the target does not read, serializes the
// groups and checks them with Prometheus's rule parser.
func renderFile(spec monitoringv1.PrometheusRuleSpec, opts Options, logger *slog.Logger) (string, error) {
	gate := formatGates[opts.Format]
	dropped := func(field, minimum string) {
		logger.Warn("ignoring "+field+", unsupported by this version", "minimumVersion", minimum, "version", opts.Target.String())
	}
	for i := range spec.Groups {
		group := &spec.Groups[i]
		if opts.Format == PrometheusFormat {
			group.PartialResponseStrategy = ""
		}
		if group.Interval != nil && *group.Interval == "" {
			group.Interval = nil
		}
		if group.Limit != nil && !opts.Target.Supports(gate.limit) {
			group.Limit = nil
			dropped("the rule group limit", gate.limit)
		}
		if group.QueryOffset != nil && !opts.Target.Supports(gate.queryOffset) {
			group.QueryOffset = nil
			dropped("the rule group query_offset", gate.queryOffset)
		}
		if len(group.Labels) > 0 && !opts.Target.Supports(gate.groupLabels) {
			group.Labels = nil
			dropped("the rule group labels", gate.groupLabels)
		}
		for j := range group.Rules {
			rule := &group.Rules[j]
			if rule.For != nil && *rule.For == "" {
				rule.For = nil
			}
			if rule.KeepFiringFor != nil && !opts.Target.Supports(gate.keepFiringFor) {
				rule.KeepFiringFor = nil
				dropped("keep_firing_for", gate.keepFiringFor)
			}
		}
	}
	content, err := yaml.Marshal(spec)
	if err != nil {
		return "", fmt.Errorf("serialize rules: %w", err)
	}
	if len(content) > MaxConfigMapDataSize {
		return "", fmt.Errorf("the rendered rules take %d bytes, above the limit of %d", len(content), MaxConfigMapDataSize)
	}
	return string(content), validate(spec, content, opts, gate)
}

// validate parses the rules the way the program will. Prometheus's parser
// knows nothing of partial_response_strategy (the CRD checks its values),
// so it is left out of what the parser sees.
func validate(spec monitoringv1.PrometheusRuleSpec, content []byte, opts Options, gate gates) error {
	scheme := model.UTF8Validation
	if !opts.Target.Supports(gate.utf8Names) {
		scheme = model.LegacyValidation
	}
	if opts.Format == ThanosFormat {
		spec = *spec.DeepCopy()
		for i := range spec.Groups {
			spec.Groups[i].PartialResponseStrategy = ""
		}
		stripped, err := yaml.Marshal(spec)
		if err != nil {
			return fmt.Errorf("serialize rules: %w", err)
		}
		content = stripped
	}
	if _, errs := rulefmt.Parse(content, false, scheme, parser.NewParser(opts.Parser), slog.New(slog.DiscardHandler)); len(errs) > 0 {
		return fmt.Errorf("invalid rules: %w", errors.Join(errs...))
	}
	return nil
}

// Validate reports why the program opts describe would refuse rule (after
// namespace enforcement and version gating), nil when it would load it.
func Validate(rule *monitoringv1.PrometheusRule, opts Options) error {
	if _, rejected := Render([]*monitoringv1.PrometheusRule{rule}, opts); len(rejected) > 0 {
		return rejected[0].Reason
	}
	return nil
}
