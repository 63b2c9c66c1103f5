// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"k8s.io/client-go/kubernetes"

	"github.com/seed-6daed11e/prometheus-operator/pkg/kubelet"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// kubeletRunner runs the kubelet endpoints controller when --kubelet-service
// is set; a nil runner does nothing.
type kubeletRunner struct {
	controller *kubelet.Controller
}

// newKubeletRunner builds the kubelet controller from the --kubelet-* flags
// and registers its metrics. It returns nil without --kubelet-service.
func newKubeletRunner(config *operator.Config, kubeClient kubernetes.Interface, registerer prometheusclient.Registerer, logger *slog.Logger) (*kubeletRunner, error) {
	if config.KubeletService == "" {
		return nil, nil
	}
	options, err := kubeletOptions(config)
	if err != nil {
		return nil, err
	}
	controller, err := kubelet.New(kubeClient, options, registerer, logger)
	if err != nil {
		return nil, fmt.Errorf("kubelet controller: %w", err)
	}
	return &kubeletRunner{controller: controller}, nil
}

// kubeletOptions maps the --kubelet-* flags onto the controller's options.
func kubeletOptions(config *operator.Config) (kubelet.Options, error) {
	namespace, name, found := strings.Cut(config.KubeletService, "/")
	if !found || namespace == "" || name == "" || strings.Contains(name, "/") {
		return kubelet.Options{}, fmt.Errorf("--kubelet-service %q: want namespace/name", config.KubeletService)
	}
	return kubelet.Options{
		Namespace:            namespace,
		Name:                 name,
		NodeSelector:         config.KubeletSelector,
		AddressPriority:      config.KubeletNodeAddressPriority,
		ManageEndpoints:      config.KubeletEndpoints,
		ManageEndpointSlices: config.KubeletEndpointSlice,
		HTTPMetrics:          config.KubeletHTTPMetrics,
		SyncPeriod:           config.KubeletSyncPeriod,
		Labels:               config.Labels,
		Annotations:          config.Annotations,
	}, nil
}

// start runs the controller in the background until ctx is done.
func (r *kubeletRunner) start(ctx context.Context) {
	if r == nil {
		return
	}
	go r.controller.Run(ctx)
}
