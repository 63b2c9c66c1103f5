// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package alertmanager is the Alertmanager controller: for each
// Alertmanager it generates alertmanager.yaml from the user's base
// configuration and the AlertmanagerConfigs it selects (pkg/amcfg), writes
// it with the other Secrets the pods need, keeps the governing Service and
// the StatefulSet in shape, and reports status, Events and the bindings of
// the AlertmanagerConfigs. controller.go wires informers and queues,
// sync.go is the reconcile flow, statefulset.go and objects.go are pure
// builders.
package alertmanager

import (
	"errors"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// Options configure the Controller. Clients and informers are built once
// by the caller (main, or a test with fake clientsets).
type Options = workload.ControllerOptions[*Informers]

// Controller reconciles Alertmanager objects.
type Controller struct {
	workload.Core
	informers *Informers
}

// New builds the Controller and registers its event handlers.
func New(opts Options) (*Controller, error) {
	c := &Controller{informers: opts.Informers}
	err := workload.InitCore(&c.Core, opts, workload.CoreSpec{
		Name: metricsName, Kind: monitoringv1.AlertmanagersKind,
		Sync: c.sync, SyncStatus: c.syncStatus, Register: c.registerHandlers,
		Objects: func() *kube.InformerSet { return c.informers.Alertmanagers },
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// registerHandlers connects every informer to the queues.
func (c *Controller) registerHandlers() error {
	informers := c.informers
	errs := []error{
		informers.Alertmanagers.AddEventHandler(controller.Handler(c.onAlertmanagerEvent,
			controller.GenerationChanged, controller.LabelsChanged, controller.AnnotationsChanged)),
		informers.AlertmanagerConfigs.AddEventHandler(controller.Handler(func(obj metav1.Object, event controller.Event) {
			c.enqueueForNamespace(obj.GetNamespace(), monitoringv1alpha1Kind, event)
		}, controller.GenerationChanged, controller.LabelsChanged)),
		informers.StatefulSets.AddEventHandler(c.OwnedStatefulSetHandler()),
	}
	if informers.Namespaces != nil {
		errs = append(errs, informers.Namespaces.AddEventHandler(c.namespaceHandler()))
	}
	if informers.Secrets != nil {
		errs = append(errs, informers.Secrets.AddEventHandler(c.Assets.EventHandler(assets.SecretKind)))
	}
	if informers.ConfigMaps != nil {
		errs = append(errs, informers.ConfigMaps.AddEventHandler(c.Assets.EventHandler(assets.ConfigMapKind)))
	}
	c.Assets.OnChange(c.OnAssetChange)
	c.Assets.SetVersionLookup(c.assetVersion)
	return errors.Join(errs...)
}

// monitoringv1alpha1Kind names AlertmanagerConfig events in the metrics.
const monitoringv1alpha1Kind = "AlertmanagerConfig"

// onAlertmanagerEvent queues an Alertmanager that was added, deleted, or
// whose spec, labels or annotations changed.
func (c *Controller) onAlertmanagerEvent(obj metav1.Object, event controller.Event) {
	if !c.Handles(obj) {
		return
	}
	c.Enqueue(cache.NewObjectName(obj.GetNamespace(), obj.GetName()), monitoringv1.AlertmanagersKind, event)
}

// enqueueForNamespace queues every Alertmanager that may select
// AlertmanagerConfigs of namespace: those of the namespace itself and
// those whose namespace selector matches it.
func (c *Controller) enqueueForNamespace(namespace, triggeredBy string, event controller.Event) {
	namespaceLabels, known := c.namespaceLabels(namespace)
	for _, am := range kube.ListAs[*monitoringv1.Alertmanager](c.informers.Alertmanagers, metav1.NamespaceAll, labels.Everything()) {
		selects := am.Namespace == namespace
		if !selects && known && am.Spec.AlertmanagerConfigNamespaceSelector != nil {
			selector, err := metav1.LabelSelectorAsSelector(am.Spec.AlertmanagerConfigNamespaceSelector)
			selects = err == nil && selector.Matches(namespaceLabels)
		}
		if selects && c.Handles(am) {
			c.Enqueue(cache.NewObjectName(am.Namespace, am.Name), triggeredBy, event)
		}
	}
}

// namespaceLabels returns the labels of a namespace; without the
// Namespace informer only the name label is known.
func (c *Controller) namespaceLabels(namespace string) (labels.Set, bool) {
	if c.informers.Namespaces == nil {
		return labels.Set{corev1.LabelMetadataName: namespace}, true
	}
	cached, found, err := kube.GetAs[*corev1.Namespace](c.informers.Namespaces, "", namespace)
	if err != nil || !found {
		return nil, false
	}
	return cached.Labels, true
}

// namespaceHandler queues the Alertmanagers whose namespace selector took
// a namespace in or out when its labels changed.
func (c *Controller) namespaceHandler() cache.ResourceEventHandler {
	return controller.NamespaceLabelsHandler(func(_ string, before, after labels.Set, event controller.Event) {
		// Only a relabelled namespace matters: a new one holds no
		// AlertmanagerConfig yet, and a deleted one no longer.
		if event != controller.EventUpdate {
			return
		}
		for _, am := range kube.ListAs[*monitoringv1.Alertmanager](c.informers.Alertmanagers, metav1.NamespaceAll, labels.Everything()) {
			if am.Spec.AlertmanagerConfigNamespaceSelector == nil || !c.Handles(am) {
				continue
			}
			selector, err := metav1.LabelSelectorAsSelector(am.Spec.AlertmanagerConfigNamespaceSelector)
			if err != nil {
				continue
			}
			if selector.Matches(before) != selector.Matches(after) {
				c.Enqueue(cache.NewObjectName(am.Namespace, am.Name), "Namespace", controller.EventUpdate)
			}
		}
	})
}

// assetVersion reads the resourceVersion the metadata informers hold.
func (c *Controller) assetVersion(ref assets.Reference) (string, bool) {
	set := c.informers.Secrets
	if ref.Kind == assets.ConfigMapKind {
		set = c.informers.ConfigMaps
	}
	if set == nil || !set.Scope().Contains(ref.Namespace) {
		return "", false
	}
	meta, found, err := kube.GetAs[*metav1.PartialObjectMetadata](set, ref.Namespace, ref.Name)
	if err != nil || !found {
		return "", false
	}
	return meta.ResourceVersion, true
}
