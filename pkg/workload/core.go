// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"context"
	"fmt"
	"log/slog"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// Core is the part of a controller of one workload kind (Alertmanager,
// ThanosRuler) that does not depend on the kind: its dependencies, queues
// and logger, the outcome of each object's last reconcile, the wiring of
// its own StatefulSets and of the asset store, and the status helpers. A
// controller embeds it and fills it with InitCore.
type Core struct {
	controller.Dependencies
	// Name names the controller in logs, queues and metrics.
	Name string
	// Kind is the API kind of the controller's objects, the controlling
	// owner of their StatefulSets.
	Kind   string
	Queues controller.Queues
	Logger *slog.Logger
	// Results holds the outcome of the last reconcile of each object, the
	// source of its Reconciled condition.
	Results Results
	// StorageClasses checks the storage classes spec.storage names.
	StorageClasses *StorageClassChecker
	hasSynced      cache.InformerSynced
	objects        func() *kube.InformerSet
	sync           controller.SyncFunc
}

// ControllerOptions configure a controller of one workload kind: the
// dependencies every controller shares and the kind's informers.
type ControllerOptions[I any] struct {
	controller.Dependencies
	Informers I
}

// Informers are a controller's informer set.
type Informers interface {
	comparable
	// HasSynced reports whether every informer of the set is synced.
	HasSynced() bool
}

// CoreSpec is what a controller tells InitCore about itself.
type CoreSpec struct {
	// Name names the controller in logs, queues and metrics.
	Name string
	// Kind is the API kind of the controller's objects.
	Kind string
	// Objects returns the cache of the controller's own objects, for
	// ReconcileAll.
	Objects func() *kube.InformerSet
	// Sync reconciles one object; SyncStatus refreshes its status.
	Sync, SyncStatus controller.SyncFunc
	// Register connects the informers to the queues once the core is
	// filled in.
	Register func() error
}

// InitCore fills in the optional dependencies, builds the queues into core
// (the controller's embedded Core) and registers the event handlers.
func InitCore[I Informers](core *Core, opts ControllerOptions[I], spec CoreSpec) error {
	var none I
	if opts.Informers == none {
		return fmt.Errorf("%s controller: informers are required", spec.Name)
	}
	deps, err := opts.WithDefaults()
	if err != nil {
		return fmt.Errorf("%s controller: %w", spec.Name, err)
	}
	logger := deps.Logger.With("controller", spec.Name)
	core.Dependencies, core.Name, core.Kind, core.Logger = deps, spec.Name, spec.Kind, logger
	core.hasSynced, core.objects, core.sync = opts.Informers.HasSynced, spec.Objects, spec.Sync
	core.Queues = controller.NewQueues(spec.Name, spec.Sync, spec.SyncStatus, deps)
	core.StorageClasses = &StorageClassChecker{Client: deps.KubeClient.StorageV1(), Logger: logger}
	deps.Metrics.InitController(spec.Name)
	return spec.Register()
}

// Run waits for the caches, then runs the workers until ctx is done. The
// informers must have been started by the caller.
func (c *Core) Run(ctx context.Context, workers int) error {
	if !cache.WaitForCacheSync(ctx.Done(), c.hasSynced) {
		return fmt.Errorf("%s controller: caches did not sync: %w", c.Name, ctx.Err())
	}
	c.Logger.Info("starting controller", "workers", workers)
	c.Queues.Run(ctx, workers)
	return nil
}

// ReconcileAll runs one reconcile of every object the caches hold, in
// key order and without the queues: the offline render (pkg/render) drives
// the controllers this way over fake clientsets. The informers must have
// synced.
func (c *Core) ReconcileAll(ctx context.Context) error {
	return controller.SyncEach(ctx, c.Kind, c.objects().List(metav1.NamespaceAll, labels.Everything()), c.sync)
}

// Handles applies --controller-id: an object is the controller's when its
// controller-id annotation equals the flag (both may be empty).
func (c *Core) Handles(obj metav1.Object) bool {
	return obj.GetAnnotations()[operator.ControllerIDAnnotation] == c.Config.ControllerID
}

// Enqueue queues key for a reconcile, counting the event that caused it.
func (c *Core) Enqueue(key cache.ObjectName, triggeredBy string, event controller.Event) {
	c.Metrics.Triggered(c.Name, triggeredBy, string(event))
	c.Queues.Reconcile.Add(key)
}

// StoredStatefulSet returns the StatefulSet namespace/name the cache
// holds, nil when there is none.
func StoredStatefulSet(set *kube.InformerSet, namespace, name string) (*appsv1.StatefulSet, error) {
	stored, found, err := kube.GetAs[*appsv1.StatefulSet](set, namespace, name)
	if err != nil || !found {
		return nil, err
	}
	return stored, nil
}

// ApplyStatefulSet applies desired over existing (nil when there is none)
// with Apply, counting a re-creation in the controller's metrics.
func (c *Core) ApplyStatefulSet(ctx context.Context, desired, existing *appsv1.StatefulSet) error {
	return Apply(ctx, c.KubeClient.AppsV1().StatefulSets(desired.Namespace), desired, existing, ApplyOptions{
		Logger: c.Logger, OnRecreate: func() { c.Metrics.Recreated(c.Name) },
	})
}

// OwnedStatefulSetHandler maps events of the StatefulSets the controller's
// objects own to their owner: spec, label or annotation changes re-run the
// reconcile (someone may have edited the generated object), everything
// else (replica counts) only refreshes the status.
func (c *Core) OwnedStatefulSetHandler() cache.ResourceEventHandler {
	return controller.OwnedWorkloadHandler(func(obj metav1.Object, reconcile bool) {
		key, ok := controller.ControllerOwner(obj, c.Kind)
		if !ok {
			return
		}
		if reconcile {
			c.Queues.Reconcile.Add(key)
		}
		c.Queues.Status.Add(key)
	})
}

// Reader names the object key as a reader of the asset store.
func (c *Core) Reader(key cache.ObjectName) assets.Reader {
	return assets.Reader{Controller: c.Name, Namespace: key.Namespace, Name: key.Name}
}

// OnAssetChange queues the object that read a Secret or ConfigMap that
// changed since; it is the asset store's OnChange callback.
func (c *Core) OnAssetChange(reader assets.Reader, ref assets.Reference) {
	if reader.Controller != c.Name {
		return
	}
	c.Enqueue(reader.ObjectName(), string(ref.Kind), controller.EventUpdate)
}

// Forget drops what the controller remembers of a deleted object.
func (c *Core) Forget(key cache.ObjectName) {
	c.Results.Forget(key)
	c.Queues.Forget(key)
	c.Assets.ReleaseAll(c.Reader(key))
	c.Metrics.ForgetManagedResources(c.Name, key)
}

// CountResources records, for the managed-resources gauge, how many
// resources of kind the last reconcile of key kept (selected minus
// rejected) and refused.
func (c *Core) CountResources(key cache.ObjectName, kind string, selected, rejected int) {
	c.Metrics.SetManagedResources(c.Name, key, map[string]controller.ResourceCount{
		kind: {Selected: selected - rejected, Rejected: rejected},
	})
}

// InspectPods says why the pods of a StatefulSet short of available pods
// are not ready, one line each, and repairs (per
// --repair-policy-for-statefulsets) a pod a stuck rollout waits on, unless
// the object is paused.
func (c *Core) InspectPods(ctx context.Context, statefulSet *appsv1.StatefulSet, paused bool) []string {
	inspector := PodInspector{Pods: c.KubeClient.CoreV1(), RepairPolicy: c.Config.RepairPolicyForStatefulSets, Logger: c.Logger}
	problems, pods, err := inspector.Problems(ctx, statefulSet)
	if err != nil {
		c.Logger.Warn("cannot list the pods of a StatefulSet", "namespace", statefulSet.Namespace, "statefulset", statefulSet.Name, "err", err)
		return nil
	}
	if !paused {
		inspector.Repair(ctx, statefulSet, pods)
	}
	return problems
}

// Conditions returns the Available and Reconciled conditions of obj,
// keeping the transition time of those whose status did not change.
func (c *Core) Conditions(obj metav1.Object, paused bool, counts PodCounts, previous []monitoringv1.Condition) []monitoringv1.Condition {
	last := c.Results.Last(cache.NewObjectName(obj.GetNamespace(), obj.GetName()))
	now := metav1.NewTime(c.Clock.Now())
	state := ReconcileState{Generation: obj.GetGeneration(), Paused: paused, Last: last}
	return []monitoringv1.Condition{
		WithTransitionTime(AvailableCondition(obj.GetGeneration(), counts), previous, now),
		WithTransitionTime(ReconciledCondition(state), previous, now),
	}
}

// StatefulSetReplicas are the replica counts a workload's status reports
// of its StatefulSet.
type StatefulSetReplicas struct {
	Replicas, Updated, Available, Unavailable int32
}

// ReplicasOf reads the replica counts of statefulSet.
func ReplicasOf(statefulSet *appsv1.StatefulSet) StatefulSetReplicas {
	status := statefulSet.Status
	return StatefulSetReplicas{
		Replicas: status.Replicas, Updated: status.UpdatedReplicas, Available: status.AvailableReplicas,
		Unavailable: status.Replicas - status.AvailableReplicas,
	}
}
