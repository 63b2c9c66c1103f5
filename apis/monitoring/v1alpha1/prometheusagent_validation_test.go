// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/cel-go/cel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// xValidationRule finds the quoted CEL rule of a kubebuilder XValidation marker.
var xValidationRule = regexp.MustCompile(`\+kubebuilder:validation:XValidation:rule=("(?:[^"\\]|\\.)*")`)

// markedValidationRules returns the CEL rules of the XValidation markers on
// the declaration of typeName in a Go source file.
func markedValidationRules(t *testing.T, file, typeName string) []string {
	t.Helper()
	parsed, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
	require.NoError(t, err)
	var rules []string
	for _, declaration := range parsed.Decls {
		general, ok := declaration.(*ast.GenDecl)
		if !ok || general.Tok != token.TYPE || general.Doc == nil {
			continue
		}
		if general.Specs[0].(*ast.TypeSpec).Name.Name != typeName {
			continue
		}
		for _, comment := range general.Doc.List {
			match := xValidationRule.FindStringSubmatch(comment.Text)
			if match == nil {
				continue
			}
			rule, err := strconv.Unquote(match[1])
			require.NoError(t, err, comment.Text)
			rules = append(rules, rule)
		}
	}
	return rules
}

// agentSpecRules are the rules the CRD puts on the PrometheusAgent spec: its
// own and those of the embedded shared fields.
func agentSpecRules(t *testing.T) []string {
	t.Helper()
	rules := markedValidationRules(t, "prometheusagent_types.go", "PrometheusAgentSpec")
	common := markedValidationRules(t, filepath.Join("..", "v1", "prometheus_common_types.go"), "CommonPrometheusFields")
	return append(rules, common...)
}

// specAsCELValue decodes a spec written in YAML the way the API server sees
// it: objects as maps, and whole numbers as integers.
func specAsCELValue(t *testing.T, specYAML string) map[string]any {
	t.Helper()
	specJSON, err := yaml.YAMLToJSON([]byte(specYAML))
	require.NoError(t, err)
	decoder := json.NewDecoder(bytes.NewReader(specJSON))
	decoder.UseNumber()
	var spec map[string]any
	require.NoError(t, decoder.Decode(&spec))
	return integersFromNumbers(spec).(map[string]any)
}

// integersFromNumbers replaces the JSON numbers of a decoded document with int64 values.
func integersFromNumbers(value any) any {
	switch typed := value.(type) {
	case map[string]any:
		for key, child := range typed {
			typed[key] = integersFromNumbers(child)
		}
	case []any:
		for i, child := range typed {
			typed[i] = integersFromNumbers(child)
		}
	case json.Number:
		if whole, err := typed.Int64(); err == nil {
			return whole
		}
		float, _ := typed.Float64()
		return float
	}
	return value
}

// brokenRules evaluates every rule against spec and returns those that do not hold.
func brokenRules(t *testing.T, rules []string, spec map[string]any) []string {
	t.Helper()
	environment, err := cel.NewEnv(cel.Variable("self", cel.DynType))
	require.NoError(t, err)
	var broken []string
	for _, rule := range rules {
		compiled, issues := environment.Compile(rule)
		require.NoError(t, issues.Err(), rule)
		program, err := environment.Program(compiled)
		require.NoError(t, err, rule)
		result, _, err := program.Eval(map[string]any{"self": spec})
		require.NoError(t, err, rule)
		if result.Value() != true {
			broken = append(broken, rule)
		}
	}
	return broken
}

func TestPrometheusAgentSpecCarriesEveryValidationRule(t *testing.T) {
	// Twelve DaemonSet restrictions plus the shared topology sharding rule.
	assert.Len(t, agentSpecRules(t), 13)
}

func TestPrometheusAgentValidationRulesAcceptValidSpecs(t *testing.T) {
	rules := agentSpecRules(t)
	for _, file := range []string{"walkthrough-prometheusagent.yaml", "prometheusagent-daemonset.yaml", "prometheusagent-statefulset.yaml"} {
		t.Run(file, func(t *testing.T) {
			_, manifestJSON := decodePrometheusAgentManifest(t, file)
			var manifest struct {
				Spec json.RawMessage `json:"spec"`
			}
			require.NoError(t, json.Unmarshal(manifestJSON, &manifest))
			assert.Empty(t, brokenRules(t, rules, specAsCELValue(t, string(manifest.Spec))))
		})
	}
}

func TestDaemonSetModeRefusesStatefulSetOnlyFields(t *testing.T) {
	rules := agentSpecRules(t)
	refused := map[string]string{
		"replicas":                             "1",
		"storage":                              "{emptyDir: {}}",
		"persistentVolumeClaimRetentionPolicy": "{whenDeleted: Retain}",
		"scrapeConfigSelector":                 "{}",
		"scrapeConfigNamespaceSelector":        "{}",
		"probeSelector":                        "{}",
		"probeNamespaceSelector":               "{}",
		"serviceMonitorSelector":               "{}",
		"serviceMonitorNamespaceSelector":      "{}",
		"additionalScrapeConfigs":              "{name: extra, key: jobs.yaml}",
		"shardingStrategy":                     "{mode: Address}",
	}
	for field, value := range refused {
		t.Run(field, func(t *testing.T) {
			spec := "mode: DaemonSet\n" + field + ": " + value + "\n"
			broken := brokenRules(t, rules, specAsCELValue(t, spec))
			require.Len(t, broken, 1, "exactly the rule about %s must fail", field)
			assert.Contains(t, broken[0], "has(self."+field+")")

			inStatefulSetMode := strings.Replace(spec, "DaemonSet", "StatefulSet", 1)
			assert.Empty(t, brokenRules(t, rules, specAsCELValue(t, inStatefulSetMode)), "StatefulSet mode allows %s", field)
		})
	}
}

func TestAgentShardAndTopologyRules(t *testing.T) {
	rules := agentSpecRules(t)
	tests := map[string]struct {
		spec       string
		wantBroken string
	}{
		"DaemonSet mode allows a single shard": {spec: "mode: DaemonSet\nshards: 1"},
		"DaemonSet mode refuses several shards": {
			spec: "mode: DaemonSet\nshards: 2", wantBroken: "self.shards > 1",
		},
		"topology sharding with a shard per zone is fine": {
			spec: "shards: 3\nshardingStrategy: {mode: Topology, topology: {values: [a, b, c]}}",
		},
		"topology sharding needs at least one shard per zone": {
			spec: "shards: 2\nshardingStrategy: {mode: Topology, topology: {values: [a, b, c]}}", wantBroken: "topology.values.size()",
		},
		"unset shards count as one against the zones": {
			spec: "shardingStrategy: {mode: Topology, topology: {values: [a, b]}}", wantBroken: "topology.values.size()",
		},
		"the zone count only matters in Topology mode": {
			spec: "shards: 1\nshardingStrategy: {mode: Address, topology: {values: [a, b]}}",
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			broken := brokenRules(t, rules, specAsCELValue(t, test.spec))
			if test.wantBroken == "" {
				assert.Empty(t, broken)
				return
			}
			require.Len(t, broken, 1)
			assert.Contains(t, broken[0], test.wantBroken)
		})
	}
}
