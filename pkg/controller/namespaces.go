// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"
)

// NamespaceLabelsHandler builds the Namespace event handlers every workload
// controller needs for its namespace selectors: changed gets the
// namespace's labels before and after the event (before is nil for a new
// namespace, after nil for a deleted one). Updates that leave the labels
// alone, resyncs included, are dropped; tombstones are unwrapped.
func NamespaceLabelsHandler(changed func(namespace string, before, after labels.Set, event Event)) cache.ResourceEventHandlerFuncs {
	labelsOf := func(obj any) (string, labels.Set, bool) {
		meta, ok := ObjectMeta(obj)
		if !ok {
			return "", nil, false
		}
		return meta.GetName(), meta.GetLabels(), true
	}
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if name, set, ok := labelsOf(obj); ok {
				changed(name, nil, set, EventAdd)
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			name, before, okOld := labelsOf(oldObj)
			_, after, okNew := labelsOf(newObj)
			if okOld && okNew && !labels.Equals(before, after) {
				changed(name, before, after, EventUpdate)
			}
		},
		DeleteFunc: func(obj any) {
			if name, set, ok := labelsOf(obj); ok {
				changed(name, set, nil, EventDelete)
			}
		},
	}
}
