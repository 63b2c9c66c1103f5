// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// manyServiceMonitors is one Prometheus selecting count ServiceMonitors.
func manyServiceMonitors(tb testing.TB, count int) []*unstructured.Unstructured {
	tb.Helper()
	var text strings.Builder
	text.WriteString(`apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: main
  namespace: monitoring
spec:
  serviceMonitorSelector:
    matchLabels:
      team: bench
`)
	for i := range count {
		fmt.Fprintf(&text, `---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: app-%d
  namespace: monitoring
  labels:
    team: bench
spec:
  selector:
    matchLabels:
      app: app-%d
  endpoints:
  - port: web
    interval: 30s
    relabelings:
    - sourceLabels: [__meta_kubernetes_pod_node_name]
      targetLabel: node
`, i, i)
	}
	objects, err := Decode(strings.NewReader(text.String()))
	require.NoError(tb, err)
	return objects
}

// BenchmarkRender1000ServiceMonitors measures a whole render (defaulting,
// fake API, informers, reconcile, collection) of one Prometheus selecting
// 1,000 ServiceMonitors, printing excluded.
func BenchmarkRender1000ServiceMonitors(b *testing.B) {
	manifests := manyServiceMonitors(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		result, err := Render(b.Context(), manifests, Options{})
		if err != nil || result.Failed() {
			b.Fatalf("render: %v %v", err, result.Rejections)
		}
	}
}

func TestManyServiceMonitorsAreAllRendered(t *testing.T) {
	result, err := Render(t.Context(), manyServiceMonitors(t, 50), Options{})
	require.NoError(t, err)
	require.Empty(t, result.Rejections)
	config := configFile(t, result.Objects, "prometheus-main", "prometheus.yaml")
	require.Equal(t, 50, strings.Count(config, "- job_name: serviceMonitor/monitoring/app-"))
}
