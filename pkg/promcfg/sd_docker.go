// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"net/url"
	"strings"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// The Docker engine and Docker Swarm discovery mechanisms.

var dockerFamily = newFamily("docker_sd_configs", "dockerSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.DockerSDConfig {
		return spec.DockerSDConfigs
	}, buildDockerSD)

var dockerSwarmFamily = newFamily("dockerswarm_sd_configs", "dockerSwarmSDConfigs", "2.20.0",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.DockerSwarmSDConfig {
		return spec.DockerSwarmSDConfigs
	}, buildDockerSwarmSD)

// dockerSwarmRoles spells the API's roles the way Prometheus does.
var dockerSwarmRoles = map[string]string{
	string(monitoringv1alpha1.DockerSwarmRoleServices): "services",
	string(monitoringv1alpha1.DockerSwarmRoleTasks):    "tasks",
	string(monitoringv1alpha1.DockerSwarmRoleNodes):    "nodes",
}

// dockerHost adds the daemon address, a URL such as
// unix:///var/run/docker.sock or tcp://host:2375.
func dockerHost(e *sdEntry, host string) {
	parsed, err := url.Parse(host)
	switch {
	case err != nil:
		e.failf("host: %w", err)
	case parsed.Scheme == "" || strings.TrimSpace(host) != host:
		e.failf("host: %q is not a daemon URL such as unix:///var/run/docker.sock", host)
	}
	e.text("host", host)
}

func buildDockerSD(e *sdEntry, config *monitoringv1alpha1.DockerSDConfig) {
	dockerHost(e, config.Host)
	e.port(config.Port)
	optionalText(e, "host_networking_host", config.HostNetworkingHost)
	if config.MatchFirstNetwork != nil {
		e.require("2.54.1", "matchFirstNetwork")
		e.add("match_first_network", *config.MatchFirstNetwork)
	}
	e.filters(config.Filters)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}

func buildDockerSwarmSD(e *sdEntry, config *monitoringv1alpha1.DockerSwarmSDConfig) {
	dockerHost(e, config.Host)
	e.oneOf("role", string(config.Role), dockerSwarmRoles)
	e.port(config.Port)
	e.filters(config.Filters)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}
