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
	"context"
	"errors"
	"fmt"
	"log/slog"
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

// ControllerName names the controller in logs, queues and metrics.
const ControllerName = "thanos"

// Options configure the Controller. Clients and informers are built once
// by the caller (main, or a test with fake clientsets).
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

// Controller reconciles ThanosRulers.
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
	// results holds the outcome of the last reconcile of each ThanosRuler,
	// the source of its Reconciled condition.
	results map[cache.ObjectName]reconcileResult
}

// New builds the Controller and registers its event handlers.
func New(opts Options) (*Controller, error) {
	if opts.KubeClient == nil || opts.MonitoringClient == nil || opts.Informers == nil || opts.Config == nil {
		return nil, errors.New("thanos ruler controller: clients, informers and config are required")
	}
	c := &Controller{
		kubeClient: opts.KubeClient, monitoringClient: opts.MonitoringClient, informers: opts.Informers, config: opts.Config,
		recorder: opts.Recorder, clock: opts.Clock, logger: opts.Logger, metrics: opts.Metrics, assets: opts.Assets,
		results: map[cache.ObjectName]reconcileResult{},
	}
	if c.clock == nil {
		c.clock = clock.RealClock{}
	}
	if c.logger == nil {
		c.logger = slog.Default()
	}
	c.logger = c.logger.With("controller", ControllerName)
	if c.recorder == nil {
		c.recorder = &record.FakeRecorder{}
	}
	if c.assets == nil {
		c.assets = assets.NewStore(c.kubeClient)
	}
	c.queue = controller.NewQueue(controller.QueueOptions{Name: ControllerName, Sync: c.sync, Metrics: c.metrics, Logger: opts.Logger})
	c.statusQueue = controller.NewQueue(controller.QueueOptions{Name: ControllerName + "-status", Sync: c.syncStatus, Metrics: c.metrics, Logger: opts.Logger})
	if err := c.registerHandlers(); err != nil {
		return nil, err
	}
	return c, nil
}

// Run waits for the caches, then runs the workers until ctx is done. The
// informers must have been started by the caller.
func (c *Controller) Run(ctx context.Context, workers int) error {
	if !cache.WaitForCacheSync(ctx.Done(), c.informers.HasSynced) {
		return fmt.Errorf("thanos ruler controller: caches did not sync: %w", ctx.Err())
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
		informers.ThanosRulers.AddEventHandler(controller.Handler(c.onThanosRulerEvent,
			controller.GenerationChanged, controller.LabelsChanged, controller.AnnotationsChanged)),
		informers.PrometheusRules.AddEventHandler(controller.Handler(func(obj metav1.Object, event controller.Event) {
			c.enqueue(c.rulersSelectingNamespace(obj.GetNamespace()), monitoringv1.PrometheusRuleKind, event)
		}, controller.GenerationChanged, controller.LabelsChanged)),
		// A rule ConfigMap someone edited or deleted is put back.
		informers.RuleConfigMaps.AddEventHandler(controller.Handler(func(obj metav1.Object, event controller.Event) {
			if key, ok := controller.ControllerOwner(obj, monitoringv1.ThanosRulerKind); ok {
				c.metrics.Triggered(ControllerName, "ConfigMap", string(event))
				c.queue.Add(key)
			}
		})),
		informers.StatefulSets.AddEventHandler(c.ownedStatefulSetHandler()),
		informers.Secrets.AddEventHandler(c.assets.EventHandler(assets.SecretKind)),
	}
	if informers.Namespaces != nil {
		errs = append(errs, informers.Namespaces.AddEventHandler(c.namespaceHandler()))
	}
	c.assets.OnChange(c.onSecretChange)
	c.assets.SetVersionLookup(c.secretVersion)
	return errors.Join(errs...)
}

// onThanosRulerEvent queues a ThanosRuler that was added, deleted, or
// whose spec, labels or annotations changed.
func (c *Controller) onThanosRulerEvent(obj metav1.Object, event controller.Event) {
	if !c.handles(obj) {
		return
	}
	c.metrics.Triggered(ControllerName, monitoringv1.ThanosRulerKind, string(event))
	key := cache.NewObjectName(obj.GetNamespace(), obj.GetName())
	c.queue.Add(key)
	if event == controller.EventDelete {
		c.forget(key)
	}
}

// handles applies --controller-id: an object is ours when its
// controller-id annotation equals the flag (both may be empty).
func (c *Controller) handles(obj metav1.Object) bool {
	return obj.GetAnnotations()[operator.ControllerIDAnnotation] == c.config.ControllerID
}

func (c *Controller) enqueue(keys []cache.ObjectName, triggeredBy string, event controller.Event) {
	for _, key := range keys {
		c.metrics.Triggered(ControllerName, triggeredBy, string(event))
		c.queue.Add(key)
	}
}

// rulers lists the cached ThanosRulers this operator instance handles.
func (c *Controller) rulers() []*monitoringv1.ThanosRuler {
	var handled []*monitoringv1.ThanosRuler
	for _, tr := range kube.ListAs[*monitoringv1.ThanosRuler](c.informers.ThanosRulers, metav1.NamespaceAll, labels.Everything()) {
		if c.handles(tr) {
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
	labelsOf := func(obj any) (string, labels.Set, bool) {
		meta, ok := controller.ObjectMeta(obj)
		if !ok {
			return "", nil, false
		}
		return meta.GetName(), meta.GetLabels(), true
	}
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if name, set, ok := labelsOf(obj); ok {
				changed(name, nil, set, controller.EventAdd)
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			name, before, okOld := labelsOf(oldObj)
			_, after, okNew := labelsOf(newObj)
			if okOld && okNew && !labels.Equals(before, after) {
				changed(name, before, after, controller.EventUpdate)
			}
		},
		DeleteFunc: func(obj any) {
			if name, set, ok := labelsOf(obj); ok {
				changed(name, set, nil, controller.EventDelete)
			}
		},
	}
}

// ownedStatefulSetHandler maps StatefulSet events to their ThanosRuler:
// spec, label or annotation changes re-run the reconcile (someone may have
// edited the generated object), everything else (replica counts) only
// refreshes the status.
func (c *Controller) ownedStatefulSetHandler() cache.ResourceEventHandler {
	specChanged := controller.AnyOf(controller.GenerationChanged, controller.LabelsChanged, controller.AnnotationsChanged)
	route := func(obj metav1.Object, reconcile bool) {
		key, ok := controller.ControllerOwner(obj, monitoringv1.ThanosRulerKind)
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

// readerKey names a ThanosRuler as a reader of the Secret store.
func readerKey(namespace, name string) string {
	return ControllerName + "/" + cache.NewObjectName(namespace, name).String()
}

// onSecretChange queues the ThanosRuler that read a Secret that changed
// since: the query, alertmanagers, object storage, tracing and alert
// relabelling configurations and the remote-write credentials.
func (c *Controller) onSecretChange(reader string, ref assets.Reference) {
	prefix := ControllerName + "/"
	if len(reader) <= len(prefix) || reader[:len(prefix)] != prefix {
		return
	}
	key, err := cache.ParseObjectName(reader[len(prefix):])
	if err != nil {
		return
	}
	c.metrics.Triggered(ControllerName, string(ref.Kind), string(controller.EventUpdate))
	c.queue.Add(key)
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

// forget drops what the controller remembers of a deleted ThanosRuler.
func (c *Controller) forget(key cache.ObjectName) {
	c.mu.Lock()
	delete(c.results, key)
	c.mu.Unlock()
	c.queue.Forget(key)
	c.statusQueue.Forget(key)
	c.assets.ReleaseAll(readerKey(key.Namespace, key.Name))
}
