// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	clientmetrics "k8s.io/client-go/tools/metrics"
)

// requestMetrics receive client-go's observations of every API request.
type requestMetrics struct {
	requests    *prometheus.CounterVec
	latency     *prometheus.SummaryVec
	rateLimiter *prometheus.SummaryVec
}

// RegisterClientMetrics makes every API client of the process report its
// requests (count by status code, method and host; latency and time spent
// in the client-side rate limiter, by method and host) to registerer.
// client-go keeps one set of hooks per process: the last call wins.
func RegisterClientMetrics(registerer prometheus.Registerer) error {
	metrics := &requestMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "prometheus_operator_kubernetes_client_http_requests_total",
			Help: "Requests the operator made to the Kubernetes API, by status code, method and host.",
		}, []string{"status_code", "method", "host"}),
		latency: prometheus.NewSummaryVec(prometheus.SummaryOpts{
			Name: "prometheus_operator_kubernetes_client_http_request_duration_seconds",
			Help: "Time the Kubernetes API took to answer the operator's requests, by method and host.",
		}, []string{"method", "host"}),
		rateLimiter: prometheus.NewSummaryVec(prometheus.SummaryOpts{
			Name: "prometheus_operator_kubernetes_client_rate_limiter_duration_seconds",
			Help: "Time the operator's requests waited for the client-side rate limiter, by method and host.",
		}, []string{"method", "host"}),
	}
	for _, collector := range []prometheus.Collector{metrics.requests, metrics.latency, metrics.rateLimiter} {
		if err := registerer.Register(collector); err != nil {
			return fmt.Errorf("register Kubernetes client metrics: %w", err)
		}
	}
	latency, rateLimiter := latencyObserver{metrics.latency}, latencyObserver{metrics.rateLimiter}
	clientmetrics.Register(clientmetrics.RegisterOpts{
		RequestResult: metrics, RequestLatency: latency, RateLimiterLatency: rateLimiter,
	})
	// Register takes effect once per process; set the hooks directly so
	// that a later registry (a second test, say) still gets observations.
	clientmetrics.RequestResult, clientmetrics.RequestLatency, clientmetrics.RateLimiterLatency = metrics, latency, rateLimiter
	return nil
}

// Increment implements client-go's metrics.ResultMetric.
func (m *requestMetrics) Increment(_ context.Context, code, method, host string) {
	m.requests.WithLabelValues(code, method, host).Inc()
}

// latencyObserver implements client-go's metrics.LatencyMetric. URLs are
// left out of the labels: they name objects, one series per object.
type latencyObserver struct{ summary *prometheus.SummaryVec }

// Observe implements client-go's metrics.LatencyMetric.
func (o latencyObserver) Observe(_ context.Context, method string, u url.URL, latency time.Duration) {
	o.summary.WithLabelValues(method, u.Host).Observe(latency.Seconds())
}
