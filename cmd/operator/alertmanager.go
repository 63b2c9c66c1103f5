// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
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

// controllerDependencies are what the workload controllers share.
type controllerDependencies struct {
	clients           *clients
	recorder          record.EventRecorder
	metrics           *controller.Metrics
	listWatchMetrics  *kube.ListWatchMetrics
	sharedInformers   *kube.SharedInformers
	noNamespaceAccess bool
}

// newAlertmanagerRunner builds the controller and its informers. A missing
// CRD disables it with a log line.
func newAlertmanagerRunner(config *operator.Config, deps controllerDependencies, logger *slog.Logger) (*controllerRunner, error) {
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
		SharedInformers: deps.sharedInformers,
	})
	built, err := alertmanager.New(alertmanager.Options{Informers: informers, Dependencies: controller.Dependencies{
		KubeClient: deps.clients.kube, MonitoringClient: deps.clients.monitoring, Config: config,
		Recorder: deps.recorder, Logger: logger, Metrics: deps.metrics,
	}})
	if err != nil {
		return nil, fmt.Errorf("alertmanager controller: %w", err)
	}
	return &controllerRunner{name: alertmanagerControllerName, informers: informers, controller: built, logger: logger}, nil
}
