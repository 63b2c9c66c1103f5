// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package build

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// Reloader ports, command and the environment variables it (and the
// configuration it renders) can use.
const (
	reloaderPort          = 8080
	initReloaderPort      = 8081
	reloaderPortName      = "reloader-web"
	initReloaderPortName  = "reloader-init"
	reloaderCommand       = "/bin/prometheus-config-reloader"
	PodNameEnvVar         = "POD_NAME"
	ShardEnvVar           = "SHARD"
	NodeNameEnvVar        = "NODE_NAME"
	TopologyZoneEnvVar    = "TOPOLOGY_ZONE"
	InZoneShardEnvVar     = "INZONE_SHARD"
	reloaderHealthPath    = "/healthz"
	reloaderSignalMethod  = "signal"
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
	resources, err := reloaderResources(config.Reloader)
	if err != nil {
		return corev1.Container{}, err
	}
	args, ports := w.reloaderListenArgs(config, setup)
	args = append(args, w.reloaderTargetArgs(config, setup)...)

	container := corev1.Container{
		Name:                     ReloaderContainerName,
		Image:                    config.Reloader.Image,
		ImagePullPolicy:          w.common.ImagePullPolicy,
		TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		Env:                      reloaderEnv(setup),
		Command:                  []string{reloaderCommand},
		Args:                     args,
		Ports:                    ports,
		VolumeMounts:             setup.mounts,
		Resources:                resources,
		SecurityContext:          restrictedSecurityContext(),
	}
	if setup.init {
		container.Name = InitReloaderContainerName
		return container, nil
	}
	if config.Reloader.EnableProbes {
		w.addReloaderProbes(&container, config, setup)
	}
	return container, nil
}

// reloaderListenArgs returns where the reloader serves its metrics and the
// matching container port. The sidecar listens on localhost only when
// Prometheus does and reloads over HTTP; the init container always uses its
// own port so that it never collides with the sidecar's.
func (w *workload) reloaderListenArgs(config *operator.Config, setup reloaderSetup) ([]string, []corev1.ContainerPort) {
	var args []string
	if setup.init {
		args = append(args, "--watch-interval=0")
	}
	if w.reloaderListensLocally(setup) {
		return append(args, fmt.Sprintf("--listen-address=%s:%d", config.LocalHost, reloaderPort)), nil
	}
	port, portName := reloaderPort, reloaderPortName
	if setup.init {
		port, portName = initReloaderPort, initReloaderPortName
	}
	args = append(args, fmt.Sprintf("--listen-address=:%d", port))
	return args, []corev1.ContainerPort{{Name: portName, ContainerPort: int32(port), Protocol: corev1.ProtocolTCP}}
}

func (w *workload) reloaderListensLocally(setup reloaderSetup) bool {
	return !setup.init && w.httpReload() && w.common.ListenLocal
}

// reloaderTargetArgs returns how the reloader reaches Prometheus and which
// files it renders and watches.
func (w *workload) reloaderTargetArgs(config *operator.Config, setup reloaderSetup) []string {
	var args []string
	if setup.webConfigFile != "" {
		args = append(args, "--web-config-file="+setup.webConfigFile)
	}
	if !setup.init {
		prometheusURL := url.URL{Scheme: w.webScheme(), Host: fmt.Sprintf("%s:%d", config.LocalHost, PrometheusPort)}
		if w.httpReload() {
			prometheusURL.Path = path.Clean(w.routePrefix() + prometheusReloadPath)
			args = append(args, "--reload-url="+prometheusURL.String())
		} else {
			prometheusURL.Path = path.Clean(w.routePrefix() + prometheusRuntimePath)
			args = append(args, "--reload-method="+reloaderSignalMethod, "--runtimeinfo-url="+prometheusURL.String())
		}
	}
	if setup.watchSecret != "" {
		args = append(args, "--watch-secret="+setup.watchSecret)
	} else {
		args = append(args, "--config-file="+path.Join(ConfigDir, ConfigFileName))
	}
	args = append(args, "--config-envsubst-file="+path.Join(ConfigOutDir, ConfigEnvsubstFileName))
	for _, configMap := range setup.watchConfigMaps {
		args = append(args, "--watch-configmap="+configMap)
	}
	watched := slices.Clone(setup.watchedDirs)
	if !slices.Contains(watched, ConfigDir) {
		watched = append(watched, ConfigDir)
	}
	for _, dir := range watched {
		args = append(args, "--watched-dir="+dir)
	}
	if level := w.common.LogLevel; level != "" && level != "info" {
		args = append(args, "--log-level="+level)
	}
	if format := w.common.LogFormat; format != "" && format != "logfmt" {
		args = append(args, "--log-format="+format)
	}
	return args
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

// addReloaderProbes probes the reloader's health endpoint, from inside the
// container when it listens on localhost.
func (w *workload) addReloaderProbes(container *corev1.Container, config *operator.Config, setup reloaderSetup) {
	var handler corev1.ProbeHandler
	if w.reloaderListensLocally(setup) {
		target := url.URL{Scheme: "http", Host: fmt.Sprintf("localhost:%d", reloaderPort), Path: reloaderHealthPath}
		handler.Exec = execProbe(target.String())
	} else {
		handler.HTTPGet = &corev1.HTTPGetAction{Path: reloaderHealthPath, Port: intstr.FromInt32(reloaderPort)}
	}
	container.StartupProbe = &corev1.Probe{ProbeHandler: handler}
	container.ReadinessProbe = &corev1.Probe{ProbeHandler: handler}
	container.LivenessProbe = &corev1.Probe{ProbeHandler: handler}
}

// reloaderResources turns the --config-reloader-* flags into requests and
// limits; "0" (or nothing) leaves a resource unset.
func reloaderResources(settings operator.ReloaderConfig) (corev1.ResourceRequirements, error) {
	resources := corev1.ResourceRequirements{Requests: corev1.ResourceList{}, Limits: corev1.ResourceList{}}
	for _, item := range []struct {
		list  corev1.ResourceList
		name  corev1.ResourceName
		value string
		flag  string
	}{
		{resources.Requests, corev1.ResourceCPU, settings.CPURequest, "config-reloader-cpu-request"},
		{resources.Limits, corev1.ResourceCPU, settings.CPULimit, "config-reloader-cpu-limit"},
		{resources.Requests, corev1.ResourceMemory, settings.MemoryRequest, "config-reloader-memory-request"},
		{resources.Limits, corev1.ResourceMemory, settings.MemoryLimit, "config-reloader-memory-limit"},
	} {
		if item.value == "" || item.value == "0" {
			continue
		}
		quantity, err := resource.ParseQuantity(item.value)
		if err != nil {
			return corev1.ResourceRequirements{}, fmt.Errorf("--%s=%q: %w", item.flag, item.value, err)
		}
		if quantity.IsZero() {
			continue
		}
		item.list[item.name] = quantity
	}
	if len(resources.Requests) == 0 {
		resources.Requests = nil
	}
	if len(resources.Limits) == 0 {
		resources.Limits = nil
	}
	return resources, nil
}

// restrictedSecurityContext is the security context of every generated
// container: no privilege escalation, no capabilities, read-only root.
func restrictedSecurityContext() *corev1.SecurityContext {
	readOnly, escalation := true, false
	return &corev1.SecurityContext{
		ReadOnlyRootFilesystem:   &readOnly,
		AllowPrivilegeEscalation: &escalation,
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
	}
}
