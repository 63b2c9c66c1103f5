// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/bindings"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// bindingWriters is how many binding writes of one workload run at once
// (see bindings.Writer.Parallelism).
var bindingWriters = 8

// bindingWriter writes the bindings of p.
func (c *workloadController) bindingWriter(p monitoringv1.PrometheusInterface) bindings.Writer {
	return bindings.Writer{
		Workload:    bindings.Workload{Resource: c.kind.resource(), Namespace: p.GetNamespace(), Name: p.GetName()},
		Controller:  c.kind.controllerName(),
		Metrics:     c.operator.metrics,
		Parallelism: bindingWriters,
	}
}

// syncBindings writes the workload's binding on every resource it
// selected (Accepted True, or False with the reason), and removes it from
// the resources it no longer selects. Only changed resources are written.
func (c *workloadController) syncBindings(ctx context.Context, p monitoringv1.PrometheusInterface, selected *selection) error {
	return c.writeBindings(ctx, p, func(kind configKind) map[string]monitoringv1.WorkloadBinding {
		now := metav1.NewTime(c.operator.clock.Now())
		writer := c.bindingWriter(p)
		wanted := map[string]monitoringv1.WorkloadBinding{}
		for _, obj := range selected.objects(kind) {
			wanted[obj.GetNamespace()+"/"+obj.GetName()] = writer.Workload.Binding(obj.GetGeneration(), selected.rejection(kind.kind, obj), now)
		}
		return wanted
	})
}

// removeBindings drops the workload's binding from every resource, when
// the workload is being deleted.
func (c *workloadController) removeBindings(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	return c.writeBindings(ctx, p, func(configKind) map[string]monitoringv1.WorkloadBinding { return nil })
}

// writeBindings plans, for every served kind, the writes that bring the
// cached resources to the wanted bindings, and performs them.
func (c *workloadController) writeBindings(ctx context.Context, p monitoringv1.PrometheusInterface, wanted func(configKind) map[string]monitoringv1.WorkloadBinding) error {
	writer := c.bindingWriter(p)
	var writes []bindings.Write
	for _, kind := range configKinds {
		set := kind.informer(c.operator.informers)
		if set == nil {
			continue
		}
		objects := kube.ListAs[bindings.Object](set, metav1.NamespaceAll, labels.Everything())
		writes = append(writes, writer.Plan(c.operator.bindingKind(kind), objects, wanted(kind))...)
	}
	return writer.Apply(ctx, writes)
}

// bindingKind is how the bindings writer reads and writes objects of kind.
func (o *Operator) bindingKind(kind configKind) *bindings.Kind {
	return &bindings.Kind{
		Name:         kind.kind,
		Status:       configStatus,
		UpdateStatus: o.updateConfigStatus,
		Fetch: func(ctx context.Context, namespace, name string) (bindings.Object, error) {
			return o.fetchConfigObject(ctx, kind.kind, namespace, name)
		},
		Cached: func(namespace, name string) (bindings.Object, bool) {
			cached, found, err := kube.GetAs[bindings.Object](kind.informer(o.informers), namespace, name)
			return cached, err == nil && found
		},
	}
}

// configStatus returns the status of a configuration resource.
func configStatus(obj bindings.Object) *monitoringv1.ConfigResourceStatus {
	switch typed := obj.(type) {
	case *monitoringv1.ServiceMonitor:
		return &typed.Status
	case *monitoringv1.PodMonitor:
		return &typed.Status
	case *monitoringv1.Probe:
		return &typed.Status
	case *monitoringv1alpha1.ScrapeConfig:
		return &typed.Status
	case *monitoringv1.PrometheusRule:
		return &typed.Status
	}
	return &monitoringv1.ConfigResourceStatus{}
}

// updateConfigStatus writes the status subresource of a configuration resource.
func (o *Operator) updateConfigStatus(ctx context.Context, obj bindings.Object) error {
	client, options := o.monitoringClient, metav1.UpdateOptions{}
	var err error
	switch typed := obj.(type) {
	case *monitoringv1.ServiceMonitor:
		_, err = client.MonitoringV1().ServiceMonitors(typed.Namespace).UpdateStatus(ctx, typed, options)
	case *monitoringv1.PodMonitor:
		_, err = client.MonitoringV1().PodMonitors(typed.Namespace).UpdateStatus(ctx, typed, options)
	case *monitoringv1.Probe:
		_, err = client.MonitoringV1().Probes(typed.Namespace).UpdateStatus(ctx, typed, options)
	case *monitoringv1alpha1.ScrapeConfig:
		_, err = client.MonitoringV1alpha1().ScrapeConfigs(typed.Namespace).UpdateStatus(ctx, typed, options)
	case *monitoringv1.PrometheusRule:
		_, err = client.MonitoringV1().PrometheusRules(typed.Namespace).UpdateStatus(ctx, typed, options)
	default:
		err = fmt.Errorf("unexpected configuration resource %T", obj)
	}
	return err
}

// fetchConfigObject reads a configuration resource of kind from the API.
func (o *Operator) fetchConfigObject(ctx context.Context, kind, namespace, name string) (bindings.Object, error) {
	client, options := o.monitoringClient, metav1.GetOptions{}
	switch kind {
	case monitoringv1.ServiceMonitorsKind:
		return client.MonitoringV1().ServiceMonitors(namespace).Get(ctx, name, options)
	case monitoringv1.PodMonitorsKind:
		return client.MonitoringV1().PodMonitors(namespace).Get(ctx, name, options)
	case monitoringv1.ProbesKind:
		return client.MonitoringV1().Probes(namespace).Get(ctx, name, options)
	case monitoringv1alpha1.ScrapeConfigsKind:
		return client.MonitoringV1alpha1().ScrapeConfigs(namespace).Get(ctx, name, options)
	case monitoringv1.PrometheusRuleKind:
		return client.MonitoringV1().PrometheusRules(namespace).Get(ctx, name, options)
	}
	return nil, fmt.Errorf("unexpected configuration resource kind %q", kind)
}
