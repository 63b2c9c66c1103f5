// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func bearerClientSD(authorization *monitoringv1.SafeAuthorization, oauth2 *monitoringv1.OAuth2, transport monitoringv1alpha1.SDTransportConfig) monitoringv1alpha1.SDBearerClientConfig {
	return monitoringv1alpha1.SDBearerClientConfig{Authorization: authorization, OAuth2: oauth2, SDTransportConfig: transport}
}

func TestScrapeConfigDigitalOceanSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"an API token from a Secret and a port": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("digitalocean", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DigitalOceanSDConfigs = []monitoringv1alpha1.DigitalOceanSDConfig{{
					Port: ptr(int32(9100)), RefreshInterval: duration("1m"), SDBearerClientConfig: bearerClientSD(authorizationSD(), nil, monitoringv1alpha1.SDTransportConfig{}),
				}}
			}))),
		},
		"OAuth2 credentials through a proxy": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("digitalocean-oauth2", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DigitalOceanSDConfigs = []monitoringv1alpha1.DigitalOceanSDConfig{{
					SDBearerClientConfig: bearerClientSD(nil, oauth2SD(), monitoringv1alpha1.SDTransportConfig{ProxyConfig: proxySD(), EnableHTTP2: ptr(false)}),
				}}
			}))),
		},
	})
}

func TestScrapeConfigLinodeSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"an API token from a Secret, a region and a tag separator": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("linode", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.LinodeSDConfigs = []monitoringv1alpha1.LinodeSDConfig{{
					Region: ptr("us-east"), Port: ptr(int32(9100)), TagSeparator: ptr(","), RefreshInterval: duration("1m"),
					SDBearerClientConfig: bearerClientSD(authorizationSD(), nil, monitoringv1alpha1.SDTransportConfig{FollowRedirects: ptr(true)}),
				}}
			}))),
		},
		"OAuth2 credentials and TLS material for Linode": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("linode-oauth2", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.LinodeSDConfigs = []monitoringv1alpha1.LinodeSDConfig{{
					SDBearerClientConfig: bearerClientSD(nil, oauth2SD(), monitoringv1alpha1.SDTransportConfig{TLSConfig: tlsSD()}),
				}}
			}))),
		},
	})
}

func TestScrapeConfigHetznerSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a cloud API token from a Secret and a label selector": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("hetzner", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.HetznerSDConfigs = []monitoringv1alpha1.HetznerSDConfig{{
					Role: "Hcloud", Port: ptr(int32(9100)), LabelSelector: ptr("env=prod"), RefreshInterval: duration("1m"),
					SDHTTPClientConfig: httpClientSD(nil, authorizationSD(), nil, monitoringv1alpha1.SDTransportConfig{}),
				}}
			}))),
		},
		"robot servers with basic auth from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("hetzner-robot", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.HetznerSDConfigs = []monitoringv1alpha1.HetznerSDConfig{{
					Role: monitoringv1alpha1.HetznerRoleRobot, SDHTTPClientConfig: httpClientSD(basicAuthSD(), nil, nil, monitoringv1alpha1.SDTransportConfig{}),
				}}
			}))),
		},
		"Prometheus 3.4 has no Hetzner label selector, so the ScrapeConfig is rejected": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v3.4.0")),
			input: scrapeConfigInput(fixtures.ScrapeConfig("hetzner-old", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.HetznerSDConfigs = []monitoringv1alpha1.HetznerSDConfig{{Role: "hcloud", LabelSelector: ptr("env=prod")}}
			})), fixtures.ScrapeConfig("zz-good", walkthrough, staticTargets("a:80"))),
			rejected:     []string{"ScrapeConfig default/hetzner-old"},
			rejectReason: "hetznerSDConfigs[0]: labelSelector needs Prometheus >= 3.5.0",
		},
	})
}

func TestScrapeConfigOVHCloudSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"VPS with the application secret and consumer key from Secrets": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("ovh-vps", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.OVHCloudSDConfigs = []monitoringv1alpha1.OVHCloudSDConfig{{
					ApplicationKey: "app-key", ApplicationSecret: secretKey("cloud", "application-secret"),
					ConsumerKey: secretKey("cloud", "consumer-key"), Service: monitoringv1alpha1.OVHCloudServiceVPS,
				}}
			}))),
		},
		"dedicated servers on another endpoint": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("ovh-dedicated", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.OVHCloudSDConfigs = []monitoringv1alpha1.OVHCloudSDConfig{{
					ApplicationKey: "app-key", ApplicationSecret: secretKey("cloud", "application-secret"),
					ConsumerKey: secretKey("cloud", "consumer-key"), Service: monitoringv1alpha1.OVHCloudServiceDedicatedServer,
					Endpoint: ptr("ovh-ca"), RefreshInterval: duration("10m"),
				}}
			}))),
		},
	})
}

func TestScrapeConfigScalewaySD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"instances with the secret key from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("scaleway", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.ScalewaySDConfigs = []monitoringv1alpha1.ScalewaySDConfig{{
					AccessKey: "SCWXXXXXXXXXXXXXXXXX", SecretKey: secretKey("cloud", "scaleway-secret"),
					ProjectID: "6e5b8b4c-9c1f-4a5e-8a1a-2b0f4c3d2e1f", Role: monitoringv1alpha1.ScalewayRoleInstance, Zone: ptr("fr-par-1"),
				}}
			}))),
		},
		"bare-metal servers filtered by name and tags through a proxy": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("scaleway-baremetal", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.ScalewaySDConfigs = []monitoringv1alpha1.ScalewaySDConfig{{
					AccessKey: "SCWXXXXXXXXXXXXXXXXX", SecretKey: secretKey("cloud", "scaleway-secret"),
					ProjectID: "6e5b8b4c-9c1f-4a5e-8a1a-2b0f4c3d2e1f", Role: monitoringv1alpha1.ScalewayRoleBaremetal, Port: ptr(int32(9100)),
					APIURL: ptr("https://api.scaleway.com"), NameFilter: ptr("web"), TagsFilter: []string{"prod", "eu"},
					RefreshInterval:   duration("1m"),
					SDTransportConfig: monitoringv1alpha1.SDTransportConfig{ProxyConfig: proxySD(), TLSConfig: tlsSD()},
				}}
			}))),
		},
	})
}

func TestScrapeConfigIonosSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a data center with an API token from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("ionos", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.IonosSDConfigs = []monitoringv1alpha1.IonosSDConfig{{
					DataCenterID: "8feda53f-15f0-447f-badf-ebe32dad2fc0", Port: ptr(int32(9100)), RefreshInterval: duration("1m"),
					Authorization: *authorizationSD(),
				}}
			}))),
		},
		"OAuth2 credentials replace the token": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("ionos-oauth2", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.IonosSDConfigs = []monitoringv1alpha1.IonosSDConfig{{
					DataCenterID: "dc", Authorization: *authorizationSD(), OAuth2: oauth2SD(),
					SDTransportConfig: monitoringv1alpha1.SDTransportConfig{FollowRedirects: ptr(false)},
				}}
			}))),
		},
	})
}
