// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package kubelet keeps a headless Service, and its Endpoints and/or
// EndpointSlices, pointed at the kubelet of every selected node so that
// Prometheus can scrape kubelets through ordinary service discovery.
package kubelet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
)

// The values of the resource label of the sync counters.
const (
	resourceEndpoints     = "endpoints"
	resourceEndpointSlice = "endpointslice"
)

// Options configure a Controller; they mirror the --kubelet-* flags.
type Options struct {
	// Namespace and Name of the kubelet Service.
	Namespace string
	Name      string
	// NodeSelector is a label selector limiting the nodes listed.
	NodeSelector string
	// AddressPriority is PreferInternal or PreferExternal.
	AddressPriority string
	// ManageEndpoints and ManageEndpointSlices pick the endpoint kinds
	// written; at least one must be set.
	ManageEndpoints      bool
	ManageEndpointSlices bool
	// HTTPMetrics adds the kubelet's plain-HTTP port.
	HTTPMetrics bool
	// SyncPeriod is the time between two syncs.
	SyncPeriod time.Duration
	// MaxEndpointsPerSlice caps one slice; zero means the default.
	MaxEndpointsPerSlice int
	// Labels and Annotations are added to every object written.
	Labels      map[string]string
	Annotations map[string]string
}

// metrics counts the controller's work.
type metrics struct {
	addressLookupErrors prometheusclient.Counter
	syncs               *prometheusclient.CounterVec
	syncFailures        *prometheusclient.CounterVec
}

// Controller periodically lists the selected nodes and rewrites the
// kubelet Service and endpoints from them.
type Controller struct {
	kubeClient kubernetes.Interface
	options    Options
	objects    Objects
	metrics    metrics
	logger     *slog.Logger
}

// New checks the options and registers the controller's metrics.
func New(kubeClient kubernetes.Interface, options Options, registerer prometheusclient.Registerer, logger *slog.Logger) (*Controller, error) {
	if options.Namespace == "" || options.Name == "" {
		return nil, errors.New("kubelet service: namespace and name are both required")
	}
	if !options.ManageEndpoints && !options.ManageEndpointSlices {
		return nil, errors.New("kubelet service: enable Endpoints, EndpointSlices or both")
	}
	if options.AddressPriority != PreferInternal && options.AddressPriority != PreferExternal {
		return nil, fmt.Errorf("kubelet node address priority %q: want %q or %q", options.AddressPriority, PreferInternal, PreferExternal)
	}
	if _, err := labels.Parse(options.NodeSelector); err != nil {
		return nil, fmt.Errorf("kubelet node selector %q: %w", options.NodeSelector, err)
	}
	if options.SyncPeriod <= 0 {
		return nil, fmt.Errorf("kubelet sync period %s: must be positive", options.SyncPeriod)
	}
	controller := &Controller{
		kubeClient: kubeClient,
		options:    options,
		objects: Objects{
			Namespace: options.Namespace, Name: options.Name, HTTPMetrics: options.HTTPMetrics,
			Labels: options.Labels, Annotations: options.Annotations,
		},
		metrics: newMetrics(),
		logger:  logger.With("component", "kubelet", "service", options.Namespace+"/"+options.Name),
	}
	if registerer != nil {
		if err := controller.register(registerer); err != nil {
			return nil, err
		}
	}
	return controller, nil
}

// newMetrics creates the counters, with both resource labels present
// from the start.
func newMetrics() metrics {
	m := metrics{
		addressLookupErrors: prometheusclient.NewCounter(prometheusclient.CounterOpts{
			Name: "prometheus_operator_node_address_lookup_errors_total",
			Help: "Nodes skipped because no usable IP address was found for them.",
		}),
		syncs: prometheusclient.NewCounterVec(prometheusclient.CounterOpts{
			Name: "prometheus_operator_node_syncs_total",
			Help: "Kubelet endpoint syncs attempted, by resource kind.",
		}, []string{"resource"}),
		syncFailures: prometheusclient.NewCounterVec(prometheusclient.CounterOpts{
			Name: "prometheus_operator_node_syncs_failed_total",
			Help: "Kubelet endpoint syncs that failed, by resource kind.",
		}, []string{"resource"}),
	}
	for _, resource := range []string{resourceEndpoints, resourceEndpointSlice} {
		m.syncs.WithLabelValues(resource)
		m.syncFailures.WithLabelValues(resource)
	}
	return m
}

// register adds the counters and the managed-resource gauges.
func (c *Controller) register(registerer prometheusclient.Registerer) error {
	managed := func(resource string, enabled bool) prometheusclient.Collector {
		return prometheusclient.NewGaugeFunc(prometheusclient.GaugeOpts{
			Name:        "prometheus_operator_kubelet_managed_resource",
			Help:        "1 when the kubelet controller writes this kind of endpoints resource.",
			ConstLabels: prometheusclient.Labels{"resource": resource},
		}, func() float64 {
			if enabled {
				return 1
			}
			return 0
		})
	}
	for _, collector := range []prometheusclient.Collector{
		c.metrics.addressLookupErrors, c.metrics.syncs, c.metrics.syncFailures,
		managed(resourceEndpoints, c.options.ManageEndpoints),
		managed(resourceEndpointSlice, c.options.ManageEndpointSlices),
	} {
		if err := registerer.Register(collector); err != nil {
			return fmt.Errorf("register kubelet controller metrics: %w", err)
		}
	}
	return nil
}

// Run syncs at once and then every sync period until ctx is done. A
// failed sync is logged and counted; the next tick retries it.
func (c *Controller) Run(ctx context.Context) {
	c.logger.Info("starting kubelet endpoints controller", "period", c.options.SyncPeriod)
	ticker := time.NewTicker(c.options.SyncPeriod)
	defer ticker.Stop()
	for {
		if err := c.Sync(ctx); err != nil && ctx.Err() == nil {
			c.logger.Error("kubelet endpoints sync failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
