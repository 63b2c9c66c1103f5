// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package configreloader builds the prometheus-config-reloader container
// (sidecar or init container) of any workload from plain inputs: which
// files it renders and watches, how it triggers a reload and where it
// listens.
package configreloader

import (
	"fmt"
	"net/url"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
)

// Container names, ports and the command of the reloader.
const (
	ContainerName     = "config-reloader"
	InitContainerName = "init-config-reloader"
	Port              = 8080
	InitPort          = 8081
	PortName          = "reloader-web"
	InitPortName      = "reloader-init"
	command           = "/bin/prometheus-config-reloader"
	healthPath        = "/healthz"
)

// Options are the inputs of one reloader container.
type Options struct {
	// Image and ImagePullPolicy of the container.
	Image           string
	ImagePullPolicy corev1.PullPolicy
	// Init builds the init container: it renders the configuration once
	// (--watch-interval=0), never reloads and has no probes.
	Init bool
	// ListenLocal makes the sidecar listen on LocalHost only, with no
	// container port (and exec probes).
	ListenLocal bool
	// LocalHost is the operator's --localhost.
	LocalHost string
	// WebConfigFile secures the reloader's own listener.
	WebConfigFile string
	// ReloadURL is where a reload is posted (--reload-url); when empty and
	// RuntimeInfoURL is set, the reloader signals the process instead
	// (--reload-method=signal --runtimeinfo-url).
	ReloadURL, RuntimeInfoURL string
	// WatchSecret ("<namespace>/<name>") reads the configuration through
	// the API instead of ConfigFile.
	WatchSecret string
	// ConfigFile is the (gzipped) input configuration; empty for none.
	ConfigFile string
	// EnvsubstFile is where the rendered configuration is written; empty
	// for none.
	EnvsubstFile string
	// WatchConfigMaps ("<namespace>/<name>") are read through the API.
	WatchConfigMaps []string
	// WatchedDirs are watched for changes that trigger a reload.
	WatchedDirs []string
	// LogLevel and LogFormat are passed on unless they are the defaults.
	LogLevel, LogFormat string
	// Env and Mounts of the container.
	Env    []corev1.EnvVar
	Mounts []corev1.VolumeMount
	// Resources are the container's requests and limits (see Resources).
	Resources corev1.ResourceRequirements
	// Probes adds startup, readiness and liveness probes to the sidecar.
	Probes bool
}

// Container builds the reloader container.
func Container(opts Options) corev1.Container {
	args, ports := listenArgs(opts)
	args = append(args, targetArgs(opts)...)
	container := corev1.Container{
		Name:                     ContainerName,
		Image:                    opts.Image,
		ImagePullPolicy:          opts.ImagePullPolicy,
		TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		Env:                      opts.Env,
		Command:                  []string{command},
		Args:                     args,
		Ports:                    ports,
		VolumeMounts:             opts.Mounts,
		Resources:                opts.Resources,
		SecurityContext:          podspec.RestrictedSecurityContext(),
	}
	if opts.Init {
		container.Name = InitContainerName
		return container
	}
	if opts.Probes {
		addProbes(&container, opts)
	}
	return container
}

// listensLocally reports whether the sidecar listens on localhost only.
func listensLocally(opts Options) bool { return !opts.Init && opts.ListenLocal }

// listenArgs returns where the reloader serves its metrics and the
// matching container port. The init container uses its own port so that it
// never collides with the sidecar's.
func listenArgs(opts Options) ([]string, []corev1.ContainerPort) {
	var args []string
	if opts.Init {
		args = append(args, "--watch-interval=0")
	}
	if listensLocally(opts) {
		return append(args, fmt.Sprintf("--listen-address=%s:%d", opts.LocalHost, Port)), nil
	}
	port, portName := Port, PortName
	if opts.Init {
		port, portName = InitPort, InitPortName
	}
	args = append(args, fmt.Sprintf("--listen-address=:%d", port))
	return args, []corev1.ContainerPort{{Name: portName, ContainerPort: int32(port), Protocol: corev1.ProtocolTCP}}
}

// targetArgs returns how the reloader triggers a reload and which files it
// renders and watches.
func targetArgs(opts Options) []string {
	var args []string
	if opts.WebConfigFile != "" {
		args = append(args, "--web-config-file="+opts.WebConfigFile)
	}
	if !opts.Init {
		switch {
		case opts.ReloadURL != "":
			args = append(args, "--reload-url="+opts.ReloadURL)
		case opts.RuntimeInfoURL != "":
			args = append(args, "--reload-method=signal", "--runtimeinfo-url="+opts.RuntimeInfoURL)
		}
	}
	switch {
	case opts.WatchSecret != "":
		args = append(args, "--watch-secret="+opts.WatchSecret)
	case opts.ConfigFile != "":
		args = append(args, "--config-file="+opts.ConfigFile)
	}
	if opts.EnvsubstFile != "" {
		args = append(args, "--config-envsubst-file="+opts.EnvsubstFile)
	}
	for _, configMap := range opts.WatchConfigMaps {
		args = append(args, "--watch-configmap="+configMap)
	}
	for _, dir := range opts.WatchedDirs {
		args = append(args, "--watched-dir="+dir)
	}
	if opts.LogLevel != "" && opts.LogLevel != "info" {
		args = append(args, "--log-level="+opts.LogLevel)
	}
	if opts.LogFormat != "" && opts.LogFormat != "logfmt" {
		args = append(args, "--log-format="+opts.LogFormat)
	}
	return args
}

// addProbes probes the reloader's health endpoint, from inside the
// container when it listens on localhost.
func addProbes(container *corev1.Container, opts Options) {
	var handler corev1.ProbeHandler
	if listensLocally(opts) {
		target := url.URL{Scheme: "http", Host: fmt.Sprintf("localhost:%d", Port), Path: healthPath}
		handler.Exec = podspec.ExecHTTPProbe(target.String())
	} else {
		handler.HTTPGet = &corev1.HTTPGetAction{Path: healthPath, Port: intstr.FromInt32(Port)}
	}
	container.StartupProbe = &corev1.Probe{ProbeHandler: handler}
	container.ReadinessProbe = &corev1.Probe{ProbeHandler: handler}
	container.LivenessProbe = &corev1.Probe{ProbeHandler: handler}
}

// Resources turns the --config-reloader-* flags into requests and limits;
// "0" (or nothing) leaves a resource unset.
func Resources(settings operator.ReloaderConfig) (corev1.ResourceRequirements, error) {
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
