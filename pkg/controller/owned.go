// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
)

// OwnedWorkloadHandler builds the event handlers of generated workloads
// (StatefulSets, DaemonSets): route receives each added, updated or deleted
// object and whether its owner must be reconciled. A change of spec, labels
// or annotations (someone edited the generated object) or a deletion asks
// for a reconcile; an addition or any other update (replica counts) only
// concerns the owner's status. Resyncs with an unchanged resourceVersion
// are dropped.
func OwnedWorkloadHandler(route func(obj metav1.Object, reconcile bool)) cache.ResourceEventHandler {
	specChanged := AnyOf(GenerationChanged, LabelsChanged, AnnotationsChanged)
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if meta, ok := ObjectMeta(obj); ok {
				route(meta, false)
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			old, okOld := ObjectMeta(oldObj)
			updated, okNew := ObjectMeta(newObj)
			if !okOld || !okNew || old.GetResourceVersion() == updated.GetResourceVersion() {
				return
			}
			route(updated, specChanged(old, updated))
		},
		DeleteFunc: func(obj any) {
			if meta, ok := ObjectMeta(obj); ok {
				route(meta, true)
			}
		},
	}
}
