// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package observability builds the Grafana dashboard (example/dashboards) and
// the PrometheusRule of alerts (example/alerts) that watch the operator
// itself, from the metric names the operator exports. `go run
// ./hack/observability/generate` writes both files; hack/update-all.sh runs
// it and hack/verify-codegen.sh checks that the committed files are fresh.
package observability

// Job is the job label of the operator's series: the name of its Service,
// which the chart's ServiceMonitor and a plain Service scrape both produce.
const Job = "prometheus-operator"

// Paths of the generated files, relative to the repository root.
const (
	DashboardPath = "example/dashboards/prometheus-operator.json"
	RulesPath     = "example/alerts/prometheus-operator-rules.yaml"
)
