// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"
	"fmt"
	"net/url"
	"path"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/configreloader"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/webconfig"
)

// webConfigLayout is where the ruler's web configuration lives.
func webConfigLayout(tr *monitoringv1.ThanosRuler) webconfig.Layout {
	return webconfig.Layout{Dir: webConfigDir, FileName: webConfigFileName, SecretName: WebConfigSecretName(tr)}
}

// webFields returns the spec's web settings, nil when unset.
func webFields(tr *monitoringv1.ThanosRuler) *monitoringv1.WebConfigFileFields {
	if tr.Spec.Web == nil {
		return nil
	}
	return &tr.Spec.Web.WebConfigFileFields
}

// webTLS returns the web server's TLS settings, nil when unset.
func webTLS(tr *monitoringv1.ThanosRuler) *monitoringv1.WebTLSConfig {
	if fields := webFields(tr); fields != nil {
		return fields.TLSConfig
	}
	return nil
}

// syncWebConfigSecret writes "thanos-ruler-<name>-web-config".
func (c *Controller) syncWebConfigSecret(ctx context.Context, tr *monitoringv1.ThanosRuler) error {
	meta := c.generatedMeta(tr, WebConfigSecretName(tr), nil, true)
	if err := webConfigLayout(tr).SyncSecret(ctx, c.KubeClient.CoreV1().Secrets(tr.Namespace), meta, webFields(tr)); err != nil {
		return fmt.Errorf("web-config Secret: %w", err)
	}
	return nil
}

// podNameEnv gives a container its pod's name, which the replica label
// and the reloader use.
func podNameEnv() corev1.EnvVar {
	return corev1.EnvVar{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}}
}

// reloaderContainer watches the rule folders and asks Thanos to reload
// (HTTPS with web TLS from Thanos 0.21); it renders no configuration file.
// As upstream, it gets SHARD=-1.
func reloaderContainer(tr *monitoringv1.ThanosRuler, target version.Target, config *operator.Config, webConfigFile string, webMounts []corev1.VolumeMount, ruleConfigMaps []string) (corev1.Container, error) {
	resources, err := configreloader.Resources(config.Reloader)
	if err != nil {
		return corev1.Container{}, err
	}
	scheme := "http"
	if webTLS(tr) != nil && target.Supports(webConfigMinimumVersion) {
		scheme = "https"
	}
	reload := url.URL{Scheme: scheme, Host: fmt.Sprintf("%s:%d", config.LocalHost, httpPort), Path: path.Clean(tr.Spec.RoutePrefix + "/-/reload")}
	var mounts []corev1.VolumeMount
	var watched []string
	for _, name := range ruleConfigMaps {
		dir := path.Join(rulesDir, name)
		mounts = append(mounts, corev1.VolumeMount{Name: name, MountPath: dir})
		watched = append(watched, dir)
	}
	return configreloader.Container(configreloader.Options{
		Image:         config.Reloader.Image,
		ListenLocal:   tr.Spec.ListenLocal,
		LocalHost:     config.LocalHost,
		WebConfigFile: webConfigFile,
		ReloadURL:     reload.String(),
		WatchedDirs:   watched,
		LogLevel:      tr.Spec.LogLevel,
		LogFormat:     tr.Spec.LogFormat,
		Env:           []corev1.EnvVar{podNameEnv(), {Name: "SHARD", Value: "-1"}},
		Mounts:        append(mounts, webMounts...),
		Resources:     resources,
		Probes:        config.Reloader.EnableProbes,
	}), nil
}
