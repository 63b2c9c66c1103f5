// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package rules

import (
	"fmt"
	"slices"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
)

// promQLParser reads expressions for rewriting; it accepts every function
// so that anything the validation accepts can be rewritten.
var promQLParser = parser.NewParser(parser.Options{EnableExperimentalFunctions: true})

// Enforcement is a workload's namespace label enforcement on its rules
// (spec.enforcedNamespaceLabel).
type Enforcement struct {
	// Label is the enforced label; empty enforces nothing.
	Label string
	// Excluded lists the objects spared (spec.excludedFromEnforcement).
	Excluded []monitoringv1.ObjectReference
	// ExcludedRules lists "<namespace>/<name>" of the deprecated
	// spec.prometheusRulesExcludedFromEnforce.
	ExcludedRules []string
}

// DeprecatedExclusions turns spec.prometheusRulesExcludedFromEnforce into
// ExcludedRules entries.
func DeprecatedExclusions(excluded []monitoringv1.PrometheusRuleExcludeConfig) []string {
	var names []string
	for _, rule := range excluded {
		names = append(names, rule.RuleNamespace+"/"+rule.RuleName)
	}
	return names
}

// AppliesTo reports whether the rules of PrometheusRule namespace/name get
// the namespace label.
func (e Enforcement) AppliesTo(namespace, name string) bool {
	enforcement := relabel.NamespaceEnforcement{Label: e.Label, Excluded: e.Excluded}
	return enforcement.Applies(monitoringv1.PrometheusRuleName, namespace, name) &&
		!slices.Contains(e.ExcludedRules, namespace+"/"+name)
}

// enforceNamespace ties every rule of spec to namespace: each rule gets the
// label <label>=<namespace>, and each series selector of its expression a
// matcher <label>="<namespace>" (replacing any matcher on that label), so
// that a team's rules only see and produce its own series. spec is changed
// in place.
func enforceNamespace(spec *monitoringv1.PrometheusRuleSpec, label, namespace string) error {
	matcher, err := labels.NewMatcher(labels.MatchEqual, label, namespace)
	if err != nil {
		return fmt.Errorf("namespace matcher: %w", err)
	}
	for i := range spec.Groups {
		group := &spec.Groups[i]
		for j := range group.Rules {
			rule := &group.Rules[j]
			expr, err := injectMatcher(rule.Expr.String(), matcher)
			if err != nil {
				return fmt.Errorf("group %q, rule %d: %w", group.Name, j, err)
			}
			rule.Expr = intstr.FromString(expr)
			if rule.Labels == nil {
				rule.Labels = map[string]string{}
			}
			rule.Labels[label] = namespace
		}
	}
	return nil
}

// injectMatcher adds matcher to every vector selector of expr (range
// selectors and subqueries hold vector selectors too) and renders the
// expression again.
func injectMatcher(expr string, matcher *labels.Matcher) (string, error) {
	parsed, err := promQLParser.ParseExpr(expr)
	if err != nil {
		return "", fmt.Errorf("parse expression: %w", err)
	}
	parser.Inspect(parsed, func(node parser.Node, _ []parser.Node) error {
		selector, ok := node.(*parser.VectorSelector)
		if !ok {
			return nil
		}
		kept := slices.DeleteFunc(slices.Clone(selector.LabelMatchers), func(existing *labels.Matcher) bool {
			return existing != nil && existing.Name == matcher.Name
		})
		selector.LabelMatchers = append(kept, matcher)
		return nil
	})
	return parsed.String(), nil
}
