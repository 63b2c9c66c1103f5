// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"

	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus"
)

// prometheusRunner runs the Prometheus and PrometheusAgent controllers; a
// nil runner (both disabled) does nothing and is always synced.
type prometheusRunner struct {
	informers   *prometheus.Informers
	controllers *prometheus.Operator
}

// newPrometheusRunner builds the informers and the controllers, or returns
// nil when neither kind may run.
func newPrometheusRunner(informerOptions prometheus.InformerOptions, options prometheus.Options, clients *clients) (*prometheusRunner, error) {
	if !informerOptions.ServePrometheuses && !informerOptions.ServeAgents {
		return nil, nil
	}
	informers := prometheus.NewInformers(clients.kube, clients.monitoring, clients.metadata, informerOptions)
	options.Informers = informers
	controllers, err := prometheus.New(options)
	if err != nil {
		return nil, err
	}
	return &prometheusRunner{informers: informers, controllers: controllers}, nil
}

func (r *prometheusRunner) start(ctx context.Context) {
	if r != nil {
		r.informers.Start(ctx)
	}
}

func (r *prometheusRunner) hasSynced() bool {
	return r == nil || r.informers.HasSynced()
}

// run reconciles until ctx is done.
func (r *prometheusRunner) run(ctx context.Context, workers int) error {
	if r == nil {
		<-ctx.Done()
		return nil
	}
	return r.controllers.Run(ctx, workers)
}
