// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/bindings"
)

// syncBindings sets the ThanosRuler's binding (resource "thanosrulers") on
// every PrometheusRule it selected, Accepted True or False with the reason
// of the rejection, and removes it from those it no longer selects. Only
// PrometheusRules whose status changes are written.
func (c *Controller) syncBindings(ctx context.Context, tr *monitoringv1.ThanosRuler, selection *ruleSelection) error {
	writer, kind := c.bindingsWriter(tr), c.ruleKind()
	now := metav1.NewTime(c.Clock.Now())
	wanted := map[string]monitoringv1.WorkloadBinding{}
	for _, rule := range selection.selected {
		wanted[rule.Namespace+"/"+rule.Name] = writer.Workload.Binding(rule.Generation, selection.rejection(rule), now)
	}
	return writer.Apply(ctx, writer.Plan(kind.Kind(), kind.Cached(), wanted))
}

// removeBindings withdraws the ThanosRuler's binding from every
// PrometheusRule, when it is being deleted.
func (c *Controller) removeBindings(ctx context.Context, tr *monitoringv1.ThanosRuler) error {
	writer, kind := c.bindingsWriter(tr), c.ruleKind()
	return writer.Apply(ctx, writer.Plan(kind.Kind(), kind.Cached(), nil))
}

func (c *Controller) bindingsWriter(tr *monitoringv1.ThanosRuler) bindings.Writer {
	return bindings.Writer{
		Workload:   bindings.Workload{Resource: monitoringv1.ThanosRulerName, Namespace: tr.Namespace, Name: tr.Name},
		Controller: ControllerName, Metrics: c.Metrics,
	}
}

// ruleKind tells the writer how to read and write PrometheusRules.
func (c *Controller) ruleKind() bindings.TypedKind[*monitoringv1.PrometheusRule] {
	client := c.MonitoringClient.MonitoringV1()
	return bindings.TypedKind[*monitoringv1.PrometheusRule]{
		Name:   monitoringv1.PrometheusRuleKind,
		Status: func(rule *monitoringv1.PrometheusRule) *monitoringv1.ConfigResourceStatus { return &rule.Status },
		Client: func(namespace string) bindings.StatusClient[*monitoringv1.PrometheusRule] {
			return client.PrometheusRules(namespace)
		},
		Cache: c.informers.PrometheusRules,
	}
}
