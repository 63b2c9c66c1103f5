// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// MetricsNamespace prefixes every metric of the webhook, as upstream's
// registry does.
const MetricsNamespace = "prometheus_operator_admission_webhook"

// Metrics count the webhook's requests by endpoint and outcome and time them.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the webhook's request metrics with registerer:
//
//	prometheus_operator_admission_webhook_requests_total{endpoint,result}
//	prometheus_operator_admission_webhook_request_duration_seconds{endpoint}
//
// result is allowed, allowed_with_warnings, denied (the object was
// refused), or error (the request itself was bad: no body, wrong content
// type, undecodable review, wrong resource, failed conversion).
func NewMetrics(registerer prometheus.Registerer) (*Metrics, error) {
	metrics := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: MetricsNamespace,
			Name:      "requests_total",
			Help:      "Admission and conversion requests served, by endpoint and result (allowed, allowed_with_warnings, denied, error).",
		}, []string{"endpoint", "result"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: MetricsNamespace,
			Name:      "request_duration_seconds",
			Help:      "Time taken to answer an admission or conversion request, by endpoint.",
			Buckets:   []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
		}, []string{"endpoint"}),
	}
	for _, collector := range []prometheus.Collector{metrics.requests, metrics.duration} {
		if err := registerer.Register(collector); err != nil {
			return nil, err
		}
	}
	return metrics, nil
}

// observe records one request; a nil Metrics records nothing.
func (m *Metrics) observe(endpoint, result string, elapsed time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(endpoint, result).Inc()
	m.duration.WithLabelValues(endpoint).Observe(elapsed.Seconds())
}
