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
	"context"
	"errors"
	"fmt"
	"log/slog"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// Options configure the Controller.
type Options struct {
	controller.Dependencies
	Informers *Informers
}

// Controller reconciles Alertmanager objects.
type Controller struct {
	controller.Dependencies
	informers *Informers
	queues    controller.Queues
	logger    *slog.Logger
	// results holds the outcome of the last reconcile of each Alertmanager,
	// the source of its Reconciled condition.
	results workload.Results
	// storageClasses checks the storage classes spec.storage names.
	storageClasses *workload.StorageClassChecker
}

// New builds the Controller and registers its event handlers.
func New(opts Options) (*Controller, error) {
	deps, err := opts.Dependencies.WithDefaults()
	if err != nil {
		return nil, fmt.Errorf("alertmanager controller: %w", err)
	}
	if opts.Informers == nil {
		return nil, errors.New("alertmanager controller: informers are required")
	}
	c := &Controller{
		Dependencies: deps, informers: opts.Informers, logger: deps.Logger.With("controller", metricsName),
	}
	c.queues = controller.NewQueues(metricsName, c.sync, c.syncStatus, deps)
	c.storageClasses = &workload.StorageClassChecker{Client: deps.KubeClient.StorageV1(), Logger: c.logger}
	deps.Metrics.InitController(metricsName)
	if err := c.registerHandlers(); err != nil {
		return nil, err
	}
	return c, nil
}

// Run waits for the caches, then runs the workers until ctx is done. The
// informers must have been started by the caller.
func (c *Controller) Run(ctx context.Context, workers int) error {
	if !cache.WaitForCacheSync(ctx.Done(), c.informers.HasSynced) {
		return fmt.Errorf("alertmanager controller: caches did not sync: %w", ctx.Err())
	}
	c.logger.Info("starting controller", "workers", workers)
	c.queues.Run(ctx, workers)
	return nil
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
		informers.StatefulSets.AddEventHandler(c.statefulSetHandler()),
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
	c.Assets.OnChange(c.onAssetChange)
	c.Assets.SetVersionLookup(c.assetVersion)
	return errors.Join(errs...)
}

// monitoringv1alpha1Kind names AlertmanagerConfig events in the metrics.
const monitoringv1alpha1Kind = "AlertmanagerConfig"

// onAlertmanagerEvent queues an Alertmanager that was added, deleted, or
// whose spec, labels or annotations changed.
func (c *Controller) onAlertmanagerEvent(obj metav1.Object, event controller.Event) {
	if !c.handles(obj) {
		return
	}
	c.Metrics.Triggered(metricsName, monitoringv1.AlertmanagersKind, string(event))
	c.queues.Reconcile.Add(cache.NewObjectName(obj.GetNamespace(), obj.GetName()))
}

// handles applies --controller-id.
func (c *Controller) handles(obj metav1.Object) bool {
	return obj.GetAnnotations()[operator.ControllerIDAnnotation] == c.Config.ControllerID
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
		if selects && c.handles(am) {
			c.Metrics.Triggered(metricsName, triggeredBy, string(event))
			c.queues.Reconcile.Add(cache.NewObjectName(am.Namespace, am.Name))
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

// statefulSetHandler maps StatefulSet events to the owning Alertmanager.
func (c *Controller) statefulSetHandler() cache.ResourceEventHandler {
	return controller.OwnedWorkloadHandler(func(obj metav1.Object, reconcile bool) {
		key, ok := controller.ControllerOwner(obj, monitoringv1.AlertmanagersKind)
		if !ok {
			return
		}
		if reconcile {
			c.queues.Reconcile.Add(key)
		}
		c.queues.Status.Add(key)
	})
}

// namespaceHandler queues the Alertmanagers whose namespace selector took
// a namespace in or out when its labels changed.
func (c *Controller) namespaceHandler() cache.ResourceEventHandler {
	return cache.ResourceEventHandlerFuncs{
		UpdateFunc: func(oldObj, newObj any) {
			old, okOld := controller.ObjectMeta(oldObj)
			updated, okNew := controller.ObjectMeta(newObj)
			if !okOld || !okNew || labels.Equals(old.GetLabels(), updated.GetLabels()) {
				return
			}
			for _, am := range kube.ListAs[*monitoringv1.Alertmanager](c.informers.Alertmanagers, metav1.NamespaceAll, labels.Everything()) {
				if am.Spec.AlertmanagerConfigNamespaceSelector == nil || !c.handles(am) {
					continue
				}
				selector, err := metav1.LabelSelectorAsSelector(am.Spec.AlertmanagerConfigNamespaceSelector)
				if err != nil {
					continue
				}
				if selector.Matches(labels.Set(old.GetLabels())) != selector.Matches(labels.Set(updated.GetLabels())) {
					c.Metrics.Triggered(metricsName, "Namespace", string(controller.EventUpdate))
					c.queues.Reconcile.Add(cache.NewObjectName(am.Namespace, am.Name))
				}
			}
		},
	}
}

// readerKey names an Alertmanager as a reader of the asset store.
func readerKey(key cache.ObjectName) assets.Reader {
	return assets.Reader{Controller: metricsName, Namespace: key.Namespace, Name: key.Name}
}

// onAssetChange queues the Alertmanager that read a Secret or ConfigMap
// that changed since.
func (c *Controller) onAssetChange(reader assets.Reader, ref assets.Reference) {
	if reader.Controller != metricsName {
		return
	}
	c.Metrics.Triggered(metricsName, string(ref.Kind), string(controller.EventUpdate))
	c.queues.Reconcile.Add(reader.ObjectName())
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

// forget drops what the controller remembers of a deleted Alertmanager.
func (c *Controller) forget(key cache.ObjectName) {
	c.results.Forget(key)
	c.queues.Forget(key)
	c.Assets.ReleaseAll(readerKey(key))
}
