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
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/utils/clock"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// Options configure the Controller. Clients and informers are built by the
// caller (main, or a test with fake clientsets).
type Options struct {
	KubeClient       kubernetes.Interface
	MonitoringClient versioned.Interface
	Informers        *Informers
	Config           *operator.Config
	Recorder         record.EventRecorder
	// Clock defaults to the real clock.
	Clock clock.Clock
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Metrics is optional.
	Metrics *controller.Metrics
	// Assets defaults to a store reading through KubeClient.
	Assets *assets.Store
}

// Controller reconciles Alertmanager objects.
type Controller struct {
	kubeClient       kubernetes.Interface
	monitoringClient versioned.Interface
	informers        *Informers
	config           *operator.Config
	recorder         record.EventRecorder
	clock            clock.Clock
	logger           *slog.Logger
	metrics          *controller.Metrics
	assets           *assets.Store
	queue            *controller.Queue
	statusQueue      *controller.Queue

	mu sync.Mutex
	// results holds the outcome of the last reconcile of each Alertmanager,
	// the source of its Reconciled condition.
	results map[cache.ObjectName]reconcileResult
}

// New builds the Controller and registers its event handlers.
func New(opts Options) (*Controller, error) {
	if opts.KubeClient == nil || opts.MonitoringClient == nil || opts.Informers == nil || opts.Config == nil {
		return nil, errors.New("alertmanager controller: clients, informers and config are required")
	}
	c := &Controller{
		kubeClient: opts.KubeClient, monitoringClient: opts.MonitoringClient, informers: opts.Informers,
		config: opts.Config, recorder: opts.Recorder, clock: opts.Clock, logger: opts.Logger,
		metrics: opts.Metrics, assets: opts.Assets, results: map[cache.ObjectName]reconcileResult{},
	}
	if c.clock == nil {
		c.clock = clock.RealClock{}
	}
	if c.logger == nil {
		c.logger = slog.Default()
	}
	c.logger = c.logger.With("controller", metricsName)
	if c.recorder == nil {
		c.recorder = &record.FakeRecorder{}
	}
	if c.assets == nil {
		c.assets = assets.NewStore(c.kubeClient)
	}
	c.queue = controller.NewQueue(controller.QueueOptions{Name: metricsName, Sync: c.sync, Metrics: c.metrics, Logger: opts.Logger})
	c.statusQueue = controller.NewQueue(controller.QueueOptions{Name: metricsName + "-status", Sync: c.syncStatus, Metrics: c.metrics, Logger: opts.Logger})
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
	var wg sync.WaitGroup
	wg.Go(func() { c.queue.Run(ctx, workers) })
	wg.Go(func() { c.statusQueue.Run(ctx, 1) })
	wg.Wait()
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
		errs = append(errs, informers.Secrets.AddEventHandler(c.assets.EventHandler(assets.SecretKind)))
	}
	if informers.ConfigMaps != nil {
		errs = append(errs, informers.ConfigMaps.AddEventHandler(c.assets.EventHandler(assets.ConfigMapKind)))
	}
	c.assets.OnChange(c.onAssetChange)
	c.assets.SetVersionLookup(c.assetVersion)
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
	c.metrics.Triggered(metricsName, monitoringv1.AlertmanagersKind, string(event))
	c.queue.Add(cache.NewObjectName(obj.GetNamespace(), obj.GetName()))
}

// handles applies --controller-id.
func (c *Controller) handles(obj metav1.Object) bool {
	return obj.GetAnnotations()[operator.ControllerIDAnnotation] == c.config.ControllerID
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
			c.metrics.Triggered(metricsName, triggeredBy, string(event))
			c.queue.Add(cache.NewObjectName(am.Namespace, am.Name))
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

// statefulSetHandler maps StatefulSet events to the owning Alertmanager:
// a changed spec, labels or annotations (someone edited the generated
// object) re-run the reconcile, anything else refreshes the status only.
func (c *Controller) statefulSetHandler() cache.ResourceEventHandler {
	specChanged := controller.AnyOf(controller.GenerationChanged, controller.LabelsChanged, controller.AnnotationsChanged)
	route := func(obj metav1.Object, reconcile bool) {
		key, ok := controller.ControllerOwner(obj, monitoringv1.AlertmanagersKind)
		if !ok {
			return
		}
		if reconcile {
			c.queue.Add(key)
		}
		c.statusQueue.Add(key)
	}
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if meta, ok := controller.ObjectMeta(obj); ok {
				route(meta, false)
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			old, okOld := controller.ObjectMeta(oldObj)
			updated, okNew := controller.ObjectMeta(newObj)
			if okOld && okNew && old.GetResourceVersion() != updated.GetResourceVersion() {
				route(updated, specChanged(old, updated))
			}
		},
		DeleteFunc: func(obj any) {
			if meta, ok := controller.ObjectMeta(obj); ok {
				route(meta, true)
			}
		},
	}
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
					c.metrics.Triggered(metricsName, "Namespace", string(controller.EventUpdate))
					c.queue.Add(cache.NewObjectName(am.Namespace, am.Name))
				}
			}
		},
	}
}

// readerKey names an Alertmanager as a reader of the asset store.
func readerKey(key cache.ObjectName) string { return metricsName + "/" + key.String() }

// onAssetChange queues the Alertmanager that read a Secret or ConfigMap
// that changed since.
func (c *Controller) onAssetChange(reader string, ref assets.Reference) {
	name, ok := strings.CutPrefix(reader, metricsName+"/")
	if !ok {
		return
	}
	key, err := cache.ParseObjectName(name)
	if err != nil {
		return
	}
	c.metrics.Triggered(metricsName, string(ref.Kind), string(controller.EventUpdate))
	c.queue.Add(key)
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
	c.mu.Lock()
	delete(c.results, key)
	c.mu.Unlock()
	c.queue.Forget(key)
	c.statusQueue.Forget(key)
	c.assets.ReleaseAll(readerKey(key))
}
