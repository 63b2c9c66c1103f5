// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestOperatorMetrics(t *testing.T) {
	config := operator.NewConfig()
	config.Gates = operator.FeatureGates{"A": true, "B": false}
	config.LeaderElect = true
	registry := prometheus.NewRegistry()
	metrics := newOperatorMetrics(registry, config)
	running := operatorControllers{prometheus: &prometheusRunner{}, thanosRuler: &controllerRunner{}}.running(servedKinds{prometheuses: true})
	assert.Equal(t, []string{prometheusController, thanosRulerControllerName}, running)
	metrics.setReady(running, true)
	assert.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(`
# HELP prometheus_operator_feature_gate Feature gates of the operator: 1 when enabled, 0 when not.
# TYPE prometheus_operator_feature_gate gauge
prometheus_operator_feature_gate{enabled="false",name="B"} 0
prometheus_operator_feature_gate{enabled="true",name="A"} 1
# HELP prometheus_operator_leader 1 when this replica holds the leader lease (always 1 without --leader-elect).
# TYPE prometheus_operator_leader gauge
prometheus_operator_leader 0
# HELP prometheus_operator_ready 1 when the controller's caches have synced and it reconciles, 0 otherwise (disabled, starting, or a standby replica).
# TYPE prometheus_operator_ready gauge
prometheus_operator_ready{controller="alertmanager"} 0
prometheus_operator_ready{controller="prometheus"} 1
prometheus_operator_ready{controller="prometheus-agent"} 0
prometheus_operator_ready{controller="thanos"} 1
`)))
}
