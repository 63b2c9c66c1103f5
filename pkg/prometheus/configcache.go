// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"sync"

	"k8s.io/client-go/tools/cache"

	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg"
)

// configCaches holds the incremental configuration generator of each
// workload of a controller, so that an edit renders the edited monitor
// alone. A workload's cache goes with the workload (forget). The zero
// value is ready to use.
type configCaches struct {
	mu     sync.Mutex
	caches map[cache.ObjectName]*promcfg.Cache
}

// of returns the cache of the workload key, made on first use.
func (c *configCaches) of(key cache.ObjectName) *promcfg.Cache {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.caches == nil {
		c.caches = map[cache.ObjectName]*promcfg.Cache{}
	}
	generator, ok := c.caches[key]
	if !ok {
		generator = promcfg.NewCache()
		c.caches[key] = generator
	}
	return generator
}

// forget drops the cache of a workload that is gone.
func (c *configCaches) forget(key cache.ObjectName) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.caches, key)
}
