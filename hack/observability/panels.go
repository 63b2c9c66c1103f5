// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package observability

import "strings"

// on puts the dashboard's job and instance matchers into a selector: on("m",
// `status="failed"`) is m{job="$job",instance=~"$instance",status="failed"}.
func on(metric string, matchers ...string) string {
	all := append([]string{`job="$job"`, `instance=~"$instance"`}, matchers...)
	return metric + "{" + strings.Join(all, ",") + "}"
}

// rate is the per-second rate of a counter over Grafana's rate interval.
func rate(metric string, matchers ...string) string {
	return "rate(" + on(metric, matchers...) + "[$__rate_interval])"
}

// quantile is the q-quantile of a histogram, by the given labels.
func quantile(q, histogram, by string) string {
	return "histogram_quantile(" + q + ", sum by (le, " + by + ") (" + rate(histogram+"_bucket") + "))"
}

// meanLatency is the mean of a summary over the rate interval, by the given labels.
func meanLatency(summary, by string) string {
	return "sum by (" + by + ") (" + rate(summary+"_sum") + ")\n/\nsum by (" + by + ") (" + rate(summary+"_count") + ")"
}

// sumBy wraps an expression in sum by (labels).
func sumBy(labels, expr string) string { return "sum by (" + labels + ") (" + expr + ")" }

// dashboardRows lists the dashboard's rows, top to bottom.
func dashboardRows() []rowSpec {
	return append(operatorRows(), clusterRows()...)
}

// operatorRows are the rows about the operator's own work: readiness,
// reconciles and work queues.
func operatorRows() []rowSpec {
	return []rowSpec{
		{title: "Overview", panels: []panelSpec{
			{title: "Ready replicas per controller", kind: "stat", unit: "none", description: "Controllers whose caches synced and that reconcile (prometheus_operator_ready).",
				queries: []query{{sumBy("controller", on("prometheus_operator_ready")), "{{controller}}"}}},
			{title: "Controllers disabled by RBAC", kind: "stat", unit: "none", description: "1 for a controller the operator did not start because it may not list or watch its kinds.",
				queries: []query{{sumBy("controller", on("prometheus_operator_controller_disabled")), "{{controller}}"}}},
			{title: "Feature gates", kind: "table", unit: "none", description: "1 for an enabled gate, 0 for a disabled one.",
				queries: []query{{"max by (name) (" + on("prometheus_operator_feature_gate") + ")", "{{name}}"}}},
			{title: "Leader", kind: "stat", unit: "none", description: "1 on the replica that holds the leader Lease (--leader-elect).",
				queries: []query{{on("prometheus_operator_leader"), "{{pod}}"}}},
			{title: "Workloads by sync status", kind: "stat", unit: "none", description: "Workloads whose last reconcile succeeded or failed.",
				queries: []query{{sumBy("controller, status", on("prometheus_operator_syncs")), "{{controller}} {{status}}"}}},
			{title: "Shards and replicas per workload", kind: "table", unit: "none",
				queries: []query{
					{"max by (controller, namespace, name) (" + on("prometheus_operator_spec_shards") + ")", "shards"},
					{"max by (controller, namespace, name) (" + on("prometheus_operator_spec_replicas") + ")", "replicas"},
				}},
		}},
		{title: "Reconciles", panels: []panelSpec{
			{title: "Reconcile rate", unit: "ops", queries: []query{{sumBy("controller", rate("prometheus_operator_reconcile_operations_total")), "{{controller}}"}}},
			{title: "Reconcile errors and recovered panics", unit: "ops", queries: []query{
				{sumBy("controller", rate("prometheus_operator_reconcile_errors_total")), "errors {{controller}}"},
				{sumBy("controller", rate("prometheus_operator_reconcile_panics_total")), "panics {{controller}}"},
			}},
			{title: "Reconcile duration", unit: "s", queries: []query{
				{quantile("0.5", "prometheus_operator_reconcile_duration_seconds", "controller"), "p50 {{controller}}"},
				{quantile("0.99", "prometheus_operator_reconcile_duration_seconds", "controller"), "p99 {{controller}}"},
			}},
			{title: "Events that triggered a reconcile", unit: "ops", queries: []query{{sumBy("controller, triggered_by", rate("prometheus_operator_triggered_total")), "{{controller}} {{triggered_by}}"}}},
			{title: "Status updates", unit: "ops", queries: []query{
				{sumBy("controller", rate("prometheus_operator_status_update_operations_total")), "updates {{controller}}"},
				{sumBy("controller", rate("prometheus_operator_status_update_errors_total")), "errors {{controller}}"},
			}},
			{title: "status.bindings writes", unit: "ops", queries: []query{
				{sumBy("controller", rate("prometheus_operator_bindings_write_operations_total")), "writes {{controller}}"},
				{sumBy("controller", rate("prometheus_operator_bindings_write_errors_total")), "errors {{controller}}"},
			}},
		}},
		{title: "Work queues", panels: []panelSpec{
			{title: "Queue depth", unit: "none", queries: []query{{sumBy("name", on("prometheus_operator_workqueue_depth")), "{{name}}"}}},
			{title: "Time in queue", unit: "s", queries: []query{{quantile("0.99", "prometheus_operator_workqueue_latency_seconds", "name"), "p99 {{name}}"}}},
			{title: "Work duration", unit: "s", queries: []query{{quantile("0.99", "prometheus_operator_workqueue_work_duration_seconds", "name"), "p99 {{name}}"}}},
			{title: "Adds and retries", unit: "ops", queries: []query{
				{sumBy("name", rate("prometheus_operator_workqueue_adds_total")), "adds {{name}}"},
				{sumBy("name", rate("prometheus_operator_workqueue_retries_total")), "retries {{name}}"},
			}},
			{title: "Longest running processor", unit: "s", queries: []query{{sumBy("name", on("prometheus_operator_workqueue_longest_running_processor_seconds")), "{{name}}"}}},
		}},
	}
}

// clusterRows are the rows about what the operator manages and what it
// costs: managed resources, the Kubernetes API and the process.
func clusterRows() []rowSpec {
	return []rowSpec{
		{title: "Managed resources", panels: []panelSpec{
			{title: "Selected resources by kind", unit: "none", queries: []query{{sumBy("controller, resource", on("prometheus_operator_managed_resources", `state="selected"`)), "{{controller}} {{resource}}"}}},
			{title: "Rejected resources by kind", unit: "none", description: "Resources a workload selected but rejected; status.bindings on each says why.",
				queries: []query{{sumBy("controller, resource", on("prometheus_operator_managed_resources", `state="rejected"`)), "{{controller}} {{resource}}"}}},
			{title: "Kubelet endpoint syncs", unit: "ops", queries: []query{
				{sumBy("resource", rate("prometheus_operator_node_syncs_total")), "syncs {{resource}}"},
				{sumBy("resource", rate("prometheus_operator_node_syncs_failed_total")), "failed {{resource}}"},
				{"sum(" + rate("prometheus_operator_node_address_lookup_errors_total") + ")", "node address lookup errors"},
			}},
		}},
		{title: "Kubernetes API", panels: []panelSpec{
			{title: "List and watch errors", unit: "ops", queries: []query{
				{sumBy("controller, resource", rate("prometheus_operator_list_operations_failed_total")), "list {{controller}} {{resource}}"},
				{sumBy("controller, resource", rate("prometheus_operator_watch_operations_failed_total")), "watch {{controller}} {{resource}}"},
			}},
			{title: "List and watch calls", unit: "ops", queries: []query{
				{sumBy("controller", rate("prometheus_operator_list_operations_total")), "list {{controller}}"},
				{sumBy("controller", rate("prometheus_operator_watch_operations_total")), "watch {{controller}}"},
			}},
			{title: "API requests by status code", unit: "reqps", queries: []query{{sumBy("method, status_code", rate("prometheus_operator_kubernetes_client_http_requests_total")), "{{method}} {{status_code}}"}}},
			{title: "API request latency (mean)", unit: "s", queries: []query{{meanLatency("prometheus_operator_kubernetes_client_http_request_duration_seconds", "method"), "{{method}}"}}},
			{title: "Client rate limiter wait (mean)", unit: "s", queries: []query{{meanLatency("prometheus_operator_kubernetes_client_rate_limiter_duration_seconds", "method"), "{{method}}"}}},
		}},
		{title: "Process", panels: []panelSpec{
			{title: "Memory", unit: "bytes", queries: []query{
				{on("process_resident_memory_bytes"), "resident {{instance}}"},
				{on("go_memstats_heap_inuse_bytes"), "heap in use {{instance}}"},
			}},
			{title: "CPU", unit: "percentunit", queries: []query{{rate("process_cpu_seconds_total"), "{{instance}}"}}},
			{title: "Goroutines", unit: "none", queries: []query{{on("go_goroutines"), "{{instance}}"}}},
		}},
	}
}
