// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"

	corev1 "k8s.io/api/core/v1"

	"github.com/seed-6daed11e/prometheus-operator/pkg/configreloader"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// The environment variables the reloader (and the configuration it
// renders) can use, and the Prometheus endpoints it reloads through.
const (
	PodNameEnvVar         = "POD_NAME"
	ShardEnvVar           = "SHARD"
	NodeNameEnvVar        = "NODE_NAME"
	TopologyZoneEnvVar    = "TOPOLOGY_ZONE"
	InZoneShardEnvVar     = "INZONE_SHARD"
	prometheusRuntimePath = "/api/v1/status/runtimeinfo"
	prometheusReloadPath  = "/-/reload"
)

// reloaderSetup is what varies between the reloader containers of one pod.
type reloaderSetup struct {
	// init builds the init container, which renders the configuration once.
	init bool
	// mounts are the reloader's volume mounts.
	mounts []corev1.VolumeMount
	// watchedDirs are watched besides the configuration folder (rule ConfigMaps).
	watchedDirs []string
	// webConfigFile secures the reloader's own listener like Prometheus'.
	webConfigFile string
	// shard feeds the SHARD variable; the zone fields feed topology sharding.
	shard       int32
	zone        string
	inZoneShard int32
	// nodeName adds NODE_NAME, used by agents in DaemonSet mode.
	nodeName bool
	// watchSecret and watchConfigMaps ("<namespace>/<name>") switch the
	// reloader to reading the configuration Secret and the rule ConfigMaps
	// through the API (operator flag --config-reloader-watch-api).
	watchSecret     string
	watchConfigMaps []string
}

// reloaderContainer builds the config-reloader (or its init twin).
func (w *workload) reloaderContainer(config *operator.Config, setup reloaderSetup) (corev1.Container, error) {
	resources, err := configreloader.Resources(config.Reloader)
	if err != nil {
		return corev1.Container{}, err
	}
	opts := configreloader.Options{
		Image:           config.Reloader.Image,
		ImagePullPolicy: w.common.ImagePullPolicy,
		Init:            setup.init,
		// The sidecar listens on localhost only when Prometheus does and
		// reloads over HTTP.
		ListenLocal:     w.httpReload() && w.common.ListenLocal,
		LocalHost:       config.LocalHost,
		WebConfigFile:   setup.webConfigFile,
		WatchSecret:     setup.watchSecret,
		ConfigFile:      path.Join(ConfigDir, ConfigFileName),
		EnvsubstFile:    path.Join(ConfigOutDir, ConfigEnvsubstFileName),
		WatchConfigMaps: setup.watchConfigMaps,
		WatchedDirs:     slices.Clone(setup.watchedDirs),
		LogLevel:        w.common.LogLevel,
		LogFormat:       w.common.LogFormat,
		Env:             reloaderEnv(setup),
		Mounts:          setup.mounts,
		Resources:       resources,
		Probes:          config.Reloader.EnableProbes,
	}
	if !slices.Contains(opts.WatchedDirs, ConfigDir) {
		opts.WatchedDirs = append(opts.WatchedDirs, ConfigDir)
	}
	prometheusURL := url.URL{Scheme: w.webScheme(), Host: fmt.Sprintf("%s:%d", config.LocalHost, PrometheusPort)}
	if w.httpReload() {
		prometheusURL.Path = path.Clean(w.routePrefix() + prometheusReloadPath)
		opts.ReloadURL = prometheusURL.String()
	} else {
		prometheusURL.Path = path.Clean(w.routePrefix() + prometheusRuntimePath)
		opts.RuntimeInfoURL = prometheusURL.String()
	}
	return configreloader.Container(opts), nil
}

// reloaderEnv gives the reloader the pod name and shard facts it substitutes
// into the configuration ($(POD_NAME), $(SHARD), ...).
func reloaderEnv(setup reloaderSetup) []corev1.EnvVar {
	env := []corev1.EnvVar{fieldEnv(PodNameEnvVar, "metadata.name")}
	if setup.nodeName {
		env = append(env, fieldEnv(NodeNameEnvVar, "spec.nodeName"))
	}
	env = append(env, corev1.EnvVar{Name: ShardEnvVar, Value: strconv.Itoa(int(setup.shard))})
	if setup.zone != "" {
		env = append(env,
			corev1.EnvVar{Name: TopologyZoneEnvVar, Value: setup.zone},
			corev1.EnvVar{Name: InZoneShardEnvVar, Value: strconv.Itoa(int(setup.inZoneShard))},
		)
	}
	return env
}

func fieldEnv(name, fieldPath string) corev1.EnvVar {
	return corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: fieldPath}}}
}
