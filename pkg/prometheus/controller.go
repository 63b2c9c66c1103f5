// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package prometheus holds the Prometheus and PrometheusAgent controllers.
// Both kinds share one code path through monitoringv1.PrometheusInterface:
// selection of monitors, configuration, Secrets, workloads, status and
// bindings; kinds.go holds the few differences. controller.go wires
// informers and queues, sync.go is the reconcile flow.
package prometheus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/utils/clock"

	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/configparts"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// Options configure the Operator. Clients and informers are built once by
// the caller (main, or a test with fake clientsets).
type Options struct {
	KubeClient       kubernetes.Interface
	MonitoringClient versioned.Interface
	Informers        *Informers
	Config           *operator.Config
	Capabilities     kube.Capabilities
	Recorder         record.EventRecorder
	// Clock defaults to the real clock.
	Clock clock.Clock
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Metrics is optional.
	Metrics *controller.Metrics
	// Assets defaults to a store reading through KubeClient.
	Assets *assets.Store
	// Registerer receives the controller's own metrics; nil skips them.
	Registerer prometheusclient.Registerer
}

// Operator runs the Prometheus controller and, when its CRD is served, the
// PrometheusAgent controller, over shared informers.
type Operator struct {
	kubeClient       kubernetes.Interface
	monitoringClient versioned.Interface
	informers        *Informers
	config           *operator.Config
	capabilities     kube.Capabilities
	recorder         record.EventRecorder
	clock            clock.Clock
	logger           *slog.Logger
	metrics          *controller.Metrics
	assets           *assets.Store
	controllers      []*workloadController
	// secretMemo and configMapMemo remember the generated Secrets and
	// ConfigMaps written, so that converged ones cost no request.
	secretMemo, configMapMemo *kube.WriteMemo
	// configChunkSize is where a compressed configuration is split
	// (configparts.ChunkSize; smaller in tests).
	configChunkSize int
	// storageClasses checks the classes the workloads' claims name.
	storageClasses *workload.StorageClassChecker
}

// workloadController reconciles the objects of one kind.
type workloadController struct {
	operator    *Operator
	kind        workloadKind
	queue       *controller.Queue
	statusQueue *controller.Queue
	logger      *slog.Logger
	// results holds the outcome of the last reconcile of each object, the
	// source of its Reconciled condition.
	results workload.Results
	// configs makes each object's configuration generation incremental.
	configs configCaches
}

// workloadRef names one object of one controller.
type workloadRef struct {
	controller      *workloadController
	namespace, name string
}

// New builds the Operator and registers its event handlers. Controllers
// are created for the kinds whose informers are set.
func New(opts Options) (*Operator, error) {
	deps, err := controller.Dependencies{
		KubeClient: opts.KubeClient, MonitoringClient: opts.MonitoringClient, Config: opts.Config, Recorder: opts.Recorder,
		Clock: opts.Clock, Logger: opts.Logger, Metrics: opts.Metrics, Assets: opts.Assets,
	}.WithDefaults()
	if err != nil || opts.Informers == nil {
		return nil, errors.New("prometheus operator: clients, informers and config are required")
	}
	o := &Operator{
		kubeClient: deps.KubeClient, monitoringClient: deps.MonitoringClient, informers: opts.Informers,
		config: deps.Config, capabilities: opts.Capabilities, recorder: deps.Recorder, clock: deps.Clock,
		logger: deps.Logger, metrics: deps.Metrics, assets: deps.Assets,
	}
	o.newWriteMemos()
	o.configChunkSize = configparts.ChunkSize
	o.storageClasses = &workload.StorageClassChecker{Client: deps.KubeClient.StorageV1(), Logger: deps.Logger}
	if set := opts.Informers.Prometheuses; set != nil {
		o.addController(serverKind{client: o.monitoringClient, informer: set})
	}
	if set := opts.Informers.PrometheusAgents; set != nil {
		o.addController(agentKind{client: o.monitoringClient, informer: set})
	}
	if err := o.registerHandlers(); err != nil {
		return nil, err
	}
	if opts.Informers.Namespaces == nil {
		o.logger.Warn("not allowed to list and watch namespaces: namespace selectors match namespace names only "+
			"(label "+corev1.LabelMetadataName+"), within the namespaces the operator watches",
			"namespaces", namespaceList(o.config.Namespaces),
			"prometheusInstanceNamespaces", namespaceList(o.config.InstanceNamespaces(o.config.PrometheusInstanceNamespaces)))
	}
	if opts.Registerer != nil {
		if err := opts.Registerer.Register(&stateCollector{operator: o}); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return o, nil
}

func (o *Operator) addController(kind workloadKind) {
	c := &workloadController{
		operator: o, kind: kind,
		logger: o.logger.With("controller", kind.controllerName()),
	}
	c.queue = controller.NewQueue(controller.QueueOptions{
		Name: kind.controllerName(), Sync: c.sync, Metrics: o.metrics, Logger: o.logger,
	})
	c.statusQueue = controller.NewQueue(controller.QueueOptions{
		Name: kind.controllerName() + "-status", Sync: c.syncStatus, Metrics: o.metrics, Logger: o.logger,
	})
	o.metrics.InitController(kind.controllerName())
	o.controllers = append(o.controllers, c)
}

// Run waits for the caches, then runs workers on every queue until ctx is
// done. The informers must have been started by the caller.
func (o *Operator) Run(ctx context.Context, workers int) error {
	if !cache.WaitForCacheSync(ctx.Done(), o.informers.HasSynced) {
		return fmt.Errorf("prometheus controllers: caches did not sync: %w", ctx.Err())
	}
	var wg sync.WaitGroup
	for _, c := range o.controllers {
		c.logger.Info("starting controller", "workers", workers)
		wg.Go(func() { c.queue.Run(ctx, workers) })
		wg.Go(func() { c.statusQueue.Run(ctx, 1) })
	}
	wg.Wait()
	return nil
}

// registerHandlers connects every informer to the queues.
func (o *Operator) registerHandlers() error {
	var errs []error
	for _, c := range o.controllers {
		errs = append(errs, c.kind.cache().AddEventHandler(controller.Handler(c.onWorkloadEvent,
			controller.GenerationChanged, controller.LabelsChanged, controller.AnnotationsChanged)))
	}
	for _, kind := range configKinds {
		set := kind.informer(o.informers)
		if set == nil {
			continue
		}
		errs = append(errs, set.AddEventHandler(controller.Handler(func(obj metav1.Object, event controller.Event) {
			o.enqueueAll(o.workloadsForResource(kind, obj.GetNamespace()), kind.kind, event)
		}, controller.GenerationChanged, controller.LabelsChanged)))
	}
	for _, set := range []*kube.InformerSet{o.informers.StatefulSets, o.informers.DaemonSets} {
		if set != nil {
			errs = append(errs, set.AddEventHandler(o.ownedWorkloadHandler()))
		}
	}
	if o.informers.Namespaces != nil {
		errs = append(errs, o.informers.Namespaces.AddEventHandler(o.namespaceHandler()))
	}
	if o.informers.Secrets != nil {
		errs = append(errs, o.informers.Secrets.AddEventHandler(o.assets.EventHandler(assets.SecretKind)))
	}
	if o.informers.ConfigMaps != nil {
		errs = append(errs, o.informers.ConfigMaps.AddEventHandler(o.assets.EventHandler(assets.ConfigMapKind)))
	}
	o.assets.OnChange(o.onAssetChange)
	o.assets.SetVersionLookup(o.assetVersion)
	return errors.Join(errs...)
}

// onWorkloadEvent queues a Prometheus or PrometheusAgent that was added,
// deleted, or whose spec, labels or annotations changed.
func (c *workloadController) onWorkloadEvent(obj metav1.Object, event controller.Event) {
	if !c.operator.handles(obj) {
		return
	}
	c.operator.metrics.Triggered(c.kind.controllerName(), c.kind.groupVersionKind().Kind, string(event))
	key := cache.NewObjectName(obj.GetNamespace(), obj.GetName())
	c.queue.Add(key)
	if event == controller.EventDelete {
		c.forget(key)
	}
}

// handles applies --controller-id: an object is ours when its
// controller-id annotation equals the flag (both may be empty).
func (o *Operator) handles(obj metav1.Object) bool {
	return obj.GetAnnotations()[operator.ControllerIDAnnotation] == o.config.ControllerID
}

func (o *Operator) enqueueAll(refs []workloadRef, triggeredBy string, event controller.Event) {
	for _, ref := range refs {
		o.metrics.Triggered(ref.controller.kind.controllerName(), triggeredBy, string(event))
		ref.controller.queue.Add(cache.NewObjectName(ref.namespace, ref.name))
	}
}

// ownedWorkloadHandler maps StatefulSet and DaemonSet events to their
// owner: spec, label or annotation changes re-run the reconcile (someone may
// have edited the generated object), everything else (replica counts) only
// refreshes the status.
func (o *Operator) ownedWorkloadHandler() cache.ResourceEventHandler {
	return controller.OwnedWorkloadHandler(func(obj metav1.Object, reconcile bool) {
		for _, c := range o.controllers {
			key, ok := controller.ControllerOwner(obj, c.kind.groupVersionKind().Kind)
			if !ok {
				continue
			}
			if reconcile {
				c.queue.Add(key)
			}
			c.statusQueue.Add(key)
		}
	})
}

// namespaceHandler queues the workloads whose namespace selectors took a
// namespace in or out.
func (o *Operator) namespaceHandler() cache.ResourceEventHandler {
	return controller.NamespaceLabelsHandler(func(name string, before, after labels.Set, event controller.Event) {
		change := namespaceRelabelled(name, before, after)
		switch event {
		case controller.EventAdd:
			change = namespaceCreated(name, after)
		case controller.EventDelete:
			change = namespaceDeleted(name, before)
		}
		o.enqueueAll(o.workloadsForNamespaceChange(change), "Namespace", event)
	})
}

// onAssetChange queues the workload that read a Secret or ConfigMap that
// changed since.
func (o *Operator) onAssetChange(reader assets.Reader, ref assets.Reference) {
	for _, c := range o.controllers {
		if reader.Controller != c.kind.controllerName() {
			continue
		}
		o.metrics.Triggered(c.kind.controllerName(), string(ref.Kind), string(controller.EventUpdate))
		c.queue.Add(reader.ObjectName())
	}
}

// assetVersion reads the resourceVersion the metadata informers hold.
func (o *Operator) assetVersion(ref assets.Reference) (string, bool) {
	set := o.informers.Secrets
	if ref.Kind == assets.ConfigMapKind {
		set = o.informers.ConfigMaps
	}
	meta, found, err := kube.GetAs[*metav1.PartialObjectMetadata](set, ref.Namespace, ref.Name)
	if err != nil || !found {
		return "", false
	}
	return meta.ResourceVersion, true
}

// forget drops what the controller remembers of a deleted object.
func (c *workloadController) forget(key cache.ObjectName) {
	c.results.Forget(key)
	c.configs.forget(key)
	c.operator.metrics.ForgetManagedResources(c.kind.controllerName(), key)
	c.queue.Forget(key)
	c.statusQueue.Forget(key)
	c.operator.assets.ReleaseAll(readerKey(c.kind, key.Namespace, key.Name))
	c.forgetWrites(key.Namespace, key.Name)
}

// event records an Event about obj. The recorder's scheme knows the
// monitoring kinds, so typed objects without TypeMeta are fine.
func (o *Operator) event(obj runtime.Object, eventType, reason, message string) {
	o.recorder.Event(obj, eventType, reason, message)
}

// Warning Event reasons.
const (
	reasonInvalidConfiguration = "InvalidConfiguration"
	reasonReconcileFailed      = "ReconcileFailed"
)

// namespaceList renders a namespace flag for a log line, "all" when empty.
func namespaceList(set operator.StringSet) string {
	if len(set) == 0 {
		return "all"
	}
	return strings.Join(set.Sorted(), ",")
}
