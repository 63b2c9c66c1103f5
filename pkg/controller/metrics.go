// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

const metricsNamespace = "prometheus_operator"

// Metrics holds the operator-wide reconcile, work-queue, status-write and
// workload metrics. The process creates it once and shares it between
// every controller, so that each metric is registered once; each series
// carries the controller's name.
type Metrics struct {
	reconciles      *prometheus.CounterVec
	reconcileErrors *prometheus.CounterVec
	reconcileTime   *prometheus.HistogramVec
	syncs           *prometheus.GaugeVec
	triggered       *prometheus.CounterVec
	statusUpdates   *prometheus.CounterVec
	statusErrors    *prometheus.CounterVec
	bindingWrites   *prometheus.CounterVec
	bindingErrors   *prometheus.CounterVec
	recreated       *prometheus.CounterVec
	queue           *queueMetrics
	resources       *managedResources
}

// counter is a counter vector of the operator's namespace by controller.
func counter(name, help string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: metricsNamespace, Name: name, Help: help}, []string{"controller"})
}

// NewMetrics creates the metrics and registers them with registerer; call
// it once per process.
func NewMetrics(registerer prometheus.Registerer) *Metrics {
	m := &Metrics{
		reconciles: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: metricsNamespace, Name: "reconcile_operations_total",
			Help: "Reconcile operations started, by controller.",
		}, []string{"controller"}),
		reconcileErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: metricsNamespace, Name: "reconcile_errors_total",
			Help: "Reconcile operations that returned an error, by controller.",
		}, []string{"controller"}),
		reconcileTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: metricsNamespace, Name: "reconcile_duration_seconds",
			Help:    "Time spent in one reconcile operation, by controller.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 9),
		}, []string{"controller"}),
		syncs: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: metricsNamespace, Name: "syncs",
			Help: "Objects whose last reconcile succeeded or failed, by controller and status.",
		}, []string{"controller", "status"}),
		triggered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: metricsNamespace, Name: "triggered_total",
			Help: "Events that enqueued an object, by controller, triggering resource and event.",
		}, []string{"controller", "triggered_by", "action"}),
		statusUpdates: counter("status_update_operations_total", "Status updates of workloads, by controller."),
		statusErrors:  counter("status_update_errors_total", "Failed status updates of workloads, by controller."),
		bindingWrites: counter("bindings_write_operations_total", "Writes of status.bindings on configuration resources, by controller."),
		bindingErrors: counter("bindings_write_errors_total", "Failed writes of status.bindings on configuration resources, by controller."),
		recreated: counter("reconcile_sts_delete_create_total",
			"StatefulSets and DaemonSets deleted to be re-created because an update was refused as invalid, by controller."),
		queue:     newQueueMetrics(),
		resources: &managedResources{counts: map[string]map[cache.ObjectName]map[string]ResourceCount{}},
	}
	registerer.MustRegister(m.reconciles, m.reconcileErrors, m.reconcileTime, m.syncs, m.triggered,
		m.statusUpdates, m.statusErrors, m.bindingWrites, m.bindingErrors, m.recreated, m.resources)
	m.queue.register(registerer)
	return m
}

// InitController exports the error counters of a controller at zero, so
// that increase() sees its first failure.
func (m *Metrics) InitController(controller string) {
	if m == nil {
		return
	}
	for _, vector := range []*prometheus.CounterVec{m.reconcileErrors, m.statusUpdates, m.statusErrors, m.bindingWrites, m.bindingErrors, m.recreated} {
		vector.WithLabelValues(controller)
	}
	m.syncs.WithLabelValues(controller, "failed")
}

// StatusUpdated counts one status write of a workload, and its failure
// when err is not nil.
func (m *Metrics) StatusUpdated(controller string, err error) {
	if m == nil {
		return
	}
	m.statusUpdates.WithLabelValues(controller).Inc()
	if err != nil {
		m.statusErrors.WithLabelValues(controller).Inc()
	}
}

// BindingWritten counts one status.bindings write on a configuration
// resource, and its failure when err is not nil.
func (m *Metrics) BindingWritten(controller string, err error) {
	if m == nil {
		return
	}
	m.bindingWrites.WithLabelValues(controller).Inc()
	if err != nil {
		m.bindingErrors.WithLabelValues(controller).Inc()
	}
}

// Recreated counts a StatefulSet or DaemonSet deleted to be re-created.
func (m *Metrics) Recreated(controller string) {
	if m == nil {
		return
	}
	m.recreated.WithLabelValues(controller).Inc()
}

// Triggered counts one event from resource that led to an enqueue.
func (m *Metrics) Triggered(controller, resource, action string) {
	if m == nil {
		return
	}
	m.triggered.WithLabelValues(controller, resource, action).Inc()
}

// queueMetrics implements workqueue.MetricsProvider with the operator's metric names.
type queueMetrics struct {
	depth          *prometheus.GaugeVec
	adds           *prometheus.CounterVec
	latency        *prometheus.HistogramVec
	workDuration   *prometheus.HistogramVec
	unfinished     *prometheus.GaugeVec
	longestRunning *prometheus.GaugeVec
	retries        *prometheus.CounterVec
}

func newQueueMetrics() *queueMetrics {
	buckets := prometheus.ExponentialBuckets(10e-9, 10, 12)
	labels := []string{"name"}
	name := func(n string) prometheus.Opts {
		return prometheus.Opts{Namespace: metricsNamespace, Subsystem: "workqueue", Name: n}
	}
	histogram := func(n, help string) *prometheus.HistogramVec {
		o := name(n)
		return prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: o.Namespace, Subsystem: o.Subsystem, Name: o.Name, Help: help, Buckets: buckets,
		}, labels)
	}
	gauge := func(n, help string) *prometheus.GaugeVec {
		o := name(n)
		o.Help = help
		return prometheus.NewGaugeVec(prometheus.GaugeOpts(o), labels)
	}
	counter := func(n, help string) *prometheus.CounterVec {
		o := name(n)
		o.Help = help
		return prometheus.NewCounterVec(prometheus.CounterOpts(o), labels)
	}
	return &queueMetrics{
		depth:          gauge("depth", "Current depth of the work queue."),
		adds:           counter("adds_total", "Items added to the work queue."),
		latency:        histogram("latency_seconds", "Time an item waits in the queue before being processed."),
		workDuration:   histogram("work_duration_seconds", "Time spent processing one item."),
		unfinished:     gauge("unfinished_work_seconds", "Seconds of work in progress not yet observed by work_duration."),
		longestRunning: gauge("longest_running_processor_seconds", "Seconds the longest running processor has been running."),
		retries:        counter("retries_total", "Items re-added to the queue after a failure."),
	}
}

func (q *queueMetrics) register(registerer prometheus.Registerer) {
	registerer.MustRegister(q.depth, q.adds, q.latency, q.workDuration, q.unfinished, q.longestRunning, q.retries)
}

// NewDepthMetric implements workqueue.MetricsProvider.
func (q *queueMetrics) NewDepthMetric(name string) workqueue.GaugeMetric {
	return q.depth.WithLabelValues(name)
}

// NewAddsMetric implements workqueue.MetricsProvider.
func (q *queueMetrics) NewAddsMetric(name string) workqueue.CounterMetric {
	return q.adds.WithLabelValues(name)
}

// NewLatencyMetric implements workqueue.MetricsProvider.
func (q *queueMetrics) NewLatencyMetric(name string) workqueue.HistogramMetric {
	return q.latency.WithLabelValues(name)
}

// NewWorkDurationMetric implements workqueue.MetricsProvider.
func (q *queueMetrics) NewWorkDurationMetric(name string) workqueue.HistogramMetric {
	return q.workDuration.WithLabelValues(name)
}

// NewUnfinishedWorkSecondsMetric implements workqueue.MetricsProvider.
func (q *queueMetrics) NewUnfinishedWorkSecondsMetric(name string) workqueue.SettableGaugeMetric {
	return q.unfinished.WithLabelValues(name)
}

// NewLongestRunningProcessorSecondsMetric implements workqueue.MetricsProvider.
func (q *queueMetrics) NewLongestRunningProcessorSecondsMetric(name string) workqueue.SettableGaugeMetric {
	return q.longestRunning.WithLabelValues(name)
}

// NewRetriesMetric implements workqueue.MetricsProvider.
func (q *queueMetrics) NewRetriesMetric(name string) workqueue.CounterMetric {
	return q.retries.WithLabelValues(name)
}
