// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

func newRule(name, expr string) *monitoringv1.PrometheusRule {
	rule := &monitoringv1.PrometheusRule{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name, Labels: map[string]string{"role": "alerts"}}}
	rule.Spec.Groups = []monitoringv1.RuleGroup{{
		Name:                    "group",
		PartialResponseStrategy: "warn",
		Rules:                   []monitoringv1.Rule{{Alert: "Down", Expr: intstr.FromString(expr)}},
	}}
	return rule
}

func TestRulesGoIntoConfigMapsAndInvalidOnesAreRejected(t *testing.T) {
	f := newFixture(t)
	p := newPrometheus("main", withRuleSelector(&metav1.LabelSelector{MatchLabels: map[string]string{"role": "alerts"}}))
	good, bad := newRule("good", `up == 0`), newRule("bad", `up ==`)
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

func TestRuleFilesArePackedUnderTheConfigMapLimit(t *testing.T) {
	third := strings.Repeat("x", maxRuleConfigMapDataSize/3+1)
	files := map[string]string{"a.yaml": third, "b.yaml": third, "c.yaml": third, "d.yaml": "small"}
	buckets, err := packRuleFiles(files)
	require.NoError(t, err)
	require.Len(t, buckets, 2)
	require.Len(t, buckets[0], 2)
	require.Equal(t, []string{"c.yaml", "d.yaml"}, sortedKeys(buckets[1]))
	for _, bucket := range buckets {
		size := 0
		for _, content := range bucket {
			size += len(content)
		}
		require.LessOrEqual(t, size, maxRuleConfigMapDataSize)
	}

	_, err = packRuleFiles(map[string]string{"huge.yaml": strings.Repeat("x", maxRuleConfigMapDataSize+1)})
	require.Error(t, err)

	empty, err := packRuleFiles(nil)
	require.NoError(t, err)
	require.Len(t, empty, 1, "one (empty) ConfigMap even without rules")
}

func sortedKeys(m map[string]string) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slicesSort(keys)
	return keys
}

func TestRuleFieldsUnknownToTheVersionAreDropped(t *testing.T) {
	limit := 10
	spec := monitoringv1.PrometheusRuleSpec{Groups: []monitoringv1.RuleGroup{{
		Name: "g", Limit: &limit, Labels: map[string]string{"team": "a"},
		Rules: []monitoringv1.Rule{{Record: "r", Expr: intstr.FromString("up")}},
	}}}
	old, err := renderRuleFile(spec, version.MustParse("v2.30.0"), discardLogger())
	require.NoError(t, err)
	require.NotContains(t, old, "limit")
	require.NotContains(t, old, "team")

	current, err := renderRuleFile(spec, version.MustParse("v3.5.0"), discardLogger())
	require.NoError(t, err)
	require.Contains(t, current, "limit: 10")
	require.Contains(t, current, "team: a")
}
