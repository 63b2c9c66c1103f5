// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package thanosruler holds the ThanosRuler controller: a ThanosRuler and the
// PrometheusRules it selects become rule ConfigMaps, the ruler's
// configuration Secret (remote-write.yaml), tls-assets and web-config
// Secrets, the governing Service and a StatefulSet running `thanos rule`.
// controller.go wires informers and queues, sync.go is the reconcile flow,
// statefulset.go the pure builder.
package thanosruler

import (
	"errors"
	"fmt"

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

// ControllerName names the controller in logs, queues and metrics.
const ControllerName = "thanos"

// Options configure the Controller. Clients and informers are built once
// by the caller (main, or a test with fake clientsets).
type Options = workload.ControllerOptions[*Informers]

// Controller reconciles ThanosRulers.
type Controller struct {
	workload.Core
	informers *Informers
}

// New builds the Controller and registers its event handlers.
func New(opts Options) (*Controller, error) {
	c := &Controller{informers: opts.Informers}
	err := workload.InitCore(&c.Core, opts, workload.CoreSpec{
		Name: ControllerName, Kind: monitoringv1.ThanosRulerKind,
		Sync: c.sync, SyncStatus: c.syncStatus, Register: c.registerHandlers,
		Objects: func() *kube.InformerSet { return c.informers.ThanosRulers },
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
		informers.ThanosRulers.AddEventHandler(controller.Handler(c.onThanosRulerEvent,
			controller.GenerationChanged, controller.LabelsChanged, controller.AnnotationsChanged)),
		informers.PrometheusRules.AddEventHandler(controller.Handler(func(obj metav1.Object, event controller.Event) {
			c.enqueue(c.rulersSelectingNamespace(obj.GetNamespace()), monitoringv1.PrometheusRuleKind, event)
		}, controller.GenerationChanged, controller.LabelsChanged)),
		// A rule ConfigMap someone edited or deleted is put back.
		informers.RuleConfigMaps.AddEventHandler(controller.Handler(func(obj metav1.Object, event controller.Event) {
			if key, ok := controller.ControllerOwner(obj, monitoringv1.ThanosRulerKind); ok {
				c.Enqueue(key, "ConfigMap", event)
			}
		})),
		informers.StatefulSets.AddEventHandler(c.OwnedStatefulSetHandler()),
		informers.Secrets.AddEventHandler(c.Assets.EventHandler(assets.SecretKind)),
	}
	if informers.Namespaces != nil {
		errs = append(errs, informers.Namespaces.AddEventHandler(c.namespaceHandler()))
	}
	c.Assets.OnChange(c.OnAssetChange)
	c.Assets.SetVersionLookup(c.secretVersion)
	return errors.Join(errs...)
}

// onThanosRulerEvent queues a ThanosRuler that was added, deleted, or
// whose spec, labels or annotations changed.
func (c *Controller) onThanosRulerEvent(obj metav1.Object, event controller.Event) {
	if !c.Handles(obj) {
		return
	}
	key := cache.NewObjectName(obj.GetNamespace(), obj.GetName())
	c.Enqueue(key, monitoringv1.ThanosRulerKind, event)
	if event == controller.EventDelete {
		c.Forget(key)
	}
}

func (c *Controller) enqueue(keys []cache.ObjectName, triggeredBy string, event controller.Event) {
	for _, key := range keys {
		c.Enqueue(key, triggeredBy, event)
	}
}

// rulers lists the cached ThanosRulers this operator instance handles.
func (c *Controller) rulers() []*monitoringv1.ThanosRuler {
	var handled []*monitoringv1.ThanosRuler
	for _, tr := range kube.ListAs[*monitoringv1.ThanosRuler](c.informers.ThanosRulers, metav1.NamespaceAll, labels.Everything()) {
		if c.Handles(tr) {
			handled = append(handled, tr)
		}
	}
	return handled
}

// rulersSelectingNamespace returns the ThanosRulers whose rule namespace
// selector takes in namespace. Their rule selectors are not applied on
// purpose: a rule whose labels stopped matching must still reach the
// ThanosRulers that selected it before.
func (c *Controller) rulersSelectingNamespace(namespace string) []cache.ObjectName {
	namespaceLabels := c.namespaceLabels(namespace)
	var keys []cache.ObjectName
	for _, tr := range c.rulers() {
		if tr.Spec.RuleSelector == nil {
			continue
		}
		if matches, err := ruleNamespaceMatches(tr, namespace, namespaceLabels); err == nil && matches {
			keys = append(keys, cache.NewObjectName(tr.Namespace, tr.Name))
		}
	}
	return keys
}

// namespaceLabels returns the labels of a namespace from the cache, or
// only its name label without the Namespace informer.
func (c *Controller) namespaceLabels(namespace string) labels.Set {
	if c.informers.Namespaces != nil {
		if ns, found, err := kube.GetAs[*corev1.Namespace](c.informers.Namespaces, "", namespace); err == nil && found {
			return ns.Labels
		}
		return nil
	}
	return labels.Set{corev1.LabelMetadataName: namespace}
}

// ruleNamespaceMatches applies the rule namespace selector: nil selects the
// ThanosRuler's own namespace only, {} every namespace.
func ruleNamespaceMatches(tr *monitoringv1.ThanosRuler, namespace string, namespaceLabels labels.Set) (bool, error) {
	if tr.Spec.RuleNamespaceSelector == nil {
		return namespace == tr.Namespace, nil
	}
	selector, err := metav1.LabelSelectorAsSelector(tr.Spec.RuleNamespaceSelector)
	if err != nil {
		return false, fmt.Errorf("spec.ruleNamespaceSelector: %w", err)
	}
	return selector.Matches(namespaceLabels), nil
}

// namespaceHandler queues the ThanosRulers whose rule namespace selector
// took a namespace in or out.
func (c *Controller) namespaceHandler() cache.ResourceEventHandler {
	changed := func(namespace string, before, after labels.Set, event controller.Event) {
		var keys []cache.ObjectName
		for _, tr := range c.rulers() {
			if tr.Spec.RuleSelector == nil || tr.Spec.RuleNamespaceSelector == nil {
				continue
			}
			was, errBefore := ruleNamespaceMatches(tr, namespace, before)
			is, errAfter := ruleNamespaceMatches(tr, namespace, after)
			if errBefore == nil && errAfter == nil && was != is {
				keys = append(keys, cache.NewObjectName(tr.Namespace, tr.Name))
			}
		}
		c.enqueue(keys, "Namespace", event)
	}
	return controller.NamespaceLabelsHandler(changed)
}

// secretVersion reads the resourceVersion the metadata informer holds.
func (c *Controller) secretVersion(ref assets.Reference) (string, bool) {
	if ref.Kind != assets.SecretKind {
		return "", false
	}
	meta, found, err := kube.GetAs[*metav1.PartialObjectMetadata](c.informers.Secrets, ref.Namespace, ref.Name)
	if err != nil || !found {
		return "", false
	}
	return meta.ResourceVersion, true
}
