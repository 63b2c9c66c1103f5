// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package observability

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repositoryRoot is where the generated files live, seen from this package.
const repositoryRoot = "../.."

func TestCommittedFilesAreFresh(t *testing.T) {
	dashboard, rules, err := Render()
	require.NoError(t, err)
	committedDashboard, err := os.ReadFile(filepath.Join(repositoryRoot, DashboardPath))
	require.NoError(t, err)
	committedRules, err := os.ReadFile(filepath.Join(repositoryRoot, RulesPath))
	require.NoError(t, err)
	assert.Equal(t, string(dashboard), string(committedDashboard), "run make generate")
	assert.Equal(t, string(rules), string(committedRules), "run make generate")
}

func TestEveryExpressionParsesAndUsesOperatorMetrics(t *testing.T) {
	expressions, err := FileExpressions(repositoryRoot)
	require.NoError(t, err)
	require.NotEmpty(t, expressions)
	sources := map[string]bool{}
	for _, expression := range expressions {
		sources[strings.SplitN(expression.Source, ":", 2)[0]] = true
		names, err := MetricNames(expression.Expr)
		require.NoError(t, err, expression.Source)
		require.NotEmpty(t, names, "%s selects no metric", expression.Source)
		for _, name := range names {
			operatorOwn := strings.HasPrefix(name, "prometheus_operator_")
			runtime := strings.HasPrefix(name, "process_") || strings.HasPrefix(name, "go_")
			assert.True(t, operatorOwn || runtime, "%s uses %s, which the operator does not export", expression.Source, name)
		}
	}
	assert.Equal(t, map[string]bool{"dashboard": true, "alert": true}, sources)
}

func TestMetricNamesRejectsInvalidPromQL(t *testing.T) {
	_, err := MetricNames(`rate(prometheus_operator_reconcile_errors_total[5m]`)
	require.Error(t, err)
	names, err := MetricNames(`sum(rate(a_total[5m])) / sum(rate(b_total[5m])) + a_total`)
	require.NoError(t, err)
	assert.Equal(t, []string{"a_total", "b_total"}, names)
}

func TestDashboardCoversTheOperatorsConcerns(t *testing.T) {
	dashboard := NewDashboard()
	ids := map[int]bool{}
	used := map[string]bool{}
	for _, panel := range dashboard.Panels {
		assert.False(t, ids[panel.ID], "panel id %d repeated", panel.ID)
		ids[panel.ID] = true
		if panel.Type == "row" {
			continue
		}
		require.NotEmpty(t, panel.Targets, panel.Title)
		for _, target := range panel.Targets {
			names, err := MetricNames(grafanaVariables.Replace(target.Expr))
			require.NoError(t, err, panel.Title)
			for _, name := range names {
				used[name] = true
			}
		}
	}
	for _, name := range []string{
		"prometheus_operator_reconcile_operations_total", "prometheus_operator_reconcile_errors_total",
		"prometheus_operator_reconcile_duration_seconds_bucket", "prometheus_operator_workqueue_depth",
		"prometheus_operator_workqueue_latency_seconds_bucket", "prometheus_operator_managed_resources",
		"prometheus_operator_list_operations_failed_total", "prometheus_operator_watch_operations_failed_total",
		"prometheus_operator_kubernetes_client_http_requests_total",
		"prometheus_operator_kubernetes_client_http_request_duration_seconds_sum",
		"process_resident_memory_bytes", "process_cpu_seconds_total", "prometheus_operator_leader",
	} {
		assert.True(t, used[name], "the dashboard shows no panel of %s", name)
	}
}

func TestEveryAlertHasARunbookSection(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join(repositoryRoot, "docs/troubleshooting.md"))
	require.NoError(t, err)
	for _, a := range alerts() {
		assert.Contains(t, string(guide), "\n### "+a.name+"\n", "docs/troubleshooting.md has no section for %s", a.name)
	}
}
