// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package observability

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/prometheus/prometheus/promql/parser"
	"sigs.k8s.io/yaml"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// Expression is one PromQL expression of the generated files, with where it
// comes from ("dashboard: <panel title>" or "alert: <name>").
type Expression struct {
	Source string
	Expr   string
}

// grafanaVariables are the dashboard variables, replaced by values that make
// a dashboard query plain PromQL.
var grafanaVariables = strings.NewReplacer(
	"$__rate_interval", "5m",
	"$job", Job,
	"$instance", ".*",
)

// FileExpressions reads the committed dashboard and rules below root and
// returns every PromQL expression in them, Grafana variables substituted.
func FileExpressions(root string) ([]Expression, error) {
	var out []Expression
	dashboardJSON, err := os.ReadFile(filepath.Join(root, DashboardPath))
	if err != nil {
		return nil, fmt.Errorf("read dashboard: %w", err)
	}
	var dashboard Dashboard
	if err := json.Unmarshal(dashboardJSON, &dashboard); err != nil {
		return nil, fmt.Errorf("decode dashboard: %w", err)
	}
	for _, panel := range dashboard.Panels {
		for _, target := range panel.Targets {
			out = append(out, Expression{Source: "dashboard: " + panel.Title, Expr: grafanaVariables.Replace(target.Expr)})
		}
	}
	rulesYAML, err := os.ReadFile(filepath.Join(root, RulesPath))
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	var rules monitoringv1.PrometheusRule
	if err := yaml.UnmarshalStrict(rulesYAML, &rules); err != nil {
		return nil, fmt.Errorf("decode rules: %w", err)
	}
	for _, group := range rules.Spec.Groups {
		for _, rule := range group.Rules {
			out = append(out, Expression{Source: "alert: " + rule.Alert, Expr: rule.Expr.String()})
		}
	}
	return out, nil
}

// MetricNames parses expr with Prometheus's PromQL parser and returns the
// metric names its selectors use, sorted, without duplicates. Histogram
// and summary series (_bucket, _sum, _count) are returned as written.
func MetricNames(expr string) ([]string, error) {
	parsed, err := parser.NewParser(parser.Options{}).ParseExpr(expr)
	if err != nil {
		return nil, fmt.Errorf("parse %q: %w", expr, err)
	}
	var names []string
	parser.Inspect(parsed, func(node parser.Node, _ []parser.Node) error {
		if selector, ok := node.(*parser.VectorSelector); ok {
			names = append(names, selector.Name)
		}
		return nil
	})
	slices.Sort(names)
	return slices.Compact(names), nil
}
