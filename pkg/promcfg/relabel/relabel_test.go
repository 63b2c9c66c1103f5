// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package relabel

import (
	"testing"

	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

func render(t *testing.T, rules []Rule) string {
	t.Helper()
	out, err := yamldoc.Marshal(yamldoc.Map{}.Add("r", ToDocument(rules)))
	require.NoError(t, err)
	return string(out)
}

func TestRuleLayouts(t *testing.T) {
	cases := map[string]struct {
		rule Rule
		want string
	}{
		"a filter names its action first": {
			rule: Keep("web", "__meta_kubernetes_endpoint_port_name"),
			want: "- action: keep\n  source_labels:\n  - __meta_kubernetes_endpoint_port_name\n  regex: web\n",
		},
		"a port number filter writes the regex as an integer": {
			rule: KeepNumber(8080, MetaPodContainerPortNumber),
			want: "- action: keep\n  source_labels:\n  - __meta_kubernetes_pod_container_port_number\n  regex: 8080\n",
		},
		"an address target capture names its target label last": {
			rule: CaptureAddressTarget("kind", "name", "Node", "node"),
			want: "- source_labels:\n  - kind\n  - name\n  separator: ;\n  regex: Node;(.*)\n  replacement: ${1}\n  target_label: node\n",
		},
		"the ingress rules write the regex before the target label": {
			rule: ReplaceRegexFirst([]string{"a"}, "(.*)", "t", "$1"),
			want: "- source_labels:\n  - a\n  separator: ;\n  regex: (.*)\n  target_label: t\n  replacement: $1\n  action: replace\n",
		},
		"the scrape config job override writes the action before the replacement": {
			rule: SetWithAction("job", "custom"),
			want: "- target_label: job\n  action: replace\n  replacement: custom\n",
		},
		"a user rule keeps every set field in the standard order": {
			rule: FromAPI(monitoringv1.RelabelConfig{
				Action: "HashMod", SourceLabels: []monitoringv1.LabelName{"a"}, Separator: text(""),
				TargetLabel: "t", Regex: "x", Modulus: 4, Replacement: text(""),
			}),
			want: "- source_labels:\n  - a\n  separator: \"\"\n  target_label: t\n  regex: x\n  modulus: 4\n  replacement: \"\"\n  action: hashmod\n",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			require.Equal(t, "r:\n"+tc.want, render(t, []Rule{tc.rule}))
		})
	}
}

func TestStandardLayoutMatchesTheStructTags(t *testing.T) {
	rule := FromAPI(monitoringv1.RelabelConfig{
		SourceLabels: []monitoringv1.LabelName{"a", "b"}, Separator: text("-"),
		TargetLabel: "t", Regex: "(.+)", Modulus: 2, Replacement: text("$1"), Action: "replace",
	})
	viaTags, err := yaml.Marshal([]Rule{rule})
	require.NoError(t, err)
	require.Equal(t, "r:\n"+string(viaTags), render(t, []Rule{rule}))
}

func TestSelectorRules(t *testing.T) {
	selector := metav1.LabelSelector{
		MatchLabels: map[string]string{"b.io/x": "2", "a": "1"},
		MatchExpressions: []metav1.LabelSelectorRequirement{
			{Key: "in", Operator: metav1.LabelSelectorOpIn, Values: []string{"x", "y"}},
			{Key: "not-in", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"z"}},
			{Key: "exists", Operator: metav1.LabelSelectorOpExists},
			{Key: "absent", Operator: metav1.LabelSelectorOpDoesNotExist},
		},
	}
	rules := SelectorRules(ObjectPod, selector)
	require.Equal(t, []Rule{
		Keep("(1);true", "__meta_kubernetes_pod_label_a", "__meta_kubernetes_pod_labelpresent_a"),
		Keep("(2);true", "__meta_kubernetes_pod_label_b_io_x", "__meta_kubernetes_pod_labelpresent_b_io_x"),
		Keep("(x|y);true", "__meta_kubernetes_pod_label_in", "__meta_kubernetes_pod_labelpresent_in"),
		Drop("(z);true", "__meta_kubernetes_pod_label_not_in", "__meta_kubernetes_pod_labelpresent_not_in"),
		Keep("true", "__meta_kubernetes_pod_labelpresent_exists"),
		Drop("true", "__meta_kubernetes_pod_labelpresent_absent"),
	}, rules)
}

func TestSanitizeLabelName(t *testing.T) {
	require.Equal(t, "app_kubernetes_io_name", SanitizeLabelName("app.kubernetes.io/name"))
	require.Equal(t, "plain_1", SanitizeLabelName("plain_1"))
	require.Equal(t, "caf_", SanitizeLabelName("café"))
}

func TestShardingRules(t *testing.T) {
	t.Run("one shard still hashes so that the shard variable is honoured", func(t *testing.T) {
		out := render(t, Sharding{Shards: 1}.Rules(HashAddress))
		require.Contains(t, out, "modulus: 1\n")
		require.Contains(t, out, "regex: $(SHARD);|.+;.+\n")
		require.NotContains(t, out, "__tmp_current_shard")
	})
	t.Run("retention of scaled-down shards keeps only the active range", func(t *testing.T) {
		rules := Sharding{Shards: 3, KeepOnlyActiveShards: true}.Rules(HashProbeTarget)
		require.Len(t, rules, 5)
		require.Equal(t, "0|1|2", rules[1].Regex)
		require.Equal(t, []string{HashProbeTarget, "__tmp_hash"}, rules[2].SourceLabels)
	})
	t.Run("topology sharding hashes within the zone", func(t *testing.T) {
		rules := Sharding{Shards: 6, Zones: 3}.Rules(HashAddress)
		require.Len(t, rules, 6)
		require.Equal(t, uint64(2), rules[4].Modulus)
		require.Equal(t, "$(INZONE_SHARD);|.+;.+", rules[5].Regex)
		require.Equal(t, "$(TOPOLOGY_ZONE);|.+;.+", rules[2].Regex)
		require.Equal(t, nodeZoneMeta, rules[1].SourceLabels[0])
		podRules := Sharding{Shards: 1, Zones: 2, ZoneFromPodLabel: true}.Rules(HashAddress)
		require.Equal(t, podZoneMeta, podRules[1].SourceLabels[0])
		require.Equal(t, uint64(1), podRules[4].Modulus)
	})
	require.True(t, HasHashMod([]string{"keep", "hashmod"}))
	require.False(t, HasHashMod([]string{"keep"}))
}

func TestNamespaceEnforcement(t *testing.T) {
	enforcement := NamespaceEnforcement{
		Label: "namespace",
		Excluded: []monitoringv1.ObjectReference{
			{Resource: "servicemonitors", Namespace: "infra", Name: "kept"},
			{Group: "monitoring.coreos.com", Resource: "podmonitors", Namespace: "infra"},
			{Group: "other.io", Resource: "servicemonitors", Namespace: "team"},
		},
	}
	require.False(t, enforcement.Applies("servicemonitors", "infra", "kept"))
	require.True(t, enforcement.Applies("servicemonitors", "infra", "other"))
	require.False(t, enforcement.Applies("podmonitors", "infra", "anything"))
	require.True(t, enforcement.Applies("servicemonitors", "team", "x"))
	require.False(t, NamespaceEnforcement{}.Applies("servicemonitors", "a", "b"))
	rules := enforcement.Append([]Rule{JobNameCapture()}, "probes", "team", "p")
	require.Equal(t, Set("namespace", "team"), rules[len(rules)-1])
}

func TestValidator(t *testing.T) {
	cases := map[string]struct {
		version string
		legacy  bool
		rule    monitoringv1.RelabelConfig
		wantErr string
	}{
		"a replace rule with a target label is valid": {
			rule: monitoringv1.RelabelConfig{SourceLabels: []monitoringv1.LabelName{"a"}, TargetLabel: "b"},
		},
		"an invalid regex is refused": {
			rule: monitoringv1.RelabelConfig{Action: "drop", Regex: "(unclosed"}, wantErr: "invalid regex",
		},
		"hashmod without modulus is refused": {
			rule: monitoringv1.RelabelConfig{Action: "HashMod", TargetLabel: "t"}, wantErr: "non-zero modulus",
		},
		"lowercase needs Prometheus 2.36": {
			version: "v2.35.0", rule: monitoringv1.RelabelConfig{Action: "Lowercase", TargetLabel: "t"}, wantErr: "2.36.0",
		},
		"keepequal needs Prometheus 2.41": {
			version: "v2.40.0", rule: monitoringv1.RelabelConfig{Action: "keepequal", TargetLabel: "t"}, wantErr: "2.41.0",
		},
		"a UTF-8 target label is fine for Prometheus 3": {
			rule: monitoringv1.RelabelConfig{TargetLabel: "service.name"},
		},
		"a UTF-8 target label is refused for Prometheus 2": {
			version: "v2.55.0", rule: monitoringv1.RelabelConfig{TargetLabel: "service.name"}, wantErr: "invalid 'target_label'",
		},
		"legacy names can be asked for explicitly": {
			legacy: true, rule: monitoringv1.RelabelConfig{TargetLabel: "service.name"}, wantErr: "invalid 'target_label'",
		},
		"labeldrop refuses extra fields": {
			rule: monitoringv1.RelabelConfig{Action: "labeldrop", Regex: "x", TargetLabel: "t"}, wantErr: "requires only 'regex'",
		},
		"an unknown action is refused": {
			rule: monitoringv1.RelabelConfig{Action: "explode"}, wantErr: "unknown relabel action",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			validator := NewValidator(version.MustParse(tc.version), tc.legacy)
			err := validator.ValidateList([]monitoringv1.RelabelConfig{tc.rule})
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.wantErr)
			require.ErrorContains(t, err, "[0]")
		})
	}
}
