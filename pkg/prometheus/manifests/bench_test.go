// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// benchmarkPrometheus is a server with the usual extras: Thanos, storage,
// rules, secrets and a container override.
func benchmarkPrometheus() *monitoringv1.Prometheus {
	return fixtures.Prometheus("main", fixtures.WithShards(2), fixtures.WithThanos(monitoringv1.ThanosSpec{ObjectStorageConfig: objectStorage}), withStorage(&monitoringv1.StorageSpec{VolumeClaimTemplate: monitoringv1.EmbeddedPersistentVolumeClaim{}}), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.Secrets = []string{"a", "b"}
		c.Containers = []corev1.Container{{Name: "prometheus", Env: []corev1.EnvVar{{Name: "X", Value: "1"}}}}
	}))
}

func BenchmarkStatefulSet(b *testing.B) {
	p := benchmarkPrometheus()
	options := Options{Config: testConfig(), RuleConfigMapNames: RuleConfigMapNames(p, 3)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := StatefulSet(p, options); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInputHash(b *testing.B) {
	p := benchmarkPrometheus()
	set, err := StatefulSet(p, Options{Config: testConfig()})
	if err != nil {
		b.Fatal(err)
	}
	options := Options{Config: testConfig(), RuleConfigMapNames: RuleConfigMapNames(p, 3), ExistingStatefulSetSpec: &set.Spec}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := InputHash(p, options); err != nil {
			b.Fatal(err)
		}
	}
}
