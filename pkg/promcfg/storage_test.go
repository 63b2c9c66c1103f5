// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func tsdb(change func(*monitoringv1.TSDBSpec)) fixtures.Option {
	return fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.TSDB = &monitoringv1.TSDBSpec{}
		change(c.TSDB)
	})
}

func everyTSDBSetting(t *monitoringv1.TSDBSpec) {
	t.OutOfOrderTimeWindow = ptr(monitoringv1.Duration("30m"))
	t.StaleSeriesCompactionThreshold = quantity("0.25")
	t.ChunkEncoding = &monitoringv1.ChunkEncoding{Floats: ptr(monitoringv1.FloatChunkEncodingXor2)}
}

func TestStorage(t *testing.T) {
	retention := func(time monitoringv1.Duration, size monitoringv1.ByteSize) fixtures.Option {
		return fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.Retention, s.RetentionSize = time, size })
	}
	runGoldenCases(t, map[string]goldenCase{
		"exemplar storage size": globalCase(fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
			s.Exemplars = &monitoringv1.Exemplars{MaxSize: ptr(int64(100000))}
		})),
		"exemplar storage is dropped before Prometheus 2.29": globalCase(fixtures.WithVersion("v2.28.0"), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
			s.Exemplars = &monitoringv1.Exemplars{MaxSize: ptr(int64(100000))}
		})),
		"every TSDB setting":                            globalCase(tsdb(everyTSDBSetting)),
		"Prometheus 3.12 lacks the chunk encoding":      globalCase(fixtures.WithVersion("v3.12.0"), tsdb(everyTSDBSetting)),
		"Prometheus 3.9 lacks the compaction threshold": globalCase(fixtures.WithVersion("v3.9.0"), tsdb(everyTSDBSetting)),
		"Prometheus 2.38 has no out-of-order window":    globalCase(fixtures.WithVersion("v2.38.0"), tsdb(everyTSDBSetting)),
		"retention time and size from Prometheus 3.11":  globalCase(retention("15d", "50GB")),
		"retention size alone leaves the time unset":    globalCase(retention("", "50GB")),
		"Prometheus 3.10 takes retention as flags":      globalCase(fixtures.WithVersion("v3.10.0"), retention("15d", "50GB")),
		"the XOR chunk encoding in lower case": globalCase(tsdb(func(t *monitoringv1.TSDBSpec) {
			t.ChunkEncoding = &monitoringv1.ChunkEncoding{Floats: ptr(monitoringv1.FloatChunkEncodingXor)}
		})),
		"no storage section before Prometheus 2.29": globalCase(fixtures.WithVersion("v2.28.0")),
	})
}

func TestStorageRefusesBadInput(t *testing.T) {
	cases := map[string]struct {
		option  fixtures.Option
		wantErr string
	}{
		"a compaction threshold above one": {tsdb(func(t *monitoringv1.TSDBSpec) { t.StaleSeriesCompactionThreshold = quantity("1.5") }), "between 0 and 1"},
		"XOR chunks with the st-storage feature": {fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.EnableFeatures = []monitoringv1.EnableFeature{"st-storage"}
			c.TSDB = &monitoringv1.TSDBSpec{ChunkEncoding: &monitoringv1.ChunkEncoding{Floats: ptr(monitoringv1.FloatChunkEncodingXor)}}
		}), "st-storage"},
		"an unparsable retention size": {fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.RetentionSize = "lots" }), "retentionSize"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Generate(fixtures.Prometheus("example", walkthrough, tc.option), Input{}, Options{})
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
}

func otlp(version string, config monitoringv1.OTLPConfig) goldenCase {
	return globalCase(fixtures.WithVersion(version), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.OTLP = &config }))
}

func TestOTLP(t *testing.T) {
	strategy := func(s monitoringv1.TranslationStrategyOption) *monitoringv1.TranslationStrategyOption { return &s }
	every := monitoringv1.OTLPConfig{
		PromoteAllResourceAttributes: ptr(true), IgnoreResourceAttributes: []string{"process.pid", "host.id"},
		TranslationStrategy: strategy(monitoringv1.UnderscoreEscapingWithSuffixes), KeepIdentifyingResourceAttributes: ptr(true),
		ConvertHistogramsToNHCB: ptr(true), PromoteScopeMetadata: ptr(true),
		LabelNameUnderscoreSanitization: ptr(true), LabelNamePreserveMultipleUnderscores: ptr(false),
	}
	runGoldenCases(t, map[string]goldenCase{
		"every OTLP setting":                              otlp("", every),
		"OTLP settings of Prometheus 3.5 and older":       otlp("v3.5.0", every),
		"promoted resource attributes on Prometheus 2.55": otlp("v2.55.0", monitoringv1.OTLPConfig{PromoteResourceAttributes: []string{"service.name", "k8s.pod.name"}, TranslationStrategy: strategy(monitoringv1.NoUTF8EscapingWithSuffixes)}),
		"an empty OTLP section is left out":               otlp("", monitoringv1.OTLPConfig{}),
		"the translation strategy without suffixes":       otlp("", monitoringv1.OTLPConfig{TranslationStrategy: strategy(monitoringv1.UnderscoreEscapingWithoutSuffixes)}),
	})
}

func TestOTLPRefusesBadInput(t *testing.T) {
	cases := map[string]struct {
		version string
		config  monitoringv1.OTLPConfig
		legacy  bool
		wantErr string
	}{
		"OTLP before Prometheus 2.55":                    {version: "v2.54.0", wantErr: "needs Prometheus 2.55.0"},
		"NoTranslation before Prometheus 3.4":            {version: "v3.3.0", config: monitoringv1.OTLPConfig{TranslationStrategy: ptr(monitoringv1.NoTranslation)}, wantErr: "needs Prometheus 3.4.0"},
		"no UTF-8 escaping with legacy names":            {config: monitoringv1.OTLPConfig{TranslationStrategy: ptr(monitoringv1.NoUTF8EscapingWithSuffixes)}, legacy: true, wantErr: "Legacy name validation"},
		"promoting all and some resource attributes":     {config: monitoringv1.OTLPConfig{PromoteAllResourceAttributes: ptr(true), PromoteResourceAttributes: []string{"a"}}, wantErr: "cannot be used together"},
		"ignoring attributes without promoting them all": {config: monitoringv1.OTLPConfig{IgnoreResourceAttributes: []string{"a"}}, wantErr: "needs promoteAllResourceAttributes"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := fixtures.Prometheus("example", walkthrough, fixtures.WithVersion(tc.version), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.OTLP = &tc.config
				if tc.legacy {
					c.NameValidationScheme = ptr(monitoringv1.NameValidationSchemeLegacy)
				}
			}))
			_, err := Generate(p, Input{}, Options{})
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
}

func TestTracing(t *testing.T) {
	tracing := func(config monitoringv1.PrometheusTracingConfig) goldenCase {
		return globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.TracingConfig = &config }))
	}
	runGoldenCases(t, map[string]goldenCase{
		"only the endpoint": tracing(monitoringv1.PrometheusTracingConfig{Endpoint: "otel-collector.monitoring:4317"}),
		"every tracing setting": tracing(monitoringv1.PrometheusTracingConfig{
			Endpoint: "otel-collector.monitoring:4318", ClientType: ptr("HTTP"), SamplingFraction: quantity("0.1"), Insecure: ptr(false),
			Headers: map[string]string{"X-Tenant": "prometheus", "X-Scope": "metrics"}, Compression: ptr("Gzip"),
			Timeout: ptr(monitoringv1.Duration("5s")),
			TLSConfig: &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
				CA: monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("tls-ca", "ca.crt"))},
			}},
		}),
	})
	_, err := Generate(fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.TracingConfig = &monitoringv1.PrometheusTracingConfig{Endpoint: "x:4317", SamplingFraction: quantity("2")}
	})), Input{}, Options{})
	require.ErrorContains(t, err, "samplingFraction must be between 0 and 1")
	_, err = Generate(fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.TracingConfig = &monitoringv1.PrometheusTracingConfig{Endpoint: "x:4317", Headers: map[string]string{"authorization": "Bearer x"}}
	})), Input{}, Options{})
	require.ErrorContains(t, err, "Authorization header")
}
