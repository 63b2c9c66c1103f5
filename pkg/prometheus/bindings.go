// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

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
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/util/retry"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// Binding condition reasons.
const (
	reasonAccepted = "Accepted"
)

// bindingFor is the binding a workload reports on a resource it selected.
func (c *workloadController) bindingFor(p monitoringv1.PrometheusInterface, obj configObject, rejection error, now metav1.Time) monitoringv1.WorkloadBinding {
	condition := monitoringv1.ConfigResourceCondition{
		Type: monitoringv1.ConditionAccepted, Status: monitoringv1.ConditionTrue, Reason: reasonAccepted,
		LastTransitionTime: now, ObservedGeneration: obj.GetGeneration(),
	}
	if rejection != nil {
		condition.Status, condition.Reason, condition.Message = monitoringv1.ConditionFalse, reasonInvalidConfiguration, rejection.Error()
	}
	return monitoringv1.WorkloadBinding{
		Group: monitoringv1.GroupName, Resource: c.kind.resource(),
		Namespace: p.GetNamespace(), Name: p.GetName(),
		Conditions: []monitoringv1.ConfigResourceCondition{condition},
	}
}

// isBindingOf reports whether binding names the workload.
func (c *workloadController) isBindingOf(binding monitoringv1.WorkloadBinding, namespace, name string) bool {
	return binding.Group == monitoringv1.GroupName && binding.Resource == c.kind.resource() &&
		binding.Namespace == namespace && binding.Name == name
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

// bindingWriters is how many binding writes of one workload run at once:
// enough to keep the client's rate limit busy despite the round trip of
// each write, few enough not to crowd the API server.
var bindingWriters = 8

// bindingWrite is one status write a workload owes a resource: its
// binding set (bound) or removed.
type bindingWrite struct {
	kind    configKind
	obj     configObject
	binding monitoringv1.WorkloadBinding
	bound   bool
}

// syncBindings writes the workload's binding on every resource it
// selected (Accepted True, or False with the reason), and removes it from
// the resources it no longer selects. Only changed resources are written.
func (c *workloadController) syncBindings(ctx context.Context, p monitoringv1.PrometheusInterface, selected *selection) error {
	now := metav1.NewTime(c.operator.clock.Now())
	var writes []bindingWrite
	for _, kind := range configKinds {
		set := kind.informer(c.operator.informers)
		if set == nil {
			continue
		}
		wanted := map[string]monitoringv1.WorkloadBinding{}
		for _, obj := range selected.objects(kind) {
			key := obj.GetNamespace() + "/" + obj.GetName()
			wanted[key] = c.bindingFor(p, obj, selected.rejection(kind.kind, obj), now)
		}
		for _, obj := range kube.ListAs[configObject](set, metav1.NamespaceAll, labels.Everything()) {
			binding, bound := wanted[obj.GetNamespace()+"/"+obj.GetName()]
			writes = c.appendIfChanged(writes, bindingWrite{kind: kind, obj: obj, binding: binding, bound: bound}, p)
		}
	}
	return c.writeBindings(ctx, p, writes)
}

// removeBindings drops the workload's binding from every resource, when
// the workload is being deleted.
func (c *workloadController) removeBindings(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	var writes []bindingWrite
	for _, kind := range configKinds {
		set := kind.informer(c.operator.informers)
		if set == nil {
			continue
		}
		for _, obj := range kube.ListAs[configObject](set, metav1.NamespaceAll, labels.Everything()) {
			writes = c.appendIfChanged(writes, bindingWrite{kind: kind, obj: obj}, p)
		}
	}
	return c.writeBindings(ctx, p, writes)
}

// appendIfChanged keeps the write when the cached status differs from
// what it would write: a converged workload costs no request at all.
func (c *workloadController) appendIfChanged(writes []bindingWrite, write bindingWrite, p monitoringv1.PrometheusInterface) []bindingWrite {
	if _, changed := c.mergeBinding(configStatus(write.obj).Bindings, p, write.binding, write.bound); !changed {
		return writes
	}
	return append(writes, write)
}

// writeBindings performs the writes, bindingWriters at a time: one write
// is a round trip to the API server, and a first sync of a workload
// selecting thousands of resources would otherwise take as many round
// trips end to end. Each write starts from the latest cached version of
// its object, which may hold another workload's binding written since the
// writes were planned; and every workload goes through the objects in an
// order of its own, so that two workloads selecting the same resources do
// not write the same object at the same moment, which would cost a
// conflict, a read and a second write.
func (c *workloadController) writeBindings(ctx context.Context, p monitoringv1.PrometheusInterface, writes []bindingWrite) error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	workload := readerKey(c.kind, p.GetNamespace(), p.GetName())
	slices.SortFunc(writes, func(a, b bindingWrite) int {
		return cmp.Compare(writeOrder(workload, a), writeOrder(workload, b))
	})
	queue := make(chan bindingWrite)
	for range min(bindingWriters, len(writes)) {
		wg.Go(func() {
			for write := range queue {
				write.obj = c.latestCached(write.kind, write.obj)
				if err := c.setBinding(ctx, write.kind, write.obj, p, write.binding, write.bound); err != nil {
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

// writeOrder places a write in the workload's own order of the objects.
func writeOrder(workload string, write bindingWrite) uint64 {
	hash := fnv.New64a()
	for _, part := range []string{workload, write.kind.kind, write.obj.GetNamespace(), write.obj.GetName()} {
		_, _ = hash.Write([]byte(part))
		_, _ = hash.Write([]byte{0})
	}
	return hash.Sum64()
}

// latestCached returns the cached version of obj, obj itself when the
// cache no longer holds it.
func (c *workloadController) latestCached(kind configKind, obj configObject) configObject {
	cached, found, err := kube.GetAs[configObject](kind.informer(c.operator.informers), obj.GetNamespace(), obj.GetName())
	if err != nil || !found {
		return obj
	}
	return cached
}

// setBinding makes the status of obj hold binding (bound) or no binding
// of the workload (!bound), writing only when that changes something. A
// conflict re-reads the object from the API.
func (c *workloadController) setBinding(ctx context.Context, kind configKind, obj configObject, p monitoringv1.PrometheusInterface, binding monitoringv1.WorkloadBinding, bound bool) error {
	current := obj
	for attempt := 0; ; attempt++ {
		bindings, changed := c.mergeBinding(configStatus(current).Bindings, p, binding, bound)
		if !changed {
			return nil
		}
		updated, ok := current.DeepCopyObject().(configObject)
		if !ok {
			return fmt.Errorf("copy of %T is not a configuration object", current)
		}
		configStatus(updated).Bindings = bindings
		err := c.operator.updateConfigStatus(ctx, updated)
		if err == nil || apierrors.IsNotFound(err) {
			return nil
		}
		if !apierrors.IsConflict(err) || attempt >= retry.DefaultRetry.Steps {
			return fmt.Errorf("status of %s %s/%s: %w", kind.kind, obj.GetNamespace(), obj.GetName(), err)
		}
		fresh, err := c.operator.fetchConfigObject(ctx, obj)
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("re-read %s %s/%s: %w", kind.kind, obj.GetNamespace(), obj.GetName(), err)
		}
		current = fresh
	}
}

// mergeBinding returns bindings with the workload's entry set to binding
// (keeping the transition time when the status did not change) or removed.
func (c *workloadController) mergeBinding(bindings []monitoringv1.WorkloadBinding, p monitoringv1.PrometheusInterface, binding monitoringv1.WorkloadBinding, bound bool) ([]monitoringv1.WorkloadBinding, bool) {
	index := slices.IndexFunc(bindings, func(b monitoringv1.WorkloadBinding) bool {
		return c.isBindingOf(b, p.GetNamespace(), p.GetName())
	})
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
	merged := slices.Clone(bindings)
	merged[index] = binding
	return merged, true
}

// configStatus returns the status of a configuration resource.
func configStatus(obj configObject) *monitoringv1.ConfigResourceStatus {
	switch typed := obj.(type) {
	case *monitoringv1.ServiceMonitor:
		return &typed.Status
	case *monitoringv1.PodMonitor:
		return &typed.Status
	case *monitoringv1.Probe:
		return &typed.Status
	case *monitoringv1alpha1.ScrapeConfig:
		return &typed.Status
	case *monitoringv1.PrometheusRule:
		return &typed.Status
	}
	return &monitoringv1.ConfigResourceStatus{}
}

// updateConfigStatus writes the status subresource of a configuration resource.
func (o *Operator) updateConfigStatus(ctx context.Context, obj configObject) error {
	client, options := o.monitoringClient, metav1.UpdateOptions{}
	var err error
	switch typed := obj.(type) {
	case *monitoringv1.ServiceMonitor:
		_, err = client.MonitoringV1().ServiceMonitors(typed.Namespace).UpdateStatus(ctx, typed, options)
	case *monitoringv1.PodMonitor:
		_, err = client.MonitoringV1().PodMonitors(typed.Namespace).UpdateStatus(ctx, typed, options)
	case *monitoringv1.Probe:
		_, err = client.MonitoringV1().Probes(typed.Namespace).UpdateStatus(ctx, typed, options)
	case *monitoringv1alpha1.ScrapeConfig:
		_, err = client.MonitoringV1alpha1().ScrapeConfigs(typed.Namespace).UpdateStatus(ctx, typed, options)
	case *monitoringv1.PrometheusRule:
		_, err = client.MonitoringV1().PrometheusRules(typed.Namespace).UpdateStatus(ctx, typed, options)
	default:
		err = fmt.Errorf("unexpected configuration resource %T", obj)
	}
	return err
}

// fetchConfigObject reads a configuration resource from the API.
func (o *Operator) fetchConfigObject(ctx context.Context, obj configObject) (configObject, error) {
	client, options := o.monitoringClient, metav1.GetOptions{}
	namespace, name := obj.GetNamespace(), obj.GetName()
	switch obj.(type) {
	case *monitoringv1.ServiceMonitor:
		return client.MonitoringV1().ServiceMonitors(namespace).Get(ctx, name, options)
	case *monitoringv1.PodMonitor:
		return client.MonitoringV1().PodMonitors(namespace).Get(ctx, name, options)
	case *monitoringv1.Probe:
		return client.MonitoringV1().Probes(namespace).Get(ctx, name, options)
	case *monitoringv1alpha1.ScrapeConfig:
		return client.MonitoringV1alpha1().ScrapeConfigs(namespace).Get(ctx, name, options)
	case *monitoringv1.PrometheusRule:
		return client.MonitoringV1().PrometheusRules(namespace).Get(ctx, name, options)
	}
	return nil, fmt.Errorf("unexpected configuration resource %T", obj)
}
