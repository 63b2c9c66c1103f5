// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package observability

import (
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// alert is one alerting rule before it is turned into the API type; an
// empty duration fires on the first evaluation that matches.
type alert struct {
	name, expr, duration, severity string
	summary, description           string
}

// selector is the label matcher every alert puts on the operator's series.
var selector = fmt.Sprintf(`job=%q`, Job)

// alerts lists the failure modes the operator's rules watch, each with the
// metric that reveals it.
func alerts() []alert {
	ratio := func(failed, total, window string) string {
		return fmt.Sprintf("(\n  sum by (namespace, controller) (rate(%s{%s}[%s]))\n/\n  sum by (namespace, controller) (rate(%s{%s}[%s]))\n) > ", failed, selector, window, total, selector, window)
	}
	return []alert{
		{
			name: "PrometheusOperatorListErrors", duration: "15m", severity: "warning",
			expr:        ratio("prometheus_operator_list_operations_failed_total", "prometheus_operator_list_operations_total", "10m") + "0.4",
			summary:     "The operator's informers keep failing to list objects.",
			description: "More than 40% of the list calls of controller {{ $labels.controller }} in {{ $labels.namespace }} failed over the last 10 minutes: check the operator's RBAC and the API server.",
		},
		{
			name: "PrometheusOperatorWatchErrors", duration: "15m", severity: "warning",
			expr:        ratio("prometheus_operator_watch_operations_failed_total", "prometheus_operator_watch_operations_total", "10m") + "0.4",
			summary:     "The operator's informers keep failing to watch objects.",
			description: "More than 40% of the watch calls of controller {{ $labels.controller }} in {{ $labels.namespace }} failed over the last 10 minutes: check the operator's RBAC and the API server.",
		},
		{
			name: "PrometheusOperatorSyncFailed", duration: "10m", severity: "warning",
			expr:        fmt.Sprintf(`min_over_time(prometheus_operator_syncs{status="failed",%s}[5m]) > 0`, selector),
			summary:     "Some workloads' last reconcile failed.",
			description: "Controller {{ $labels.controller }} in {{ $labels.namespace }} has {{ $value }} objects whose last reconcile failed: see the operator's Events and logs.",
		},
		{
			name: "PrometheusOperatorReconcileErrors", duration: "10m", severity: "warning",
			expr:        ratio("prometheus_operator_reconcile_errors_total", "prometheus_operator_reconcile_operations_total", "5m") + "0.1",
			summary:     "Reconciles of the operator keep failing.",
			description: "More than 10% of the reconciles of controller {{ $labels.controller }} in {{ $labels.namespace }} returned an error over the last 5 minutes.",
		},
		{
			name: "PrometheusOperatorReconcilePanics", severity: "warning",
			expr:        fmt.Sprintf("sum by (namespace, controller) (increase(prometheus_operator_reconcile_panics_total{%s}[10m])) > 0", selector),
			summary:     "A reconcile of the operator panicked.",
			description: "Controller {{ $labels.controller }} in {{ $labels.namespace }} recovered from a panic in the last 10 minutes: a bug, whose stack is in the operator's log.",
		},
		{
			name: "PrometheusOperatorStatusUpdateErrors", duration: "10m", severity: "warning",
			expr:        ratio("prometheus_operator_status_update_errors_total", "prometheus_operator_status_update_operations_total", "5m") + "0.1",
			summary:     "The operator cannot write the status of its workloads.",
			description: "More than 10% of the status updates of controller {{ $labels.controller }} in {{ $labels.namespace }} failed over the last 5 minutes.",
		},
		{
			name: "PrometheusOperatorNodeLookupErrors", duration: "10m", severity: "warning",
			expr:        fmt.Sprintf("rate(prometheus_operator_node_address_lookup_errors_total{%s}[5m]) > 0.1", selector),
			summary:     "The kubelet Service is missing nodes.",
			description: "The operator in {{ $labels.namespace }} finds no usable address for some nodes, which are left out of the kubelet Endpoints.",
		},
		{
			name: "PrometheusOperatorNotReady", duration: "5m", severity: "warning",
			expr: fmt.Sprintf("(max by (namespace, controller) (max_over_time(prometheus_operator_ready{%s}[5m])) == 0)\n"+
				"unless on (namespace, controller)\n(max by (namespace, controller) (prometheus_operator_controller_disabled{%s}) == 1)", selector, selector),
			summary:     "A controller of the operator is not ready.",
			description: "No replica of controller {{ $labels.controller }} in {{ $labels.namespace }} has been ready for 5 minutes: it reconciles nothing.",
		},
		{
			name: "PrometheusOperatorRejectedResources", duration: "5m", severity: "warning",
			expr:        fmt.Sprintf(`min_over_time(prometheus_operator_managed_resources{state="rejected",%s}[5m]) > 0`, selector),
			summary:     "Some configuration resources are rejected.",
			description: "Controller {{ $labels.controller }} in {{ $labels.namespace }} rejects {{ $value }} {{ $labels.resource }} objects; their status.bindings say why.",
		},
		{
			name: "PrometheusOperatorBindingsWriteErrors", duration: "15m", severity: "warning",
			expr:        fmt.Sprintf("sum by (namespace, controller) (increase(prometheus_operator_bindings_write_errors_total{%s}[10m])) > 0", selector),
			summary:     "The operator cannot write status.bindings.",
			description: "Controller {{ $labels.controller }} in {{ $labels.namespace }} keeps failing to write status.bindings of the resources it selects: they show stale or no bindings. Check the operator's RBAC on the */status subresources.",
		},
		{
			name: "PrometheusOperatorLeaderLost", duration: "5m", severity: "critical",
			expr:        fmt.Sprintf("max by (namespace) (prometheus_operator_leader{%s}) == 0", selector),
			summary:     "No replica of the operator leads.",
			description: "No operator replica in {{ $labels.namespace }} has held the leader Lease for 5 minutes: nothing is reconciled.",
		},
	}
}

// Rules returns the PrometheusRule holding the operator's alerts.
func Rules() *monitoringv1.PrometheusRule {
	group := monitoringv1.RuleGroup{Name: "prometheus-operator"}
	for _, a := range alerts() {
		var duration *monitoringv1.Duration
		if a.duration != "" {
			duration = ptr.To(monitoringv1.Duration(a.duration))
		}
		group.Rules = append(group.Rules, monitoringv1.Rule{
			Alert:  a.name,
			Expr:   intstr.FromString(a.expr),
			For:    duration,
			Labels: map[string]string{"severity": a.severity},
			Annotations: map[string]string{
				"summary":     a.summary,
				"description": a.description,
				"runbook":     "https://github.com/seed-6daed11e/prometheus-operator/blob/main/docs/troubleshooting.md#" + strings.ToLower(a.name),
			},
		})
	}
	return &monitoringv1.PrometheusRule{
		TypeMeta: metav1.TypeMeta{APIVersion: monitoringv1.SchemeGroupVersion.String(), Kind: monitoringv1.PrometheusRuleKind},
		ObjectMeta: metav1.ObjectMeta{
			Name: "prometheus-operator-rules",
			Labels: map[string]string{
				"app.kubernetes.io/component": "controller",
				"app.kubernetes.io/name":      "prometheus-operator",
			},
		},
		Spec: monitoringv1.PrometheusRuleSpec{Groups: []monitoringv1.RuleGroup{group}},
	}
}
