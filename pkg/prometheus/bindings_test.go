// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/util/flowcontrol"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	monitoringv1client "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/typed/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// slowStatusClient makes ServiceMonitor status writes take a round trip
// and, optionally, wait for a client-side rate limiter, outside the fake
// clientset's lock, and counts how many run at once.
type slowStatusClient struct {
	versioned.Interface
	roundTrip             time.Duration
	limiter               flowcontrol.RateLimiter
	inFlight, maxInFlight atomic.Int32
}

func (s *slowStatusClient) MonitoringV1() monitoringv1client.MonitoringV1Interface {
	return slowMonitoringV1{MonitoringV1Interface: s.Interface.MonitoringV1(), client: s}
}

type slowMonitoringV1 struct {
	monitoringv1client.MonitoringV1Interface
	client *slowStatusClient
}

func (v slowMonitoringV1) ServiceMonitors(namespace string) monitoringv1client.ServiceMonitorInterface {
	return slowServiceMonitors{ServiceMonitorInterface: v.MonitoringV1Interface.ServiceMonitors(namespace), client: v.client}
}

type slowServiceMonitors struct {
	monitoringv1client.ServiceMonitorInterface
	client *slowStatusClient
}

func (m slowServiceMonitors) UpdateStatus(ctx context.Context, monitor *monitoringv1.ServiceMonitor, options metav1.UpdateOptions) (*monitoringv1.ServiceMonitor, error) {
	s := m.client
	if s.limiter != nil {
		if err := s.limiter.Wait(ctx); err != nil {
			return nil, err
		}
	}
	now := s.inFlight.Add(1)
	for peak := s.maxInFlight.Load(); now > peak && !s.maxInFlight.CompareAndSwap(peak, now); peak = s.maxInFlight.Load() {
	}
	time.Sleep(s.roundTrip)
	s.inFlight.Add(-1)
	return m.ServiceMonitorInterface.UpdateStatus(ctx, monitor, options)
}

// withSlowStatusWrites rebuilds the fixture's operator over a
// slowStatusClient.
func (f *fixture) withSlowStatusWrites(roundTrip time.Duration, limiter flowcontrol.RateLimiter) *slowStatusClient {
	f.t.Helper()
	slow := &slowStatusClient{Interface: f.monitoringClient, roundTrip: roundTrip, limiter: limiter}
	operator, err := New(Options{
		KubeClient: f.kubeClient, MonitoringClient: slow, Informers: f.informers, Config: f.config,
		Recorder: f.recorder, Clock: f.clock, Logger: discardLogger(),
	})
	require.NoError(f.t, err)
	f.operator = operator
	return slow
}

func manyServiceMonitors(count int) []runtime.Object {
	objects := make([]runtime.Object, 0, count)
	for i := range count {
		objects = append(objects, fixtures.ServiceMonitor(fmt.Sprintf("app-%d", i), frontendTeam))
	}
	return objects
}

func TestBindingWritesRunConcurrentlyWithinTheBound(t *testing.T) {
	f := newFixture(t)
	slow := f.withSlowStatusWrites(5*time.Millisecond, nil)
	f.add(append(manyServiceMonitors(40), fixtures.Prometheus("main", selectsFrontend))...)
	f.sync("prometheus", "default", "main")

	for i := range 40 {
		require.Len(t, f.serviceMonitorStatus(fmt.Sprintf("app-%d", i)).Bindings, 1)
	}
	require.Greater(t, slow.maxInFlight.Load(), int32(1), "writes overlap")
	require.LessOrEqual(t, slow.maxInFlight.Load(), int32(bindingWriters))
}

// BenchmarkFirstSyncBindings measures the binding writes of the first
// sync of two Prometheuses selecting the same 1,000 ServiceMonitors, each
// write modelled as a 15 ms round trip behind a client-side rate limit of
// 100 requests per second with a burst of 200 (the operator's defaults).
// The sub-benchmarks compare one writer at a time with the worker pool.
func BenchmarkFirstSyncBindings(b *testing.B) {
	for _, writers := range []int{1, bindingWriters} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			defer func(previous int) { bindingWriters = previous }(bindingWriters)
			bindingWriters = writers
			for b.Loop() {
				b.StopTimer()
				f := newFixture(b)
				f.withSlowStatusWrites(15*time.Millisecond, flowcontrol.NewTokenBucketRateLimiter(100, 200))
				f.add(append(manyServiceMonitors(1000), fixtures.Prometheus("first", selectsFrontend), fixtures.Prometheus("second", selectsFrontend))...)
				p, _, err := f.controllerFor("prometheus").kind.get("default", "first")
				require.NoError(b, err)
				selected, err := f.operator.selectResources(p)
				require.NoError(b, err)
				second, _, err := f.controllerFor("prometheus").kind.get("default", "second")
				require.NoError(b, err)
				b.StartTimer()
				done := make(chan error, 2)
				for _, workload := range []monitoringv1.PrometheusInterface{p, second} {
					go func() { done <- f.controllerFor("prometheus").syncBindings(f.ctx, workload, selected) }()
				}
				require.NoError(b, <-done)
				require.NoError(b, <-done)
			}
		})
	}
}
