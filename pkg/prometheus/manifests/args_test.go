// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

const (
	configFileArg = "--config.file=/etc/prometheus/config_out/prometheus.env.yaml"
	webConfigArg  = "--web.config.file=/etc/prometheus/web_config/web-config.yaml"
	consoleArgs1  = "--web.console.templates=/etc/prometheus/consoles"
	consoleArgs2  = "--web.console.libraries=/etc/prometheus/console_libraries"
)

func TestDefaultArgumentsByVersion(t *testing.T) {
	tests := map[string]struct {
		object monitoringv1.PrometheusInterface
		want   []string
	}{
		"a v2.45 server keeps console flags and passes retention": {
			object: fixtures.Prometheus("main", fixtures.WithVersion("v2.45.0")),
			want: []string{configFileArg, consoleArgs1, consoleArgs2, "--web.enable-lifecycle", "--web.route-prefix=/",
				"--storage.tsdb.retention.time=24h", "--storage.tsdb.path=/prometheus", webConfigArg},
		},
		"a v2.53 server is laid out like v2.45": {
			object: fixtures.Prometheus("main", fixtures.WithVersion("v2.53.0")),
			want: []string{configFileArg, consoleArgs1, consoleArgs2, "--web.enable-lifecycle", "--web.route-prefix=/",
				"--storage.tsdb.retention.time=24h", "--storage.tsdb.path=/prometheus", webConfigArg},
		},
		"a v3.10 server drops the console flags": {
			object: fixtures.Prometheus("main", fixtures.WithVersion("v3.10.0")),
			want: []string{configFileArg, "--web.enable-lifecycle", "--web.route-prefix=/",
				"--storage.tsdb.retention.time=24h", "--storage.tsdb.path=/prometheus", webConfigArg},
		},
		"the default version (v3.13.2) takes retention from the config file": {
			object: fixtures.Prometheus("main"),
			want:   []string{configFileArg, "--web.enable-lifecycle", "--web.route-prefix=/", "--storage.tsdb.path=/prometheus", webConfigArg},
		},
		"a v2 agent enables the agent feature": {
			object: fixtures.PrometheusAgent("main", fixtures.WithVersion("v2.53.0")),
			want: []string{configFileArg, consoleArgs1, consoleArgs2, "--web.enable-lifecycle", "--web.route-prefix=/",
				"--enable-feature=agent", "--storage.agent.path=/prometheus", webConfigArg},
		},
		"a v3 agent uses --agent": {
			object: fixtures.PrometheusAgent("main"),
			want:   []string{configFileArg, "--web.enable-lifecycle", "--web.route-prefix=/", "--agent", "--storage.agent.path=/prometheus", webConfigArg},
		},
		"before 2.24 there is no web config file": {
			object: fixtures.Prometheus("main", fixtures.WithVersion("v2.23.0")),
			want: []string{configFileArg, consoleArgs1, consoleArgs2, "--web.enable-lifecycle", "--web.route-prefix=/",
				"--storage.tsdb.retention.time=24h", "--storage.tsdb.path=/prometheus"},
		},
		"before 2.7 retention uses the old flag": {
			object: fixtures.Prometheus("main", fixtures.WithVersion("v2.5.0")),
			want: []string{configFileArg, consoleArgs1, consoleArgs2, "--web.enable-lifecycle", "--web.route-prefix=/",
				"--storage.tsdb.retention=24h", "--storage.tsdb.path=/prometheus"},
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, test.want, prometheusArgs(t, buildStatefulSet(t, test.object)))
		})
	}
}

// argumentCase expects some flags in the prometheus container and not others.
type argumentCase struct {
	object       monitoringv1.PrometheusInterface
	contains     []string
	doesNotMatch []string
}

var (
	remoteWriteV2 = monitoringv1.RemoteWriteMessageVersion2_0
	xor2Chunks    = monitoringv1.FloatChunkEncodingXor2
	signalReload  = monitoringv1.ProcessSignalReloadStrategyType
)

// argumentCases cover the flags derived from the spec.
var argumentCases = map[string]argumentCase{
	"web settings, external URL, route prefix and logging": {
		object: fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.Web = &monitoringv1.PrometheusWebSpec{PageTitle: ptrTo("Title"), MaxConnections: ptrTo[int32](42)}
			c.ExternalURL, c.RoutePrefix = "https://example.com/prom", "/prom"
			c.LogLevel, c.LogFormat = "debug", "json"
		})),
		contains: []string{"--web.page-title=Title", "--web.max-connections=42", "--web.external-url=https://example.com/prom",
			"--web.route-prefix=/prom", "--log.level=debug", "--log.format=json"},
	},
	"default log settings are not passed": {
		object:       fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.LogLevel, c.LogFormat = "info", "logfmt" })),
		doesNotMatch: []string{"--log.level=info", "--log.format=logfmt"},
	},
	"the remote write receiver with accepted messages": {
		object: fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.EnableRemoteWriteReceiver = true
			c.RemoteWriteReceiverMessageVersions = []monitoringv1.RemoteWriteMessageVersion{monitoringv1.RemoteWriteMessageVersion1_0, remoteWriteV2}
		})),
		contains: []string{"--web.enable-remote-write-receiver",
			"--web.remote-write-receiver.accepted-protobuf-messages=prometheus.WriteRequest,io.prometheus.write.v2.Request"},
	},
	"accepted messages need 2.54": {
		object: fixtures.Prometheus("main", fixtures.WithVersion("v2.53.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.EnableRemoteWriteReceiver = true
			c.RemoteWriteReceiverMessageVersions = []monitoringv1.RemoteWriteMessageVersion{remoteWriteV2}
		})),
		contains:     []string{"--web.enable-remote-write-receiver"},
		doesNotMatch: []string{"--web.remote-write-receiver.accepted-protobuf-messages=io.prometheus.write.v2.Request"},
	},
	"remote write 2.0 turns on metadata WAL records between 2.54 and 3.4": {
		object: fixtures.PrometheusAgent("main", fixtures.WithVersion("v3.3.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.RemoteWrite = []monitoringv1.RemoteWriteSpec{{URL: "http://a"}, {URL: "http://b", MessageVersion: &remoteWriteV2}}
		})),
		contains: []string{"--enable-feature=metadata-wal-records"},
	},
	"remote write 2.0 needs no flag from 3.4": {
		object: fixtures.PrometheusAgent("main", fixtures.WithVersion("v3.4.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.RemoteWrite = []monitoringv1.RemoteWriteSpec{{URL: "http://b", MessageVersion: &remoteWriteV2}}
		})),
		doesNotMatch: []string{"--enable-feature=metadata-wal-records"},
	},
	"an OTLP section turns the v3 receiver on": {
		object:   fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.OTLP = &monitoringv1.OTLPConfig{} })),
		contains: []string{"--web.enable-otlp-receiver"},
	},
	"v2 enables OTLP through a feature flag": {
		object:   fixtures.Prometheus("main", fixtures.WithVersion("v2.50.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.EnableOTLPReceiver = ptrTo(true) })),
		contains: []string{"--enable-feature=otlp-write-receiver"},
	},
	"an explicit false wins over an OTLP section": {
		object: fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.EnableOTLPReceiver, c.OTLP = ptrTo(false), &monitoringv1.OTLPConfig{}
		})),
		doesNotMatch: []string{"--web.enable-otlp-receiver"},
	},
	"feature flags are joined, and xor2 chunks add their flag": {
		object: fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.EnableFeatures = []monitoringv1.EnableFeature{"exemplar-storage", "memory-snapshot-on-shutdown"}
			c.TSDB = &monitoringv1.TSDBSpec{ChunkEncoding: &monitoringv1.ChunkEncoding{Floats: &xor2Chunks}}
		})),
		contains: []string{"--enable-feature=exemplar-storage,memory-snapshot-on-shutdown", "--enable-feature=xor2-encoding"},
	},
	"the signal reload strategy drops the lifecycle API": {
		object:       fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ReloadStrategy = &signalReload })),
		doesNotMatch: []string{"--web.enable-lifecycle"},
	},
	"listenLocal binds to 127.0.0.1": {
		object:   fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ListenLocal = true })),
		contains: []string{"--web.listen-address=127.0.0.1:9090"},
	},
	"retention time and size before 3.11": {
		object: fixtures.Prometheus("main", fixtures.WithVersion("v3.10.0"), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
			s.Retention, s.RetentionSize = "7d", "10GB"
		})),
		contains: []string{"--storage.tsdb.retention.time=7d", "--storage.tsdb.retention.size=10GB"},
	},
	"a size alone drops the default retention time": {
		object:       fixtures.Prometheus("main", fixtures.WithVersion("v2.53.0"), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.RetentionSize = "10GB" })),
		contains:     []string{"--storage.tsdb.retention.size=10GB"},
		doesNotMatch: []string{"--storage.tsdb.retention.time=24h"},
	},
	"admin API, alert timings and query tuning": {
		object: fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
			s.EnableAdminAPI = true
			s.Rules.Alert = monitoringv1.RulesAlert{ForOutageTolerance: "1h", ForGracePeriod: "10m", ResendDelay: "1m"}
			s.Query = &monitoringv1.QuerySpec{LookbackDelta: ptrTo("2m"), MaxSamples: ptrTo[int32](1000), MaxConcurrency: ptrTo[int32](4), Timeout: ptrTo[monitoringv1.Duration]("30s")}
		})),
		contains: []string{"--web.enable-admin-api", "--rules.alert.for-outage-tolerance=1h", "--rules.alert.for-grace-period=10m",
			"--rules.alert.resend-delay=1m", "--query.lookback-delta=2m", "--query.max-samples=1000", "--query.max-concurrency=4", "--query.timeout=30s"},
	},
	"WAL compression can be switched off": {
		object:   fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.WALCompression = ptrTo(false) })),
		contains: []string{"--no-storage.tsdb.wal-compression"},
	},
	"agents compress their own WAL": {
		object:   fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.WALCompression = ptrTo(true) })),
		contains: []string{"--storage.agent.wal-compression"},
	},
	"overlapping blocks exist only between 2.11 and 2.39": {
		object:   fixtures.Prometheus("main", fixtures.WithVersion("v2.30.0"), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.AllowOverlappingBlocks = true })),
		contains: []string{"--storage.tsdb.allow-overlapping-blocks"},
	},
	"overlapping blocks are dropped from 2.39": {
		object:       fixtures.Prometheus("main", fixtures.WithVersion("v2.39.0"), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.AllowOverlappingBlocks = true })),
		doesNotMatch: []string{"--storage.tsdb.allow-overlapping-blocks"},
	},
	"additional arguments come last": {
		object:   fixtures.Prometheus("main", fixtures.WithAdditionalArgs(monitoringv1.Argument{Name: "storage.tsdb.head-chunks-write-queue-size", Value: "10"}, monitoringv1.Argument{Name: "auto-gomaxprocs"})),
		contains: []string{"--storage.tsdb.head-chunks-write-queue-size=10", "--auto-gomaxprocs"},
	},
}

func TestArgumentsFromSpec(t *testing.T) {
	for name, test := range argumentCases {
		t.Run(name, func(t *testing.T) {
			args := prometheusArgs(t, buildStatefulSet(t, test.object))
			for _, want := range test.contains {
				assert.Contains(t, args, want)
			}
			for _, unwanted := range test.doesNotMatch {
				assert.NotContains(t, args, unwanted)
			}
		})
	}
}

func TestAdditionalArgumentsLast(t *testing.T) {
	args := prometheusArgs(t, buildStatefulSet(t, fixtures.Prometheus("main", fixtures.WithAdditionalArgs(monitoringv1.Argument{Name: "auto-gomaxprocs"}))))
	assert.Equal(t, "--auto-gomaxprocs", args[len(args)-1])
}

func TestAdditionalArgumentCollisions(t *testing.T) {
	tests := map[string]struct {
		object  monitoringv1.PrometheusInterface
		message string
	}{
		"a managed flag": {
			object:  fixtures.Prometheus("main", fixtures.WithAdditionalArgs(monitoringv1.Argument{Name: "web.route-prefix", Value: "/x"})),
			message: "web.route-prefix",
		},
		"the negation of a managed flag": {
			object:  fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.WALCompression = ptrTo(true) }), fixtures.WithAdditionalArgs(monitoringv1.Argument{Name: "no-storage.tsdb.wal-compression"})),
			message: "storage.tsdb.wal-compression",
		},
		"the positive form of a managed negation": {
			object:  fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.WALCompression = ptrTo(false) }), fixtures.WithAdditionalArgs(monitoringv1.Argument{Name: "storage.agent.wal-compression"})),
			message: "no-storage.agent.wal-compression",
		},
		"the agent switch": {
			object:  fixtures.PrometheusAgent("main", fixtures.WithAdditionalArgs(monitoringv1.Argument{Name: "agent"})),
			message: "agent",
		},
		"a Thanos sidecar flag": {
			object:  fixtures.Prometheus("main", fixtures.WithThanos(monitoringv1.ThanosSpec{AdditionalArgs: []monitoringv1.Argument{{Name: "grpc-address", Value: ":1"}}})),
			message: "grpc-address",
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := StatefulSet(test.object, Options{Config: testConfig()})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "already managed by the operator")
			assert.Contains(t, err.Error(), test.message)
		})
	}
}

func TestVersionGatedArgumentsAreReported(t *testing.T) {
	logs := &recordingHandler{}
	p := fixtures.Prometheus("main", fixtures.WithVersion("v2.20.0"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.EnableFeatures = []monitoringv1.EnableFeature{"exemplar-storage"}
	}))
	set, err := StatefulSet(p, Options{Config: testConfig(), Logger: logs.logger()})
	require.NoError(t, err)

	assert.NotContains(t, prometheusArgs(t, set), "--enable-feature=exemplar-storage")
	require.Len(t, logs.messages, 1)
	assert.Contains(t, logs.messages[0], `"enable-feature"`)
	assert.Contains(t, logs.messages[0], ">= 2.25.0")
}

func TestNegativeQueryLimitsAreLeftOut(t *testing.T) {
	p := fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) {
		s.Query = &monitoringv1.QuerySpec{MaxSamples: ptrTo[int32](0), MaxConcurrency: ptrTo[int32](0)}
	}))
	for _, arg := range prometheusArgs(t, buildStatefulSet(t, p)) {
		assert.NotContains(t, arg, "--query.")
	}
}
