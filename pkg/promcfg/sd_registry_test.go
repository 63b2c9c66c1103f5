// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// httpClientSD builds the full discovery client from its parts.
func httpClientSD(basicAuth *monitoringv1.BasicAuth, authorization *monitoringv1.SafeAuthorization, oauth2 *monitoringv1.OAuth2, transport monitoringv1alpha1.SDTransportConfig) monitoringv1alpha1.SDHTTPClientConfig {
	return monitoringv1alpha1.SDHTTPClientConfig{
		BasicAuth:            basicAuth,
		SDBearerClientConfig: monitoringv1alpha1.SDBearerClientConfig{Authorization: authorization, OAuth2: oauth2, SDTransportConfig: transport},
	}
}

func TestScrapeConfigConsulSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"every Consul setting with the ACL token inlined from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("consul", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.ConsulSDConfigs = []monitoringv1alpha1.ConsulSDConfig{{
					Server: "consul.example.com:8500", PathPrefix: ptr("/consul"), TokenRef: ptr(secretKey("cloud", "consul-token")),
					Datacenter: ptr("dc1"), Namespace: ptr("team"), Partition: ptr("part"), Scheme: ptr(monitoringv1.Scheme("HTTPS")),
					Services: []string{"web", "api"}, Tags: []string{"prod"}, TagSeparator: ptr(";"),
					NodeMeta: map[string]string{"rack": "r1", "os": "linux"}, Filter: ptr(`Service == "web"`),
					HealthFilter: ptr(`Status == "passing"`), AllowStale: ptr(false), RefreshInterval: duration("20s"),
				}}
			}))),
		},
		"basic auth and TLS material from Secrets for Consul": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("consul-tls", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.ConsulSDConfigs = []monitoringv1alpha1.ConsulSDConfig{{
					Server:             "consul:8501",
					SDHTTPClientConfig: httpClientSD(basicAuthSD(), nil, nil, monitoringv1alpha1.SDTransportConfig{TLSConfig: tlsSD(), EnableHTTP2: ptr(false)}),
				}}
			}))),
		},
		"Prometheus 2.x cannot take a Consul filter, so the ScrapeConfig is rejected": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.55.0")),
			input: scrapeConfigInput(
				fixtures.ScrapeConfig("consul-filter", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.ConsulSDConfigs = []monitoringv1alpha1.ConsulSDConfig{{Server: "consul:8500", Filter: ptr(`Service == "web"`)}}
				})),
				fixtures.ScrapeConfig("consul-plain", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.ConsulSDConfigs = []monitoringv1alpha1.ConsulSDConfig{{Server: "consul:8500"}}
				})),
			),
			rejected:     []string{"ScrapeConfig default/consul-filter"},
			rejectReason: "consulSDConfigs[0]: filter needs Prometheus >= 3.0.0, target is v2.55.0",
		},
	})
}

func TestScrapeConfigEurekaSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a Eureka server polled every minute": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("eureka", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.EurekaSDConfigs = []monitoringv1alpha1.EurekaSDConfig{{Server: "http://eureka.example.com:8761/eureka", RefreshInterval: duration("1m")}}
			}))),
		},
		"basic auth from a Secret for Eureka": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("eureka-auth", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.EurekaSDConfigs = []monitoringv1alpha1.EurekaSDConfig{{
					Server:             "https://eureka.example.com/eureka",
					SDHTTPClientConfig: httpClientSD(basicAuthSD(), nil, nil, monitoringv1alpha1.SDTransportConfig{FollowRedirects: ptr(false)}),
				}}
			}))),
		},
	})
}

func TestScrapeConfigKumaSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a Kuma control plane with a client ID and fetch timeout": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("kuma", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.KumaSDConfigs = []monitoringv1alpha1.KumaSDConfig{{
					Server: "http://kuma-control-plane.kuma-system.svc:5676", ClientID: ptr("prometheus"),
					RefreshInterval: duration("15s"), FetchTimeout: duration("2m"),
				}}
			}))),
		},
		"an authorization token from a Secret for Kuma": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("kuma-auth", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.KumaSDConfigs = []monitoringv1alpha1.KumaSDConfig{{
					Server:             "https://kuma.example.com:5676",
					SDHTTPClientConfig: httpClientSD(nil, authorizationSD(), nil, monitoringv1alpha1.SDTransportConfig{TLSConfig: tlsSD()}),
				}}
			}))),
		},
	})
}

func TestScrapeConfigNomadSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a Nomad region and namespace": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("nomad", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.NomadSDConfigs = []monitoringv1alpha1.NomadSDConfig{{
					Server: "http://nomad.example.com:4646", AllowStale: ptr(true), Namespace: ptr("default"),
					Region: ptr("global"), TagSeparator: ptr(","), RefreshInterval: duration("30s"),
				}}
			}))),
		},
		"an authorization token and TLS material from Secrets for Nomad": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("nomad-auth", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.NomadSDConfigs = []monitoringv1alpha1.NomadSDConfig{{
					Server:             "https://nomad.example.com:4646",
					SDHTTPClientConfig: httpClientSD(nil, authorizationSD(), nil, monitoringv1alpha1.SDTransportConfig{TLSConfig: tlsSD()}),
				}}
			}))),
		},
	})
}

func TestScrapeConfigPuppetDBSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a PQL query with parameters and a port": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("puppetdb", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.PuppetDBSDConfigs = []monitoringv1alpha1.PuppetDBSDConfig{{
					URL: "https://puppetdb.example.com", Query: `resources { type = "Class" and title = "Prometheus::Node_exporter" }`,
					IncludeParameters: ptr(true), Port: ptr(int32(9100)), RefreshInterval: duration("2m"),
				}}
			}))),
		},
		"basic auth and TLS material from Secrets for PuppetDB": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("puppetdb-auth", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.PuppetDBSDConfigs = []monitoringv1alpha1.PuppetDBSDConfig{{
					URL: "https://puppetdb.example.com:8081", Query: "nodes { }",
					SDHTTPClientConfig: httpClientSD(basicAuthSD(), nil, nil, monitoringv1alpha1.SDTransportConfig{TLSConfig: tlsSD()}),
				}}
			}))),
		},
	})
}
