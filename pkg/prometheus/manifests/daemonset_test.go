// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestDaemonSet(t *testing.T) {
	p := fixtures.PrometheusAgent("main", fixtures.WithAgentMode(monitoringv1alpha1.DaemonSetPrometheusAgentMode), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.MinReadySeconds = ptrTo[int32](10)
		c.Volumes = []corev1.Volume{{Name: "extra", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
		c.VolumeMounts = []corev1.VolumeMount{{Name: "extra", MountPath: "/extra"}}
	}))
	set, err := DaemonSet(p, Options{Config: testConfig(), Shard: 5, RuleConfigMapNames: []string{"ignored"}})
	require.NoError(t, err)
	pod := set.Spec.Template.Spec

	assert.Equal(t, "prom-agent-main", set.Name)
	assert.Equal(t, "agent", set.Labels[operator.ModeLabel])
	assert.Equal(t, "PrometheusAgent", set.OwnerReferences[0].Kind)
	assert.NotEmpty(t, set.Annotations[operator.InputHashAnnotation])
	assert.Equal(t, int32(10), set.Spec.MinReadySeconds)
	assert.Equal(t, map[string]string{
		"app.kubernetes.io/managed-by": "prometheus-operator",
		"app.kubernetes.io/name":       "prometheus-agent",
		"app.kubernetes.io/instance":   "main",
		"operator.prometheus.io/name":  "main",
	}, set.Spec.Selector.MatchLabels, "a DaemonSet has no shards")

	assert.Equal(t, []string{"config", "tls-assets", "config-out", "web-config", "extra"}, volumeNames(pod.Volumes),
		"no data volume; the user's volumes back their mounts")
	prometheus := container(t, pod, PrometheusContainerName)
	for _, mount := range prometheus.VolumeMounts {
		assert.NotEqual(t, "/prometheus", mount.MountPath)
	}
	assert.Contains(t, prometheus.VolumeMounts, corev1.VolumeMount{Name: "extra", MountPath: "/extra"})
	assert.Contains(t, prometheus.Args, "--agent")
	assert.Contains(t, prometheus.Args, "--storage.agent.path=/prometheus")

	nodeName := corev1.EnvVar{Name: "NODE_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "spec.nodeName"}}}
	for _, name := range []string{ReloaderContainerName, InitReloaderContainerName} {
		reloader := container(t, pod, name)
		assert.Contains(t, reloader.Env, nodeName, name)
		assert.Contains(t, reloader.Env, corev1.EnvVar{Name: "SHARD", Value: "0"}, name)
		assert.NotContains(t, reloader.Args, "--watched-dir=/etc/prometheus/rules/ignored")
	}
	reloader := container(t, pod, ReloaderContainerName)
	assert.Contains(t, reloader.Args, "--web-config-file=/etc/prometheus/web_config/web-config.yaml",
		"in DaemonSet mode the reloader always gets the web config")
}

func TestDaemonSetEvenBefore224MountsWebConfig(t *testing.T) {
	set, err := DaemonSet(fixtures.PrometheusAgent("main", fixtures.WithAgentMode(monitoringv1alpha1.DaemonSetPrometheusAgentMode), fixtures.WithVersion("v2.20.0")), Options{Config: testConfig()})
	require.NoError(t, err)
	assert.Contains(t, container(t, set.Spec.Template.Spec, PrometheusContainerName).Args, webConfigArg)
}

func TestDaemonSetNeedsDaemonSetMode(t *testing.T) {
	_, err := DaemonSet(fixtures.PrometheusAgent("main"), Options{Config: testConfig()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not run in DaemonSet mode")
}
