// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"sync"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"k8s.io/client-go/tools/cache"
)

// controllerMetrics are the state-derived metrics of the Prometheus and
// PrometheusAgent controllers; the counters every controller shares live in
// controller.Metrics.
type controllerMetrics struct {
	mu sync.Mutex
	// resources holds, per controller and object, how many resources of
	// each kind its last reconcile selected and rejected.
	resources map[string]map[cache.ObjectName]resourceCounts
}

// resourceCounts maps a kind to its selected and rejected counts.
type resourceCounts map[string][2]int

var (
	managedResourcesDesc = prometheusclient.NewDesc("prometheus_operator_managed_resources",
		"Configuration resources selected by the managed workloads, by controller, kind and state (selected or rejected).",
		[]string{"controller", "resource", "state"}, nil)
	specReplicasDesc = prometheusclient.NewDesc("prometheus_operator_spec_replicas",
		"Replicas per shard asked for by a workload's spec.", []string{"controller", "namespace", "name"}, nil)
	specShardsDesc = prometheusclient.NewDesc("prometheus_operator_spec_shards",
		"Shards asked for by a workload's spec.", []string{"controller", "namespace", "name"}, nil)
)

func newControllerMetrics() *controllerMetrics {
	return &controllerMetrics{
		resources: map[string]map[cache.ObjectName]resourceCounts{},
	}
}

// register adds a collector reading the controllers' state to registerer.
func (m *controllerMetrics) register(registerer prometheusclient.Registerer, o *Operator) error {
	return registerer.Register(&stateCollector{operator: o})
}

// setResources records what one reconcile selected and rejected.
func (m *controllerMetrics) setResources(controllerName string, key cache.ObjectName, selected *selection) {
	counts := resourceCounts{}
	for _, kind := range configKinds {
		objects := selected.objects(kind)
		rejected := 0
		for _, obj := range objects {
			if selected.rejection(kind.kind, obj) != nil {
				rejected++
			}
		}
		counts[kind.kind] = [2]int{len(objects) - rejected, rejected}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.resources[controllerName] == nil {
		m.resources[controllerName] = map[cache.ObjectName]resourceCounts{}
	}
	m.resources[controllerName][key] = counts
}

// forget drops the counts of a deleted object.
func (m *controllerMetrics) forget(controllerName string, key cache.ObjectName) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.resources[controllerName], key)
}

// stateCollector reports gauges computed from the controllers' state at
// scrape time.
type stateCollector struct{ operator *Operator }

// Describe implements prometheus.Collector.
func (s *stateCollector) Describe(descs chan<- *prometheusclient.Desc) {
	descs <- managedResourcesDesc
	descs <- specReplicasDesc
	descs <- specShardsDesc
}

// Collect implements prometheus.Collector.
func (s *stateCollector) Collect(metrics chan<- prometheusclient.Metric) {
	o := s.operator
	o.metricsState.mu.Lock()
	for controllerName, byObject := range o.metricsState.resources {
		totals := map[string][2]int{}
		for _, counts := range byObject {
			for kind, pair := range counts {
				total := totals[kind]
				totals[kind] = [2]int{total[0] + pair[0], total[1] + pair[1]}
			}
		}
		for kind, total := range totals {
			metrics <- prometheusclient.MustNewConstMetric(managedResourcesDesc, prometheusclient.GaugeValue, float64(total[0]), controllerName, kind, "selected")
			metrics <- prometheusclient.MustNewConstMetric(managedResourcesDesc, prometheusclient.GaugeValue, float64(total[1]), controllerName, kind, "rejected")
		}
	}
	o.metricsState.mu.Unlock()
	for _, c := range o.controllers {
		for _, p := range c.kind.list() {
			common := p.GetCommonPrometheusFields()
			labels := []string{c.kind.controllerName(), p.GetNamespace(), p.GetName()}
			metrics <- prometheusclient.MustNewConstMetric(specReplicasDesc, prometheusclient.GaugeValue, float64(common.ReplicaCount()), labels...)
			metrics <- prometheusclient.MustNewConstMetric(specShardsDesc, prometheusclient.GaugeValue, float64(common.ShardCount()), labels...)
		}
	}
}
