// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package bindings writes status.bindings on configuration resources
// (ServiceMonitors, PodMonitors, Probes, ScrapeConfigs, PrometheusRules,
// AlertmanagerConfigs): each workload that selected a resource says there
// whether it accepted it, and why not. Any workload kind uses the same
// writer; only changed resources are written.
package bindings

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/util/retry"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
)

// Binding condition reasons.
const (
	ReasonAccepted             = "Accepted"
	ReasonInvalidConfiguration = "InvalidConfiguration"
)

// Object is a configuration resource carrying status.bindings.
type Object interface {
	metav1.Object
	runtime.Object
}

// Kind is how the writer reads and writes the objects of one resource kind.
type Kind struct {
	// Name names the kind in errors, for example "ServiceMonitor".
	Name string
	// Status returns the status of an object of the kind.
	Status func(Object) *monitoringv1.ConfigResourceStatus
	// UpdateStatus writes the status subresource of an object.
	UpdateStatus func(ctx context.Context, object Object) error
	// Fetch reads an object from the API.
	Fetch func(ctx context.Context, namespace, name string) (Object, error)
	// Cached returns the cached version of an object; found is false when
	// the cache no longer holds it.
	Cached func(namespace, name string) (object Object, found bool)
}

// Workload names the workload whose binding is written.
type Workload struct {
	// Resource is the workload's plural resource, for example "prometheuses".
	Resource string
	// Namespace and Name identify the workload.
	Namespace, Name string
}

// String renders the workload as "<resource>/<namespace>/<name>".
func (w Workload) String() string { return w.Resource + "/" + w.Namespace + "/" + w.Name }

// Binding is the binding the workload reports on an object of generation:
// Accepted True, or False with the rejection as message.
func (w Workload) Binding(generation int64, rejection error, now metav1.Time) monitoringv1.WorkloadBinding {
	condition := monitoringv1.ConfigResourceCondition{
		Type: monitoringv1.ConditionAccepted, Status: monitoringv1.ConditionTrue, Reason: ReasonAccepted,
		LastTransitionTime: now, ObservedGeneration: generation,
	}
	if rejection != nil {
		condition.Status, condition.Reason, condition.Message = monitoringv1.ConditionFalse, ReasonInvalidConfiguration, rejection.Error()
	}
	return monitoringv1.WorkloadBinding{
		Group: monitoringv1.GroupName, Resource: w.Resource, Namespace: w.Namespace, Name: w.Name,
		Conditions: []monitoringv1.ConfigResourceCondition{condition},
	}
}

// owns reports whether binding names the workload.
func (w Workload) owns(binding monitoringv1.WorkloadBinding) bool {
	return binding.Group == monitoringv1.GroupName && binding.Resource == w.Resource &&
		binding.Namespace == w.Namespace && binding.Name == w.Name
}

// sameBinding compares two bindings, ignoring transition times.
func sameBinding(a, b monitoringv1.WorkloadBinding) bool {
	if len(a.Conditions) != len(b.Conditions) {
		return false
	}
	for i := range a.Conditions {
		x, y := a.Conditions[i], b.Conditions[i]
		if x.Type != y.Type || x.Status != y.Status || x.Reason != y.Reason || x.Message != y.Message ||
			x.ObservedGeneration != y.ObservedGeneration {
			return false
		}
	}
	return true
}

// Merge returns bindings with the workload's entry set to binding (keeping
// the transition time when the status did not change) or, when !bound,
// removed; changed is false when that changes nothing.
func (w Workload) Merge(bindings []monitoringv1.WorkloadBinding, binding monitoringv1.WorkloadBinding, bound bool) (merged []monitoringv1.WorkloadBinding, changed bool) {
	index := slices.IndexFunc(bindings, w.owns)
	switch {
	case !bound && index < 0:
		return bindings, false
	case !bound:
		return slices.Delete(slices.Clone(bindings), index, index+1), true
	case index < 0:
		return append(slices.Clone(bindings), binding), true
	case sameBinding(bindings[index], binding):
		return bindings, false
	}
	old := bindings[index]
	for i := range binding.Conditions {
		for _, previous := range old.Conditions {
			if previous.Type == binding.Conditions[i].Type && previous.Status == binding.Conditions[i].Status {
				binding.Conditions[i].LastTransitionTime = previous.LastTransitionTime
			}
		}
	}
	merged = slices.Clone(bindings)
	merged[index] = binding
	return merged, true
}

// Write is one status write a workload owes a resource: its binding set
// (Bound) or removed.
type Write struct {
	Kind    *Kind
	Object  Object
	Binding monitoringv1.WorkloadBinding
	Bound   bool
}

// Writer writes the bindings of one workload.
type Writer struct {
	// Workload is whose binding is written.
	Workload Workload
	// Controller and Metrics count the writes and their failures
	// (Metrics may be nil).
	Controller string
	Metrics    *controller.Metrics
	// Parallelism is how many writes run at once; 0 means 8: enough to
	// keep the client's rate limit busy despite the round trip of each
	// write, few enough not to crowd the API server.
	Parallelism int
}

// Plan returns the writes that change something among objects of kind:
// the binding in wanted (keyed "<namespace>/<name>") set, or the
// workload's binding removed from objects absent from wanted. A converged
// workload costs no request at all.
func (w Writer) Plan(kind *Kind, objects []Object, wanted map[string]monitoringv1.WorkloadBinding) []Write {
	var writes []Write
	for _, object := range objects {
		binding, bound := wanted[object.GetNamespace()+"/"+object.GetName()]
		if _, changed := w.Workload.Merge(kind.Status(object).Bindings, binding, bound); changed {
			writes = append(writes, Write{Kind: kind, Object: object, Binding: binding, Bound: bound})
		}
	}
	return writes
}

// Apply performs the writes, Parallelism at a time: one write is a round
// trip to the API server, and a first sync of a workload selecting
// thousands of resources would otherwise take as many round trips end to
// end. Each write starts from the latest cached version of its object,
// which may hold another workload's binding written since the writes were
// planned; and every workload goes through the objects in an order of its
// own, so that two workloads selecting the same resources do not write the
// same object at the same moment, which would cost a conflict, a read and
// a second write.
func (w Writer) Apply(ctx context.Context, writes []Write) error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	slices.SortFunc(writes, func(a, b Write) int { return cmp.Compare(w.order(a), w.order(b)) })
	parallelism := w.Parallelism
	if parallelism <= 0 {
		parallelism = 8
	}
	queue := make(chan Write)
	for range min(parallelism, len(writes)) {
		wg.Go(func() {
			for write := range queue {
				if cached, found := write.Kind.Cached(write.Object.GetNamespace(), write.Object.GetName()); found {
					write.Object = cached
				}
				if err := w.set(ctx, write); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	for _, write := range writes {
		queue <- write
	}
	close(queue)
	wg.Wait()
	return errors.Join(errs...)
}

// order places a write in the workload's own order of the objects.
func (w Writer) order(write Write) uint64 {
	hash := fnv.New64a()
	for _, part := range []string{w.Workload.String(), write.Kind.Name, write.Object.GetNamespace(), write.Object.GetName()} {
		_, _ = hash.Write([]byte(part))
		_, _ = hash.Write([]byte{0})
	}
	return hash.Sum64()
}

// set makes the status of the object hold the binding (Bound) or no
// binding of the workload, writing only when that changes something. A
// conflict re-reads the object from the API.
func (w Writer) set(ctx context.Context, write Write) error {
	kind, object := write.Kind, write.Object
	current := object
	for attempt := 0; ; attempt++ {
		bindings, changed := w.Workload.Merge(kind.Status(current).Bindings, write.Binding, write.Bound)
		if !changed {
			return nil
		}
		updated, ok := current.DeepCopyObject().(Object)
		if !ok {
			return fmt.Errorf("copy of %T is not a configuration object", current)
		}
		kind.Status(updated).Bindings = bindings
		err := kind.UpdateStatus(ctx, updated)
		w.Metrics.BindingWritten(w.Controller, failure(err))
		if err == nil || apierrors.IsNotFound(err) {
			return nil
		}
		if !apierrors.IsConflict(err) || attempt >= retry.DefaultRetry.Steps {
			return fmt.Errorf("status of %s %s/%s: %w", kind.Name, object.GetNamespace(), object.GetName(), err)
		}
		fresh, err := kind.Fetch(ctx, object.GetNamespace(), object.GetName())
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("re-read %s %s/%s: %w", kind.Name, object.GetNamespace(), object.GetName(), err)
		}
		current = fresh
	}
}

// failure is err unless it is a missing object (nothing to write) or a
// conflict (retried), which the metrics do not count as failures.
func failure(err error) error {
	if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
		return nil
	}
	return err
}
