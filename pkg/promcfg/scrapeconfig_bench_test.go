// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"testing"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// BenchmarkScrapeConfigs generates the configuration of a Prometheus
// selecting n ScrapeConfigs, each with a Kubernetes, a Consul and an HTTP
// discovery entry, a tenth of them with basic auth from a Secret.
func BenchmarkScrapeConfigs(b *testing.B) {
	for _, n := range []int{100, 1000} {
		objects := make([]*monitoringv1alpha1.ScrapeConfig, n)
		for i := range objects {
			objects[i] = fixtures.ScrapeConfig(fmt.Sprintf("bench-%05d", i), walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.KubernetesSDConfigs = []monitoringv1alpha1.KubernetesSDConfig{{Role: monitoringv1alpha1.KubernetesRolePod}}
				spec.ConsulSDConfigs = []monitoringv1alpha1.ConsulSDConfig{{Server: "consul:8500", Services: []string{"web"}}}
				spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{URL: "http://sd.example.com/targets"}}
				if i%10 == 0 {
					spec.BasicAuth = basicAuthSD()
				}
			}))
		}
		input := scrapeConfigInput(objects...)
		workload := fixtures.Prometheus("example", walkthrough)
		b.Run(fmt.Sprintf("%d ScrapeConfigs", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Generate(workload, input, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
