// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package assets

import (
	"context"
)

// unwatched reports whether the metadata informers do not hold ref (a
// missing object, or one their label selector excludes): no event will
// tell when it changes. Called with s.mu held.
func (s *Store) unwatched(ref Reference) bool {
	if s.currentVersion == nil {
		return false
	}
	_, known := s.currentVersion(ref)
	return !known
}

// scheduleRecheck reads ref again after the recheck interval, so that an
// entry no event refreshes is not kept forever. Called with s.mu held.
func (s *Store) scheduleRecheck(ref Reference, cached *entry) {
	// The fake clock of the tests runs the function under its own lock.
	s.clock.AfterFunc(s.recheckInterval, func() { go s.recheck(ref, cached) })
}

// recheck reads ref and, when it changed, drops the entry and tells its
// readers; otherwise it checks again later. An entry replaced or dropped
// meanwhile is left to its successor's own schedule.
func (s *Store) recheck(ref Reference, cached *entry) {
	s.mu.Lock()
	if s.entries[ref] != cached {
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()

	fetched, err := s.get(context.Background(), ref)

	s.mu.Lock()
	if s.entries[ref] != cached {
		s.mu.Unlock()
		return
	}
	if err == nil && (fetched.found != cached.found || fetched.resourceVersion != cached.resourceVersion) {
		s.drop(ref, cached)
		return
	}
	// Unchanged, or unreadable for now: the cached value stays until a
	// read succeeds.
	s.scheduleRecheck(ref, cached)
	s.mu.Unlock()
}
