// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// testConfig is the operator's default configuration with a fixed reloader image.
func testConfig(change ...func(*operator.Config)) *operator.Config {
	config := operator.NewConfig()
	config.Reloader.Image = "reloader:test"
	for _, apply := range change {
		apply(config)
	}
	return config
}

// buildStatefulSet builds shard 0 with the test configuration and fails the test on error.
func buildStatefulSet(t *testing.T, p monitoringv1.PrometheusInterface, opts ...func(*Options)) *appsv1.StatefulSet {
	t.Helper()
	options := Options{Config: testConfig()}
	for _, apply := range opts {
		apply(&options)
	}
	set, err := StatefulSet(p, options)
	require.NoError(t, err)
	return set
}

func container(t *testing.T, pod corev1.PodSpec, name string) corev1.Container {
	t.Helper()
	for _, candidate := range append(pod.InitContainers, pod.Containers...) {
		if candidate.Name == name {
			return candidate
		}
	}
	require.FailNow(t, "container not found", name)
	return corev1.Container{}
}

func volume(t *testing.T, pod corev1.PodSpec, name string) corev1.Volume {
	t.Helper()
	for _, candidate := range pod.Volumes {
		if candidate.Name == name {
			return candidate
		}
	}
	require.FailNow(t, "volume not found", name)
	return corev1.Volume{}
}

func containerNames(containers []corev1.Container) []string {
	names := make([]string, 0, len(containers))
	for _, c := range containers {
		names = append(names, c.Name)
	}
	return names
}

func volumeNames(volumes []corev1.Volume) []string {
	names := make([]string, 0, len(volumes))
	for _, v := range volumes {
		names = append(names, v.Name)
	}
	return names
}

func prometheusArgs(t *testing.T, set *appsv1.StatefulSet) []string {
	t.Helper()
	return container(t, set.Spec.Template.Spec, PrometheusContainerName).Args
}
