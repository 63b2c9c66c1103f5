// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/amcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/bindings"
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
	kind := c.configKind()
	return writer.Apply(ctx, writer.Plan(kind.Kind(), kind.Cached(), wanted))
}

// withdrawBindings removes the binding of a deleted Alertmanager from every
// AlertmanagerConfig.
func (c *Controller) withdrawBindings(ctx context.Context, key cache.ObjectName) error {
	writer := c.bindingsWriter(key)
	kind := c.configKind()
	return writer.Apply(ctx, writer.Plan(kind.Kind(), kind.Cached(), nil))
}

func (c *Controller) bindingsWriter(key cache.ObjectName) bindings.Writer {
	return bindings.Writer{
		Workload:   bindings.Workload{Resource: monitoringv1.AlertmanagerName, Namespace: key.Namespace, Name: key.Name},
		Controller: metricsName, Metrics: c.Metrics,
	}
}

// configKind tells the writer how to read and write AlertmanagerConfigs.
func (c *Controller) configKind() bindings.TypedKind[*monitoringv1alpha1.AlertmanagerConfig] {
	return bindings.TypedKind[*monitoringv1alpha1.AlertmanagerConfig]{
		Name: monitoringv1alpha1.AlertmanagerConfigKind,
		Status: func(config *monitoringv1alpha1.AlertmanagerConfig) *monitoringv1.ConfigResourceStatus {
			return &config.Status
		},
		Client: func(namespace string) bindings.StatusClient[*monitoringv1alpha1.AlertmanagerConfig] {
			return c.MonitoringClient.MonitoringV1alpha1().AlertmanagerConfigs(namespace)
		},
		Cache: c.informers.AlertmanagerConfigs,
	}
}
