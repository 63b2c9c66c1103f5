// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"sync"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"k8s.io/client-go/tools/cache"
)

// controllerMetrics are the metrics of the workload controllers beyond the
// generic queue and reconcile metrics of package controller.
type controllerMetrics struct {
	deleteCreate  prometheusclient.Counter
	statusUpdates *prometheusclient.CounterVec
	statusErrors  *prometheusclient.CounterVec

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
		deleteCreate: prometheusclient.NewCounter(prometheusclient.CounterOpts{
			Name: "prometheus_operator_reconcile_sts_delete_create_total",
			Help: "StatefulSets and DaemonSets deleted to be re-created because an update was refused as invalid.",
		}),
		statusUpdates: prometheusclient.NewCounterVec(prometheusclient.CounterOpts{
			Name: "prometheus_operator_status_update_operations_total",
			Help: "Status updates of workloads, by controller.",
		}, []string{"controller"}),
		statusErrors: prometheusclient.NewCounterVec(prometheusclient.CounterOpts{
			Name: "prometheus_operator_status_update_errors_total",
			Help: "Failed status updates of workloads, by controller.",
		}, []string{"controller"}),
		resources: map[string]map[cache.ObjectName]resourceCounts{},
	}
}

// register adds the metrics, and a collector reading the controllers'
// state, to registerer.
func (m *controllerMetrics) register(registerer prometheusclient.Registerer, o *Operator) error {
	for _, collector := range []prometheusclient.Collector{m.deleteCreate, m.statusUpdates, m.statusErrors, &stateCollector{operator: o}} {
		if err := registerer.Register(collector); err != nil {
			return err
		}
	}
	return nil
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
