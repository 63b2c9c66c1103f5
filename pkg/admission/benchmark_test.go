// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"net/http"
	"testing"
)

// BenchmarkReview measures one review per endpoint, without cluster
// lookups: decoding, the controllers' check and the answer.
func BenchmarkReview(b *testing.B) {
	f := newFixture(b, nil)
	for name, tc := range map[string]struct {
		path, object string
		resource     scrapeResource
	}{
		"ServiceMonitor": {ServiceMonitorsValidatePath, validServiceMonitor, serviceMonitorResource},
		"PrometheusRule": {PrometheusRulesValidatePath, `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: rules, namespace: default}
spec:
  groups: [{name: g, rules: [{alert: A, expr: 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) > 1', for: 5m}]}]
`, scrapeResource{gvr: prometheusRuleResource}},
	} {
		body := reviewBody(b, tc.resource.gvr, tc.object)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if recorder := f.post(tc.path, body, "application/json"); recorder.Code != http.StatusOK {
					b.Fatal(recorder.Body.String())
				}
			}
		})
	}
}
