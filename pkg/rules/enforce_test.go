// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package rules

import (
	"testing"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/stretchr/testify/require"
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
