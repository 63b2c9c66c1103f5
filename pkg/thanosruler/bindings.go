// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/bindings"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// syncBindings sets the ThanosRuler's binding (resource "thanosrulers") on
// every PrometheusRule it selected, Accepted True or False with the reason
// of the rejection, and removes it from those it no longer selects. Only
// PrometheusRules whose status changes are written.
func (c *Controller) syncBindings(ctx context.Context, tr *monitoringv1.ThanosRuler, selection *ruleSelection) error {
	writer := c.bindingsWriter(tr)
	now := metav1.NewTime(c.Clock.Now())
	wanted := map[string]monitoringv1.WorkloadBinding{}
	for _, rule := range selection.selected {
		wanted[rule.Namespace+"/"+rule.Name] = writer.Workload.Binding(rule.Generation, selection.rejection(rule), now)
	}
	return writer.Apply(ctx, writer.Plan(c.bindingsKind(), c.cachedRules(), wanted))
}

// removeBindings withdraws the ThanosRuler's binding from every
// PrometheusRule, when it is being deleted.
func (c *Controller) removeBindings(ctx context.Context, tr *monitoringv1.ThanosRuler) error {
	writer := c.bindingsWriter(tr)
	return writer.Apply(ctx, writer.Plan(c.bindingsKind(), c.cachedRules(), nil))
}

func (c *Controller) bindingsWriter(tr *monitoringv1.ThanosRuler) bindings.Writer {
	return bindings.Writer{
		Workload:   bindings.Workload{Resource: monitoringv1.ThanosRulerName, Namespace: tr.Namespace, Name: tr.Name},
		Controller: ControllerName, Metrics: c.Metrics,
	}
}

// cachedRules lists every cached PrometheusRule.
func (c *Controller) cachedRules() []bindings.Object {
	var objects []bindings.Object
	for _, rule := range kube.ListAs[*monitoringv1.PrometheusRule](c.informers.PrometheusRules, metav1.NamespaceAll, labels.Everything()) {
		objects = append(objects, rule)
	}
	return objects
}

// bindingsKind tells the writer how to read and write PrometheusRules.
func (c *Controller) bindingsKind() *bindings.Kind {
	client := c.MonitoringClient.MonitoringV1()
	return &bindings.Kind{
		Name: monitoringv1.PrometheusRuleKind,
		Status: func(object bindings.Object) *monitoringv1.ConfigResourceStatus {
			return &object.(*monitoringv1.PrometheusRule).Status
		},
		UpdateStatus: func(ctx context.Context, object bindings.Object) error {
			rule := object.(*monitoringv1.PrometheusRule)
			_, err := client.PrometheusRules(rule.Namespace).UpdateStatus(ctx, rule, metav1.UpdateOptions{})
			return err
		},
		Fetch: func(ctx context.Context, namespace, name string) (bindings.Object, error) {
			return client.PrometheusRules(namespace).Get(ctx, name, metav1.GetOptions{})
		},
		Cached: func(namespace, name string) (bindings.Object, bool) {
			cached, found, err := kube.GetAs[*monitoringv1.PrometheusRule](c.informers.PrometheusRules, namespace, name)
			return cached, err == nil && found
		},
	}
}
