// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"context"
	"errors"
	"log/slog"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/amcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/rules"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// NewChecks returns the controllers' checks: the rules package for
// PrometheusRules (parsed with rules' scheme and PromQL options) and
// amcfg's per-resource check for AlertmanagerConfigs.
func NewChecks(rules RuleOptions) Checks {
	return Checks{
		PrometheusRule: func(rule *monitoringv1.PrometheusRule) []error {
			return checkPrometheusRule(rule, rules)
		},
		AlertmanagerConfig: func(config *monitoringv1alpha1.AlertmanagerConfig) []error {
			return splitErrors(amcfg.CheckResource(config, amcfg.CheckOptions{}))
		},
		PrometheusRuleFor: func(rule *monitoringv1.PrometheusRule, version string) ([]string, error) {
			return prometheusRuleFor(rule, version, rules)
		},
		AlertmanagerConfigFor: func(config *monitoringv1alpha1.AlertmanagerConfig, version string, store assets.KeyReader) error {
			if version == "" {
				version = operator.DefaultAlertmanagerVersion
			}
			return amcfg.CheckResource(config, amcfg.CheckOptions{Version: version, Store: store})
		},
	}
}

// ruleTarget is the Prometheus version PrometheusRules are checked for:
// legacy name validation is what Prometheus 2 enforces, UTF-8 names what
// Prometheus 3 accepts.
func ruleTarget(options RuleOptions) version.Target {
	if options.NameValidationScheme == NameValidationUTF8 {
		return version.MustParse(operator.DefaultPrometheusVersion)
	}
	return version.MustParse(operator.DefaultPrometheusV2Version)
}

// checkPrometheusRule renders the rule the way the Prometheus controller
// does and returns the parser's errors, one per rule.
func checkPrometheusRule(rule *monitoringv1.PrometheusRule, options RuleOptions) []error {
	err := rules.Validate(rule, rules.Options{Format: rules.PrometheusFormat, Target: ruleTarget(options), Parser: options.PromQLOptions})
	if err == nil {
		return nil
	}
	// One cause per rule: the parser's errors come joined.
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		return joined.Unwrap()
	}
	return []error{err}
}

// prometheusRuleFor renders the rule for a Prometheus of version (the
// default when empty) and collects what the renderer drops.
func prometheusRuleFor(rule *monitoringv1.PrometheusRule, prometheusVersion string, options RuleOptions) ([]string, error) {
	target, err := version.Parse(prometheusVersion)
	if err != nil {
		return nil, err
	}
	collector := &droppedFields{}
	_, rejected := rules.Render([]*monitoringv1.PrometheusRule{rule}, rules.Options{
		Format: rules.PrometheusFormat, Target: target, Parser: options.PromQLOptions, Logger: slog.New(collector),
	})
	if len(rejected) > 0 {
		return collector.messages, rejected[0].Reason
	}
	return collector.messages, nil
}

// droppedFields is a slog handler keeping the renderer's warnings.
type droppedFields struct {
	messages []string
}

func (*droppedFields) Enabled(_ context.Context, level slog.Level) bool {
	return level >= slog.LevelWarn
}

func (d *droppedFields) Handle(_ context.Context, record slog.Record) error {
	message := record.Message
	record.Attrs(func(attribute slog.Attr) bool {
		if attribute.Key == "minimumVersion" {
			message += " (needs " + attribute.Value.String() + ")"
		}
		return true
	})
	d.messages = append(d.messages, message)
	return nil
}

func (d *droppedFields) WithAttrs([]slog.Attr) slog.Handler { return d }

func (d *droppedFields) WithGroup(string) slog.Handler { return d }
