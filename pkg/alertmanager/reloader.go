// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"fmt"
	"net/url"
	"path"

	corev1 "k8s.io/api/core/v1"

	"github.com/seed-6daed11e/prometheus-operator/pkg/configreloader"
)

// Reloader settings specific to Alertmanager.
const (
	reloadEndpoint = "/-/reload"
	// configFileName is the gzipped configuration the reloader renders.
	configFileName = GeneratedConfigKey
)

// reloaderURL is where the reloader asks Alertmanager to reload, over
// HTTPS when the web server serves TLS.
func (b *builder) reloaderURL() string {
	scheme := "http"
	if b.webTLS() {
		scheme = "https"
	}
	target := url.URL{
		Scheme: scheme,
		Host:   fmt.Sprintf("%s:%d", b.config.LocalHost, webPort),
		Path:   path.Clean(b.routePrefix() + reloadEndpoint),
	}
	return target.String()
}

// reloaderWebConfigFile secures the reloader's own listener like
// Alertmanager's, for the versions that read a web configuration file.
func (b *builder) reloaderWebConfigFile() string {
	if !b.supports("0.22.0") {
		return ""
	}
	return path.Join(webConfigDir, webConfigFile)
}

// reloaderContainer builds the config-reloader sidecar, or with init the
// init container that renders the configuration once before Alertmanager
// starts.
func (b *builder) reloaderContainer(volumes *podVolumes, init bool) (corev1.Container, error) {
	resources, err := configreloader.Resources(b.config.Reloader)
	if err != nil {
		return corev1.Container{}, err
	}
	opts := configreloader.Options{
		Image: b.config.Reloader.Image, ImagePullPolicy: b.am.Spec.ImagePullPolicy, Init: init,
		ListenLocal: b.am.Spec.ListenLocal, LocalHost: b.config.LocalHost, WebConfigFile: b.reloaderWebConfigFile(),
		ConfigFile: path.Join(configDir, configFileName), EnvsubstFile: path.Join(configOutDir, configEnvsubstFile),
		LogLevel: b.am.Spec.LogLevel, LogFormat: b.am.Spec.LogFormat,
		Env:       []corev1.EnvVar{fieldEnv(podNameEnvVar, "metadata.name")},
		Mounts:    volumes.reloader,
		Resources: resources, Probes: b.config.Reloader.EnableProbes,
	}
	if init {
		opts.Mounts = volumes.initReloader
	} else {
		opts.ReloadURL, opts.WatchedDirs = b.reloaderURL(), volumes.watchedDirs
	}
	return configreloader.Container(opts), nil
}
