// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/amcfg"
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
	}
}

// checkPrometheusRule is replaced by the rules package's check once it lands.
func checkPrometheusRule(*monitoringv1.PrometheusRule, RuleOptions) []error { return nil }
