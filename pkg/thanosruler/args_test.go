// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func secretKey(name, key string) *corev1.SecretKeySelector {
	return &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key}
}

func TestArgumentsOfTheSmallestThanosRuler(t *testing.T) {
	args := container(t, build(t, fixtures.ThanosRuler("example", minimalRuler)), ContainerName).Args
	assert.Equal(t, []string{
		"rule",
		"--data-dir=/thanos/data",
		"--eval-interval=15s",
		"--tsdb.retention=24h",
		`--label=thanos_ruler_replica="$(POD_NAME)"`,
		"--alert.label-drop=thanos_ruler_replica",
		"--rule-file=/etc/thanos/rules/*/*.yaml",
		"--query=dnssrv+_http._tcp.thanos-querier.monitoring.svc.cluster.local",
		"--http.config=/etc/thanos/web_config/web-config.yaml",
	}, args)
}

func TestEveryArgumentInUpstreamsOrder(t *testing.T) {
	tr := fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		spec := &tr.Spec
		spec.EvaluationInterval = "30s"
		spec.Retention = "48h"
		spec.RuleQueryOffset = ptr.To(monitoringv1.Duration("1m"))
		spec.RuleConcurrentEval = ptr.To(int32(4))
		spec.RuleOutageTolerance = ptr.To(monitoringv1.Duration("2h"))
		spec.RuleGracePeriod = ptr.To(monitoringv1.Duration("5m"))
		spec.ResendDelay = ptr.To(monitoringv1.Duration("2m"))
		spec.EnableFeatures = []monitoringv1.EnableFeature{"promql-experimental-functions", "other"}
		spec.Labels = map[string]string{"region": "eu", "cluster": "a"}
		spec.AlertDropLabels = []string{"cluster"}
		spec.ListenLocal = true
		spec.LogLevel = "debug"
		spec.LogFormat = "json"
		spec.RemoteWrite = []monitoringv1.RemoteWriteSpec{{URL: "http://receive:19291/api/v1/receive"}}
		spec.QueryConfig = secretKey("query", "query.yaml")
		spec.AlertManagersConfig = secretKey("alertmanagers", "am.yaml")
		spec.ObjectStorageConfig = secretKey("objstore", "objstore.yaml")
		spec.TracingConfig = secretKey("tracing", "tracing.yaml")
		spec.AlertRelabelConfigs = secretKey("relabel", "relabel.yaml")
		spec.GRPCServerTLSConfig = &monitoringv1.GRPCServerTLSConfig{
			TLSConfig: monitoringv1.TLSConfig{
				SafeTLSConfig: monitoringv1.SafeTLSConfig{MinVersion: ptr.To(monitoringv1.TLSVersion13)},
				CAFile:        "/etc/tls/ca.crt", CertFile: "/etc/tls/tls.crt", KeyFile: "/etc/tls/tls.key",
			},
			CipherSuites: []string{"TLS_AES_128_GCM_SHA256"},
			Curves:       []string{"X25519"},
		}
		spec.ExternalPrefix = "/ruler"
		spec.RoutePrefix = "/"
		spec.AlertQueryURL = "http://query.example"
		spec.AdditionalArgs = []monitoringv1.Argument{{Name: "query.http-method", Value: "POST"}}
	}))
	args := container(t, build(t, tr), ContainerName).Args
	assert.Equal(t, []string{
		"rule",
		"--data-dir=/thanos/data",
		"--eval-interval=30s",
		"--tsdb.retention=48h",
		"--rule-query-offset=1m",
		"--rule-concurrent-evaluation=4",
		"--for-outage-tolerance=2h",
		"--for-grace-period=5m",
		"--resend-delay=2m",
		"--enable-feature=promql-experimental-functions,other",
		`--label=thanos_ruler_replica="$(POD_NAME)"`,
		`--label=cluster="a"`,
		`--label=region="eu"`,
		"--alert.label-drop=thanos_ruler_replica",
		"--alert.label-drop=cluster",
		"--http-address=localhost:10902",
		"--log.level=debug",
		"--log.format=json",
		"--rule-file=/etc/thanos/rules/*/*.yaml",
		"--remote-write.config-file=/etc/thanos/config/remote-write-config/remote-write.yaml",
		"--query.config-file=/etc/thanos/config/query-config/query.yaml",
		"--alertmanagers.config-file=/etc/thanos/config/alertmanager-config/am.yaml",
		"--objstore.config-file=/etc/thanos/config/objstorage-config/objstore.yaml",
		"--tracing.config-file=/etc/thanos/config/tracing-config/tracing.yaml",
		"--alert.relabel-config-file=/etc/thanos/config/alertrelabel-config/relabel.yaml",
		"--grpc-server-tls-cert=/etc/tls/tls.crt",
		"--grpc-server-tls-key=/etc/tls/tls.key",
		"--grpc-server-tls-client-ca=/etc/tls/ca.crt",
		"--grpc-server-tls-min-version=1.3",
		"--grpc-server-tls-ciphers=TLS_AES_128_GCM_SHA256",
		"--grpc-server-tls-curves=X25519",
		"--web.external-prefix=/ruler",
		"--web.route-prefix=/",
		"--alert.query-url=http://query.example",
		"--query.http-method=POST",
		"--http.config=/etc/thanos/web_config/web-config.yaml",
	}, args)
}

// argumentCase is a change of the minimal ThanosRuler and the arguments it
// must and must not bring.
type argumentCase struct {
	change  func(*monitoringv1.ThanosRuler)
	present []string
	absent  []string
}

// argumentCases are TestArguments' table.
var argumentCases = map[string]argumentCase{
	"query endpoints are used when no query config is given": {
		change:  func(tr *monitoringv1.ThanosRuler) { tr.Spec.QueryEndpoints = []string{"a:10901", "b:10901"} },
		present: []string{"--query=a:10901", "--query=b:10901"},
	},
	"a query config wins over query endpoints": {
		change:  func(tr *monitoringv1.ThanosRuler) { tr.Spec.QueryConfig = secretKey("q", "k") },
		present: []string{"--query.config-file=/etc/thanos/config/query-config/k"},
		absent:  []string{"--query=dnssrv+_http._tcp.thanos-querier.monitoring.svc.cluster.local"},
	},
	"alertmanager URLs are used when no alertmanagers config is given": {
		change: func(tr *monitoringv1.ThanosRuler) {
			tr.Spec.AlertManagersURL = []string{"dnssrv+_web._tcp.alertmanager-operated"}
		},
		present: []string{"--alertmanagers.url=dnssrv+_web._tcp.alertmanager-operated"},
	},
	"an alertmanagers config wins over URLs": {
		change: func(tr *monitoringv1.ThanosRuler) {
			tr.Spec.AlertManagersURL = []string{"http://am"}
			tr.Spec.AlertManagersConfig = secretKey("am", "config.yaml")
		},
		present: []string{"--alertmanagers.config-file=/etc/thanos/config/alertmanager-config/config.yaml"},
		absent:  []string{"--alertmanagers.url=http://am"},
	},
	"file paths win over Secret keys": {
		change: func(tr *monitoringv1.ThanosRuler) {
			tr.Spec.ObjectStorageConfigFile = ptr.To("/etc/objstore.yaml")
			tr.Spec.ObjectStorageConfig = secretKey("o", "k")
			tr.Spec.TracingConfigFile = "/etc/tracing.yaml"
			tr.Spec.TracingConfig = secretKey("t", "k")
			tr.Spec.AlertRelabelConfigFile = ptr.To("/etc/relabel.yaml")
			tr.Spec.AlertRelabelConfigs = secretKey("r", "k")
		},
		present: []string{"--objstore.config-file=/etc/objstore.yaml", "--tracing.config-file=/etc/tracing.yaml", "--alert.relabel-config-file=/etc/relabel.yaml"},
	},
	"info log level and no log format add nothing": {
		change: func(tr *monitoringv1.ThanosRuler) { tr.Spec.LogLevel = "info" },
		absent: []string{"--log.level=info"},
	},
	"logfmt is passed on like any format": {
		change:  func(tr *monitoringv1.ThanosRuler) { tr.Spec.LogFormat = "logfmt" },
		present: []string{"--log.format=logfmt"},
	},
	"remote write needs Thanos 0.24": {
		change: func(tr *monitoringv1.ThanosRuler) {
			tr.Spec.Version = ptr.To("v0.23.0")
			tr.Spec.RemoteWrite = []monitoringv1.RemoteWriteSpec{{URL: "http://receive"}}
		},
		absent: []string{"--remote-write.config-file=/etc/thanos/config/remote-write-config/remote-write.yaml"},
	},
	"rule evaluation flags are dropped on versions that lack them": {
		change: func(tr *monitoringv1.ThanosRuler) {
			tr.Spec.Version = ptr.To("v0.29.0")
			tr.Spec.RuleQueryOffset = ptr.To(monitoringv1.Duration("1m"))
			tr.Spec.RuleConcurrentEval = ptr.To(int32(2))
			tr.Spec.RuleOutageTolerance = ptr.To(monitoringv1.Duration("1h"))
			tr.Spec.RuleGracePeriod = ptr.To(monitoringv1.Duration("1m"))
			tr.Spec.ResendDelay = ptr.To(monitoringv1.Duration("1m"))
			tr.Spec.EnableFeatures = []monitoringv1.EnableFeature{"x"}
		},
		present: []string{"--resend-delay=1m"},
		absent:  []string{"--rule-query-offset=1m", "--rule-concurrent-evaluation=2", "--for-outage-tolerance=1h", "--for-grace-period=1m", "--enable-feature=x"},
	},
	"Thanos 0.37 has concurrent evaluation but no query offset": {
		change: func(tr *monitoringv1.ThanosRuler) {
			tr.Spec.Version = ptr.To("v0.37.2")
			tr.Spec.RuleQueryOffset = ptr.To(monitoringv1.Duration("1m"))
			tr.Spec.RuleConcurrentEval = ptr.To(int32(2))
		},
		present: []string{"--rule-concurrent-evaluation=2"},
		absent:  []string{"--rule-query-offset=1m"},
	},
	"zero concurrent evaluations add nothing": {
		change: func(tr *monitoringv1.ThanosRuler) { tr.Spec.RuleConcurrentEval = ptr.To(int32(0)) },
		absent: []string{"--rule-concurrent-evaluation=0"},
	},
	"gRPC TLS tuning needs Thanos 0.37 and 0.42": {
		change: func(tr *monitoringv1.ThanosRuler) {
			tr.Spec.Version = ptr.To("v0.36.0")
			tr.Spec.GRPCServerTLSConfig = &monitoringv1.GRPCServerTLSConfig{
				TLSConfig:    monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{MinVersion: ptr.To(monitoringv1.TLSVersion12)}, CertFile: "/c"},
				CipherSuites: []string{"a"}, Curves: []string{"b"},
			}
		},
		present: []string{"--grpc-server-tls-cert=/c"},
		absent:  []string{"--grpc-server-tls-min-version=1.2", "--grpc-server-tls-ciphers=a", "--grpc-server-tls-curves=b"},
	},
	"web configuration needs Thanos 0.21": {
		change: func(tr *monitoringv1.ThanosRuler) { tr.Spec.Version = ptr.To("v0.20.0") },
		absent: []string{"--http.config=/etc/thanos/web_config/web-config.yaml"},
	},
}

func TestArguments(t *testing.T) {
	for name, test := range argumentCases {
		t.Run(name, func(t *testing.T) {
			args := container(t, build(t, fixtures.ThanosRuler("example", minimalRuler, fixtures.With(test.change))), ContainerName).Args
			for _, arg := range test.present {
				assert.Contains(t, args, arg)
			}
			for _, arg := range test.absent {
				assert.NotContains(t, args, arg)
			}
		})
	}
}

func TestRefusals(t *testing.T) {
	for name, test := range map[string]struct {
		change func(*monitoringv1.ThanosRuler)
		err    string
	}{
		"no query endpoint and no query config": {
			change: func(tr *monitoringv1.ThanosRuler) { tr.Spec.QueryEndpoints = nil },
			err:    "example: thanos ruler requires query config or at least one query endpoint to be specified",
		},
		"an additional argument the operator manages": {
			change: func(tr *monitoringv1.ThanosRuler) {
				tr.Spec.AdditionalArgs = []monitoringv1.Argument{{Name: "eval-interval", Value: "1m"}}
			},
			err: "eval-interval",
		},
		"a version that is no Thanos version": {
			change: func(tr *monitoringv1.ThanosRuler) { tr.Spec.Version = ptr.To("v1.2.3") },
			err:    "Thanos",
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := StatefulSet(fixtures.ThanosRuler("example", minimalRuler, fixtures.With(test.change)), defaultOptions())
			require.Error(t, err)
			assert.Contains(t, err.Error(), test.err)
		})
	}
}
