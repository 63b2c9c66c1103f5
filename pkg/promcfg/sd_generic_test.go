// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"testing"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

func TestScrapeConfigStaticSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"several target groups keep their own labels": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("static", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.StaticConfigs = []monitoringv1alpha1.StaticConfig{
					{Targets: []monitoringv1alpha1.Target{"10.0.0.1:9100", "10.0.0.2:9100"}, Labels: map[string]string{"rack": "a", "env": "prod"}},
					{Targets: []monitoringv1alpha1.Target{"db.example.com:9187"}},
				}
			}))),
		},
		"static targets scraped with basic auth credentials from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input:    scrapeConfigInput(fixtures.ScrapeConfig("static-auth", walkthrough, staticTargets("secure.example.com:443"), scrapeConfigBasicAuth())),
		},
	})
}

func TestScrapeConfigFileSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"target files with a wildcard and a refresh interval": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("files", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.FileSDConfigs = []monitoringv1alpha1.FileSDConfig{
					{Files: []monitoringv1alpha1.SDFile{"/etc/prometheus/targets/*.json", "/etc/prometheus/static.yaml"}, RefreshInterval: duration("5m")},
				}
			}))),
		},
		"file targets scraped with an authorization token from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("files-auth", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.FileSDConfigs = []monitoringv1alpha1.FileSDConfig{{Files: []monitoringv1alpha1.SDFile{"/etc/targets.yml"}}}
				spec.Authorization = authorizationSD()
			}))),
		},
	})
}

func TestScrapeConfigHTTPSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"an HTTP endpoint polled every minute": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("http", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{URL: "http://sd.example.com/targets", RefreshInterval: duration("1m")}}
			}))),
		},
		"basic auth, TLS material and a proxy for the HTTP endpoint": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("http-secure", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{
					URL: "https://sd.example.com/targets",
					SDHTTPClientConfig: monitoringv1alpha1.SDHTTPClientConfig{
						BasicAuth: basicAuthSD(),
						SDBearerClientConfig: monitoringv1alpha1.SDBearerClientConfig{SDTransportConfig: monitoringv1alpha1.SDTransportConfig{
							ProxyConfig: proxySD(), TLSConfig: tlsSD(), FollowRedirects: ptr(false), EnableHTTP2: ptr(true),
						}},
					},
				}}
			}))),
		},
		"OAuth2 credentials for the HTTP endpoint": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("http-oauth2", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{
					URL:                "https://sd.example.com/targets",
					SDHTTPClientConfig: monitoringv1alpha1.SDHTTPClientConfig{SDBearerClientConfig: monitoringv1alpha1.SDBearerClientConfig{OAuth2: oauth2SD()}},
				}}
			}))),
		},
		"Prometheus 2.27 has no HTTP discovery, so the ScrapeConfig is rejected": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.27.0")),
			input: scrapeConfigInput(fixtures.ScrapeConfig("http-old", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{URL: "http://sd/"}}
			}))),
			rejected:     []string{"ScrapeConfig default/http-old"},
			rejectReason: "httpSDConfigs: this service discovery needs Prometheus >= 2.28.0",
		},
	})
}

func TestScrapeConfigDNSSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"SRV records carry their own ports": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("dns-srv", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DNSSDConfigs = []monitoringv1alpha1.DNSSDConfig{{Names: []string{"_metrics._tcp.example.com"}, RefreshInterval: duration("30s")}}
			}))),
		},
		"A records need a port and are scraped with basic auth from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("dns-a", walkthrough, scrapeConfigBasicAuth(), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DNSSDConfigs = []monitoringv1alpha1.DNSSDConfig{
					{Names: []string{"web.example.com"}, Type: ptr(monitoringv1alpha1.DNSRecordTypeA), Port: ptr(int32(9100))},
					{Names: []string{"mail.example.com"}, Type: ptr(monitoringv1alpha1.DNSRecordTypeMX), Port: ptr(int32(9100))},
				}
			}))),
		},
		"Prometheus 2.37 drops the MX type it lacks with a warning": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.37.0")),
			input: scrapeConfigInput(fixtures.ScrapeConfig("dns-mx", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.DNSSDConfigs = []monitoringv1alpha1.DNSSDConfig{{Names: []string{"mail.example.com"}, Type: ptr(monitoringv1alpha1.DNSRecordTypeMX), Port: ptr(int32(25))}}
			}))),
			warnings: []string{`"dnsSDConfigs[0].type": needs Prometheus >= 2.38.0`},
		},
	})
}
