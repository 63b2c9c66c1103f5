// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"slices"
	"strconv"

	prometheusclient "github.com/prometheus/client_golang/prometheus"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// operatorMetrics tell whether each controller runs and whether this
// replica leads.
type operatorMetrics struct {
	ready  *prometheusclient.GaugeVec
	leader prometheusclient.Gauge
}

// newOperatorMetrics registers prometheus_operator_ready{controller},
// prometheus_operator_leader and prometheus_operator_feature_gate{name,enabled}.
// Every controller starts not ready; without --leader-elect the replica
// leads.
func newOperatorMetrics(registerer prometheusclient.Registerer, config *operator.Config) *operatorMetrics {
	m := &operatorMetrics{
		ready: prometheusclient.NewGaugeVec(prometheusclient.GaugeOpts{
			Namespace: "prometheus_operator", Name: "ready",
			Help: "1 when the controller's caches have synced and it reconciles, 0 otherwise (disabled, starting, or a standby replica).",
		}, []string{"controller"}),
		leader: prometheusclient.NewGauge(prometheusclient.GaugeOpts{
			Namespace: "prometheus_operator", Name: "leader",
			Help: "1 when this replica holds the leader lease (always 1 without --leader-elect).",
		}),
	}
	gates := prometheusclient.NewGaugeVec(prometheusclient.GaugeOpts{
		Namespace: "prometheus_operator", Name: "feature_gate",
		Help: "Feature gates of the operator: 1 when enabled, 0 when not.",
	}, []string{"name", "enabled"})
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for name := range config.Gates {
			if !yield(name) {
				return
			}
		}
	}) {
		enabled := config.Gates.Enabled(name)
		value := 0.0
		if enabled {
			value = 1
		}
		gates.WithLabelValues(name, strconv.FormatBool(enabled)).Set(value)
	}
	registerer.MustRegister(m.ready, m.leader, gates)
	for _, controller := range []string{prometheusController, agentController, alertmanagerControllerName, thanosRulerControllerName} {
		m.ready.WithLabelValues(controller).Set(0)
	}
	if !config.LeaderElect {
		m.leader.Set(1)
	}
	return m
}

// setReady marks the running controllers ready (or not).
func (m *operatorMetrics) setReady(controllers []string, ready bool) {
	value := 0.0
	if ready {
		value = 1
	}
	for _, controller := range controllers {
		m.ready.WithLabelValues(controller).Set(value)
	}
}
