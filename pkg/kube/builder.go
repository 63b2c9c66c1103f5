// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/tools/cache"
)

// InformerBuilder holds what every informer of a controller is built with.
type InformerBuilder struct {
	// Resync is the informers' resync period.
	Resync time.Duration
	// Metrics, when set, counts the list and watch calls.
	Metrics *ListWatchMetrics
	// Controller names the controller in the list and watch metrics.
	Controller string
	// Shared, when set, hands out one metadata informer set per resource,
	// scope and selectors to every controller that asks for it; its list
	// and watch calls count under the controller that asked first.
	Shared *SharedInformers
}

// InformerSpec describes the informers of one resource. L is the
// resource's list type.
type InformerSpec[L runtime.Object] struct {
	// Scope is where the objects are watched.
	Scope Scope
	// Tweak, when set, restricts what is listed (label or field selector).
	Tweak func(*metav1.ListOptions)
	// Resource names the resource in the metrics ("statefulsets").
	Resource string
	// Example is an empty object of the resource's type.
	Example runtime.Object
	// Clientset is the clientset Client comes from, which tells how list
	// calls can be made.
	Clientset any
	// Client returns the resource's client in a namespace.
	Client func(namespace string) ListWatchClient[L]
	// Transform trims objects before they are cached; nil uses
	// StripManagedFields.
	Transform cache.TransformFunc
}

// NewInformers builds the informers of one resource over spec.Scope, with a
// counted ListerWatcher per namespace.
func NewInformers[L runtime.Object](b InformerBuilder, spec InformerSpec[L]) *InformerSet {
	transform := spec.Transform
	if transform == nil {
		transform = StripManagedFields
	}
	return NewInformerSet(spec.Scope, spec.Tweak, func(namespace string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		listWatch := b.Metrics.Instrument(NewListWatch(spec.Client(namespace), tweak, spec.Clientset), b.Controller, spec.Resource)
		informer := cache.NewSharedIndexInformer(listWatch, spec.Example, b.Resync,
			cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
		_ = informer.SetTransform(transform)
		return informer
	})
}

// MetadataSelectors restrict the metadata-only informers of Secrets or
// ConfigMaps (the --secret-* and --configmap-* selector flags).
type MetadataSelectors struct {
	Labels, Fields string
}

// NewMetadataInformers builds metadata-only informers of a core resource
// ("secrets", "configmaps") whose cached objects keep only what the
// controllers read (SlimMetadata). With b.Shared, a set built before with
// the same scope, selectors and resync period is returned instead.
func NewMetadataInformers(b InformerBuilder, scope Scope, client metadata.Interface, resource string, selectors MetadataSelectors) *InformerSet {
	return b.Shared.getOrBuild(metadataKey(b, scope, resource, selectors), func() *InformerSet {
		return newMetadataInformers(b, scope, client, resource, selectors)
	})
}

func newMetadataInformers(b InformerBuilder, scope Scope, client metadata.Interface, resource string, selectors MetadataSelectors) *InformerSet {
	gvr := schema.GroupVersionResource{Version: "v1", Resource: resource}
	return NewInformers(b, InformerSpec[*metav1.PartialObjectMetadataList]{
		Scope: scope,
		Tweak: func(options *metav1.ListOptions) {
			options.LabelSelector, options.FieldSelector = selectors.Labels, selectors.Fields
		},
		Resource: resource, Example: &metav1.PartialObjectMetadata{}, Clientset: client,
		Client: func(namespace string) ListWatchClient[*metav1.PartialObjectMetadataList] {
			return client.Resource(gvr).Namespace(namespace)
		},
		Transform: SlimMetadata,
	})
}

// LabelSelectorTweak restricts a list to a label selector; nil when the
// selector is empty.
func LabelSelectorTweak(selector string) func(*metav1.ListOptions) {
	if selector == "" {
		return nil
	}
	return func(options *metav1.ListOptions) { options.LabelSelector = selector }
}

// StripManagedFields drops the server-side apply bookkeeping, which the
// operator never reads, from cached objects.
func StripManagedFields(obj any) (any, error) {
	if accessor, ok := obj.(metav1.Object); ok {
		accessor.SetManagedFields(nil)
	}
	return obj, nil
}

// lastAppliedAnnotation is where `kubectl apply` keeps a copy of the whole
// object as it was applied.
const lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

// StripApplyBookkeeping is StripManagedFields that also drops kubectl's
// last-applied annotation, which doubles the cached size of every applied
// object. Only for kinds the operator writes through the status
// subresource alone (the API server ignores metadata there), so that the
// trimmed copy is never written back: the configuration resources.
func StripApplyBookkeeping(obj any) (any, error) {
	accessor, ok := obj.(metav1.Object)
	if !ok {
		return obj, nil
	}
	accessor.SetManagedFields(nil)
	if annotations := accessor.GetAnnotations(); annotations[lastAppliedAnnotation] != "" {
		trimmed := make(map[string]string, len(annotations)-1)
		for key, value := range annotations {
			if key != lastAppliedAnnotation {
				trimmed[key] = value
			}
		}
		accessor.SetAnnotations(trimmed)
	}
	return obj, nil
}

// SlimMetadata keeps of a Secret's or ConfigMap's metadata only what the
// operator reads: kubectl's last-applied annotation alone can hold a copy of
// the whole object, which would defeat watching metadata only.
func SlimMetadata(obj any) (any, error) {
	partial, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		return obj, nil
	}
	return &metav1.PartialObjectMetadata{
		TypeMeta: partial.TypeMeta,
		ObjectMeta: metav1.ObjectMeta{
			Namespace:       partial.Namespace,
			Name:            partial.Name,
			UID:             partial.UID,
			ResourceVersion: partial.ResourceVersion,
			Labels:          partial.Labels,
		},
	}, nil
}

// InformerGroup is the informers of one controller; nil entries (kinds not
// served or not needed) are skipped.
type InformerGroup []*InformerSet

// Start runs every informer until ctx is done.
func (g InformerGroup) Start(ctx context.Context) {
	for _, set := range g {
		if set != nil {
			set.Start(ctx)
		}
	}
}

// HasSynced reports whether every informer has listed its objects once.
func (g InformerGroup) HasSynced() bool {
	for _, set := range g {
		if set != nil && !set.HasSynced() {
			return false
		}
	}
	return true
}
