// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func TestSplitConfigurationIsProjectedIntoOneFolder(t *testing.T) {
	p := fixtures.Prometheus("main")
	siblings := []string{"prometheus-main-config-1", "prometheus-main-config-2"}
	set := buildStatefulSet(t, p, func(o *Options) { o.ConfigSiblingSecretNames = siblings })
	pod := set.Spec.Template.Spec

	config := volume(t, pod, "config")
	require.Nil(t, config.Secret, "a split configuration is not a single Secret volume")
	require.NotNil(t, config.Projected)
	assert.Equal(t, []corev1.VolumeProjection{
		{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "prometheus-main"}}},
		{Secret: &corev1.SecretProjection{
			LocalObjectReference: corev1.LocalObjectReference{Name: "prometheus-main-config-1"}, Optional: ptr.To(true),
		}},
		{Secret: &corev1.SecretProjection{
			LocalObjectReference: corev1.LocalObjectReference{Name: "prometheus-main-config-2"}, Optional: ptr.To(true),
		}},
	}, config.Projected.Sources)
	// The reloaders mount it where they always did; Prometheus never does.
	for _, name := range []string{ReloaderContainerName, InitReloaderContainerName} {
		assert.Contains(t, container(t, pod, name).VolumeMounts, corev1.VolumeMount{Name: "config", MountPath: "/etc/prometheus/config"})
	}
	for _, mount := range container(t, pod, PrometheusContainerName).VolumeMounts {
		assert.NotEqual(t, "config", mount.Name)
	}

	unsplit := buildStatefulSet(t, p).Spec.Template.Spec
	assert.Equal(t, corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: "prometheus-main"}},
		volume(t, unsplit, "config").VolumeSource, "below the threshold the volume is upstream's")
}

func TestSplittingTheConfigurationChangesTheInputHash(t *testing.T) {
	p := fixtures.Prometheus("main")
	opts := Options{Config: testConfig()}
	unsplit, err := InputHash(p, opts)
	require.NoError(t, err)
	opts.ConfigSiblingSecretNames = []string{"prometheus-main-config-1"}
	split, err := InputHash(p, opts)
	require.NoError(t, err)
	assert.NotEqual(t, unsplit, split, "a StatefulSet made before the split must be updated to mount the siblings")
}
