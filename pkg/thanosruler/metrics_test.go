// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// Upstream exports the PrometheusRules each ThanosRuler kept and rejected
// as prometheus_operator_managed_resources.
func TestManagedPrometheusRulesGauge(t *testing.T) {
	f := newSyncFixture(t)
	bad := fixtures.PrometheusRule("bad", alertRules, fixtures.WithRuleGroups(monitoringv1.RuleGroup{Name: "bad", Rules: []monitoringv1.Rule{{Alert: "Broken", Expr: intstr.FromString("up ==")}}}))
	f.add(storedThanosRuler(), fixtures.PrometheusRule("good", alertRules), fixtures.PrometheusRule("other", alertRules), bad)
	registry := prometheus.NewRegistry()
	f.controller.Metrics = controller.NewMetrics(registry)
	require.NoError(t, f.sync("default", "example"))

	expected := `
# HELP prometheus_operator_managed_resources Configuration resources selected by the managed workloads, by controller, kind and state (selected or rejected).
# TYPE prometheus_operator_managed_resources gauge
prometheus_operator_managed_resources{controller="thanos",resource="PrometheusRule",state="rejected"} 1
prometheus_operator_managed_resources{controller="thanos",resource="PrometheusRule",state="selected"} 2
`
	require.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(expected), "prometheus_operator_managed_resources"))
}
