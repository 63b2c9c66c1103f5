// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// editBenchMonitor is a ServiceMonitor of the edit benchmark: two
// endpoints, basic auth on every tenth, a resourceVersion as the API
// server would give it.
func editBenchMonitor(i int) *monitoringv1.ServiceMonitor {
	m := fixtures.ServiceMonitor(fmt.Sprintf("app-%d", i), frontendTeam)
	m.ResourceVersion = "1"
	m.Spec.Endpoints = []monitoringv1.Endpoint{{Port: "web"}, {Port: "metrics", ScrapeEndpointSettings: monitoringv1.ScrapeEndpointSettings{Path: "/admin/metrics"}}}
	if i%10 == 0 {
		for e := range m.Spec.Endpoints {
			m.Spec.Endpoints[e].BasicAuth = &monitoringv1.BasicAuth{
				Username: corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "auth"}, Key: "user"},
				Password: corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "auth"}, Key: "password"},
			}
		}
	}
	return m
}

// BenchmarkEditOneMonitor measures the reconcile that follows the edit of
// one ServiceMonitor among n, the configuration Secret being in place:
// selection, generation, compression and the Secret write through a fake
// clientset.
func BenchmarkEditOneMonitor(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			f := newFixture(b)
			objects := []runtime.Object{fixtures.Prometheus("main", selectsFrontend), &corev1.Secret{
				ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "auth", ResourceVersion: "1"},
				Data:       map[string][]byte{"user": []byte("admin"), "password": []byte("s3cret")},
			}}
			for i := range n {
				objects = append(objects, editBenchMonitor(i))
			}
			f.add(objects...)
			// The second sync settles the StatefulSet (its hash covers the
			// stored spec).
			f.sync("prometheus", "default", "main")
			f.sync("prometheus", "default", "main")
			c := f.controllerFor("prometheus")
			name := fmt.Sprintf("app-%d", n/2)
			interval := ""
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				// The edit starts from the stored object, status included,
				// as the informer would deliver it; the fake API's own cost
				// is left out.
				b.StopTimer()
				edited, err := f.monitoringClient.MonitoringV1().ServiceMonitors("default").Get(f.ctx, name, metav1.GetOptions{})
				require.NoError(b, err)
				interval = strconv.Itoa(10+i%2) + "s"
				edited.ResourceVersion = strconv.Itoa(i + 2)
				edited.Spec.Endpoints[0].Interval = monitoringv1.Duration(interval)
				_, err = f.monitoringClient.MonitoringV1().ServiceMonitors("default").Update(f.ctx, edited, metav1.UpdateOptions{})
				require.NoError(b, err)
				require.NoError(b, f.informers.ServiceMonitors.Add(edited))
				b.StartTimer()
				require.NoError(b, c.sync(f.ctx, keyOf("main")))
			}
			b.StopTimer()
			config := f.generatedConfig("default", "prometheus-main")
			require.Contains(b, config, "scrape_interval: "+interval)
		})
	}
}
