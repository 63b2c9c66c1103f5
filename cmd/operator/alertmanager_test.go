// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	metadatafake "k8s.io/client-go/metadata/fake"

	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestAlertmanagerControllerNeedsItsCRDs(t *testing.T) {
	kubeClient := fake.NewClientset()
	deps := controllerDependencies{clients: &clients{
		kube: kubeClient, monitoring: monitoringfake.NewClientset(), metadata: metadatafake.NewSimpleMetadataClient(runtime.NewScheme()),
	}}
	servedResources(kubeClient, "monitoring.coreos.com/v1", "alertmanagers")
	var logs bytes.Buffer
	runner, err := newAlertmanagerRunner(operator.NewConfig(), deps, slog.New(slog.NewTextHandler(&logs, nil)))
	require.NoError(t, err)
	require.Nil(t, runner, "no AlertmanagerConfig CRD: no controller")
	require.Contains(t, logs.String(), "the Alertmanager controller is disabled")
	require.Contains(t, logs.String(), "kind=AlertmanagerConfig")
	require.True(t, runner.hasSynced(), "a disabled controller does not hold up readiness")

	servedResources(kubeClient, "monitoring.coreos.com/v1alpha1", "alertmanagerconfigs")
	runner, err = newAlertmanagerRunner(operator.NewConfig(), deps, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.NotNil(t, runner)
	require.False(t, runner.hasSynced(), "informers not started yet")
}
