// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package rules

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/prometheus/promql/parser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// inTeamA puts a fixture in the namespace team-a.
var inTeamA = fixtures.InNamespace("team-a")

func alertGroup(expr string) monitoringv1.RuleGroup {
	return monitoringv1.RuleGroup{
		Name: "g", PartialResponseStrategy: "warn",
		Rules: []monitoringv1.Rule{{Alert: "Down", Expr: intstr.FromString(expr), For: ptr.To(monitoringv1.Duration(""))}},
	}
}

func prometheusOptions(spec string) Options {
	return Options{Format: PrometheusFormat, Target: version.Prometheus.MustParse(spec), Parser: parser.Options{EnableExperimentalFunctions: true}}
}

func thanosOptions(spec string) Options {
	return Options{Format: ThanosFormat, Target: version.Thanos.MustParse(spec)}
}

func TestTheSameRuleForThanosAndForPrometheus(t *testing.T) {
	rule := fixtures.PrometheusRule("alerts", inTeamA, fixtures.WithRuleGroups(alertGroup("up == 0")))
	thanos, rejected := Render([]*monitoringv1.PrometheusRule{rule}, thanosOptions(""))
	require.Empty(t, rejected)
	prometheus, rejected := Render([]*monitoringv1.PrometheusRule{rule}, prometheusOptions(""))
	require.Empty(t, rejected)
	name := "team-a-alerts-alerts-uid.yaml"
	assert.Contains(t, thanos[name], "partial_response_strategy: warn", "Thanos reads it")
	assert.NotContains(t, prometheus[name], "partial_response_strategy", "Prometheus refuses unknown group keys")
	for _, content := range []string{thanos[name], prometheus[name]} {
		assert.Contains(t, content, "expr: up == 0")
		assert.NotContains(t, content, "for:", "an empty for is left out")
	}
}

func TestVersionGatesDifferByFormat(t *testing.T) {
	group := monitoringv1.RuleGroup{
		Name: "g", Limit: ptr.To(5), QueryOffset: ptr.To(monitoringv1.Duration("1m")), Labels: map[string]string{"team": "a"},
		Rules: []monitoringv1.Rule{{Alert: "A", Expr: intstr.FromString("up == 0"), KeepFiringFor: ptr.To(monitoringv1.NonEmptyDuration("1m"))}},
	}
	render := func(opts Options) string {
		files, rejected := Render([]*monitoringv1.PrometheusRule{fixtures.PrometheusRule("r", inTeamA, fixtures.WithRuleGroups(group))}, opts)
		require.Empty(t, rejected)
		return files["team-a-r-r-uid.yaml"]
	}
	for name, test := range map[string]struct {
		opts          Options
		present, gone []string
	}{
		"Prometheus 2.30 reads none":                    {prometheusOptions("v2.30.0"), nil, []string{"limit", "query_offset", "team", "keep_firing_for"}},
		"Prometheus 2.53 lacks group labels":            {prometheusOptions("v2.53.0"), []string{"limit: 5", "query_offset: 1m", "keep_firing_for: 1m"}, []string{"team"}},
		"Prometheus 3 reads all":                        {prometheusOptions("v3.0.0"), []string{"limit: 5", "query_offset: 1m", "team: a", "keep_firing_for: 1m"}, nil},
		"Thanos 0.23 reads none":                        {thanosOptions("v0.23.0"), nil, []string{"limit", "query_offset", "team", "keep_firing_for"}},
		"Thanos 0.34 has the limit and keep_firing_for": {thanosOptions("v0.34.0"), []string{"limit: 5", "keep_firing_for: 1m"}, []string{"query_offset", "team"}},
		"Thanos 0.39 reads all":                         {thanosOptions("v0.39.0"), []string{"limit: 5", "query_offset: 1m", "team: a", "keep_firing_for: 1m"}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			content := render(test.opts)
			for _, want := range test.present {
				assert.Contains(t, content, want)
			}
			for _, unwanted := range test.gone {
				assert.NotContains(t, content, unwanted)
			}
		})
	}
}

func TestInvalidRulesAreRejected(t *testing.T) {
	utf8Name := monitoringv1.RuleGroup{Name: "g", Rules: []monitoringv1.Rule{{Record: "job.up", Expr: intstr.FromString("up")}}}
	experimental := monitoringv1.RuleGroup{Name: "g", Rules: []monitoringv1.Rule{{Record: "r", Expr: intstr.FromString(`sort_by_label(up, "job")`)}}}
	for name, test := range map[string]struct {
		group    monitoringv1.RuleGroup
		opts     Options
		rejected bool
	}{
		"a broken expression":                                {alertGroup("up =="), thanosOptions(""), true},
		"a UTF-8 record name before Thanos 0.38":             {utf8Name, thanosOptions("v0.37.0"), true},
		"a UTF-8 record name from Thanos 0.38":               {utf8Name, thanosOptions("v0.38.0"), false},
		"a UTF-8 record name before Prometheus 3":            {utf8Name, prometheusOptions("v2.55.0"), true},
		"an experimental function with the parser option":    {experimental, prometheusOptions(""), false},
		"an experimental function without the parser option": {experimental, thanosOptions(""), true},
	} {
		t.Run(name, func(t *testing.T) {
			files, rejected := Render([]*monitoringv1.PrometheusRule{fixtures.PrometheusRule("r", inTeamA, fixtures.WithRuleGroups(test.group))}, test.opts)
			if test.rejected {
				require.Len(t, rejected, 1)
				assert.Empty(t, files)
				assert.Equal(t, "r", rejected[0].Rule.Name)
				return
			}
			assert.Empty(t, rejected)
			assert.Len(t, files, 1)
		})
	}
}

func TestNamespaceEnforcement(t *testing.T) {
	opts := thanosOptions("")
	opts.Enforcement = Enforcement{
		Label:         "namespace",
		Excluded:      []monitoringv1.ObjectReference{{Group: monitoringv1.GroupName, Resource: monitoringv1.PrometheusRuleName, Namespace: "team-a", Name: "spared"}},
		ExcludedRules: DeprecatedExclusions([]monitoringv1.PrometheusRuleExcludeConfig{{RuleNamespace: "team-a", RuleName: "old-spared"}}),
	}
	rules := []*monitoringv1.PrometheusRule{
		fixtures.PrometheusRule("enforced", inTeamA, fixtures.WithRuleGroups(alertGroup(`rate(http_requests_total{namespace="other"}[5m]) > 1`))),
		fixtures.PrometheusRule("spared", inTeamA, fixtures.WithRuleGroups(alertGroup("up == 0"))),
		fixtures.PrometheusRule("old-spared", inTeamA, fixtures.WithRuleGroups(alertGroup("up == 0"))),
	}
	files, rejected := Render(rules, opts)
	require.Empty(t, rejected)
	enforced := files["team-a-enforced-enforced-uid.yaml"]
	assert.Contains(t, enforced, `http_requests_total{namespace="team-a"}`)
	assert.NotContains(t, enforced, `"other"`)
	assert.Contains(t, enforced, "namespace: team-a")
	for _, name := range []string{"team-a-spared-spared-uid.yaml", "team-a-old-spared-old-spared-uid.yaml"} {
		assert.NotContains(t, files[name], "namespace", name)
	}
}

func TestPack(t *testing.T) {
	third := strings.Repeat("x", MaxConfigMapDataSize/3+1)
	buckets, err := Pack(map[string]string{"a.yaml": third, "b.yaml": third, "c.yaml": third, "d.yaml": "small"})
	require.NoError(t, err)
	require.Len(t, buckets, 2)
	assert.Equal(t, []string{"a.yaml", "b.yaml"}, slices.Sorted(maps.Keys(buckets[0])))
	assert.Equal(t, []string{"c.yaml", "d.yaml"}, slices.Sorted(maps.Keys(buckets[1])))
	_, err = Pack(map[string]string{"huge.yaml": strings.Repeat("x", MaxConfigMapDataSize+1)})
	assert.Error(t, err)
	empty, err := Pack(nil)
	require.NoError(t, err)
	assert.Len(t, empty, 1, "one (empty) ConfigMap even without rules")
}

func TestSyncConfigMaps(t *testing.T) {
	client := fake.NewClientset()
	owner := metav1.OwnerReference{APIVersion: "monitoring.coreos.com/v1", Kind: "ThanosRuler", Name: "x", UID: "owner", Controller: ptr.To(true)}
	opts := ConfigMapOptions{
		Client: client.CoreV1().ConfigMaps("ns"), Prefix: "thanos-ruler-x", Label: map[string]string{"thanos-ruler-name": "x"},
		Metadata: func(name string) metav1.ObjectMeta {
			return metav1.ObjectMeta{Name: name, Namespace: "ns", Labels: map[string]string{"thanos-ruler-name": "x"}, OwnerReferences: []metav1.OwnerReference{owner}}
		},
		OwnerUID: "owner", MinimumNames: 1,
	}
	half := strings.Repeat("x", MaxConfigMapDataSize/2+1)
	names, err := SyncConfigMaps(context.Background(), map[string]string{"a.yaml": half, "b.yaml": half}, opts)
	require.NoError(t, err)
	assert.Equal(t, []string{"thanos-ruler-x-rulefiles-0", "thanos-ruler-x-rulefiles-1"}, names)

	names, err = SyncConfigMaps(context.Background(), map[string]string{"a.yaml": "small"}, opts)
	require.NoError(t, err)
	assert.Equal(t, []string{"thanos-ruler-x-rulefiles-0"}, names)
	list, err := client.CoreV1().ConfigMaps("ns").List(context.Background(), metav1.ListOptions{})
	require.NoError(t, err)
	require.Len(t, list.Items, 1, "the excess ConfigMap is deleted")
	assert.Equal(t, map[string]string{"a.yaml": "small"}, list.Items[0].Data)

	opts.MinimumNames = 3
	names, err = SyncConfigMaps(context.Background(), nil, opts)
	require.NoError(t, err)
	assert.Equal(t, []string{"thanos-ruler-x-rulefiles-0", "thanos-ruler-x-rulefiles-1", "thanos-ruler-x-rulefiles-2"}, names, "padded names")

	foreign := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "thanos-ruler-x-rulefiles-5", Namespace: "ns", Labels: map[string]string{"thanos-ruler-name": "x"}}}
	_, err = client.CoreV1().ConfigMaps("ns").Create(context.Background(), foreign, metav1.CreateOptions{})
	require.NoError(t, err)
	_, err = SyncConfigMaps(context.Background(), nil, opts)
	require.NoError(t, err)
	_, err = client.CoreV1().ConfigMaps("ns").Get(context.Background(), "thanos-ruler-x-rulefiles-5", metav1.GetOptions{})
	assert.NoError(t, err, "a ConfigMap the workload does not control is left alone")
}

func TestValidate(t *testing.T) {
	assert.NoError(t, Validate(fixtures.PrometheusRule("good", inTeamA, fixtures.WithRuleGroups(alertGroup("up == 0"))), thanosOptions("")))
	err := Validate(fixtures.PrometheusRule("bad", inTeamA, fixtures.WithRuleGroups(alertGroup("up =="))), prometheusOptions(""))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid rules")
}
