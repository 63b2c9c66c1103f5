// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package bindings

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func TestMergeKeepsTheTransitionTimeOfAnUnchangedStatus(t *testing.T) {
	workload := Workload{Resource: "thanosrulers", Namespace: "monitoring", Name: "main"}
	other := Workload{Resource: "prometheuses", Namespace: "monitoring", Name: "main"}
	earlier, later := metav1.NewTime(time.Unix(100, 0)), metav1.NewTime(time.Unix(200, 0))
	existing := []monitoringv1.WorkloadBinding{other.Binding(1, nil, earlier), workload.Binding(1, nil, earlier)}

	merged, changed := workload.Merge(existing, workload.Binding(1, nil, later), true)
	require.False(t, changed, "same status, same generation: nothing to write")
	require.Equal(t, existing, merged)

	merged, changed = workload.Merge(existing, workload.Binding(2, nil, later), true)
	require.True(t, changed)
	require.Equal(t, earlier, merged[1].Conditions[0].LastTransitionTime, "still accepted: the transition time stays")
	require.Equal(t, int64(2), merged[1].Conditions[0].ObservedGeneration)

	merged, changed = workload.Merge(existing, workload.Binding(2, errors.New("bad"), later), true)
	require.True(t, changed)
	require.Equal(t, later, merged[1].Conditions[0].LastTransitionTime, "accepted to rejected is a transition")
	require.Equal(t, ReasonInvalidConfiguration, merged[1].Conditions[0].Reason)

	merged, changed = workload.Merge(existing, monitoringv1.WorkloadBinding{}, false)
	require.True(t, changed)
	require.Equal(t, existing[:1], merged, "only the other workload's binding is left")
}

// bound gives a configuration resource its status.bindings.
func bound(bindings ...monitoringv1.WorkloadBinding) fixtures.Option {
	return fixtures.With(func(rule *monitoringv1.PrometheusRule) { rule.Status.Bindings = bindings })
}

func TestWriterWritesOnlyChangedObjectsAndCountsFailures(t *testing.T) {
	workload := Workload{Resource: "thanosrulers", Namespace: "default", Name: "main"}
	now := metav1.Now()
	written := map[string]int{}
	kind := &Kind{
		Name: "PrometheusRule",
		Status: func(object Object) *monitoringv1.ConfigResourceStatus {
			return &object.(*monitoringv1.PrometheusRule).Status
		},
		UpdateStatus: func(_ context.Context, object Object) error {
			written[object.GetName()]++
			if object.GetName() == "broken" {
				return errors.New("storage is down")
			}
			return nil
		},
		Fetch:  func(context.Context, string, string) (Object, error) { return nil, errors.New("unexpected") },
		Cached: func(string, string) (Object, bool) { return nil, false },
	}
	objects := []Object{
		fixtures.PrometheusRule("converged", bound(workload.Binding(0, nil, now))),
		fixtures.PrometheusRule("new"),
		fixtures.PrometheusRule("dropped", bound(workload.Binding(0, nil, now))),
		fixtures.PrometheusRule("broken"),
	}
	wanted := map[string]monitoringv1.WorkloadBinding{
		"default/converged": workload.Binding(0, nil, now),
		"default/new":       workload.Binding(0, nil, now),
		"default/broken":    workload.Binding(0, nil, now),
	}
	registry := prometheus.NewRegistry()
	metrics := controller.NewMetrics(registry)
	writer := Writer{Workload: workload, Controller: "thanos", Metrics: metrics}
	writes := writer.Plan(kind, objects, wanted)
	require.Len(t, writes, 3, "the converged object is not written")

	err := writer.Apply(context.Background(), writes)
	require.ErrorContains(t, err, "status of PrometheusRule default/broken: storage is down")
	require.Equal(t, map[string]int{"new": 1, "dropped": 1, "broken": 1}, written)
	require.InDelta(t, 3, counterValue(t, registry, "prometheus_operator_bindings_write_operations_total"), 0)
	require.InDelta(t, 1, counterValue(t, registry, "prometheus_operator_bindings_write_errors_total"), 0)
}

// counterValue returns the value of the one series of a counter in registry.
func counterValue(t *testing.T, registry *prometheus.Registry, name string) float64 {
	t.Helper()
	families, err := registry.Gather()
	require.NoError(t, err)
	for _, family := range families {
		if family.GetName() == name {
			require.Len(t, family.GetMetric(), 1)
			return family.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("metric %s not found", name)
	return 0
}
