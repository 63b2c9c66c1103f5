// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package observability

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// promtool returns $PROMTOOL_BINARY or .cache/bin/promtool, failing the
// test when neither exists (make promtool-binary builds it).
func promtool(t *testing.T) string {
	t.Helper()
	path := os.Getenv("PROMTOOL_BINARY")
	if path == "" {
		path = filepath.Join(repositoryRoot, ".cache/bin/promtool")
	}
	absolute, err := filepath.Abs(path)
	require.NoError(t, err)
	_, err = os.Stat(absolute)
	require.NoError(t, err, "promtool is missing: run make promtool-binary (hack/build-promtool.sh)")
	return absolute
}

// ruleUnitTests is the part of the promtool test file this test checks.
type ruleUnitTests struct {
	Tests []struct {
		Name          string `json:"name"`
		AlertRuleTest []struct {
			Alertname string           `json:"alertname"`
			ExpAlerts []map[string]any `json:"exp_alerts"`
		} `json:"alert_rule_test"`
	} `json:"tests"`
}

// TestAlertRules runs promtool's rule unit tests (testdata/rules_test.yaml)
// against the rules of the committed PrometheusRule.
func TestAlertRules(t *testing.T) {
	binary := promtool(t)
	data, err := os.ReadFile(filepath.Join(repositoryRoot, RulesPath))
	require.NoError(t, err)
	var rule monitoringv1.PrometheusRule
	require.NoError(t, yaml.UnmarshalStrict(data, &rule))
	ruleFile, err := yaml.Marshal(rule.Spec)
	require.NoError(t, err)
	testFile, err := os.ReadFile("testdata/rules_test.yaml")
	require.NoError(t, err)

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rules.yaml"), ruleFile, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rules_test.yaml"), testFile, 0o644))
	check, err := exec.CommandContext(t.Context(), binary, "check", "rules", filepath.Join(dir, "rules.yaml")).CombinedOutput()
	require.NoError(t, err, "promtool check rules:\n%s", check)
	output, err := exec.CommandContext(t.Context(), binary, "test", "rules", filepath.Join(dir, "rules_test.yaml")).CombinedOutput()
	require.NoError(t, err, "promtool test rules:\n%s", output)
	assert.Contains(t, string(output), "SUCCESS")
}

// TestEveryAlertIsTestedBothWays checks that the promtool tests make every
// alert fire at least once and stay silent at least once.
func TestEveryAlertIsTestedBothWays(t *testing.T) {
	data, err := os.ReadFile("testdata/rules_test.yaml")
	require.NoError(t, err)
	var tests ruleUnitTests
	require.NoError(t, yaml.Unmarshal(data, &tests))
	fires, silent := map[string]bool{}, map[string]bool{}
	for _, test := range tests.Tests {
		for _, evaluation := range test.AlertRuleTest {
			if len(evaluation.ExpAlerts) > 0 {
				fires[evaluation.Alertname] = true
			} else {
				silent[evaluation.Alertname] = true
			}
		}
	}
	for _, a := range alerts() {
		assert.True(t, fires[a.name], "no promtool test makes %s fire", a.name)
		assert.True(t, silent[a.name], "no promtool test keeps %s silent", a.name)
	}
}
