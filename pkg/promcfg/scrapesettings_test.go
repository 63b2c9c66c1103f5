// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func withLimits(limits monitoringv1.ScrapeLimits) fixtures.Option {
	return fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.ScrapeLimits = limits })
}

func everyLimit(value uint64) monitoringv1.ScrapeLimits {
	return monitoringv1.ScrapeLimits{
		SampleLimit: ptr(value), TargetLimit: ptr(value), LabelLimit: ptr(value),
		LabelNameLengthLimit: ptr(value), LabelValueLengthLimit: ptr(value), KeepDroppedTargets: ptr(value),
	}
}

func enforcingLimits(value uint64) fixtures.Option {
	return fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.EnforcedSampleLimit, c.EnforcedTargetLimit, c.EnforcedLabelLimit = ptr(value), ptr(value), ptr(value)
		c.EnforcedLabelNameLengthLimit, c.EnforcedLabelValueLengthLimit, c.EnforcedKeepDroppedTargets = ptr(value), ptr(value), ptr(value)
	})
}

func TestScrapeLimits(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"every monitor limit is written":                               smCase(fixtures.Prometheus("example", walkthrough), Options{}, withLimits(everyLimit(500))),
		"an enforced limit lower than the monitor's wins":              smCase(fixtures.Prometheus("example", walkthrough, enforcingLimits(100)), Options{}, withLimits(everyLimit(500))),
		"a monitor limit lower than the enforced one is kept":          smCase(fixtures.Prometheus("example", walkthrough, enforcingLimits(1000)), Options{}, withLimits(everyLimit(500))),
		"without a monitor limit the global enforced limit applies":    smCase(fixtures.Prometheus("example", walkthrough, enforcingLimits(1000)), Options{}),
		"before Prometheus 2.45 the enforced limit is written per job": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.44.0"), enforcingLimits(1000)), Options{}),
		"label limits are dropped before Prometheus 2.27":              smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.26.0")), Options{}, withLimits(everyLimit(500))),
		"target limits are dropped before Prometheus 2.21":             smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.20.0")), Options{}, withLimits(everyLimit(500))),
		"keepDroppedTargets is dropped before Prometheus 2.47":         smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.46.0")), Options{}, withLimits(everyLimit(500))),
		"the body size limit is the lower of the monitor's and the enforced one": smCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.EnforcedBodySizeLimit = "2GB" })), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.BodySizeLimit = ptr(monitoringv1.ByteSize("3GB")) })),
		"a monitor body size limit below the enforced one is kept": smCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.EnforcedBodySizeLimit = "2GB" })), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.BodySizeLimit = ptr(monitoringv1.ByteSize("500MB")) })),
		"the body size limit is dropped before Prometheus 2.28": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.27.0")), Options{},
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.BodySizeLimit = ptr(monitoringv1.ByteSize("500MB")) })),
	})
}

func withHistograms(config monitoringv1.NativeHistogramConfig) fixtures.Option {
	return fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) { s.NativeHistogramConfig = config })
}

func everyHistogramSetting() monitoringv1.NativeHistogramConfig {
	return monitoringv1.NativeHistogramConfig{
		ScrapeNativeHistograms: ptr(true), ScrapeClassicHistograms: ptr(true),
		NativeHistogramBucketLimit: ptr(uint64(160)), NativeHistogramMinBucketFactor: quantity("1.1"),
		ConvertClassicHistogramsToNHCB: ptr(true),
	}
}

func TestNativeHistograms(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"every native histogram setting on Prometheus 3":        smCase(fixtures.Prometheus("example", walkthrough), Options{}, withHistograms(everyHistogramSetting())),
		"Prometheus 3.7 lacks scrape_native_histograms":         smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v3.7.0")), Options{}, withHistograms(everyHistogramSetting())),
		"Prometheus 2.50 spells classic histograms the old way": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.50.0")), Options{}, withHistograms(everyHistogramSetting())),
		"Prometheus 2.49 lacks the minimum bucket factor":       smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.49.0")), Options{}, withHistograms(everyHistogramSetting())),
		"Prometheus 2.44 has no native histogram settings":      smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.44.0")), Options{}, withHistograms(everyHistogramSetting())),
		"only the classic histogram setting": smCase(fixtures.Prometheus("example", walkthrough), Options{},
			withHistograms(monitoringv1.NativeHistogramConfig{ScrapeClassicHistograms: ptr(false)})),
	})
}

func TestScrapeProtocols(t *testing.T) {
	protocols := fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
		s.ScrapeProtocols = []monitoringv1.ScrapeProtocol{
			monitoringv1.ScrapeProtocolPrometheusProto, monitoringv1.ScrapeProtocolPrometheusText1_0_0,
			monitoringv1.ScrapeProtocolOpenMetricsText0_0_1,
		}
		s.FallbackScrapeProtocol = ptr(monitoringv1.ScrapeProtocolPrometheusText0_0_4)
	})
	runGoldenCases(t, map[string]goldenCase{
		"scrape protocols and the fallback protocol": smCase(fixtures.Prometheus("example", walkthrough), Options{}, protocols),
		"Prometheus 2.55 drops the text 1.0.0 format and the fallback": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.55.0")),
			input:    Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough, protocols)}},
			warnings: []string{"scrapeProtocol=PrometheusText1.0.0", `"fallback_scrape_protocol"`},
		},
		"Prometheus 2.48 drops the scrape protocols": smCase(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.48.0")), Options{}, protocols),
	})
}

func TestHonorOverrides(t *testing.T) {
	honoring := fixtures.WithEndpoint(func(e *monitoringv1.Endpoint) { e.HonorLabels = true; e.HonorTimestamps = ptr(true) })
	runGoldenCases(t, map[string]goldenCase{
		"overrideHonorLabels forces honor_labels off": smCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.OverrideHonorLabels = true })), Options{}, honoring),
		"overrideHonorTimestamps forces honor_timestamps off": smCase(
			fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.OverrideHonorTimestamps = true })), Options{}, honoring),
		"overrideHonorTimestamps writes honor_timestamps even when unset": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.OverrideHonorTimestamps = true })),
			input: Input{
				PodMonitors: []*monitoringv1.PodMonitor{fixtures.PodMonitor("example-app", walkthrough)},
				Probes:      []*monitoringv1.Probe{fixtures.Probe("example-app", walkthrough)},
			},
		},
	})
}
