// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"sort"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/client-go/tools/cache"
)

var managedResourcesDesc = prometheus.NewDesc(metricsNamespace+"_managed_resources",
	"Configuration resources selected by the managed workloads, by controller, kind and state (selected or rejected).",
	[]string{"controller", "resource", "state"}, nil)

// ResourceCount is how many resources of one kind a workload's last
// reconcile kept (Selected) and refused (Rejected).
type ResourceCount struct{ Selected, Rejected int }

// managedResources remembers, per controller and workload, the counts of
// the last reconcile, and sums them per controller and kind when scraped.
type managedResources struct {
	mu     sync.Mutex
	counts map[string]map[cache.ObjectName]map[string]ResourceCount
}

// SetManagedResources records what one reconcile of workload selected,
// by resource kind (e.g. ServiceMonitor, AlertmanagerConfig).
func (m *Metrics) SetManagedResources(controller string, workload cache.ObjectName, counts map[string]ResourceCount) {
	if m == nil {
		return
	}
	r := m.resources
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.counts[controller] == nil {
		r.counts[controller] = map[cache.ObjectName]map[string]ResourceCount{}
	}
	r.counts[controller][workload] = counts
}

// ForgetManagedResources drops the counts of a deleted workload.
func (m *Metrics) ForgetManagedResources(controller string, workload cache.ObjectName) {
	if m == nil {
		return
	}
	m.resources.mu.Lock()
	defer m.resources.mu.Unlock()
	delete(m.resources.counts[controller], workload)
}

// Describe implements prometheus.Collector.
func (r *managedResources) Describe(descs chan<- *prometheus.Desc) { descs <- managedResourcesDesc }

// Collect implements prometheus.Collector: one selected and one rejected
// series per controller and kind, summed over the controller's workloads.
func (r *managedResources) Collect(metrics chan<- prometheus.Metric) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for controller, byWorkload := range r.counts {
		totals := map[string]ResourceCount{}
		for _, counts := range byWorkload {
			for kind, count := range counts {
				total := totals[kind]
				totals[kind] = ResourceCount{Selected: total.Selected + count.Selected, Rejected: total.Rejected + count.Rejected}
			}
		}
		kinds := make([]string, 0, len(totals))
		for kind := range totals {
			kinds = append(kinds, kind)
		}
		sort.Strings(kinds)
		for _, kind := range kinds {
			metrics <- prometheus.MustNewConstMetric(managedResourcesDesc, prometheus.GaugeValue, float64(totals[kind].Selected), controller, kind, "selected")
			metrics <- prometheus.MustNewConstMetric(managedResourcesDesc, prometheus.GaugeValue, float64(totals[kind].Rejected), controller, kind, "rejected")
		}
	}
}
