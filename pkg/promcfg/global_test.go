// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// globalCase is a golden case of a Prometheus without monitors.
func globalCase(options ...fixtures.Option) goldenCase {
	return goldenCase{workload: fixtures.Prometheus("example", append([]fixtures.Option{walkthrough}, options...)...)}
}

func TestGlobalSection(t *testing.T) {
	topology := func(label *string) fixtures.Option {
		return fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			mode := monitoringv1.TopologyShardingStrategyMode
			c.Shards = ptr(int32(2))
			c.ShardingStrategy = &monitoringv1.ShardingStrategy{Mode: &mode, Topology: &monitoringv1.TopologyShardingConfig{
				ExternalLabelName: label, Values: []string{"eu-west-1a", "eu-west-1b"},
			}}
		})
	}
	runGoldenCases(t, map[string]goldenCase{
		"scrape interval and timeout": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.ScrapeInterval, c.ScrapeTimeout = "1m", "50s"
		})),
		"an empty scrape and evaluation interval default to 30s": globalCase(
			fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeInterval = "" }),
			fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.EvaluationInterval = "" })),
		"scrape protocols of the workload": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.ScrapeProtocols = []monitoringv1.ScrapeProtocol{monitoringv1.ScrapeProtocolPrometheusText1_0_0, monitoringv1.ScrapeProtocolOpenMetricsText1_0_0}
		})),
		"the text 1.0.0 format is dropped for Prometheus 2": globalCase(fixtures.WithVersion("v2.55.1"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.ScrapeProtocols = []monitoringv1.ScrapeProtocol{monitoringv1.ScrapeProtocolPrometheusText1_0_0, monitoringv1.ScrapeProtocolOpenMetricsText1_0_0}
		})),
		"only the text 1.0.0 format on Prometheus 2 leaves scrape_protocols out": globalCase(fixtures.WithVersion("v2.55.1"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.ScrapeProtocols = []monitoringv1.ScrapeProtocol{monitoringv1.ScrapeProtocolPrometheusText1_0_0}
		})),
		"user external labels cannot replace reserved ones": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.ExternalLabels = map[string]string{"cluster": "eu-1", "prometheus": "forged", "region": "eu"}
			})),
			warnings: []string{"externalLabels.prometheus", "reserved"},
		},
		"custom names for the reserved external labels": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.PrometheusExternalLabelName, c.ReplicaExternalLabelName = ptr("cluster_prometheus"), ptr("replica")
		})),
		"empty names turn the reserved external labels off": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.PrometheusExternalLabelName, c.ReplicaExternalLabelName = ptr(""), ptr("")
		})),
		"the topology zone external label when zone sharding is on": {
			workload: fixtures.Prometheus("example", walkthrough, topology(nil)), options: Options{TopologySharding: true},
		},
		"a custom topology zone external label": {
			workload: fixtures.Prometheus("example", walkthrough, topology(ptr("topology_zone"))), options: Options{TopologySharding: true},
		},
		"an empty topology zone external label name disables it": {
			workload: fixtures.Prometheus("example", walkthrough, topology(ptr(""))), options: Options{TopologySharding: true},
		},
		"no topology zone label without the feature gate": globalCase(topology(nil)),
		"global limits capped by the enforced limits": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.SampleLimit, c.EnforcedSampleLimit = ptr(uint64(20000)), ptr(uint64(10000))
			c.TargetLimit, c.LabelLimit = ptr(uint64(1000)), ptr(uint64(64))
			c.EnforcedLabelNameLengthLimit, c.LabelValueLengthLimit = ptr(uint64(256)), ptr(uint64(2048))
			c.KeepDroppedTargets = ptr(uint64(50))
			c.BodySizeLimit = ptr(monitoringv1.ByteSize("100MB"))
		})),
		"the enforced body size limit becomes the global one": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.EnforcedBodySizeLimit = "64MB"
		})),
		"global limits are dropped before Prometheus 2.45": globalCase(fixtures.WithVersion("v2.44.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.SampleLimit, c.KeepDroppedTargets = ptr(uint64(20000)), ptr(uint64(5))
		})),
		"keepDroppedTargets is dropped for Prometheus 2.46": globalCase(fixtures.WithVersion("v2.46.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.SampleLimit, c.KeepDroppedTargets = ptr(uint64(20000)), ptr(uint64(5))
		})),
		"the label name length limit of an agent": {workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.LabelNameLengthLimit = ptr(uint64(512))
		}))},
		"an agent's label name length limit above the enforced one is capped": {
			workload: fixtures.PrometheusAgent("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.LabelNameLengthLimit, c.EnforcedLabelNameLengthLimit = ptr(uint64(512)), ptr(uint64(128))
			})),
			warnings: []string{"label_name_length_limit", "greater than the enforced limit"},
		},
	})
}

func TestGlobalSettings(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a bare query log file name goes to the log directory":          globalCase(fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.QueryLogFile = "query.log" })),
		"a query log file path is kept":                                 globalCase(fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.QueryLogFile = "/dev/stdout" })),
		"the query log file is dropped before Prometheus 2.16":          globalCase(fixtures.WithVersion("v2.15.2"), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.QueryLogFile = "query.log" })),
		"the scrape failure log file":                                   globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeFailureLogFile = ptr("failures.log") })),
		"the scrape failure log file is dropped before Prometheus 2.55": globalCase(fixtures.WithVersion("v2.54.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeFailureLogFile = ptr("failures.log") })),
		"name validation and escaping schemes": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.NameValidationScheme = ptr(monitoringv1.NameValidationSchemeLegacy)
			c.NameEscapingScheme = ptr(monitoringv1.NameEscapingSchemeUnderscores)
		})),
		"the UTF-8 scheme allowing UTF-8 names": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.NameValidationScheme = ptr(monitoringv1.NameValidationSchemeUTF8)
			c.NameEscapingScheme = ptr(monitoringv1.NameEscapingSchemeAllowUTF8)
		})),
		"name schemes are dropped for Prometheus 2": globalCase(fixtures.WithVersion("v2.55.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.NameValidationScheme = ptr(monitoringv1.NameValidationSchemeLegacy)
			c.NameEscapingScheme = ptr(monitoringv1.NameEscapingSchemeDots)
		})),
		"the escaping scheme is dropped for Prometheus 3.3": globalCase(fixtures.WithVersion("v3.3.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.NameEscapingScheme = ptr(monitoringv1.NameEscapingSchemeValues)
		})),
		"global histogram settings": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.ConvertClassicHistogramsToNHCB, c.ScrapeClassicHistograms, c.ScrapeNativeHistograms = ptr(true), ptr(true), ptr(false)
		})),
		"global histogram settings are gated by version": globalCase(fixtures.WithVersion("v3.4.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.ConvertClassicHistogramsToNHCB, c.ScrapeClassicHistograms, c.ScrapeNativeHistograms = ptr(true), ptr(true), ptr(false)
		})),
		"the rule query offset":                                   globalCase(fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.RuleQueryOffset = ptr(monitoringv1.Duration("1m")) })),
		"the rule query offset is dropped before Prometheus 2.53": globalCase(fixtures.WithVersion("v2.52.0"), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.RuleQueryOffset = ptr(monitoringv1.Duration("1m")) })),
		"the Go garbage collector setting": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.Runtime = &monitoringv1.RuntimeConfig{GoGC: ptr(int32(50))}
		})),
		"an empty runtime section": globalCase(fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Runtime = &monitoringv1.RuntimeConfig{} })),
		"the runtime section is dropped before Prometheus 2.53": globalCase(fixtures.WithVersion("v2.52.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.Runtime = &monitoringv1.RuntimeConfig{GoGC: ptr(int32(50))}
		})),
		"rule files of the mounted rule ConfigMaps": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.RuleSelector = &metav1.LabelSelector{} })),
			input:    Input{RuleConfigMapNames: []string{"prometheus-example-rulefiles-0", "prometheus-example-rulefiles-1"}},
		},
		"a rule selector without rule ConfigMaps writes an empty list": globalCase(
			fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.RuleSelector = &metav1.LabelSelector{} })),
		"no rule files without a rule selector": {
			workload: fixtures.Prometheus("example", walkthrough),
			input:    Input{RuleConfigMapNames: []string{"prometheus-example-rulefiles-0"}},
		},
	})
}
