// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	prometheusclient "github.com/prometheus/client_golang/prometheus"

	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
)

var (
	specReplicasDesc = prometheusclient.NewDesc("prometheus_operator_spec_replicas",
		"Replicas per shard asked for by a workload's spec.", []string{"controller", "namespace", "name"}, nil)
	specShardsDesc = prometheusclient.NewDesc("prometheus_operator_spec_shards",
		"Shards asked for by a workload's spec.", []string{"controller", "namespace", "name"}, nil)
)

// resourceCounts counts, by kind, what one reconcile selected and rejected.
func resourceCounts(selected *selection) map[string]controller.ResourceCount {
	counts := map[string]controller.ResourceCount{}
	for _, kind := range configKinds {
		objects := selected.objects(kind)
		rejected := 0
		for _, obj := range objects {
			if selected.rejection(kind.kind, obj) != nil {
				rejected++
			}
		}
		counts[kind.kind] = controller.ResourceCount{Selected: len(objects) - rejected, Rejected: rejected}
	}
	return counts
}

// stateCollector reports the spec gauges of the Prometheus and
// PrometheusAgent controllers, read from the informers at scrape time; the
// counters every controller shares and the managed-resources gauge live in
// controller.Metrics.
type stateCollector struct{ operator *Operator }

// Describe implements prometheus.Collector.
func (s *stateCollector) Describe(descs chan<- *prometheusclient.Desc) {
	descs <- specReplicasDesc
	descs <- specShardsDesc
}

// Collect implements prometheus.Collector.
func (s *stateCollector) Collect(metrics chan<- prometheusclient.Metric) {
	for _, c := range s.operator.controllers {
		for _, p := range c.kind.list() {
			common := p.GetCommonPrometheusFields()
			labels := []string{c.kind.controllerName(), p.GetNamespace(), p.GetName()}
			metrics <- prometheusclient.MustNewConstMetric(specReplicasDesc, prometheusclient.GaugeValue, float64(common.ReplicaCount()), labels...)
			metrics <- prometheusclient.MustNewConstMetric(specShardsDesc, prometheusclient.GaugeValue, float64(common.ShardCount()), labels...)
		}
	}
}
