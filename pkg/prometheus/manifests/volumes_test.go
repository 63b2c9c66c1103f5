// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/webconfig"
)

func TestDefaultServerVolumes(t *testing.T) {
	p := fixtures.Prometheus("main")
	set := buildStatefulSet(t, p, func(o *Options) {
		o.RuleConfigMapNames = RuleConfigMapNames(p, 1)
		o.TLSAssetSecretNames = TLSAssetsSecretNames(p, 2)
	})
	pod := set.Spec.Template.Spec

	assert.Equal(t, []string{
		"config", "tls-assets", "config-out",
		"prometheus-main-rulefiles-0", "prometheus-main-rulefiles-1", "prometheus-main-rulefiles-2",
		"web-config", "prometheus-main-db",
	}, volumeNames(pod.Volumes))

	assert.Equal(t, "prometheus-main", volume(t, pod, "config").Secret.SecretName)
	assert.Equal(t, corev1.StorageMediumMemory, volume(t, pod, "config-out").EmptyDir.Medium)
	assert.Equal(t, "prometheus-main-web-config", volume(t, pod, "web-config").Secret.SecretName)
	projected := volume(t, pod, "tls-assets").Projected.Sources
	require.Len(t, projected, 2)
	assert.Equal(t, "prometheus-main-tls-assets-1", projected[1].Secret.Name)
	rules := volume(t, pod, "prometheus-main-rulefiles-2").ConfigMap
	assert.Equal(t, "prometheus-main-rulefiles-2", rules.Name)
	assert.True(t, *rules.Optional, "rule ConfigMaps that do not exist yet must not block the pod")

	assert.Equal(t, []corev1.VolumeMount{
		{Name: "config-out", ReadOnly: true, MountPath: "/etc/prometheus/config_out"},
		{Name: "tls-assets", ReadOnly: true, MountPath: "/etc/prometheus/certs"},
		{Name: "prometheus-main-db", MountPath: "/prometheus"},
		{Name: "prometheus-main-rulefiles-0", ReadOnly: true, MountPath: "/etc/prometheus/rules/prometheus-main-rulefiles-0"},
		{Name: "prometheus-main-rulefiles-1", ReadOnly: true, MountPath: "/etc/prometheus/rules/prometheus-main-rulefiles-1"},
		{Name: "prometheus-main-rulefiles-2", ReadOnly: true, MountPath: "/etc/prometheus/rules/prometheus-main-rulefiles-2"},
		{Name: "web-config", ReadOnly: true, MountPath: "/etc/prometheus/web_config/web-config.yaml", SubPath: "web-config.yaml"},
	}, container(t, pod, PrometheusContainerName).VolumeMounts)

	reloaderMounts := []corev1.VolumeMount{
		{Name: "config", MountPath: "/etc/prometheus/config"},
		{Name: "config-out", MountPath: "/etc/prometheus/config_out"},
		{Name: "prometheus-main-rulefiles-0", MountPath: "/etc/prometheus/rules/prometheus-main-rulefiles-0"},
		{Name: "prometheus-main-rulefiles-1", MountPath: "/etc/prometheus/rules/prometheus-main-rulefiles-1"},
		{Name: "prometheus-main-rulefiles-2", MountPath: "/etc/prometheus/rules/prometheus-main-rulefiles-2"},
	}
	assert.Equal(t, reloaderMounts, container(t, pod, ReloaderContainerName).VolumeMounts)
	assert.Equal(t, reloaderMounts, container(t, pod, InitReloaderContainerName).VolumeMounts)
}

func TestAgentsMountNoRules(t *testing.T) {
	pod := buildStatefulSet(t, fixtures.PrometheusAgent("main"), func(o *Options) { o.RuleConfigMapNames = []string{"ignored"} }).Spec.Template.Spec
	assert.Equal(t, []string{"config", "tls-assets", "config-out", "web-config", "prom-agent-main-db"}, volumeNames(pod.Volumes))
}

func TestUserVolumesSecretsAndConfigMaps(t *testing.T) {
	p := fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.Secrets = []string{"etcd.certs"}
		c.ConfigMaps = []string{"Extra_Files"}
		c.Volumes = []corev1.Volume{{Name: "scratch", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
		c.VolumeMounts = []corev1.VolumeMount{{Name: "scratch", MountPath: "/scratch"}}
	}))
	pod := buildStatefulSet(t, p).Spec.Template.Spec

	names := volumeNames(pod.Volumes)
	assert.Equal(t, "scratch", names[len(names)-1], "the user's volumes come last")
	assert.Equal(t, "etcd.certs", volume(t, pod, "secret-etcd-certs").Secret.SecretName)
	assert.Equal(t, "Extra_Files", volume(t, pod, "configmap-extra-files").ConfigMap.Name)

	mounts := container(t, pod, PrometheusContainerName).VolumeMounts
	assert.Contains(t, mounts, corev1.VolumeMount{Name: "scratch", MountPath: "/scratch"})
	assert.Contains(t, mounts, corev1.VolumeMount{Name: "secret-etcd-certs", ReadOnly: true, MountPath: "/etc/prometheus/secrets/etcd.certs"})
	assert.Contains(t, mounts, corev1.VolumeMount{Name: "configmap-extra-files", ReadOnly: true, MountPath: "/etc/prometheus/configmaps/Extra_Files"})
}

func TestLogFileVolume(t *testing.T) {
	logVolumes := func(pod corev1.PodSpec) int {
		count := 0
		for _, v := range pod.Volumes {
			if v.Name == "log-file" {
				count++
			}
		}
		return count
	}
	tests := map[string]struct {
		object     monitoringv1.PrometheusInterface
		wantVolume int
	}{
		"a bare query log file name gets the log folder": {
			object:     fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.QueryLogFile = "query.log" })),
			wantVolume: 1,
		},
		"a query log path needs no volume": {
			object: fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.QueryLogFile = "/prometheus/query.log" })),
		},
		"a bare scrape failure log file name gets the log folder": {
			object:     fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeFailureLogFile = ptrTo("failures.log") })),
			wantVolume: 1,
		},
		"both logs share one folder": {
			object:     fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.QueryLogFile = "query.log" }), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeFailureLogFile = ptrTo("failures.log") })),
			wantVolume: 1,
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			pod := buildStatefulSet(t, test.object).Spec.Template.Spec
			assert.Equal(t, test.wantVolume, logVolumes(pod))
			mount := corev1.VolumeMount{Name: "log-file", MountPath: "/var/log/prometheus"}
			if test.wantVolume == 0 {
				assert.NotContains(t, container(t, pod, PrometheusContainerName).VolumeMounts, mount)
				return
			}
			assert.Contains(t, container(t, pod, PrometheusContainerName).VolumeMounts, mount)
		})
	}
}

func TestWebTLSVolumes(t *testing.T) {
	p := fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.Web = &monitoringv1.PrometheusWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{TLSConfig: &monitoringv1.WebTLSConfig{
			KeySecret: corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "web-tls"}, Key: "tls.key"},
			Cert:      monitoringv1.SecretOrConfigMap{Secret: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "web-tls"}, Key: "tls.crt"}},
			ClientCA:  monitoringv1.SecretOrConfigMap{ConfigMap: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "client-ca"}, Key: "ca.crt"}},
		}}}
	}))
	pod := buildStatefulSet(t, p).Spec.Template.Spec

	var tlsMounts []corev1.VolumeMount
	for _, mount := range container(t, pod, PrometheusContainerName).VolumeMounts {
		if len(mount.Name) > len(webconfig.TLSVolumePrefix) && mount.Name[:len(webconfig.TLSVolumePrefix)] == webconfig.TLSVolumePrefix {
			tlsMounts = append(tlsMounts, mount)
		}
	}
	require.Len(t, tlsMounts, 3)
	assert.Regexp(t, `^web-config-tls-secret-key-web-tls-[0-9a-f]{8}$`, tlsMounts[0].Name)
	assert.Equal(t, "/etc/prometheus/web_config/secret/web-tls-key", tlsMounts[0].MountPath)
	assert.Regexp(t, `^web-config-tls-secret-cert-web-tls-[0-9a-f]{8}$`, tlsMounts[1].Name)
	assert.Equal(t, "/etc/prometheus/web_config/secret/web-tls-cert", tlsMounts[1].MountPath)
	assert.Regexp(t, `^web-config-tls-configmap-client-ca-client-ca-[0-9a-f]{8}$`, tlsMounts[2].Name)
	assert.Equal(t, "/etc/prometheus/web_config/configmap/client-ca-ca", tlsMounts[2].MountPath)
	assert.Equal(t, "client-ca", volume(t, pod, tlsMounts[2].Name).ConfigMap.Name)

	tls := p.Spec.Web.TLSConfig
	layout := WebConfigLayout(p)
	assert.Equal(t, tlsMounts[0].MountPath, layout.KeyPath(tls), "the web config file must point where the key is mounted")
	assert.Equal(t, tlsMounts[1].MountPath, layout.CertPath(tls))
	assert.Equal(t, tlsMounts[2].MountPath, layout.ClientCAPath(tls))

	reloader := container(t, pod, ReloaderContainerName)
	assert.Contains(t, reloader.Args, "--web-config-file=/etc/prometheus/web_config/web-config.yaml")
	assert.Contains(t, reloader.VolumeMounts, tlsMounts[0], "the reloader serves with the same TLS setup")
	assert.NotContains(t, container(t, pod, InitReloaderContainerName).Args, "--web-config-file=/etc/prometheus/web_config/web-config.yaml")
}

func TestWebTLSFromFilesMountsNoCredential(t *testing.T) {
	p := fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.Web = &monitoringv1.PrometheusWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{TLSConfig: &monitoringv1.WebTLSConfig{
			CertFile: ptrTo("/certs/tls.crt"), KeyFile: ptrTo("/certs/tls.key"),
		}}}
	}))
	pod := buildStatefulSet(t, p).Spec.Template.Spec
	for _, v := range pod.Volumes {
		assert.NotContains(t, v.Name, webconfig.TLSVolumePrefix)
	}
}
