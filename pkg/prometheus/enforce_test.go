// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"fmt"
	"testing"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

func TestInjectMatcherReachesEverySeriesSelector(t *testing.T) {
	tests := map[string]struct{ expr, want string }{
		"a bare metric": {
			expr: `up == 0`, want: `up{namespace="team-a"} == 0`,
		},
		"a range selector keeps its matchers": {
			expr: `rate(http_requests_total{job="api"}[5m]) > 1`,
			want: `rate(http_requests_total{job="api",namespace="team-a"}[5m]) > 1`,
		},
		"a matcher on the label is replaced, whatever its type": {
			expr: `up{namespace=~"team-.*"}`, want: `up{namespace="team-a"}`,
		},
		"both sides of a binary operation and an aggregation": {
			expr: `sum by (job) (errors) / on (job) sum by (job) (requests)`,
			want: `sum by (job) (errors{namespace="team-a"}) / on (job) sum by (job) (requests{namespace="team-a"})`,
		},
		"a subquery": {
			expr: `max_over_time(up[1h:5m])`, want: `max_over_time(up{namespace="team-a"}[1h:5m])`,
		},
		"a selector by name matcher only": {
			expr: `{__name__=~"node_.*"}`, want: `{__name__=~"node_.*",namespace="team-a"}`,
		},
		"a literal has nothing to change": {
			expr: `1`, want: `1`,
		},
	}
	matcher := labels.MustNewMatcher(labels.MatchEqual, "namespace", "team-a")
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := injectMatcher(test.expr, matcher)
			require.NoError(t, err)
			require.Equal(t, test.want, got)
		})
	}
	_, err := injectMatcher(`up ==`, matcher)
	require.Error(t, err)
}

func TestEnforceNamespaceLabelsEveryRule(t *testing.T) {
	spec := monitoringv1.PrometheusRuleSpec{Groups: []monitoringv1.RuleGroup{{
		Name: "g",
		Rules: []monitoringv1.Rule{
			{Record: "job:up:sum", Expr: intstr.FromString("sum by (job) (up)")},
			{Alert: "Down", Expr: intstr.FromString("up == 0"), Labels: map[string]string{"severity": "page", "namespace": "spoofed"}},
		},
	}}}
	require.NoError(t, enforceNamespace(&spec, "namespace", "team-a"))
	rules := spec.Groups[0].Rules
	require.Equal(t, map[string]string{"namespace": "team-a"}, rules[0].Labels)
	require.Equal(t, map[string]string{"namespace": "team-a", "severity": "page"}, rules[1].Labels)
	require.Equal(t, `sum by (job) (up{namespace="team-a"})`, rules[0].Expr.String())
	require.Equal(t, `up{namespace="team-a"} == 0`, rules[1].Expr.String())
}

func TestEnforcedNamespaceLabelOnSelectedRulesUnlessExcluded(t *testing.T) {
	f := newFixture(t)
	p := newPrometheus("main", withRuleSelector(&metav1.LabelSelector{MatchLabels: map[string]string{"role": "alerts"}}),
		func(p *monitoringv1.Prometheus) {
			p.Spec.EnforcedNamespaceLabel = "namespace"
			p.Spec.ExcludedFromEnforcement = []monitoringv1.ObjectReference{
				{Resource: monitoringv1.PrometheusRuleName, Namespace: "default", Name: "by-reference"},
			}
			p.Spec.PrometheusRulesExcludedFromEnforce = []monitoringv1.PrometheusRuleExcludeConfig{
				{RuleNamespace: "default", RuleName: "by-old-list"},
			}
		})
	enforced, byReference, byOldList := newRule("enforced", `up == 0`), newRule("by-reference", `up == 0`), newRule("by-old-list", `up == 0`)
	f.add(p, enforced, byReference, byOldList)
	f.sync("prometheus", "default", "main")

	configMap, err := f.kubeClient.CoreV1().ConfigMaps("default").Get(f.ctx, "prometheus-main-rulefiles-0", metav1.GetOptions{})
	require.NoError(t, err)
	content := func(rule *monitoringv1.PrometheusRule) string {
		return configMap.Data[fmt.Sprintf("default-%s-%s.yaml", rule.Name, rule.UID)]
	}
	require.Contains(t, content(enforced), `expr: up{namespace="default"} == 0`)
	require.Contains(t, content(enforced), "namespace: default")
	for _, excluded := range []*monitoringv1.PrometheusRule{byReference, byOldList} {
		require.Contains(t, content(excluded), "expr: up == 0", excluded.Name)
		require.NotContains(t, content(excluded), "namespace:", excluded.Name)
	}
	cached, _, err := f.informers.PrometheusRules.Get("default", "enforced")
	require.NoError(t, err)
	require.Equal(t, "up == 0", cached.(*monitoringv1.PrometheusRule).Spec.Groups[0].Rules[0].Expr.String(), "the cache is left alone")
}
