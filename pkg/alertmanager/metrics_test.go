// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// Upstream exports the AlertmanagerConfigs each Alertmanager kept and
// rejected as prometheus_operator_managed_resources.
func TestManagedAlertmanagerConfigsGauge(t *testing.T) {
	f := newFixture(t, fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(selecting)),
		fixtures.AlertmanagerConfig("good", fixtures.InNamespace("monitoring"), fixtures.WithLabels(teamA)))
	bad := fixtures.AlertmanagerConfig("bad", fixtures.WithWebhookURL(""), fixtures.InNamespace("monitoring"), fixtures.WithLabels(teamA))
	bad.Spec.Receivers[0].WebhookConfigs[0] = monitoringv1alpha1.WebhookConfig{URLSecret: &corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: "missing"}, Key: "url",
	}}
	f.add(bad)
	registry := prometheus.NewRegistry()
	f.controller.Metrics = controller.NewMetrics(registry)
	require.NoError(t, f.sync("main"))

	gauge := func(selected, rejected string) string {
		return `
# HELP prometheus_operator_managed_resources Configuration resources selected by the managed workloads, by controller, kind and state (selected or rejected).
# TYPE prometheus_operator_managed_resources gauge
prometheus_operator_managed_resources{controller="alertmanager",resource="AlertmanagerConfig",state="rejected"} ` + rejected + `
prometheus_operator_managed_resources{controller="alertmanager",resource="AlertmanagerConfig",state="selected"} ` + selected + "\n"
	}
	require.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(gauge("1", "1")), "prometheus_operator_managed_resources"))

	require.NoError(t, f.monitoring.MonitoringV1().Alertmanagers("monitoring").Delete(context.Background(), "main", metav1.DeleteOptions{}))
	f.refresh()
	require.NoError(t, f.sync("main"))
	count, err := testutil.GatherAndCount(registry, "prometheus_operator_managed_resources")
	require.NoError(t, err)
	require.Zero(t, count, "a deleted Alertmanager no longer counts")
}
