// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"strconv"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
)

// benchmarkServiceMonitors returns n ServiceMonitors with two endpoints,
// matchLabels plus one matchExpression, and basic auth on every tenth.
func benchmarkServiceMonitors(n int) []*monitoringv1.ServiceMonitor {
	monitors := make([]*monitoringv1.ServiceMonitor, n)
	for i := range monitors {
		monitors[i] = fixtures.ServiceMonitor("app-"+strconv.Itoa(i), walkthrough, fixtures.InNamespace("ns-"+strconv.Itoa(i%50)),
			fixtures.WithServiceMonitorSpec(func(s *monitoringv1.ServiceMonitorSpec) {
				s.Selector = metav1.LabelSelector{
					MatchLabels:      map[string]string{"app": "app-" + strconv.Itoa(i)},
					MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{"web", "api"}}},
				}
				s.Endpoints = []monitoringv1.Endpoint{{Port: "web"}, {Port: "metrics", ScrapeEndpointSettings: monitoringv1.ScrapeEndpointSettings{Path: "/admin/metrics"}}}
				if i%10 == 0 {
					for e := range s.Endpoints {
						s.Endpoints[e].BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
					}
				}
			}))
	}
	return monitors
}

func benchmarkPodMonitors(n int) []*monitoringv1.PodMonitor {
	monitors := make([]*monitoringv1.PodMonitor, n)
	for i := range monitors {
		monitors[i] = fixtures.PodMonitor("app-"+strconv.Itoa(i), walkthrough, fixtures.WithPodMonitorSpec(func(s *monitoringv1.PodMonitorSpec) {
			s.Selector = metav1.LabelSelector{
				MatchLabels:      map[string]string{"app": "app-" + strconv.Itoa(i)},
				MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpExists}},
			}
		}))
	}
	return monitors
}

// benchmarkStore has the basic auth Secret in the 50 namespaces used.
func benchmarkStore() assets.MapStore {
	store := assets.MapStore{Secrets: map[string]map[string]string{}}
	for i := range 50 {
		store.Secrets["ns-"+strconv.Itoa(i)+"/auth"] = map[string]string{"user": "admin", "password": "s3cret"}
	}
	return store
}

func BenchmarkServiceMonitors(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			input := Input{ServiceMonitors: benchmarkServiceMonitors(n), Store: benchmarkStore()}
			workload := fixtures.Prometheus("example", walkthrough)
			b.ReportAllocs()
			for b.Loop() {
				result, err := Generate(workload, input, Options{})
				if err != nil || len(result.Rejected) > 0 {
					b.Fatalf("generation failed: %v %v", err, result.Rejected)
				}
			}
		})
	}
}

func BenchmarkPodMonitors(b *testing.B) {
	input := Input{PodMonitors: benchmarkPodMonitors(1000), Store: benchmarkStore()}
	workload := fixtures.Prometheus("example", walkthrough)
	b.ReportAllocs()
	for b.Loop() {
		result, err := Generate(workload, input, Options{})
		if err != nil || len(result.Rejected) > 0 {
			b.Fatalf("generation failed: %v %v", err, result.Rejected)
		}
	}
}

// BenchmarkEditOneMonitor measures what one ServiceMonitor edit among n
// costs the generator: "full" generates everything again and compresses it
// whole (the path before the cache), "cached" goes through a Cache.
func BenchmarkEditOneMonitor(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, mode := range []string{"full", "cached"} {
			b.Run(fmt.Sprintf("%d/%s", n, mode), func(b *testing.B) {
				// Sorted, as the controller passes them.
				input := Input{ServiceMonitors: sortedByKey(benchmarkServiceMonitors(n)), Store: benchmarkStore()}
				for i, monitor := range input.ServiceMonitors {
					monitor.UID, monitor.ResourceVersion = types.UID(fmt.Sprintf("uid-%d", i)), "1"
				}
				workload := fixtures.Prometheus("example", walkthrough)
				cache := NewCache()
				generate := func() {
					if mode == "cached" {
						if _, err := cache.Generate(workload, input, Options{}); err != nil {
							b.Fatal(err)
						}
						return
					}
					result, err := Generate(workload, input, Options{})
					if err != nil {
						b.Fatal(err)
					}
					if _, err := gzipped.Compress(result.Config); err != nil {
						b.Fatal(err)
					}
				}
				generate()
				edited := input.ServiceMonitors[n/2]
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					edited = edited.DeepCopy()
					edited.ResourceVersion = fmt.Sprintf("%d", i+2)
					edited.Spec.Endpoints[0].Interval = monitoringv1.Duration(fmt.Sprintf("%ds", 10+i%2))
					input.ServiceMonitors[n/2] = edited
					generate()
				}
			})
		}
	}
}
