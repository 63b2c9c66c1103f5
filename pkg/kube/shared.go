// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"fmt"
	"strings"
	"sync"
)

// SharedInformers lets controllers that watch the same objects in the same
// way share one cache. The Prometheus, Alertmanager and ThanosRuler
// controllers all watch the metadata of Secrets (and two of them of
// ConfigMaps), which a cluster may hold by the thousands; with the default
// flags their scopes and selectors are equal, and one cache serves all of
// them instead of one each. Safe for concurrent use; a nil *SharedInformers
// shares nothing.
type SharedInformers struct {
	mu   sync.Mutex
	sets map[string]*InformerSet
}

// NewSharedInformers returns an empty pool.
func NewSharedInformers() *SharedInformers {
	return &SharedInformers{sets: map[string]*InformerSet{}}
}

// getOrBuild returns the set kept under key, built by build the first time.
func (s *SharedInformers) getOrBuild(key string, build func() *InformerSet) *InformerSet {
	if s == nil {
		return build()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if set, found := s.sets[key]; found {
		return set
	}
	set := build()
	s.sets[key] = set
	return set
}

// metadataKey identifies a metadata informer set by everything that shapes
// what it holds and when it resyncs.
func metadataKey(b InformerBuilder, scope Scope, resource string, selectors MetadataSelectors) string {
	return fmt.Sprintf("%s|allow=%s|deny=%s|labels=%s|fields=%s|resync=%s", resource,
		strings.Join(scope.Allow, ","), strings.Join(scope.Deny, ","), selectors.Labels, selectors.Fields, b.Resync)
}
