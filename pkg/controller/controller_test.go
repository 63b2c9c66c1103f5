// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

func configMap(rv string, generation int64, labels map[string]string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{
		Namespace: "ns", Name: "cm", ResourceVersion: rv, Generation: generation, Labels: labels,
	}}
}

func TestHandlerFilters(t *testing.T) {
	tests := map[string]struct {
		old, updated *corev1.ConfigMap
		filters      []UpdateFilter
		want         bool
	}{
		"a resync with the same resourceVersion is dropped": {
			old: configMap("1", 1, nil), updated: configMap("1", 1, nil), want: false,
		},
		"any change passes when no filter is given": {
			old: configMap("1", 1, nil), updated: configMap("2", 1, nil), want: true,
		},
		"a status-only change is dropped by the generation filter": {
			old: configMap("1", 1, nil), updated: configMap("2", 1, nil),
			filters: []UpdateFilter{GenerationChanged}, want: false,
		},
		"a spec change passes the generation filter": {
			old: configMap("1", 1, nil), updated: configMap("2", 2, nil),
			filters: []UpdateFilter{GenerationChanged}, want: true,
		},
		"a label change passes when labels are watched too": {
			old: configMap("1", 1, nil), updated: configMap("2", 1, map[string]string{"a": "b"}),
			filters: []UpdateFilter{GenerationChanged, LabelsChanged}, want: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			called := false
			h := Handler(func(metav1.Object, Event) { called = true }, tc.filters...)
			h.OnUpdate(tc.old, tc.updated)
			assert.Equal(t, tc.want, called)
		})
	}
}

func TestHandlerUnwrapsTombstones(t *testing.T) {
	var got metav1.Object
	h := Handler(func(obj metav1.Object, event Event) {
		assert.Equal(t, EventDelete, event)
		got = obj
	})
	h.OnDelete(cache.DeletedFinalStateUnknown{Key: "ns/cm", Obj: configMap("3", 1, nil)})
	require.NotNil(t, got)
	assert.Equal(t, "cm", got.GetName())
}

func TestQueueRetriesErrorsAndForgetsPermanentOnes(t *testing.T) {
	registry := prometheus.NewRegistry()
	metrics := NewMetrics(registry)
	calls := map[string]int{}
	q := NewQueue(QueueOptions{
		Name:        "test",
		Metrics:     metrics,
		RateLimiter: workqueue.NewTypedItemExponentialFailureRateLimiter[cache.ObjectName](0, 0),
		Sync: func(_ context.Context, key cache.ObjectName) error {
			calls[key.Name]++
			switch key.Name {
			case "flaky":
				if calls[key.Name] < 3 {
					return errors.New("transient")
				}
			case "broken":
				return fmt.Errorf("bad spec: %w", ErrPermanent)
			}
			return nil
		},
	})
	q.Add(cache.NewObjectName("ns", "flaky"))
	q.Add(cache.NewObjectName("ns", "broken"))
	for q.Len() > 0 {
		q.ProcessNext(context.Background())
	}
	assert.Equal(t, 3, calls["flaky"], "a transient error is retried until it succeeds")
	assert.Equal(t, 1, calls["broken"], "a permanent error is not retried")
	assert.Equal(t, 4.0, testutil.ToFloat64(metrics.reconciles.WithLabelValues("test")))
	assert.Equal(t, 3.0, testutil.ToFloat64(metrics.reconcileErrors.WithLabelValues("test")))
	assert.Equal(t, 2.0, testutil.ToFloat64(metrics.queue.retries.WithLabelValues("test")))
	assert.Equal(t, 1.0, testutil.ToFloat64(metrics.syncs.WithLabelValues("test", "ok")), "flaky finally synced")
	assert.Equal(t, 1.0, testutil.ToFloat64(metrics.syncs.WithLabelValues("test", "failed")), "broken never did")

	q.Forget(cache.NewObjectName("ns", "broken"))
	assert.Equal(t, 0.0, testutil.ToFloat64(metrics.syncs.WithLabelValues("test", "failed")), "a deleted object leaves the gauge")
}

func TestForgetFromTheKeysOwnSyncLeavesNoResult(t *testing.T) {
	metrics := NewMetrics(prometheus.NewRegistry())
	exists := map[string]bool{"kept": true}
	var q *Queue
	q = NewQueue(QueueOptions{
		Name: "test", Metrics: metrics,
		Sync: func(_ context.Context, key cache.ObjectName) error {
			if !exists[key.Name] {
				q.Forget(key)
			}
			return nil
		},
	})
	q.Add(cache.NewObjectName("ns", "kept"))
	q.Add(cache.NewObjectName("ns", "gone"))
	for q.Len() > 0 {
		q.ProcessNext(context.Background())
	}
	assert.Equal(t, 1.0, testutil.ToFloat64(metrics.syncs.WithLabelValues("test", "ok")), "only the object still there")

	// Created again under the same name, it is counted again.
	exists["gone"] = true
	q.Add(cache.NewObjectName("ns", "gone"))
	q.ProcessNext(context.Background())
	assert.Equal(t, 2.0, testutil.ToFloat64(metrics.syncs.WithLabelValues("test", "ok")))
}
