// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package podspec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func generatedContainers() []corev1.Container {
	return []corev1.Container{
		{
			Name:  "prometheus",
			Image: "quay.io/prometheus/prometheus:v3.13.2",
			Args:  []string{"--config.file=/etc/prometheus/config_out/prometheus.env.yaml"},
			Env:   []corev1.EnvVar{{Name: "A", Value: "1"}},
			VolumeMounts: []corev1.VolumeMount{
				{Name: "config-out", MountPath: "/etc/prometheus/config_out"},
			},
			ReadinessProbe: &corev1.Probe{
				ProbeHandler:  corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/-/ready", Port: intstr.FromString("web")}},
				PeriodSeconds: 5,
			},
		},
		{Name: "config-reloader", Image: "reloader:v1"},
	}
}

// mergeCase merges overrides into generatedContainers and checks the result.
type mergeCase struct {
	overrides []corev1.Container
	check     func(t *testing.T, merged []corev1.Container)
}

var mergeCases = map[string]mergeCase{
	"no overrides keep the generated containers as they are": {
		check: func(t *testing.T, merged []corev1.Container) {
			assert.Equal(t, generatedContainers(), merged)
		},
	},
	"an override replaces scalar fields and keeps the rest": {
		overrides: []corev1.Container{{Name: "prometheus", Image: "my/prometheus:dev"}},
		check: func(t *testing.T, merged []corev1.Container) {
			require.Len(t, merged, 2)
			assert.Equal(t, "my/prometheus:dev", merged[0].Image)
			assert.Equal(t, generatedContainers()[0].Args, merged[0].Args)
			assert.Equal(t, "reloader:v1", merged[1].Image)
		},
	},
	"lists merge by their key: env by name, mounts by mount path": {
		overrides: []corev1.Container{{
			Name:         "prometheus",
			Env:          []corev1.EnvVar{{Name: "A", Value: "2"}, {Name: "B", Value: "3"}},
			VolumeMounts: []corev1.VolumeMount{{Name: "extra", MountPath: "/extra"}},
		}},
		check: func(t *testing.T, merged []corev1.Container) {
			assert.ElementsMatch(t, []corev1.EnvVar{{Name: "A", Value: "2"}, {Name: "B", Value: "3"}}, merged[0].Env)
			assert.ElementsMatch(t, []corev1.VolumeMount{
				{Name: "config-out", MountPath: "/etc/prometheus/config_out"},
				{Name: "extra", MountPath: "/extra"},
			}, merged[0].VolumeMounts)
		},
	},
	"resources set by the override are taken": {
		overrides: []corev1.Container{{
			Name:      "config-reloader",
			Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("1Gi")}},
		}},
		check: func(t *testing.T, merged []corev1.Container) {
			assert.True(t, merged[1].Resources.Limits.Memory().Equal(resource.MustParse("1Gi")))
		},
	},
	"an override with another probe handler kind replaces the handler": {
		overrides: []corev1.Container{{
			Name: "prometheus",
			ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{
				Exec: &corev1.ExecAction{Command: []string{"true"}},
			}},
		}},
		check: func(t *testing.T, merged []corev1.Container) {
			probe := merged[0].ReadinessProbe
			require.NotNil(t, probe)
			assert.Nil(t, probe.HTTPGet)
			assert.Equal(t, []string{"true"}, probe.Exec.Command)
			assert.Equal(t, int32(5), probe.PeriodSeconds, "fields outside the handler still merge")
		},
	},
	"containers that match nothing are appended in their order": {
		overrides: []corev1.Container{{Name: "sidecar-b"}, {Name: "prometheus", Image: "x"}, {Name: "sidecar-a"}},
		check: func(t *testing.T, merged []corev1.Container) {
			names := make([]string, 0, len(merged))
			for _, container := range merged {
				names = append(names, container.Name)
			}
			assert.Equal(t, []string{"prometheus", "config-reloader", "sidecar-b", "sidecar-a"}, names)
		},
	},
	"the last of two overrides with one name wins": {
		overrides: []corev1.Container{{Name: "extra", Image: "one"}, {Name: "extra", Image: "two"}},
		check: func(t *testing.T, merged []corev1.Container) {
			require.Len(t, merged, 3)
			assert.Equal(t, "two", merged[2].Image)
		},
	},
}

func TestMergeContainers(t *testing.T) {
	for name, test := range mergeCases {
		t.Run(name, func(t *testing.T) {
			merged, err := MergeContainers(generatedContainers(), test.overrides)
			require.NoError(t, err)
			test.check(t, merged)
		})
	}
}

func TestMergeContainersOfNothingIsNil(t *testing.T) {
	merged, err := MergeContainers(nil, nil)
	require.NoError(t, err)
	assert.Nil(t, merged)
}
