// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// withScrapeClasses adds a default class "cluster" with TLS files, an
// authorization file, relabelings and node metadata, and a class "istio"
// with its own TLS files and a fallback protocol.
func withScrapeClasses() fixtures.Option {
	return fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.ScrapeClasses = []monitoringv1.ScrapeClass{
			{
				Name: "cluster", Default: ptr(true),
				TLSConfig: &monitoringv1.TLSConfig{
					CAFile: "/etc/prometheus/secrets/cluster/ca.crt", CertFile: "/etc/prometheus/secrets/cluster/tls.crt",
					KeyFile: "/etc/prometheus/secrets/cluster/tls.key",
				},
				Authorization:     &monitoringv1.Authorization{CredentialsFile: "/etc/prometheus/secrets/cluster/token"},
				Relabelings:       []monitoringv1.RelabelConfig{{TargetLabel: "cluster", Replacement: ptr("eu-1")}},
				MetricRelabelings: []monitoringv1.RelabelConfig{{Action: "labeldrop", Regex: "pod_template_hash"}},
				AttachMetadata:    &monitoringv1.AttachMetadata{Node: ptr(true)},
			},
			{
				Name:                   "istio",
				FallbackScrapeProtocol: ptr(monitoringv1.ScrapeProtocolPrometheusText0_0_4),
				TLSConfig: &monitoringv1.TLSConfig{
					CAFile: "/etc/istio-certs/root-cert.pem", CertFile: "/etc/istio-certs/cert-chain.pem", KeyFile: "/etc/istio-certs/key.pem",
					SafeTLSConfig: monitoringv1.SafeTLSConfig{InsecureSkipVerify: ptr(true)},
				},
			},
		}
	})
}

func TestScrapeClasses(t *testing.T) {
	istio := func(name *string) *string { return name }
	runGoldenCases(t, map[string]goldenCase{
		"the default class applies to monitors of every kind": {
			workload: fixtures.Prometheus("example", walkthrough, withScrapeClasses()),
			input: Input{
				ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough)},
				PodMonitors:     []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", walkthrough)},
				Probes:          []*monitoringv1.Probe{fixtures.Probe("example-app", walkthrough)},
			},
		},
		"a named class replaces the default one": {
			workload: fixtures.Prometheus("example", walkthrough, withScrapeClasses()),
			input: Input{
				ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough,
					fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.ScrapeClassName = istio(ptr("istio")) }))},
				PodMonitors: []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", walkthrough,
					fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) { s.ScrapeClassName = ptr("istio") }))},
			},
		},
		"a monitor's own TLS material wins over the class files": smCase(fixtures.Prometheus("example", walkthrough, withScrapeClasses()), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
					CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))},
				}}
			})),
		"a monitor's own authorization wins over the class one": smCase(fixtures.Prometheus("example", walkthrough, withScrapeClasses()), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) {
				e.Authorization = &monitoringv1.SafeAuthorization{Type: "Token", Credentials: ptr(secretKey("auth", "token"))}
			})),
		"an authorization type without credentials takes the class credentials": smCase(fixtures.Prometheus("example", walkthrough, withScrapeClasses()), Options{},
			fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.Authorization = &monitoringv1.SafeAuthorization{Type: "Token"} })),
		"a monitor's own attachMetadata and fallback protocol win": {
			workload: fixtures.Prometheus("example", walkthrough, withScrapeClasses()),
			input: Input{PodMonitors: []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", walkthrough, fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) {
				s.ScrapeClassName = ptr("istio")
				s.AttachMetadata = &monitoringv1.AttachMetadata{Node: ptr(false)}
				s.FallbackScrapeProtocol = ptr(monitoringv1.ScrapeProtocolOpenMetricsText1_0_0)
			}))}},
		},
		"a monitor naming an unknown class is rejected alone": {
			workload: fixtures.Prometheus("example", walkthrough, withScrapeClasses()),
			input: Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{
				fixtures.ServiceMonitor("example-app", walkthrough),
				fixtures.ServiceMonitor("unknown-class", walkthrough, fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.ScrapeClassName = ptr("missing") })),
			}},
			rejected:     []string{"ServiceMonitor default/unknown-class"},
			rejectReason: `scrapeClass "missing" not found`,
		},
	})
}

func TestScrapeClassesOfTheWorkloadAreChecked(t *testing.T) {
	cases := map[string]struct {
		classes []monitoringv1.ScrapeClass
		wantErr string
	}{
		"two default classes are refused": {
			classes: []monitoringv1.ScrapeClass{{Name: "a", Default: ptr(true)}, {Name: "b", Default: ptr(true)}},
			wantErr: "multiple default scrape classes",
		},
		"a class with an invalid relabeling is refused": {
			classes: []monitoringv1.ScrapeClass{{Name: "a", Relabelings: []monitoringv1.RelabelConfig{{Action: "keep", Regex: "("}}}},
			wantErr: `scrape class "a": relabelings[0]`,
		},
		"a class with a client certificate but no key is refused": {
			classes: []monitoringv1.ScrapeClass{{Name: "a", TLSConfig: &monitoringv1.TLSConfig{CertFile: "/cert"}}},
			wantErr: "client certificate needs a client key",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeClasses = tc.classes }))
			_, err := Generate(p, Input{Store: testStore()}, Options{})
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
}
