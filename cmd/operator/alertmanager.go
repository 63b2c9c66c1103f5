// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"log/slog"

	"k8s.io/client-go/tools/record"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/alertmanager"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// alertmanagerRunner runs the Alertmanager controller when the Alertmanager
// and AlertmanagerConfig CRDs are served; a nil runner does nothing.
type alertmanagerRunner struct {
	informers  *alertmanager.Informers
	controller *alertmanager.Controller
	logger     *slog.Logger
}

// alertmanagerDependencies are what the controller shares with the others.
type alertmanagerDependencies struct {
	clients           *clients
	recorder          record.EventRecorder
	metrics           *controller.Metrics
	listWatchMetrics  *kube.ListWatchMetrics
	noNamespaceAccess bool
}

// newAlertmanagerRunner builds the controller and its informers. A missing
// CRD disables it with a log line.
func newAlertmanagerRunner(config *operator.Config, deps alertmanagerDependencies, logger *slog.Logger) (*alertmanagerRunner, error) {
	discovery := deps.clients.kube.Discovery()
	stable, err := kube.ResourcesServed(discovery, monitoringv1.SchemeGroupVersion, monitoringv1.AlertmanagerName)
	if err != nil {
		return nil, err
	}
	alpha, err := kube.ResourcesServed(discovery, monitoringv1alpha1.SchemeGroupVersion, alertmanager.AlertmanagerConfigResource)
	if err != nil {
		return nil, err
	}
	for kind, served := range map[string]bool{
		monitoringv1.AlertmanagersKind:            stable[monitoringv1.AlertmanagerName],
		monitoringv1alpha1.AlertmanagerConfigKind: alpha[alertmanager.AlertmanagerConfigResource],
	} {
		if !served {
			logger.Warn("CRD not installed: the Alertmanager controller is disabled", "kind", kind)
			return nil, nil
		}
	}
	informers := alertmanager.NewInformers(deps.clients.kube, deps.clients.monitoring, deps.clients.metadata, alertmanager.InformerOptions{
		Config: config, NoNamespaceAccess: deps.noNamespaceAccess, ListWatchMetrics: deps.listWatchMetrics,
	})
	built, err := alertmanager.New(alertmanager.Options{Informers: informers, Dependencies: controller.Dependencies{
		KubeClient: deps.clients.kube, MonitoringClient: deps.clients.monitoring, Config: config,
		Recorder: deps.recorder, Logger: logger, Metrics: deps.metrics,
	}})
	if err != nil {
		return nil, fmt.Errorf("alertmanager controller: %w", err)
	}
	return &alertmanagerRunner{informers: informers, controller: built, logger: logger}, nil
}

// start starts the informers and runs the controller in the background
// until ctx is done; the returned function waits for it to stop.
func (r *alertmanagerRunner) start(ctx context.Context, workers int) (wait func()) {
	if r == nil {
		return func() {}
	}
	r.informers.Start(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := r.controller.Run(ctx, workers); err != nil && ctx.Err() == nil {
			r.logger.Error("alertmanager controller stopped", "err", err)
		}
	}()
	return func() { <-done }
}

// hasSynced reports whether the controller's caches are filled (true for
// a nil runner).
func (r *alertmanagerRunner) hasSynced() bool {
	return r == nil || r.informers.HasSynced()
}
