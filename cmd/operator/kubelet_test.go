// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"io"
	"log/slog"
	"testing"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestKubeletRunnerFromFlags(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	config := operator.NewConfig()

	runner, err := newKubeletRunner(config, fake.NewClientset(), prometheusclient.NewRegistry(), logger)
	require.NoError(t, err)
	assert.Nil(t, runner, "no --kubelet-service, no controller")

	config.KubeletService = "kube-system/kubelet"
	config.KubeletSelector = "pool=metrics"
	options, err := kubeletOptions(config)
	require.NoError(t, err)
	assert.Equal(t, "kube-system", options.Namespace)
	assert.Equal(t, "kubelet", options.Name)
	assert.Equal(t, "pool=metrics", options.NodeSelector)
	assert.True(t, options.ManageEndpoints)
	assert.False(t, options.ManageEndpointSlices)
	runner, err = newKubeletRunner(config, fake.NewClientset(), prometheusclient.NewRegistry(), logger)
	require.NoError(t, err)
	assert.NotNil(t, runner)

	for _, bad := range []string{"kubelet", "/kubelet", "kube-system/", "a/b/c"} {
		config.KubeletService = bad
		_, err := newKubeletRunner(config, fake.NewClientset(), prometheusclient.NewRegistry(), logger)
		assert.Error(t, err, bad)
	}
}
