package reloadertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader"
	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader/kubeletvolume"
)

// The benchmarks below measure, per change, the time from the moment the
// change is made (a kubelet-style volume swap, or an API update) to the moment
// a real Prometheus has answered the reload request with success. Run them
// with a fixed count, for instance:
//
//	go test ./test/reloader -run '^$' -bench Latency -benchtime 20x
//
// and read the p50-ms / p90-ms / max-ms columns.

// latencies collects change-to-reload durations and reports percentiles.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	sorted := slices.Clone(l)
	slices.Sort(sorted)
	percentile := func(p float64) float64 {
		index := int(float64(len(sorted)-1) * p)
		return float64(sorted[index].Microseconds()) / 1000
	}
	b.ReportMetric(percentile(0.5), "p50-ms")
	b.ReportMetric(percentile(0.9), "p90-ms")
	b.ReportMetric(float64(sorted[len(sorted)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(0, "ns/op") // wall time per iteration includes pauses; not meaningful
}

// observedTrigger wraps a trigger and notes, for each successful reload,
// which configuration generation the rendered file held: the benchmark waits
// for the reload that carried the change it made, not for any reload (an
// event in the middle of a volume swap can cause an extra reload of the
// previous content).
type observedTrigger struct {
	inner      reloader.Trigger
	outputFile string
	loaded     chan loadedGeneration
}

type loadedGeneration struct {
	config string
	at     time.Time
}

func newObservedTrigger(inner reloader.Trigger, outputFile string) *observedTrigger {
	return &observedTrigger{inner: inner, outputFile: outputFile, loaded: make(chan loadedGeneration, 1024)}
}

func (o *observedTrigger) Reload(ctx context.Context) error {
	content, _ := os.ReadFile(o.outputFile)
	if err := o.inner.Reload(ctx); err != nil {
		return err
	}
	o.loaded <- loadedGeneration{config: string(content), at: time.Now()}
	return nil
}

// waitForGeneration returns when a reload carrying generation succeeded.
func (o *observedTrigger) waitForGeneration(b *testing.B, generation string) time.Time {
	timeout := time.After(waitLimit)
	for {
		select {
		case loaded := <-o.loaded:
			if strings.Contains(loaded.config, "generation: "+generation+"\n") {
				return loaded.at
			}
		case <-timeout:
			b.Fatalf("no reload of generation %s within %s", generation, waitLimit)
		}
	}
}

func runReloader(b *testing.B, options reloader.Options) {
	r, err := reloader.New(options)
	require.NoError(b, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		require.NoError(b, <-done)
	})
}

// BenchmarkFileModeLatency measures file mode with a simulated kubelet
// update of the config Secret volume. It leaves out the kubelet's own delay
// before it swaps the volume (its sync period plus cache TTL, typically
// 60-120 s in a real cluster), which this mode cannot avoid.
func BenchmarkFileModeLatency(b *testing.B) {
	for _, delay := range []time.Duration{time.Second, 100 * time.Millisecond, 0} {
		b.Run(fmt.Sprintf("delay=%s", delay), func(b *testing.B) {
			root := b.TempDir()
			configDir, rulesDir := filepath.Join(root, "config"), filepath.Join(root, "rules")
			outputFile := filepath.Join(root, "prometheus.env.yaml")
			write := func(generation int) {
				config := gzipText(b, prometheusConfig(fmt.Sprintf("g%d", generation), rulesDir))
				require.NoError(b, kubeletvolume.Write(configDir, map[string][]byte{"prometheus.yaml.gz": config}))
			}
			write(0)
			require.NoError(b, kubeletvolume.Write(rulesDir, map[string][]byte{"rules.yaml": ruleFile("g")}))
			require.NoError(b, os.WriteFile(outputFile, nil, 0o644))
			prometheus := startPrometheus(b, outputFile)
			trigger := newObservedTrigger(&reloader.HTTPTrigger{URL: prometheus.url("/-/reload")}, outputFile)
			runReloader(b, reloader.Options{
				Config:           reloader.FileSource{Path: filepath.Join(configDir, "prometheus.yaml.gz")},
				ConfigOutputFile: outputFile,
				WatchedDirs:      []string{rulesDir, configDir},
				WatchInterval:    reloader.DefaultWatchInterval,
				DelayInterval:    delay,
				Trigger:          trigger,
			})
			trigger.waitForGeneration(b, `"g0"`)
			var measured latencies
			for i := 1; i <= b.N; i++ {
				changed := time.Now()
				write(i)
				measured = append(measured, trigger.waitForGeneration(b, fmt.Sprintf(`"g%d"`, i)).Sub(changed))
			}
			require.Contains(b, prometheus.loadedConfig(b), fmt.Sprintf("generation: g%d", b.N))
			measured.report(b)
		})
	}
}

// BenchmarkAPIWatchLatencyFakeClient measures API-watch mode against
// client-go's fake clientset: the watch delivery is in-process, so this shows
// the reloader's own share (render, write, reload) without network or API
// server. See the e2e variant for a real kube-apiserver.
func BenchmarkAPIWatchLatencyFakeClient(b *testing.B) {
	client := fake.NewClientset(configSecret(b, "prometheus-test", prometheusConfig("g0", "/nonexistent")),
		rulesConfigMap("prometheus-test-rulefiles-0", "g"))
	measureAPIWatchLatency(b, client, client, testNamespace)
}

// measureAPIWatchLatency updates the config Secret b.N times through writer
// and records how long each update takes to become a successful reload of a
// real Prometheus, by a reloader that watches through watcher.
func measureAPIWatchLatency(b *testing.B, watcher, writer kubernetes.Interface, namespace string) {
	root := b.TempDir()
	outputFile := filepath.Join(root, "prometheus.env.yaml")
	rulesDir := filepath.Join(root, "rules")
	require.NoError(b, os.WriteFile(outputFile, nil, 0o644))
	prometheus := startPrometheus(b, outputFile)
	var observed *observedTrigger
	startAPIModeReloader(b, watcher, apiModeTarget{
		namespace: namespace, secret: "prometheus-test", configMap: "prometheus-test-rulefiles-0",
		outputFile: outputFile, rulesDir: rulesDir, reloadURL: prometheus.url("/-/reload"),
		observe: func(inner reloader.Trigger) reloader.Trigger {
			observed = newObservedTrigger(inner, outputFile)
			return observed
		},
	})
	observed.waitForGeneration(b, `"g0"`)
	secrets := writer.CoreV1().Secrets(namespace)
	var measured latencies
	for i := 1; i <= b.N; i++ {
		secret, err := secrets.Get(context.Background(), "prometheus-test", metav1.GetOptions{})
		require.NoError(b, err)
		secret.Data[reloader.DefaultSecretKey] = gzipText(b, prometheusConfig(fmt.Sprintf("g%d", i), rulesDir))
		secret.ResourceVersion = bumpFakeResourceVersion(writer, secret.ResourceVersion)
		changed := time.Now()
		_, err = secrets.Update(context.Background(), secret, metav1.UpdateOptions{})
		require.NoError(b, err)
		measured = append(measured, observed.waitForGeneration(b, fmt.Sprintf(`"g%d"`, i)).Sub(changed))
	}
	require.True(b, strings.Contains(prometheus.loadedConfig(b), fmt.Sprintf("generation: g%d", b.N)))
	measured.report(b)
}

// bumpFakeResourceVersion gives the fake clientset, which does not manage
// resource versions, a new one so the informer sees a real update; a real API
// server sets its own.
func bumpFakeResourceVersion(client kubernetes.Interface, current string) string {
	if _, isFake := client.(*fake.Clientset); !isFake {
		return current
	}
	return current + "1"
}
