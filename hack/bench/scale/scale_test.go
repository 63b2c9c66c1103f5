//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package scale

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/hack/bench/benchenv"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/operator"
)

const (
	namespace      = "bench-scale"
	prometheusName = "bench"
	// triggerName is a ServiceMonitor the Prometheus does not select: a
	// change of its labels makes the operator reconcile the Prometheus
	// with nothing to change (a converged resync).
	triggerName = "resync-trigger"
)

// BenchmarkScale starts the operator against a fresh local control plane
// holding -bench.monitors ServiceMonitors and the unrelated Secrets, and
// measures it from start to the end of the edits. Run it with
// -benchtime=1x: one run is one measurement, whatever b.N is.
func BenchmarkScale(b *testing.B) {
	b.Run(fmt.Sprintf("monitors=%d", *monitorCount), func(b *testing.B) {
		r := startRun(b)
		r.measure(b)
	})
}

// run is one operator against one prepared cluster.
type run struct {
	env      *benchenv.Env
	timeline *benchenv.Timeline
	op       *operator.Operator
	pid      int
	started  time.Time
	jobs     int
	figures  figures
}

// figures are what one run reports.
type figures struct {
	ready, configComplete, idle             time.Duration
	cpuAtConfig, cpuAtIdle, cpuTotal        time.Duration
	cpuPerEdit                              time.Duration
	heapInuse, heapAlloc                    float64
	heapAfterGC                             benchenv.HeapAfterGC
	steady, final                           benchenv.ProcessMemory
	firstSyncRequests                       benchenv.RequestCounts
	resyncWrites, resyncSecretGets, resyncN float64
	resyncRequests                          float64
	edits                                   benchenv.Durations
	configBytes, compressedBytes            int
	complete                                bool
	loadBefore, loadAfter                   string
}

// startRun prepares the cluster, starts the operator and waits for the
// first complete configuration.
func startRun(b *testing.B) *run {
	r := &run{env: benchenv.StartLocal(b), jobs: *monitorCount * *endpointCount}
	prepareCluster(b, r.env)
	r.timeline = benchenv.WatchConfigSecretSummary(b, r.env.Kube, namespace, "prometheus-"+prometheusName, summarize)
	r.figures.loadBefore = benchenv.LoadAverage()

	r.started = time.Now()
	r.op = operator.Start(b, operator.Options{Kubeconfig: r.env.Cluster.KubeconfigPath, Args: extraOperatorArgs()})
	r.figures.ready = time.Since(r.started)
	pid, err := benchenv.FindPID("--web.listen-address=" + r.op.Address)
	if err != nil {
		b.Fatal(err)
	}
	r.pid = pid
	full, complete := r.waitComplete(b)
	r.figures.complete = complete
	if !complete {
		r.figures.cpuAtConfig = r.cpu(b)
		return r
	}
	r.figures.configComplete = full.At.Sub(r.started)
	r.figures.cpuAtConfig = r.cpu(b)
	r.figures.configBytes = parseSummary(full.Config).bytes
	r.figures.compressedBytes = r.compressedSize(b)
	b.Logf("operator pid %d ready after %s; configuration with %d jobs (%.1f MiB, %.2f MiB gzipped) after %s",
		r.pid, r.figures.ready.Round(time.Millisecond), r.jobs, benchenv.MiB(float64(r.figures.configBytes)),
		benchenv.MiB(float64(r.figures.compressedBytes)), r.figures.configComplete.Round(time.Millisecond))
	return r
}

// failedReconciles is how many failed reconciles of the Prometheus make the
// benchmark give up waiting for a complete configuration.
const failedReconciles = 3

// waitComplete waits for the first configuration with every job. When the
// operator's reconciles keep failing instead (a configuration too large
// for one Secret, say), it logs why and returns false: memory, CPU and
// resync traffic are still measured, the edits are not.
func (r *run) waitComplete(b *testing.B) (benchenv.Observation, bool) {
	deadline := time.Now().Add(*syncTimeout)
	for {
		full, err := r.timeline.First(b.Context(), 2*time.Second, hasJobs(r.jobs))
		if err == nil {
			return full, true
		}
		failures, metricErr := r.reconcileErrors(b.Context())
		if metricErr != nil {
			b.Fatal(metricErr)
		}
		if failures >= failedReconciles {
			b.Logf("no configuration with %d jobs: %g reconciles failed; operator log (tail):\n%s",
				r.jobs, failures, tail(r.op.Log(), 3000))
			return benchenv.Observation{}, false
		}
		if time.Now().After(deadline) {
			b.Logf("operator log (tail):\n%s", tail(r.op.Log(), 4000))
			b.Fatalf("waiting for a configuration with %d jobs: %v", r.jobs, err)
		}
	}
}

// measure runs every step after the first complete configuration.
func (r *run) measure(b *testing.B) {
	r.waitIdleAfterFirstSync(b)
	r.readSteadyMemory(b)
	r.measureResyncs(b)
	if r.figures.complete {
		r.measureEdits(b)
	}
	r.op.RequireRunning(b)
	memory, err := benchenv.ReadProcessMemory(r.pid)
	if err != nil {
		b.Fatal(err)
	}
	r.figures.final = memory
	r.figures.cpuTotal = r.cpu(b)
	r.figures.loadAfter = benchenv.LoadAverage()
	r.report(b)
	logAPIServerMemory(b, r.env)
}

// waitIdleAfterFirstSync waits for the tail of the first sync (the status
// bindings of every monitor) and notes what it cost.
func (r *run) waitIdleAfterFirstSync(b *testing.B) {
	if err := benchenv.WaitOperatorIdle(b.Context(), r.op.URL("/metrics"), *quiet, *idleTimeout); err != nil {
		b.Fatal(err)
	}
	r.figures.idle = time.Since(r.started) - *quiet
	r.figures.cpuAtIdle = r.cpu(b)
	r.figures.firstSyncRequests = benchenv.OperatorRequests(r.metrics(b))
	b.Logf("idle %s after start (CPU %.2f s); requests so far by method: %s",
		r.figures.idle.Round(time.Millisecond), r.figures.cpuAtIdle.Seconds(), r.figures.firstSyncRequests)
}

// readSteadyMemory reads memory once the operator has been idle for
// -bench.settle: the Go heap from /metrics, the resident set from the
// kernel, then the heap after a forced collection.
func (r *run) readSteadyMemory(b *testing.B) {
	r.logRSSWhileSettling(b)
	metrics := r.metrics(b)
	var err error
	if r.figures.heapInuse, err = benchenv.MetricValue(metrics, "go_memstats_heap_inuse_bytes"); err != nil {
		b.Fatal(err)
	}
	if r.figures.heapAlloc, err = benchenv.MetricValue(metrics, "go_memstats_heap_alloc_bytes"); err != nil {
		b.Fatal(err)
	}
	if r.figures.steady, err = benchenv.ReadProcessMemory(r.pid); err != nil {
		b.Fatal(err)
	}
	if r.figures.heapAfterGC, err = benchenv.ReadHeapAfterGC(b.Context(), r.op.URL("")); err != nil {
		b.Fatal(err)
	}
	if *heapProfile != "" {
		profile, err := benchenv.HTTPGet(b.Context(), r.op.URL("/debug/pprof/heap"))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(*heapProfile, []byte(profile), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Logf("heap profile written to %s", *heapProfile)
	}
}

// logRSSWhileSettling waits -bench.settle, logging the resident set every
// tenth of it: after a large first sync the runtime returns memory to the
// kernel gradually.
func (r *run) logRSSWhileSettling(b *testing.B) {
	step := *settle / 10
	var samples []string
	for range 10 {
		select {
		case <-time.After(step):
		case <-b.Context().Done():
			b.Fatal(b.Context().Err())
		}
		if memory, err := benchenv.ReadProcessMemory(r.pid); err == nil {
			samples = append(samples, fmt.Sprintf("%.0f (anon %.0f)", benchenv.MiB(float64(memory.RSS)), benchenv.MiB(float64(memory.Anonymous))))
		}
	}
	b.Logf("RSS while settling, every %s (MiB): %s", step, strings.Join(samples, ", "))
}

// prepareCluster creates the namespace, the unrelated Secrets, the
// basic-auth Secrets, the ServiceMonitors, the resync trigger and the
// Prometheus, before the operator starts.
func prepareCluster(b *testing.B, env *benchenv.Env) {
	ctx := b.Context()
	if err := benchenv.CreateNamespace(ctx, env.Kube, namespace); err != nil {
		b.Fatal(err)
	}
	started := time.Now()
	if err := benchenv.CreateUnrelatedSecrets(ctx, env.Kube, namespace, *secretCount, *secretBytes, *workers); err != nil {
		b.Fatal(err)
	}
	size, err := env.EtcdDatabaseBytes()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("created %d Secrets of %d KiB in %s; etcd database now %.0f MiB",
		*secretCount, *secretBytes>>10, time.Since(started).Round(time.Millisecond), benchenv.MiB(float64(size)))

	started = time.Now()
	authenticated := authenticatedCount(*monitorCount, *basicAuthEvery)
	if err := benchenv.CreateBasicAuthSecrets(ctx, env.Kube, namespace, authenticated, *workers, basicAuthSecretName); err != nil {
		b.Fatal(err)
	}
	if err := benchenv.CreateMonitors(ctx, env.Monitoring, namespace, *monitorCount, *workers, scaleMonitor); err != nil {
		b.Fatal(err)
	}
	trigger := benchenv.ServiceMonitor(namespace, triggerName, "")
	trigger.Labels = map[string]string{"bench-role": "resync-trigger"}
	monitors := env.Monitoring.MonitoringV1().ServiceMonitors(namespace)
	if _, err := monitors.Create(ctx, trigger, metav1.CreateOptions{}); err != nil {
		b.Fatalf("creating the resync trigger: %v", err)
	}
	prometheus := benchenv.Prometheus(namespace, prometheusName)
	if _, err := env.Monitoring.MonitoringV1().Prometheuses(namespace).Create(ctx, prometheus, metav1.CreateOptions{}); err != nil {
		b.Fatalf("creating Prometheus: %v", err)
	}
	b.Logf("created %d ServiceMonitors (%d endpoints each, %d with basic auth), their Secrets and the Prometheus in %s",
		*monitorCount, *endpointCount, authenticated, time.Since(started).Round(time.Millisecond))
}

// scaleMonitor is the i-th benchmark ServiceMonitor.
func scaleMonitor(i int) *monitoringv1.ServiceMonitor {
	shape := benchenv.MonitorShape{Endpoints: *endpointCount}
	if authenticated(i, *basicAuthEvery) {
		shape.BasicAuthSecret = basicAuthSecretName(i / *basicAuthEvery)
	}
	return benchenv.ShapedServiceMonitor(namespace, benchenv.ServiceMonitorName(i), "", shape)
}

// authenticated reports whether the i-th monitor uses basic auth: every
// n-th one, starting with the first (the one the edits change).
func authenticated(i, every int) bool { return every > 0 && i%every == 0 }

// authenticatedCount is how many of count monitors use basic auth.
func authenticatedCount(count, every int) int {
	if every <= 0 || count <= 0 {
		return 0
	}
	return (count + every - 1) / every
}

// basicAuthSecretName names the j-th basic-auth Secret.
func basicAuthSecretName(j int) string { return fmt.Sprintf("basic-auth-%05d", j) }

// logAPIServerMemory notes the API server's resident set, for context.
func logAPIServerMemory(b *testing.B, env *benchenv.Env) {
	pid, err := env.ComponentPID("kube-apiserver")
	if err != nil {
		b.Logf("kube-apiserver memory: %v", err)
		return
	}
	memory, err := benchenv.ReadProcessMemory(pid)
	if err != nil {
		b.Logf("kube-apiserver memory: %v", err)
		return
	}
	b.Logf("kube-apiserver RSS %.0f MiB (peak %.0f MiB)", benchenv.MiB(float64(memory.RSS)), benchenv.MiB(float64(memory.PeakRSS)))
}
