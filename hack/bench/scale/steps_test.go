//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package scale

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/seed-6daed11e/prometheus-operator/hack/bench/benchenv"
)

// reconcilesMetric counts the reconciles each controller started.
const reconcilesMetric = "prometheus_operator_reconcile_operations_total"

// reconcileErrorsMetric counts the reconciles that failed.
const reconcileErrorsMetric = "prometheus_operator_reconcile_errors_total"

// measureResyncs makes the operator reconcile the Prometheus
// -bench.resyncs times with nothing to change, and counts the API requests
// of each reconcile: the operator's own, by method, and the API server's
// count of Secret reads (nobody else reads Secrets meanwhile).
func (r *run) measureResyncs(b *testing.B) {
	var writes, secretGets, requests float64
	for i := 1; i <= *resyncCount; i++ {
		operatorBefore := benchenv.OperatorRequests(r.metrics(b))
		serverBefore, err := benchenv.APIServerRequests(b.Context(), r.env.Cluster.Config)
		if err != nil {
			b.Fatal(err)
		}
		r.triggerResync(b, i)
		if err := benchenv.WaitOperatorIdle(b.Context(), r.op.URL("/metrics"), *quiet, *idleTimeout); err != nil {
			b.Fatal(err)
		}
		operatorDelta := benchenv.OperatorRequests(r.metrics(b)).Sub(operatorBefore)
		serverAfter, err := benchenv.APIServerRequests(b.Context(), r.env.Cluster.Config)
		if err != nil {
			b.Fatal(err)
		}
		serverDelta := serverAfter.Sub(serverBefore)
		secretReads := serverDelta["GET secrets"]
		writes += operatorDelta.Total(benchenv.IsWrite)
		secretGets += secretReads
		requests += operatorDelta.Total(nil)
		b.Logf("resync %d: operator requests %s; API server (every client, the trigger's PATCH included): %s",
			i, operatorDelta, serverDelta)
	}
	if *resyncCount > 0 {
		n := float64(*resyncCount)
		r.figures.resyncN = n
		r.figures.resyncWrites, r.figures.resyncSecretGets, r.figures.resyncRequests = writes/n, secretGets/n, requests/n
	}
}

// triggerResync changes a label of the unselected trigger ServiceMonitor
// and waits until the operator has started a reconcile of the Prometheus.
func (r *run) triggerResync(b *testing.B, i int) {
	ctx := b.Context()
	before, err := r.reconciles(ctx)
	if err != nil {
		b.Fatal(err)
	}
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{"labels": map[string]string{"bench-touch": fmt.Sprint(i)}}})
	if err != nil {
		b.Fatal(err)
	}
	monitors := r.env.Monitoring.MonitoringV1().ServiceMonitors(namespace)
	if _, err := monitors.Patch(ctx, triggerName, types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
		b.Fatalf("touching the resync trigger: %v", err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		count, err := r.reconciles(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if count > before {
			return
		}
		if time.Now().After(deadline) {
			b.Fatalf("resync %d: the operator started no reconcile within a minute of the trigger", i)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// reconciles returns how many reconciles the Prometheus controller started.
func (r *run) reconciles(ctx context.Context) (float64, error) {
	return r.controllerCounter(ctx, reconcilesMetric)
}

// reconcileErrors returns how many reconciles of the Prometheus controller
// failed.
func (r *run) reconcileErrors(ctx context.Context) (float64, error) {
	return r.controllerCounter(ctx, reconcileErrorsMetric)
}

func (r *run) controllerCounter(ctx context.Context, name string) (float64, error) {
	metrics, err := r.op.Metrics(ctx)
	if err != nil {
		return 0, err
	}
	for _, sample := range benchenv.Samples(metrics, name) {
		if sample.Labels["controller"] == "prometheus" {
			return sample.Value, nil
		}
	}
	return 0, fmt.Errorf("the operator exposes no %s{controller=\"prometheus\"}", name)
}

// measureEdits changes the first ServiceMonitor -bench.edits times, each
// time once the operator is idle, and times each change until the
// benchmark's watch receives the config Secret holding it.
func (r *run) measureEdits(b *testing.B) {
	ctx := b.Context()
	monitors := r.env.Monitoring.MonitoringV1().ServiceMonitors(namespace)
	defer r.profileCPU(b)()
	cpuBefore := r.cpu(b)
	for i := 1; i <= *editCount; i++ {
		if err := benchenv.WaitOperatorIdle(ctx, r.op.URL("/metrics"), *quiet/2, *idleTimeout); err != nil {
			b.Fatal(err)
		}
		time.Sleep(rand.N(*editJitter + 1))
		monitor, err := monitors.Get(ctx, benchenv.ServiceMonitorName(0), metav1.GetOptions{})
		if err != nil {
			b.Fatalf("reading ServiceMonitor: %v", err)
		}
		benchenv.SetMarker(&monitor.Spec.Endpoints[0], marker(i))
		changed := time.Now()
		if _, err := monitors.Update(ctx, monitor, metav1.UpdateOptions{}); err != nil {
			b.Fatalf("updating ServiceMonitor: %v", err)
		}
		written, err := r.timeline.First(ctx, 5*time.Minute, hasMarker(marker(i)))
		if err != nil {
			b.Fatalf("edit %d: waiting for the config Secret: %v", i, err)
		}
		elapsed := written.At.Sub(changed)
		r.figures.edits = append(r.figures.edits, elapsed)
		b.Logf("edit %2d: ServiceMonitor update → config Secret %7.1f ms", i, benchenv.Milliseconds(elapsed))
	}
	if *editCount > 0 {
		// Includes the status-binding write that follows each edit.
		r.figures.cpuPerEdit = (r.cpu(b) - cpuBefore) / time.Duration(*editCount)
	}
}

// profileCPU starts the operator's CPU profile when -bench.cpu-profile
// asks for one, and returns what waits for it and writes it: the profile
// lasts two seconds per edit, which covers the edits and their waits.
func (r *run) profileCPU(b *testing.B) func() {
	if *cpuProfile == "" {
		return func() {}
	}
	seconds := max(2**editCount, 1)
	done := make(chan error, 1)
	go func() {
		profile, err := benchenv.HTTPGet(b.Context(), r.op.URL(fmt.Sprintf("/debug/pprof/profile?seconds=%d", seconds)))
		if err == nil {
			err = os.WriteFile(*cpuProfile, []byte(profile), 0o644)
		}
		done <- err
	}()
	return func() {
		if err := <-done; err != nil {
			b.Errorf("CPU profile: %v", err)
			return
		}
		b.Logf("CPU profile over the edits written to %s", *cpuProfile)
	}
}

// marker is the value the i-th edit writes; zero-padded so that no marker
// is a prefix of another.
func marker(i int) string { return fmt.Sprintf("%s%04d", markerPrefix, i) }

const markerPrefix = "benchgen"

// cpu returns the operator's CPU time so far.
func (r *run) cpu(b *testing.B) time.Duration {
	used, err := benchenv.ReadProcessCPU(r.pid)
	if err != nil {
		b.Fatal(err)
	}
	return used
}

// metrics returns the operator's /metrics text.
func (r *run) metrics(b *testing.B) string {
	metrics, err := r.op.Metrics(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	return metrics
}

// compressedSize reads the config Secret once (a request of the benchmark,
// not the operator's) for the size of its data.
func (r *run) compressedSize(b *testing.B) int {
	secret, err := r.env.Kube.CoreV1().Secrets(namespace).Get(b.Context(), "prometheus-"+prometheusName, metav1.GetOptions{})
	if err != nil {
		b.Fatalf("reading the config Secret: %v", err)
	}
	size := 0
	for _, value := range secret.Data {
		size += len(value)
	}
	return size
}

// tail returns the last size bytes of text.
func tail(text string, size int) string {
	if len(text) <= size {
		return text
	}
	return "…" + text[len(text)-size:]
}

// report prints the figures and adds them to the result line.
func (r *run) report(b *testing.B) {
	f := r.figures
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(f.ready.Seconds(), "ready-s")
	if f.complete {
		b.ReportMetric(f.configComplete.Seconds(), "config-complete-s")
	}
	b.ReportMetric(f.idle.Seconds(), "idle-s")
	b.ReportMetric(f.cpuAtConfig.Seconds(), "cpu-to-config-s")
	b.ReportMetric(f.cpuAtIdle.Seconds(), "cpu-to-idle-s")
	b.ReportMetric(f.cpuTotal.Seconds(), "cpu-total-s")
	b.ReportMetric(benchenv.Milliseconds(f.cpuPerEdit), "cpu-per-edit-ms")
	b.ReportMetric(benchenv.MiB(float64(f.steady.RSS)), "rss-MiB")
	b.ReportMetric(benchenv.MiB(float64(f.final.PeakRSS)), "peak-rss-MiB")
	b.ReportMetric(benchenv.MiB(float64(f.steady.Anonymous)), "rss-anon-MiB")
	b.ReportMetric(benchenv.MiB(float64(f.steady.File)), "rss-file-MiB")
	b.ReportMetric(benchenv.MiB(f.heapInuse), "heap-inuse-MiB")
	b.ReportMetric(benchenv.MiB(f.heapAlloc), "heap-alloc-MiB")
	b.ReportMetric(benchenv.MiB(f.heapAfterGC.Inuse), "heap-inuse-after-gc-MiB")
	b.ReportMetric(benchenv.MiB(f.heapAfterGC.Alloc), "heap-alloc-after-gc-MiB")
	if f.resyncN > 0 {
		b.ReportMetric(f.resyncWrites, "resync-writes")
		b.ReportMetric(f.resyncSecretGets, "resync-secret-gets")
		b.ReportMetric(f.resyncRequests, "resync-requests")
	}
	f.edits.Report(b, "edit")
	b.Logf("load average before %s, after %s", f.loadBefore, f.loadAfter)
	complete := fmt.Sprintf("%.2f s", f.configComplete.Seconds())
	if !f.complete {
		complete = "never (reconciles failed)"
	}
	b.Logf("| %d | %s | %.1f MiB | %.1f MiB | %.1f / %.1f MiB | %.1f s / %.1f s / %.1f s | %g writes, %g Secret GETs (%g requests) | %.1f / %.1f ms | %s |",
		*monitorCount, complete, benchenv.MiB(float64(f.steady.RSS)), benchenv.MiB(float64(f.final.PeakRSS)),
		benchenv.MiB(f.heapInuse), benchenv.MiB(f.heapAfterGC.Alloc),
		f.cpuAtConfig.Seconds(), f.cpuAtIdle.Seconds(), f.cpuTotal.Seconds(),
		f.resyncWrites, f.resyncSecretGets, f.resyncRequests,
		benchenv.Milliseconds(f.edits.Percentile(0.5)), benchenv.Milliseconds(f.edits.Percentile(0.9)),
		strings.Join([]string{f.loadBefore, f.loadAfter}, " → "))
}
