// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// alertRules labels a PrometheusRule for the rule selector role=alerts.
var alertRules = fixtures.WithLabels(map[string]string{"role": "alerts"})

func TestRulesGoIntoConfigMapsAndInvalidOnesAreRejected(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend, fixtures.WithRuleSelector(&metav1.LabelSelector{MatchLabels: map[string]string{"role": "alerts"}}))
	good, bad := fixtures.PrometheusRule("good", alertRules), fixtures.PrometheusRule("bad", alertRules, fixtures.WithExpr(`up ==`))
	f.add(p, good, bad)
	f.sync("prometheus", "default", "main")

	configMap, err := f.kubeClient.CoreV1().ConfigMaps("default").Get(f.ctx, "prometheus-main-rulefiles-0", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, "main", configMap.Labels["prometheus-name"])
	goodKey := fmt.Sprintf("default-good-%s.yaml", good.UID)
	require.Contains(t, configMap.Data, goodKey)
	require.Len(t, configMap.Data, 1, "the invalid rule is left out")
	require.NotContains(t, configMap.Data[goodKey], "partial_response_strategy", "a Thanos-only field Prometheus refuses")
	require.Contains(t, configMap.Data[goodKey], "expr: up == 0")

	config := f.generatedConfig("default", "prometheus-main")
	require.Contains(t, config, "/etc/prometheus/rules/prometheus-main-rulefiles-0/*.yaml")

	rejected, err := f.monitoringClient.MonitoringV1().PrometheusRules("default").Get(f.ctx, "bad", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, monitoringv1.ConditionFalse, rejected.Status.Bindings[0].Conditions[0].Status)

	statefulSet, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, "prometheus-main", metav1.GetOptions{})
	require.NoError(t, err)
	var ruleVolumes int
	for _, volume := range statefulSet.Spec.Template.Spec.Volumes {
		if strings.HasPrefix(volume.Name, "prometheus-main-rulefiles-") {
			ruleVolumes++
		}
	}
	require.Equal(t, 3, ruleVolumes, "three rule ConfigMaps are always mounted")
}

func TestEnforcedNamespaceLabelOnSelectedRulesUnlessExcluded(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend, fixtures.WithRuleSelector(&metav1.LabelSelector{MatchLabels: map[string]string{"role": "alerts"}}), fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.EnforcedNamespaceLabel = "namespace"
		p.Spec.ExcludedFromEnforcement = []monitoringv1.ObjectReference{
			{Resource: monitoringv1.PrometheusRuleName, Namespace: "default", Name: "by-reference"},
		}
		p.Spec.PrometheusRulesExcludedFromEnforce = []monitoringv1.PrometheusRuleExcludeConfig{
			{RuleNamespace: "default", RuleName: "by-old-list"},
		}
	}))
	enforced, byReference, byOldList := fixtures.PrometheusRule("enforced", alertRules), fixtures.PrometheusRule("by-reference", alertRules), fixtures.PrometheusRule("by-old-list", alertRules)
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
