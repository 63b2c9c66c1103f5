// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"log/slog"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/thanosruler"
)

// controllerRunner runs one controller and its informers in the
// background; a nil runner (its CRD is not served) does nothing.
type controllerRunner struct {
	name      string
	informers interface {
		Start(ctx context.Context)
		HasSynced() bool
	}
	controller interface {
		Run(ctx context.Context, workers int) error
	}
	logger *slog.Logger
}

// start starts the informers and runs the controller until ctx is done;
// the returned function waits for it to stop.
func (r *controllerRunner) start(ctx context.Context, workers int) (wait func()) {
	if r == nil {
		return func() {}
	}
	r.informers.Start(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := r.controller.Run(ctx, workers); err != nil && ctx.Err() == nil {
			r.logger.Error("controller stopped", "controller", r.name, "err", err)
		}
	}()
	return func() { <-done }
}

// hasSynced reports whether the controller's caches are filled (true for
// a nil runner).
func (r *controllerRunner) hasSynced() bool {
	return r == nil || r.informers.HasSynced()
}

// newThanosRulerRunner builds the ThanosRuler controller and its
// informers. A missing ThanosRuler CRD disables it with a log line.
func newThanosRulerRunner(config *operator.Config, deps controllerDependencies, logger *slog.Logger) (*controllerRunner, error) {
	served, err := kube.ResourcesServed(deps.clients.kube.Discovery(), monitoringv1.SchemeGroupVersion, monitoringv1.ThanosRulerName)
	if err != nil {
		return nil, err
	}
	if !served[monitoringv1.ThanosRulerName] {
		logger.Warn("CRD not installed: the ThanosRuler controller is disabled", "kind", monitoringv1.ThanosRulerKind)
		return nil, nil
	}
	informers := thanosruler.NewInformers(deps.clients.kube, deps.clients.monitoring, deps.clients.metadata, thanosruler.InformerOptions{
		Config: config, NoNamespaceAccess: deps.noNamespaceAccess, ListWatchMetrics: deps.listWatchMetrics,
		SharedInformers: deps.sharedInformers,
	})
	built, err := thanosruler.New(thanosruler.Options{Informers: informers, Dependencies: controller.Dependencies{
		KubeClient: deps.clients.kube, MonitoringClient: deps.clients.monitoring, Config: config,
		Recorder: deps.recorder, Logger: logger, Metrics: deps.metrics,
	}})
	if err != nil {
		return nil, fmt.Errorf("thanos ruler controller: %w", err)
	}
	return &controllerRunner{name: thanosruler.ControllerName, informers: informers, controller: built, logger: logger}, nil
}
