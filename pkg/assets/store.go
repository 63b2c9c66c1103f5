// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package assets reads the Secrets and ConfigMaps that monitors and
// workloads refer to. The operator watches Secrets and ConfigMaps as
// metadata only; the data of the few that are referenced is fetched on
// demand and cached by reference until a metadata event says the object
// changed. Memory therefore grows with the referenced objects, not with
// every Secret of the cluster.
package assets

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/clock"
)

// ErrUnavailable marks a read that failed for a reason other than the
// object's absence (a timeout, a 5xx, a 403): retrying may succeed, so a
// sync that meets it should fail and be retried, keeping what it wrote
// last, rather than treat the reference as wrong.
var ErrUnavailable = errors.New("temporarily unavailable")

// defaultRecheckInterval is how often an object the metadata informers do
// not hold is read again to notice a change no event will report.
const defaultRecheckInterval = 5 * time.Minute

// Kind tells a Secret from a ConfigMap.
type Kind string

// The kinds of referenced objects.
const (
	SecretKind    Kind = "Secret"
	ConfigMapKind Kind = "ConfigMap"
)

// Reference names one Secret or ConfigMap.
type Reference struct {
	Kind      Kind
	Namespace string
	Name      string
}

// String renders the reference as "Secret default/name".
func (r Reference) String() string { return fmt.Sprintf("%s %s/%s", r.Kind, r.Namespace, r.Name) }

// Reader names a workload that reads referenced objects: the controller in
// charge of it and its namespace and name. It is comparable, so that the
// store keys its bookkeeping by it.
type Reader struct {
	Controller string
	Namespace  string
	Name       string
}

// ObjectName is the workload's queue key.
func (r Reader) ObjectName() cache.ObjectName { return cache.NewObjectName(r.Namespace, r.Name) }

// String renders the reader as "<controller> <namespace>/<name>" for logs.
func (r Reader) String() string { return r.Controller + " " + r.ObjectName().String() }

// entry is the cached content of one referenced object. A missing object is
// cached too, so that its creation is noticed as a change.
type entry struct {
	found           bool
	resourceVersion string
	data            map[string][]byte
	// readers are the workloads that read the object in their last sync.
	readers map[Reader]struct{}
}

// flight is a fetch in progress; changed tells that an event about its
// object arrived meanwhile, so its answer may be older than the event.
type flight struct {
	fetchers int
	changed  bool
}

// Store fetches referenced Secrets and ConfigMaps and caches them by
// reference. It is safe for concurrent use.
type Store struct {
	client  kubernetes.Interface
	timeout time.Duration
	clock   clock.WithDelayedExecution
	// recheckInterval is how often unwatched entries are read again.
	recheckInterval time.Duration

	mu      sync.Mutex
	entries map[Reference]*entry
	flights map[Reference]*flight
	// onChange is told which workloads read an object that changed.
	onChange func(reader Reader, ref Reference)
	// currentVersion, when set, returns the resourceVersion the metadata
	// informers hold for ref; a cached entry with another version is
	// fetched again. It closes the gap between a fetch and an event that
	// arrived while the fetch was in flight.
	currentVersion func(ref Reference) (resourceVersion string, known bool)
}

// NewStore returns a Store reading through client.
func NewStore(client kubernetes.Interface) *Store {
	return &Store{
		client: client, timeout: 30 * time.Second, clock: clock.RealClock{}, recheckInterval: defaultRecheckInterval,
		entries: map[Reference]*entry{}, flights: map[Reference]*flight{},
	}
}

// OnChange registers fn, called for each workload that read an object once
// that object is created, changed or deleted.
func (s *Store) OnChange(fn func(reader Reader, ref Reference)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onChange = fn
}

// SetVersionLookup registers the function reading the resourceVersion the
// metadata informers know for a reference.
func (s *Store) SetVersionLookup(lookup func(ref Reference) (resourceVersion string, known bool)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.currentVersion = lookup
}

// Len returns the number of cached references, for tests and metrics.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// ForReader returns a view of the store for one sync of the workload
// reader. Reads through it are recorded; Release ends the sync.
func (s *Store) ForReader(ctx context.Context, reader Reader) *View {
	return &View{store: s, ctx: ctx, reader: reader, read: map[Reference]struct{}{}}
}

// fetch returns the data of ref, from the cache or from the API.
func (s *Store) fetch(ctx context.Context, ref Reference, reader Reader) (map[string][]byte, bool, error) {
	s.mu.Lock()
	cached, ok := s.entries[ref]
	if ok && s.stale(ref, cached) {
		delete(s.entries, ref)
		ok = false
	}
	if ok {
		cached.readers[reader] = struct{}{}
		data, found := cached.data, cached.found
		s.mu.Unlock()
		return data, found, nil
	}
	inFlight := s.flights[ref]
	if inFlight == nil {
		inFlight = &flight{}
		s.flights[ref] = inFlight
	}
	inFlight.fetchers++
	s.mu.Unlock()

	fetched, err := s.get(ctx, ref)

	s.mu.Lock()
	inFlight.fetchers--
	if inFlight.fetchers == 0 {
		delete(s.flights, ref)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, false, err
	}
	if inFlight.changed {
		// The object changed while the answer was on its way: this sync
		// uses the answer, nothing caches it, and the reader syncs again.
		notify := s.onChange
		s.mu.Unlock()
		if notify != nil {
			notify(reader, ref)
		}
		return fetched.data, fetched.found, nil
	}
	defer s.mu.Unlock()
	if current, ok := s.entries[ref]; ok {
		// Another sync fetched it meanwhile: keep one entry.
		current.readers[reader] = struct{}{}
		return current.data, current.found, nil
	}
	fetched.readers = map[Reader]struct{}{reader: {}}
	s.entries[ref] = fetched
	if s.unwatched(ref) {
		s.scheduleRecheck(ref, fetched)
	}
	return fetched.data, fetched.found, nil
}

// stale reports whether the informers know a different version of ref
// than the cached one. Called with s.mu held.
func (s *Store) stale(ref Reference, cached *entry) bool {
	if s.currentVersion == nil {
		return false
	}
	version, known := s.currentVersion(ref)
	if !known {
		// Not watched (filtered out or not listed yet): the events are
		// all there is to go by.
		return false
	}
	return !cached.found || version != cached.resourceVersion
}

// get reads ref from the API server.
func (s *Store) get(ctx context.Context, ref Reference) (*entry, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	var (
		meta metav1.ObjectMeta
		data map[string][]byte
		err  error
	)
	switch ref.Kind {
	case SecretKind:
		var secret *corev1.Secret
		secret, err = s.client.CoreV1().Secrets(ref.Namespace).Get(ctx, ref.Name, metav1.GetOptions{})
		if err == nil {
			meta, data = secret.ObjectMeta, maps.Clone(secret.Data)
		}
	case ConfigMapKind:
		var configMap *corev1.ConfigMap
		configMap, err = s.client.CoreV1().ConfigMaps(ref.Namespace).Get(ctx, ref.Name, metav1.GetOptions{})
		if err == nil {
			meta, data = configMap.ObjectMeta, configMapData(configMap)
		}
	default:
		return nil, fmt.Errorf("unknown kind %q", ref.Kind)
	}
	if apierrors.IsNotFound(err) {
		return &entry{found: false}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get %s: %w: %w", ref, ErrUnavailable, err)
	}
	return &entry{found: true, resourceVersion: meta.ResourceVersion, data: data}, nil
}

func configMapData(configMap *corev1.ConfigMap) map[string][]byte {
	data := make(map[string][]byte, len(configMap.Data)+len(configMap.BinaryData))
	for key, value := range configMap.Data {
		data[key] = []byte(value)
	}
	maps.Copy(data, configMap.BinaryData)
	return data
}

// Observe is told by the metadata informers that ref now has
// resourceVersion ("" once deleted). A cached reference whose version
// differs is dropped and its readers are told; unreferenced objects are
// ignored. It returns whether the reference was cached and changed.
func (s *Store) Observe(ref Reference, resourceVersion string, deleted bool) bool {
	s.mu.Lock()
	if inFlight := s.flights[ref]; inFlight != nil {
		inFlight.changed = true
	}
	cached, ok := s.entries[ref]
	if !ok || (!deleted && cached.found && cached.resourceVersion == resourceVersion) ||
		(deleted && !cached.found) {
		s.mu.Unlock()
		return false
	}
	s.drop(ref, cached)
	return true
}

// drop removes the entry of ref and tells its readers. Called with s.mu
// held; returns with it released.
func (s *Store) drop(ref Reference, cached *entry) {
	delete(s.entries, ref)
	readers := make([]Reader, 0, len(cached.readers))
	for reader := range cached.readers {
		readers = append(readers, reader)
	}
	notify := s.onChange
	s.mu.Unlock()

	if notify != nil {
		for _, reader := range readers {
			notify(reader, ref)
		}
	}
}

// release forgets that reader reads the references it did not read in its
// latest sync, and drops entries nobody reads any more.
func (s *Store) release(reader Reader, kept map[Reference]struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ref, cached := range s.entries {
		if _, ok := kept[ref]; ok {
			continue
		}
		delete(cached.readers, reader)
		if len(cached.readers) == 0 {
			delete(s.entries, ref)
		}
	}
}

// ReleaseAll forgets every reference reader read, once the workload is gone.
func (s *Store) ReleaseAll(reader Reader) { s.release(reader, nil) }
