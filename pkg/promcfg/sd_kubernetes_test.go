// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func kubernetesSDEntry(role monitoringv1alpha1.KubernetesRole, change ...func(*monitoringv1alpha1.KubernetesSDConfig)) monitoringv1alpha1.KubernetesSDConfig {
	config := monitoringv1alpha1.KubernetesSDConfig{Role: role}
	for _, c := range change {
		c(&config)
	}
	return config
}

func withKubernetesSD(configs ...monitoringv1alpha1.KubernetesSDConfig) fixtures.Option {
	return fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) { spec.KubernetesSDConfigs = configs })
}

func TestScrapeConfigKubernetesSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"every role is lowercased, in-cluster": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("roles", walkthrough, withKubernetesSD(
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRolePod),
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleEndpoints),
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleEndpointSlice),
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleService),
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleNode),
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleIngress),
			))),
		},
		"namespaces, selectors and node metadata narrow a pod discovery": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("pods", walkthrough, withKubernetesSD(
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRolePod, func(c *monitoringv1alpha1.KubernetesSDConfig) {
					c.Namespaces = &monitoringv1alpha1.NamespaceDiscovery{Names: []string{"team-a", "team-b"}, IncludeOwnNamespace: ptr(true)}
					c.Selectors = []monitoringv1alpha1.K8SSelectorConfig{{Role: monitoringv1alpha1.KubernetesRolePod, Label: ptr("app=web,tier!=cache"), Field: ptr("status.phase=Running")}}
					c.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(true)}
				}),
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleEndpoints, func(c *monitoringv1alpha1.KubernetesSDConfig) {
					c.Selectors = []monitoringv1alpha1.K8SSelectorConfig{
						{Role: monitoringv1alpha1.KubernetesRoleService, Label: ptr("monitored=true")},
						{Role: monitoringv1alpha1.KubernetesRolePod, Field: ptr("spec.nodeName=node-1")},
					}
				}),
			))),
		},
		"a remote API server with basic auth and TLS material from Secrets": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("remote", walkthrough, withKubernetesSD(
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleNode, func(c *monitoringv1alpha1.KubernetesSDConfig) {
					c.APIServer = ptr("https://kube.example.com:6443")
					c.BasicAuth = basicAuthSD()
					c.TLSConfig = tlsSD()
					c.FollowRedirects = ptr(true)
					c.ProxyConfig = proxySD()
				}),
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleService, func(c *monitoringv1alpha1.KubernetesSDConfig) {
					c.APIServer = ptr("https://other.example.com")
					c.OAuth2 = oauth2SD()
					c.Namespaces = &monitoringv1alpha1.NamespaceDiscovery{Names: []string{"default"}}
				}),
			))),
		},
		"Prometheus 2.36 drops node metadata for endpoints with a warning": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.36.0")),
			input: scrapeConfigInput(fixtures.ScrapeConfig("old-metadata", walkthrough, withKubernetesSD(
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleEndpoints, func(c *monitoringv1alpha1.KubernetesSDConfig) {
					c.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(true)}
				}),
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRolePod, func(c *monitoringv1alpha1.KubernetesSDConfig) {
					c.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(true)}
				}),
				kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleService, func(c *monitoringv1alpha1.KubernetesSDConfig) {
					c.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(true)}
				}),
			))),
			warnings: []string{
				`"kubernetesSDConfigs[0].attach_metadata": needs Prometheus >= 2.37.0`,
				`"kubernetesSDConfigs[2].attachMetadata": Prometheus does not attach metadata for the service role`,
			},
		},
		"Prometheus 2.20 has no EndpointSlice role, so the ScrapeConfig is rejected": {
			workload:     fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.20.0")),
			input:        scrapeConfigInput(fixtures.ScrapeConfig("old-slices", walkthrough, withKubernetesSD(kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleEndpointSlice)))),
			rejected:     []string{"ScrapeConfig default/old-slices"},
			rejectReason: "kubernetesSDConfigs[0]: the EndpointSlice role needs Prometheus >= 2.21.0",
		},
	})
}
