// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"fmt"
	"slices"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
)

// promQLParser reads rule expressions with the options the rule validation
// uses, so that any expression accepted there can be rewritten here.
var promQLParser = parser.NewParser(parser.Options{EnableExperimentalFunctions: true})

// ruleEnforcement is the namespace label enforcement of one Prometheus on
// its PrometheusRules.
type ruleEnforcement struct {
	enforcement relabel.NamespaceEnforcement
	// excludedRules holds "<namespace>/<name>" of the deprecated
	// prometheusRulesExcludedFromEnforce list.
	excludedRules []string
}

// ruleEnforcementOf reads spec.enforcedNamespaceLabel and both exclusion
// lists of a Prometheus.
func ruleEnforcementOf(p *monitoringv1.Prometheus) ruleEnforcement {
	common := p.Spec.CommonPrometheusFields
	enforcement := ruleEnforcement{enforcement: relabel.NamespaceEnforcement{
		Label: common.EnforcedNamespaceLabel, Excluded: common.ExcludedFromEnforcement,
	}}
	for _, excluded := range p.Spec.PrometheusRulesExcludedFromEnforce {
		enforcement.excludedRules = append(enforcement.excludedRules, excluded.RuleNamespace+"/"+excluded.RuleName)
	}
	return enforcement
}

// appliesTo reports whether the rules of the PrometheusRule namespace/name
// get the namespace label.
func (e ruleEnforcement) appliesTo(namespace, name string) bool {
	return e.enforcement.Applies(monitoringv1.PrometheusRuleName, namespace, name) &&
		!slices.Contains(e.excludedRules, namespace+"/"+name)
}

// enforceNamespace ties every rule of spec to namespace: each rule gets the
// label <label>=<namespace>, and each series selector of its expression a
// matcher <label>="<namespace>" (replacing any matcher on that label), so
// that a team's rules only ever see and produce its own series. spec is
// modified in place.
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
// selectors and subqueries included: they hold vector selectors) and
// returns the expression rendered again.
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
