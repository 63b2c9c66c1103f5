// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
)

// VersionLookup returns the resourceVersion an informer cache holds for an
// object, and whether the cache holds it at all. The operator's
// metadata-only Secret and ConfigMap informers answer it without a request.
type VersionLookup func(namespace, name string) (resourceVersion string, found bool)

// WriteMemo remembers, for each object a controller writes, a digest of
// what it last wanted the object to be and the resourceVersion it last
// wrote or read. While the informer cache still shows that resourceVersion
// and the controller still wants the same thing, nobody has touched the
// object since and merging would change nothing: the object is converged,
// and neither a GET nor a write is needed. Anything else (a cache that lags,
// filters the object out, or shows another version; an operator restart
// that emptied the memo) falls back to reading the object.
//
// Entries are grouped by owner (the workload that writes them) so that a
// deleted workload's entries go at once. A nil *WriteMemo remembers
// nothing, which keeps the plain read-compare-write behaviour.
type WriteMemo struct {
	lookup VersionLookup

	mutex  sync.Mutex
	owners map[string]*ownerMemo
}

type ownerMemo struct {
	objects map[cache.ObjectName]memoEntry
	notes   map[string]string
}

type memoEntry struct {
	digest, resourceVersion string
}

// NewWriteMemo returns an empty memo reading resourceVersions from lookup.
func NewWriteMemo(lookup VersionLookup) *WriteMemo {
	return &WriteMemo{lookup: lookup, owners: map[string]*ownerMemo{}}
}

// Converged reports whether the object is known to be what digest
// describes: remembered with that digest at the resourceVersion the cache
// shows now.
func (m *WriteMemo) Converged(owner string, object cache.ObjectName, digest string) bool {
	if m == nil {
		return false
	}
	m.mutex.Lock()
	entry, found := m.owner(owner).objects[object]
	m.mutex.Unlock()
	if !found || entry.digest != digest || entry.resourceVersion == "" {
		return false
	}
	version, cached := m.lookup(object.Namespace, object.Name)
	return cached && version == entry.resourceVersion
}

// Vouched reports whether the object is unchanged since the operator
// last wrote or read it (whatever it wanted then): its content is the
// operator's own, so an equivalent but differently encoded form need not
// be looked for.
func (m *WriteMemo) Vouched(owner string, object cache.ObjectName) bool {
	if m == nil {
		return false
	}
	m.mutex.Lock()
	entry, found := m.owner(owner).objects[object]
	m.mutex.Unlock()
	if !found || entry.resourceVersion == "" {
		return false
	}
	version, cached := m.lookup(object.Namespace, object.Name)
	return cached && version == entry.resourceVersion
}

// Remember records that the object, as digest describes it, was written or
// read at resourceVersion.
func (m *WriteMemo) Remember(owner string, object cache.ObjectName, digest, resourceVersion string) {
	if m == nil {
		return
	}
	m.mutex.Lock()
	defer m.mutex.Unlock()
	m.owner(owner).objects[object] = memoEntry{digest: digest, resourceVersion: resourceVersion}
}

// Forget drops what is known of one object, after a failed write.
func (m *WriteMemo) Forget(owner string, object cache.ObjectName) {
	if m == nil {
		return
	}
	m.mutex.Lock()
	defer m.mutex.Unlock()
	delete(m.owner(owner).objects, object)
}

// Note returns a free-form fact recorded for owner (how many shards were
// written last, say), and whether one was recorded.
func (m *WriteMemo) Note(owner, key string) (string, bool) {
	if m == nil {
		return "", false
	}
	m.mutex.Lock()
	defer m.mutex.Unlock()
	value, found := m.owner(owner).notes[key]
	return value, found
}

// SetNote records a free-form fact for owner.
func (m *WriteMemo) SetNote(owner, key, value string) {
	if m == nil {
		return
	}
	m.mutex.Lock()
	defer m.mutex.Unlock()
	m.owner(owner).notes[key] = value
}

// ClearNote drops a fact recorded for owner.
func (m *WriteMemo) ClearNote(owner, key string) {
	if m == nil {
		return
	}
	m.mutex.Lock()
	defer m.mutex.Unlock()
	delete(m.owner(owner).notes, key)
}

// ForgetOwner drops everything remembered for owner (a deleted workload).
func (m *WriteMemo) ForgetOwner(owner string) {
	if m == nil {
		return
	}
	m.mutex.Lock()
	defer m.mutex.Unlock()
	delete(m.owners, owner)
}

// Cached reports whether the informer cache holds the object.
func (m *WriteMemo) Cached(namespace, name string) bool {
	if m == nil {
		return false
	}
	_, found := m.lookup(namespace, name)
	return found
}

// owner returns owner's entries, creating them; the mutex must be held.
func (m *WriteMemo) owner(owner string) *ownerMemo {
	entries, found := m.owners[owner]
	if !found {
		entries = &ownerMemo{objects: map[cache.ObjectName]memoEntry{}, notes: map[string]string{}}
		m.owners[owner] = entries
	}
	return entries
}

// Digest is the hex SHA-256 of the JSON encoding of parts, a fingerprint of
// a desired object for WriteMemo. JSON encodes map keys sorted, so equal
// values give equal digests.
func Digest(parts ...any) string {
	hash := sha256.New()
	encoder := json.NewEncoder(hash)
	for _, part := range parts {
		if err := encoder.Encode(part); err != nil {
			// Only channels, functions and cycles fail to encode; no object
			// holds them. An unmatchable digest just means a read.
			return "unencodable: " + err.Error()
		}
	}
	return hex.EncodeToString(hash.Sum(nil))
}

// Remembered says how CreateOrUpdateRemembered uses a WriteMemo.
type Remembered struct {
	// Memo may be nil: then every call reads the object.
	Memo *WriteMemo
	// Owner groups the entries (see WriteMemo).
	Owner string
	// Digest fingerprints the desired object; empty computes it from the
	// whole desired object with Digest.
	Digest string
}

// CreateOrUpdateRemembered is CreateOrUpdate that first asks the memo: a
// converged object costs no request at all. After a successful call the
// memo holds the object's new resourceVersion.
func CreateOrUpdateRemembered[T metav1.Object](ctx context.Context, client ObjectClient[T], desired T, merge MergeFunc[T], memo Remembered) (Outcome, error) {
	key := cache.NewObjectName(desired.GetNamespace(), desired.GetName())
	digest := memo.Digest
	if digest == "" && memo.Memo != nil {
		digest = Digest(desired)
	}
	if memo.Memo.Converged(memo.Owner, key, digest) {
		return Unchanged, nil
	}
	outcome, stored, err := createOrUpdate(ctx, client, desired, merge)
	if err != nil {
		memo.Memo.Forget(memo.Owner, key)
		return outcome, fmt.Errorf("create or update %s: %w", desired.GetName(), err)
	}
	memo.Memo.Remember(memo.Owner, key, digest, stored.GetResourceVersion())
	return outcome, nil
}
