// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"maps"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
)

// UpdateFilter reports whether an update from old to updated is worth a reconcile.
type UpdateFilter func(old, updated metav1.Object) bool

// GenerationChanged passes updates that changed the spec (metadata.generation).
func GenerationChanged(old, updated metav1.Object) bool {
	return old.GetGeneration() != updated.GetGeneration()
}

// LabelsChanged passes updates that changed the labels.
func LabelsChanged(old, updated metav1.Object) bool {
	return !maps.Equal(old.GetLabels(), updated.GetLabels())
}

// AnnotationsChanged passes updates that changed the annotations.
func AnnotationsChanged(old, updated metav1.Object) bool {
	return !maps.Equal(old.GetAnnotations(), updated.GetAnnotations())
}

// AnyOf passes an update when at least one of filters passes it.
func AnyOf(filters ...UpdateFilter) UpdateFilter {
	return func(old, updated metav1.Object) bool {
		for _, f := range filters {
			if f(old, updated) {
				return true
			}
		}
		return false
	}
}

// ObjectMeta returns the metadata of obj, unwrapping a deletion tombstone.
func ObjectMeta(obj any) (metav1.Object, bool) {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return nil, false
	}
	return accessor, true
}

// Event names the kind of informer event, as used in metrics and logs.
type Event string

// The informer events.
const (
	EventAdd    Event = "add"
	EventUpdate Event = "update"
	EventDelete Event = "delete"
)

// Handler builds informer event handlers that call fn with the object's
// metadata. Resyncs that did not change the resourceVersion are dropped; when
// filters are given, an update must pass at least one of them. Deletions
// arriving as tombstones are unwrapped.
func Handler(fn func(obj metav1.Object, event Event), filters ...UpdateFilter) cache.ResourceEventHandlerFuncs {
	pass := AnyOf(filters...)
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if m, ok := ObjectMeta(obj); ok {
				fn(m, EventAdd)
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			old, okOld := ObjectMeta(oldObj)
			updated, okNew := ObjectMeta(newObj)
			if !okOld || !okNew {
				return
			}
			// A periodic resync delivers the same object again: nothing to do.
			if old.GetResourceVersion() == updated.GetResourceVersion() {
				return
			}
			if len(filters) > 0 && !pass(old, updated) {
				return
			}
			fn(updated, EventUpdate)
		},
		DeleteFunc: func(obj any) {
			if m, ok := ObjectMeta(obj); ok {
				fn(m, EventDelete)
			}
		},
	}
}

// ControllerOwner returns the namespace/name of obj's controlling owner when it
// is of the given kind, so that events of owned objects re-queue their owner.
func ControllerOwner(obj metav1.Object, kind string) (cache.ObjectName, bool) {
	owner := metav1.GetControllerOf(obj)
	if owner == nil || owner.Kind != kind {
		return cache.ObjectName{}, false
	}
	return cache.NewObjectName(obj.GetNamespace(), owner.Name), true
}
