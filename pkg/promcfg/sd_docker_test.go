// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"testing"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

func TestScrapeConfigDockerSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"the local Docker socket with host networking settings": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("docker", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DockerSDConfigs = []monitoringv1alpha1.DockerSDConfig{{
					Host: "unix:///var/run/docker.sock", Port: ptr(int32(8080)), HostNetworkingHost: ptr("localhost"),
					MatchFirstNetwork: ptr(true), RefreshInterval: duration("30s"),
				}}
			}))),
		},
		"a remote daemon with basic auth and TLS material from Secrets, filters sorted by name": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("docker-remote", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DockerSDConfigs = []monitoringv1alpha1.DockerSDConfig{{
					Host: "tcp://docker.example.com:2376",
					Filters: []monitoringv1alpha1.SDFilter{
						{Name: "status", Values: []string{"running"}},
						{Name: "label", Values: []string{"prometheus=true"}},
					},
					SDHTTPClientConfig: httpClientSD(basicAuthSD(), nil, nil, monitoringv1alpha1.SDTransportConfig{TLSConfig: tlsSD()}),
				}}
			}))),
		},
		"Prometheus 2.54.0 has no matchFirstNetwork, so the ScrapeConfig is rejected": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.54.0")),
			input: scrapeConfigInput(fixtures.ScrapeConfig("docker-old", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DockerSDConfigs = []monitoringv1alpha1.DockerSDConfig{{Host: "unix:///var/run/docker.sock", MatchFirstNetwork: ptr(false)}}
			})), fixtures.ScrapeConfig("zz-good", walkthrough, staticTargets("a:80"))),
			rejected:     []string{"ScrapeConfig default/docker-old"},
			rejectReason: "dockerSDConfigs[0]: matchFirstNetwork needs Prometheus >= 2.54.1",
		},
	})
}

func TestScrapeConfigDockerSwarmSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"the services of a Swarm manager": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("swarm", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DockerSwarmSDConfigs = []monitoringv1alpha1.DockerSwarmSDConfig{{
					Host: "unix:///var/run/docker.sock", Role: monitoringv1alpha1.DockerSwarmRoleServices, Port: ptr(int32(9100)),
					Filters: []monitoringv1alpha1.SDFilter{{Name: "mode", Values: []string{"replicated"}}}, RefreshInterval: duration("1m"),
				}}
			}))),
		},
		"nodes of a remote manager with an authorization token from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("swarm-nodes", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DockerSwarmSDConfigs = []monitoringv1alpha1.DockerSwarmSDConfig{
					{Host: "https://swarm.example.com:2376", Role: monitoringv1alpha1.DockerSwarmRoleNodes,
						SDHTTPClientConfig: httpClientSD(nil, authorizationSD(), nil, monitoringv1alpha1.SDTransportConfig{TLSConfig: tlsSD()})},
					{Host: "https://swarm.example.com:2376", Role: monitoringv1alpha1.DockerSwarmRoleTasks},
				}
			}))),
		},
	})
}
