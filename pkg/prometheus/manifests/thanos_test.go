// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

var objectStorage = &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "objstore"}, Key: "config.yaml"}

func TestThanosSidecarDefaults(t *testing.T) {
	set := buildStatefulSet(t, fixtures.Prometheus("main", fixtures.WithThanos(monitoringv1.ThanosSpec{})))
	pod := set.Spec.Template.Spec

	assert.Equal(t, []string{"prometheus", "config-reloader", "thanos-sidecar"}, containerNames(pod.Containers))
	sidecar := container(t, pod, ThanosSidecarContainerName)
	assert.Equal(t, "quay.io/thanos/thanos:v0.42.4", sidecar.Image)
	assert.Equal(t, []string{
		"sidecar",
		"--prometheus.url=http://localhost:9090/",
		"--grpc-address=:10901",
		"--http-address=:10902",
		"--prometheus.http-client-file=/etc/thanos/config/prometheus.http-client-file.yaml",
	}, sidecar.Args)
	assert.Equal(t, []corev1.ContainerPort{{Name: "http", ContainerPort: 10902}, {Name: "grpc", ContainerPort: 10901}}, sidecar.Ports)
	assert.Equal(t, []corev1.VolumeMount{{Name: "thanos-prometheus-http-client-file", MountPath: "/etc/thanos/config"}}, sidecar.VolumeMounts)
	assert.Equal(t, "prometheus-main-thanos-prometheus-http-client-file", volume(t, pod, "thanos-prometheus-http-client-file").Secret.SecretName)
	assert.NotContains(t, prometheusArgs(t, set), "--storage.tsdb.max-block-duration=2h", "nothing is uploaded, compaction stays on")
}

func TestThanosSidecarSettings(t *testing.T) {
	tests := map[string]struct {
		thanos   monitoringv1.ThanosSpec
		extra    []fixtures.Option
		contains []string
		absent   []string
		check    func(t *testing.T, sidecar corev1.Container)
	}{
		"listen-local flags bind each server": {
			thanos:   monitoringv1.ThanosSpec{GRPCListenLocal: true},
			contains: []string{"--grpc-address=127.0.0.1:10901", "--http-address=:10902"},
		},
		"the deprecated listenLocal binds both": {
			thanos:   monitoringv1.ThanosSpec{ListenLocal: true},
			contains: []string{"--grpc-address=127.0.0.1:10901", "--http-address=127.0.0.1:10902"},
		},
		"gRPC server TLS": {
			thanos: monitoringv1.ThanosSpec{GRPCServerTLSConfig: &monitoringv1.GRPCServerTLSConfig{
				TLSConfig:    monitoringv1.TLSConfig{CertFile: "/c", KeyFile: "/k", CAFile: "/ca", SafeTLSConfig: monitoringv1.SafeTLSConfig{MinVersion: ptrTo(monitoringv1.TLSVersion13)}},
				CipherSuites: []string{"A", "B"},
			}},
			contains: []string{"--grpc-server-tls-cert=/c", "--grpc-server-tls-key=/k", "--grpc-server-tls-client-ca=/ca",
				"--grpc-server-tls-min-version=1.3", "--grpc-server-tls-ciphers=A,B"},
		},
		"object storage from a Secret": {
			thanos:   monitoringv1.ThanosSpec{ObjectStorageConfig: objectStorage, Version: ptrTo("v0.40.0")},
			contains: []string{"--objstore.config=$(OBJSTORE_CONFIG)", "--tsdb.path=/prometheus"},
			check: func(t *testing.T, sidecar corev1.Container) {
				assert.Contains(t, sidecar.Env, corev1.EnvVar{Name: "OBJSTORE_CONFIG", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: objectStorage}})
				assert.Contains(t, sidecar.VolumeMounts, corev1.VolumeMount{Name: "prometheus-main-db", MountPath: "/prometheus"})
			},
		},
		"object storage from a file": {
			thanos:   monitoringv1.ThanosSpec{ObjectStorageConfigFile: ptrTo("/etc/objstore.yaml")},
			contains: []string{"--objstore.config-file=/etc/objstore.yaml", "--tsdb.path=/prometheus"},
		},
		"tracing, logs and timings": {
			thanos: monitoringv1.ThanosSpec{
				TracingConfigFile: "/t.yaml", LogLevel: "debug", MinTime: "-2w",
				ReadyTimeout: "5m", GetConfigInterval: "1m", GetConfigTimeout: "10s",
			},
			contains: []string{"--tracing.config-file=/t.yaml", "--log.level=debug", "--min-time=-2w",
				"--prometheus.ready_timeout=5m", "--prometheus.get_config_interval=1m", "--prometheus.get_config_timeout=10s"},
		},
		"an old sidecar gets no http client file nor config timings": {
			thanos:   monitoringv1.ThanosSpec{Version: ptrTo("v0.23.0"), GetConfigTimeout: "10s"},
			absent:   []string{"--prometheus.http-client-file=/etc/thanos/config/prometheus.http-client-file.yaml", "--prometheus.get_config_timeout=10s"},
			check:    func(t *testing.T, sidecar corev1.Container) { assert.Empty(t, sidecar.VolumeMounts) },
			contains: []string{"--grpc-address=:10901"},
		},
		"the sidecar follows Prometheus' web TLS and route prefix": {
			extra: []fixtures.Option{fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.RoutePrefix = "/prom/"
				c.Web = &monitoringv1.PrometheusWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{TLSConfig: &monitoringv1.WebTLSConfig{}}}
			})},
			contains: []string{"--prometheus.url=https://localhost:9090/prom"},
		},
		"an explicit image and additional args": {
			thanos:   monitoringv1.ThanosSpec{Image: ptrTo("my/thanos:dev"), AdditionalArgs: []monitoringv1.Argument{{Name: "shipper.upload-compacted"}}},
			contains: []string{"--shipper.upload-compacted"},
			check:    func(t *testing.T, sidecar corev1.Container) { assert.Equal(t, "my/thanos:dev", sidecar.Image) },
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			options := append([]fixtures.Option{fixtures.WithThanos(test.thanos)}, test.extra...)
			sidecar := container(t, buildStatefulSet(t, fixtures.Prometheus("main", options...)).Spec.Template.Spec, ThanosSidecarContainerName)
			for _, want := range test.contains {
				assert.Contains(t, sidecar.Args, want)
			}
			for _, unwanted := range test.absent {
				assert.NotContains(t, sidecar.Args, unwanted)
			}
			if test.check != nil {
				test.check(t, sidecar)
			}
		})
	}
}

func TestCompactionWithUploads(t *testing.T) {
	window := monitoringv1.Duration("30m")
	tests := map[string]struct {
		prometheusVersion, thanosVersion string
		disableCompaction                bool
		outOfOrder                       bool
		wantPrometheus, absentPrometheus []string
		wantSidecar                      []string
	}{
		"old Thanos: compaction is disabled with 2h blocks": {
			prometheusVersion: "v3.9.0", thanosVersion: "v0.40.0",
			wantPrometheus: []string{"--storage.tsdb.max-block-duration=2h", "--storage.tsdb.min-block-duration=2h"},
		},
		"Prometheus 3.9 and Thanos 0.41 delay compaction instead": {
			prometheusVersion: "v3.9.0", thanosVersion: "v0.41.0",
			wantPrometheus:   []string{"--storage.tsdb.delay-compact-file.path=/prometheus/thanos.shipper.json"},
			absentPrometheus: []string{"--storage.tsdb.max-block-duration=2h"},
			wantSidecar:      []string{"--shipper.meta-file-name=thanos.shipper.json", "--shipper.ignore-unequal-block-size"},
		},
		"disableCompaction always pins the block durations": {
			prometheusVersion: "v3.13.2", thanosVersion: "v0.42.4", disableCompaction: true,
			wantPrometheus: []string{"--storage.tsdb.max-block-duration=2h"},
		},
		"out-of-order ingestion forbids overlapping compaction from 2.55": {
			prometheusVersion: "v2.55.0", thanosVersion: "v0.42.4", outOfOrder: true,
			wantPrometheus: []string{"--storage.tsdb.max-block-duration=2h", "--no-storage.tsdb.allow-overlapping-compaction"},
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			p := fixtures.Prometheus("main", fixtures.WithVersion(test.prometheusVersion), fixtures.WithThanos(monitoringv1.ThanosSpec{ObjectStorageConfig: objectStorage, Version: &test.thanosVersion}), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.DisableCompaction = test.disableCompaction }), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				if test.outOfOrder {
					c.TSDB = &monitoringv1.TSDBSpec{OutOfOrderTimeWindow: &window}
				}
			}))
			set := buildStatefulSet(t, p)
			args := prometheusArgs(t, set)
			for _, want := range test.wantPrometheus {
				assert.Contains(t, args, want)
			}
			for _, unwanted := range test.absentPrometheus {
				assert.NotContains(t, args, unwanted)
			}
			sidecar := container(t, set.Spec.Template.Spec, ThanosSidecarContainerName)
			for _, want := range test.wantSidecar {
				assert.Contains(t, sidecar.Args, want)
			}
		})
	}
}

func TestInvalidThanosVersionIsAnError(t *testing.T) {
	_, err := StatefulSet(fixtures.Prometheus("main", fixtures.WithThanos(monitoringv1.ThanosSpec{Version: ptrTo("latest")})), Options{Config: testConfig()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Thanos version")
}
