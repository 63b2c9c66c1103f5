// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"
)

// Scope is the set of namespaces an informer set watches: every namespace
// listed in Allow, or, when Allow is empty, every namespace except those in
// Deny.
type Scope struct {
	Allow []string
	Deny  []string
}

// AllNamespaces is the scope of cluster-wide informers.
var AllNamespaces = Scope{}

// NewScope builds a scope from the allow and deny lists of the flags.
func NewScope(allow, deny []string) Scope {
	return Scope{Allow: slices.Sorted(slices.Values(allow)), Deny: slices.Sorted(slices.Values(deny))}
}

// Contains reports whether namespace is watched.
func (s Scope) Contains(namespace string) bool {
	if len(s.Allow) > 0 {
		return slices.Contains(s.Allow, namespace)
	}
	return !slices.Contains(s.Deny, namespace)
}

// informerNamespaces returns the namespaces to start one informer for; ""
// stands for all namespaces.
func (s Scope) informerNamespaces() []string {
	if len(s.Allow) > 0 {
		return s.Allow
	}
	return []string{metav1.NamespaceAll}
}

// denyFieldSelector excludes the denied namespaces on the server side.
func (s Scope) denyFieldSelector() string {
	if len(s.Allow) > 0 || len(s.Deny) == 0 {
		return ""
	}
	selectors := make([]fields.Selector, 0, len(s.Deny))
	for _, namespace := range s.Deny {
		selectors = append(selectors, fields.OneTermNotEqualSelector("metadata.namespace", namespace))
	}
	return fields.AndSelectors(selectors...).String()
}

// TweakListOptions returns a list-options hook that adds the deny-list field
// selector to base (which may be nil), so that denied namespaces are
// filtered by the API server.
func (s Scope) TweakListOptions(base func(*metav1.ListOptions)) func(*metav1.ListOptions) {
	deny := s.denyFieldSelector()
	return func(options *metav1.ListOptions) {
		if base != nil {
			base(options)
		}
		if deny == "" {
			return
		}
		if options.FieldSelector == "" {
			options.FieldSelector = deny
			return
		}
		options.FieldSelector = strings.Join([]string{options.FieldSelector, deny}, ",")
	}
}

// NewInformerFunc builds the informer of one namespace ("" for all) with
// the given list-options hook.
type NewInformerFunc func(namespace string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer

// InformerSet is one kind of object watched over a Scope: one informer per
// allowed namespace, or one cluster-wide informer. It reads like a single
// cache.
type InformerSet struct {
	scope       Scope
	byNamespace map[string]cache.SharedIndexInformer
	// started makes Start run the informers once, however many
	// controllers share the set.
	started sync.Once
}

// NewInformerSet creates the informers of scope with newInformer; tweak
// (which may be nil) narrows what they list, for instance with a label
// selector.
func NewInformerSet(scope Scope, tweak func(*metav1.ListOptions), newInformer NewInformerFunc) *InformerSet {
	set := &InformerSet{scope: scope, byNamespace: map[string]cache.SharedIndexInformer{}}
	for _, namespace := range scope.informerNamespaces() {
		set.byNamespace[namespace] = newInformer(namespace, scope.TweakListOptions(tweak))
	}
	return set
}

// Scope returns the namespaces the set watches.
func (s *InformerSet) Scope() Scope { return s.scope }

// indexerFor returns the indexer holding the objects of namespace, nil when
// the namespace is not watched.
func (s *InformerSet) indexerFor(namespace string) cache.Indexer {
	if !s.scope.Contains(namespace) {
		return nil
	}
	if informer, ok := s.byNamespace[namespace]; ok {
		return informer.GetIndexer()
	}
	if informer, ok := s.byNamespace[metav1.NamespaceAll]; ok {
		return informer.GetIndexer()
	}
	return nil
}

// List returns the objects of namespace ("" for every watched namespace)
// whose labels match selector.
func (s *InformerSet) List(namespace string, selector labels.Selector) []any {
	var out []any
	collect := func(obj any) { out = append(out, obj) }
	if namespace == metav1.NamespaceAll {
		for _, informer := range s.byNamespace {
			_ = cache.ListAll(informer.GetIndexer(), selector, collect)
		}
		return out
	}
	if indexer := s.indexerFor(namespace); indexer != nil {
		_ = cache.ListAllByNamespace(indexer, namespace, selector, collect)
	}
	return out
}

// Get returns the object namespace/name from the cache.
func (s *InformerSet) Get(namespace, name string) (any, bool, error) {
	indexer := s.indexerFor(namespace)
	if indexer == nil {
		return nil, false, nil
	}
	obj, exists, err := indexer.GetByKey(cache.NewObjectName(namespace, name).String())
	if err != nil {
		return nil, false, fmt.Errorf("read %s/%s from the cache: %w", namespace, name, err)
	}
	return obj, exists, nil
}

// Add puts obj into the cache directly. Tests use it to pre-fill the caches
// without an API server; the informers' own watches do it otherwise.
func (s *InformerSet) Add(obj any) error {
	accessor, ok := obj.(metav1.Object)
	if !ok {
		return fmt.Errorf("object %T has no metadata", obj)
	}
	indexer := s.indexerFor(accessor.GetNamespace())
	if indexer == nil {
		return fmt.Errorf("namespace %q is not watched", accessor.GetNamespace())
	}
	return indexer.Add(obj)
}

// Delete removes obj from the cache directly, like Add for tests.
func (s *InformerSet) Delete(obj any) error {
	accessor, ok := obj.(metav1.Object)
	if !ok {
		return fmt.Errorf("object %T has no metadata", obj)
	}
	indexer := s.indexerFor(accessor.GetNamespace())
	if indexer == nil {
		return nil
	}
	return indexer.Delete(obj)
}

// AddEventHandler registers handler with every informer of the set.
func (s *InformerSet) AddEventHandler(handler cache.ResourceEventHandler) error {
	for namespace, informer := range s.byNamespace {
		if _, err := informer.AddEventHandler(handler); err != nil {
			return fmt.Errorf("add event handler for namespace %q: %w", namespace, err)
		}
	}
	return nil
}

// HasSynced reports whether every informer has listed its objects once.
func (s *InformerSet) HasSynced() bool {
	for _, informer := range s.byNamespace {
		if !informer.HasSynced() {
			return false
		}
	}
	return true
}

// Start runs the informers until ctx is done. Later calls (from other
// controllers sharing the set) do nothing.
func (s *InformerSet) Start(ctx context.Context) {
	s.started.Do(func() {
		for _, informer := range s.byNamespace {
			go informer.RunWithContext(ctx)
		}
	})
}

// ListAs lists the objects of set like List and keeps those of type T.
func ListAs[T any](set *InformerSet, namespace string, selector labels.Selector) []T {
	if set == nil {
		return nil
	}
	objects := set.List(namespace, selector)
	out := make([]T, 0, len(objects))
	for _, obj := range objects {
		if typed, ok := obj.(T); ok {
			out = append(out, typed)
		}
	}
	return out
}

// GetAs reads namespace/name from set and returns it as a T; found is false
// when it is missing or of another type.
func GetAs[T any](set *InformerSet, namespace, name string) (value T, found bool, err error) {
	if set == nil {
		return value, false, nil
	}
	obj, exists, err := set.Get(namespace, name)
	if err != nil || !exists {
		return value, false, err
	}
	value, found = obj.(T)
	return value, found, nil
}
