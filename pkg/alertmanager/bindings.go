// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/amcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/bindings"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// syncBindings sets the Alertmanager's binding on every AlertmanagerConfig
// it selected (Accepted True, or False with the reason of the rejection)
// and removes it from those it no longer selects. Only AlertmanagerConfigs
// whose status changes are written.
func (c *Controller) syncBindings(ctx context.Context, am *monitoringv1.Alertmanager, selected []*monitoringv1alpha1.AlertmanagerConfig, rejected []amcfg.Rejection) error {
	writer := c.bindingsWriter(cache.NewObjectName(am.Namespace, am.Name))
	now := metav1.NewTime(c.Clock.Now())
	reasons := map[string]error{}
	for _, rejection := range rejected {
		reasons[rejection.Key()] = rejection.Reason
	}
	wanted := map[string]monitoringv1.WorkloadBinding{}
	for _, config := range selected {
		key := config.Namespace + "/" + config.Name
		wanted[key] = writer.Workload.Binding(config.Generation, reasons[key], now)
	}
	kind := c.bindingsKind()
	return writer.Apply(ctx, writer.Plan(kind, c.cachedConfigs(), wanted))
}

// withdrawBindings removes the binding of a deleted Alertmanager from every
// AlertmanagerConfig.
func (c *Controller) withdrawBindings(ctx context.Context, key cache.ObjectName) error {
	writer := c.bindingsWriter(key)
	return writer.Apply(ctx, writer.Plan(c.bindingsKind(), c.cachedConfigs(), nil))
}

func (c *Controller) bindingsWriter(key cache.ObjectName) bindings.Writer {
	return bindings.Writer{
		Workload:   bindings.Workload{Resource: monitoringv1.AlertmanagerName, Namespace: key.Namespace, Name: key.Name},
		Controller: metricsName, Metrics: c.Metrics,
	}
}

// cachedConfigs lists every cached AlertmanagerConfig.
func (c *Controller) cachedConfigs() []bindings.Object {
	var objects []bindings.Object
	for _, config := range kube.ListAs[*monitoringv1alpha1.AlertmanagerConfig](c.informers.AlertmanagerConfigs, metav1.NamespaceAll, labels.Everything()) {
		objects = append(objects, config)
	}
	return objects
}

// bindingsKind tells the writer how to read and write AlertmanagerConfigs.
func (c *Controller) bindingsKind() *bindings.Kind {
	client := c.MonitoringClient.MonitoringV1alpha1()
	return &bindings.Kind{
		Name: monitoringv1alpha1.AlertmanagerConfigKind,
		Status: func(object bindings.Object) *monitoringv1.ConfigResourceStatus {
			return &object.(*monitoringv1alpha1.AlertmanagerConfig).Status
		},
		UpdateStatus: func(ctx context.Context, object bindings.Object) error {
			config := object.(*monitoringv1alpha1.AlertmanagerConfig)
			_, err := client.AlertmanagerConfigs(config.Namespace).UpdateStatus(ctx, config, metav1.UpdateOptions{})
			return err
		},
		Fetch: func(ctx context.Context, namespace, name string) (bindings.Object, error) {
			return client.AlertmanagerConfigs(namespace).Get(ctx, name, metav1.GetOptions{})
		},
		Cached: func(namespace, name string) (bindings.Object, bool) {
			cached, found, err := kube.GetAs[*monitoringv1alpha1.AlertmanagerConfig](c.informers.AlertmanagerConfigs, namespace, name)
			return cached, err == nil && found
		},
	}
}
