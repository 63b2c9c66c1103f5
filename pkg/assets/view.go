// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package assets

import (
	"context"
	"errors"
	"fmt"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
)

// View is the store as one sync of one workload sees it. It implements the
// configuration generator's Store interface and records what it reads, so
// that a change to any of those objects re-queues the workload.
type View struct {
	store  *Store
	ctx    context.Context
	reader Reader

	mu   sync.Mutex
	read map[Reference]struct{}
	// unavailable holds the reads that failed with ErrUnavailable.
	unavailable []error
}

func (v *View) record(ref Reference) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.read[ref] = struct{}{}
}

// Data returns every key of the referenced object; found is false when the
// object does not exist.
func (v *View) Data(ref Reference) (data map[string][]byte, found bool, err error) {
	v.record(ref)
	data, found, err = v.store.fetch(v.ctx, ref, v.reader)
	if errors.Is(err, ErrUnavailable) {
		v.mu.Lock()
		v.unavailable = append(v.unavailable, err)
		v.mu.Unlock()
	}
	return data, found, err
}

// Err returns the reads of this sync that failed for a reason other than
// a missing object or key, joined; nil when there were none. Whatever was
// built from such reads is incomplete: the sync should keep what it wrote
// last and return the error, to be retried with backoff.
func (v *View) Err() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return errors.Join(v.unavailable...)
}

func (v *View) key(ref Reference, key string, optional *bool) (string, error) {
	data, found, err := v.Data(ref)
	if err != nil {
		return "", err
	}
	if !found {
		if optional != nil && *optional {
			return "", nil
		}
		return "", fmt.Errorf("%s not found", ref)
	}
	value, ok := data[key]
	if !ok {
		if optional != nil && *optional {
			return "", nil
		}
		return "", fmt.Errorf("key %q not found in %s", key, ref)
	}
	return string(value), nil
}

// SecretKey returns the value of a key of a Secret in namespace.
func (v *View) SecretKey(namespace string, selector corev1.SecretKeySelector) (string, error) {
	return v.key(Reference{Kind: SecretKind, Namespace: namespace, Name: selector.Name}, selector.Key, selector.Optional)
}

// ConfigMapKey returns the value of a key of a ConfigMap in namespace.
func (v *View) ConfigMapKey(namespace string, selector corev1.ConfigMapKeySelector) (string, error) {
	return v.key(Reference{Kind: ConfigMapKind, Namespace: namespace, Name: selector.Name}, selector.Key, selector.Optional)
}

// Release ends the sync: references read by earlier syncs of the same
// workload but not by this one are forgotten.
func (v *View) Release() {
	v.mu.Lock()
	read := v.read
	v.read = map[Reference]struct{}{}
	v.mu.Unlock()
	v.store.release(v.reader, read)
}

// EventHandler returns the informer handlers feeding Observe from a
// metadata-only informer of kind (Secrets or ConfigMaps).
func (s *Store) EventHandler(kind Kind) cache.ResourceEventHandlerFuncs {
	observe := func(obj any, deleted bool) {
		if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = tombstone.Obj
		}
		meta, ok := obj.(metav1.Object)
		if !ok {
			return
		}
		ref := Reference{Kind: kind, Namespace: meta.GetNamespace(), Name: meta.GetName()}
		s.Observe(ref, meta.GetResourceVersion(), deleted)
	}
	return cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj any) { observe(obj, false) },
		UpdateFunc: func(_, obj any) { observe(obj, false) },
		DeleteFunc: func(obj any) { observe(obj, true) },
	}
}
