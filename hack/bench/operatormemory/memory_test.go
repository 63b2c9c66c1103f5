//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package operatormemory measures the operator's memory after it has synced
// one Prometheus selecting many ServiceMonitors, with and without a large
// number of unrelated Secrets in the cluster. The operator reads Secrets as
// metadata only, so the two figures should be close. See hack/bench/README.md.
package operatormemory

import (
	"flag"
	"fmt"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/hack/bench/benchenv"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/operator"
)

var (
	monitorCount = flag.Int("bench.monitors", 1000, "ServiceMonitors the Prometheus selects")
	secretCount  = flag.Int("bench.secrets", 5000, "unrelated Secrets in the second run")
	secretBytes  = flag.Int("bench.secret-bytes", 100<<10, "size of each unrelated Secret's payload")
	settle       = flag.Duration("bench.settle", 30*time.Second, "wait after the full configuration appears, before reading memory")
	workers      = flag.Int("bench.workers", 8, "parallel requests when creating objects")
	syncTimeout  = flag.Duration("bench.sync-timeout", 10*time.Minute, "limit for the operator to write the full configuration")
)

const (
	namespace      = "bench-memory"
	prometheusName = "bench"
)

// BenchmarkOperatorMemory runs the operator twice, each time against a
// fresh local control plane: once with only the monitors, once with the
// unrelated Secrets created first. Run it with -benchtime=1x: each run is
// one measurement, whatever b.N is.
func BenchmarkOperatorMemory(b *testing.B) {
	for _, secrets := range []int{0, *secretCount} {
		b.Run(fmt.Sprintf("unrelated-secrets=%d", secrets), func(b *testing.B) {
			measureOperatorMemory(b, secrets)
		})
	}
}

// memorySample is the operator's memory at one moment.
type memorySample struct {
	heapInuse, heapAlloc float64
	process              benchenv.ProcessMemory
}

func measureOperatorMemory(b *testing.B, secrets int) {
	ctx := b.Context()
	env := benchenv.StartLocal(b)
	prepareCluster(b, env, secrets)
	timeline := benchenv.WatchConfigSecret(b, env.Kube, namespace, "prometheus-"+prometheusName)

	started := time.Now()
	op := operator.Start(b, operator.Options{Kubeconfig: env.Cluster.KubeconfigPath})
	readyAfter := time.Since(started)
	full, err := timeline.First(ctx, *syncTimeout, func(config string) bool { return benchenv.CountJobs(config) >= *monitorCount })
	if err != nil {
		b.Fatalf("waiting for a configuration with %d jobs: %v", *monitorCount, err)
	}
	syncedAfter := full.At.Sub(started)
	pid, err := benchenv.FindPID("--web.listen-address=" + op.Address)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("operator pid %d ready after %s, configuration with %d jobs after %s; settling %s",
		pid, readyAfter.Round(time.Millisecond), benchenv.CountJobs(full.Config), syncedAfter.Round(time.Millisecond), *settle)
	select {
	case <-time.After(*settle):
	case <-ctx.Done():
		b.Fatal(ctx.Err())
	}
	op.RequireRunning(b)
	settled := readMemory(b, op, pid)
	loadAverage := benchenv.LoadAverage()
	collected := readMemoryAfterGC(b, op, pid)

	b.ReportMetric(0, "ns/op")
	b.ReportMetric(benchenv.MiB(settled.heapInuse), "heap-inuse-MiB")
	b.ReportMetric(benchenv.MiB(settled.heapAlloc), "heap-alloc-MiB")
	b.ReportMetric(benchenv.MiB(collected.heapInuse), "heap-inuse-after-gc-MiB")
	b.ReportMetric(benchenv.MiB(collected.heapAlloc), "heap-alloc-after-gc-MiB")
	b.ReportMetric(benchenv.MiB(float64(settled.process.RSS)), "rss-MiB")
	b.ReportMetric(benchenv.MiB(float64(collected.process.PeakRSS)), "peak-rss-MiB")
	b.ReportMetric(syncedAfter.Seconds(), "config-complete-s")
	b.ReportMetric(readyAfter.Seconds(), "ready-s")
	b.Logf("unrelated Secrets %d: heap inuse %.1f MiB, alloc %.1f MiB (after GC: %.1f / %.1f), RSS %.1f MiB, peak RSS %.1f MiB; load average %s",
		secrets, benchenv.MiB(settled.heapInuse), benchenv.MiB(settled.heapAlloc),
		benchenv.MiB(collected.heapInuse), benchenv.MiB(collected.heapAlloc),
		benchenv.MiB(float64(settled.process.RSS)), benchenv.MiB(float64(collected.process.PeakRSS)), loadAverage)
	logAPIServerMemory(b, env)
}

// prepareCluster creates the namespace, the unrelated Secrets (when asked),
// the ServiceMonitors and the Prometheus, before the operator starts.
func prepareCluster(b *testing.B, env *benchenv.Env, secrets int) {
	ctx := b.Context()
	if err := benchenv.CreateNamespace(ctx, env.Kube, namespace); err != nil {
		b.Fatal(err)
	}
	if secrets > 0 {
		started := time.Now()
		if err := benchenv.CreateUnrelatedSecrets(ctx, env.Kube, namespace, secrets, *secretBytes, *workers); err != nil {
			b.Fatal(err)
		}
		size, err := env.EtcdDatabaseBytes()
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("created %d Secrets of %d KiB in %s; etcd database now %.0f MiB",
			secrets, *secretBytes>>10, time.Since(started).Round(time.Millisecond), benchenv.MiB(float64(size)))
	}
	started := time.Now()
	if err := benchenv.CreateServiceMonitors(ctx, env.Monitoring, namespace, *monitorCount, *workers, ""); err != nil {
		b.Fatal(err)
	}
	prometheus := benchenv.Prometheus(namespace, prometheusName)
	if _, err := env.Monitoring.MonitoringV1().Prometheuses(namespace).Create(ctx, prometheus, metav1.CreateOptions{}); err != nil {
		b.Fatalf("creating Prometheus: %v", err)
	}
	b.Logf("created %d ServiceMonitors and the Prometheus in %s", *monitorCount, time.Since(started).Round(time.Millisecond))
}

// readMemory reads the Go heap from the operator's /metrics and the
// resident set from the kernel.
func readMemory(b *testing.B, op *operator.Operator, pid int) memorySample {
	metrics, err := op.Metrics(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	var sample memorySample
	if sample.heapInuse, err = benchenv.MetricValue(metrics, "go_memstats_heap_inuse_bytes"); err != nil {
		b.Fatal(err)
	}
	if sample.heapAlloc, err = benchenv.MetricValue(metrics, "go_memstats_heap_alloc_bytes"); err != nil {
		b.Fatal(err)
	}
	if sample.process, err = benchenv.ReadProcessMemory(pid); err != nil {
		b.Fatal(err)
	}
	return sample
}

// readMemoryAfterGC reads the heap right after a forced collection, and
// the resident set.
func readMemoryAfterGC(b *testing.B, op *operator.Operator, pid int) memorySample {
	heap, err := benchenv.ReadHeapAfterGC(b.Context(), op.URL(""))
	if err != nil {
		b.Fatal(err)
	}
	sample := memorySample{heapInuse: heap.Inuse, heapAlloc: heap.Alloc}
	if sample.process, err = benchenv.ReadProcessMemory(pid); err != nil {
		b.Fatal(err)
	}
	return sample
}

// logAPIServerMemory notes the API server's resident set, for context: it
// is the process that has to hold the unrelated Secrets.
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
