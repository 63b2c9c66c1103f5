//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package propagation

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/hack/bench/benchenv"
)

// BenchmarkPropagation changes one ServiceMonitor b.N times per mode and
// times each change until a real Prometheus has reloaded with it. Run it
// with a fixed count, e.g. -benchtime=20x (go test first runs each mode once
// with b.N=1, which builds its own rig).
func BenchmarkPropagation(b *testing.B) {
	for _, m := range []mode{apiWatchMode, fileMode} {
		b.Run("mode="+string(m), func(b *testing.B) {
			r := setUp(b, m)
			b.Logf("%s: load average before %s", m, benchenv.LoadAverage())
			var parts propagationParts
			for i := 1; i <= b.N; i++ {
				parts.add(b, r.change(b, i))
			}
			b.Logf("%s: load average after %s", m, benchenv.LoadAverage())
			parts.report(b)
		})
	}
}

// changeTimes are the moments one change passed each stage.
type changeTimes struct {
	// changed: the ServiceMonitor update was sent.
	changed time.Time
	// secretUpdated: the config Secret holding the change was delivered by
	// a watch.
	secretUpdated time.Time
	// volumeWritten: the simulated kubelet wrote it into the volume (file
	// mode; zero otherwise).
	volumeWritten time.Time
	// reloaded: Prometheus finished the reload that loaded it.
	reloaded time.Time
	// prometheusReload is how long Prometheus itself took for that reload,
	// as it logs it (zero when not found).
	prometheusReload time.Duration
}

// propagationParts collects the stages of every change.
type propagationParts struct {
	operator, volume, reloader, prometheusReload, total benchenv.Durations
}

func (p *propagationParts) add(b *testing.B, times changeTimes) {
	reloaderStart := times.secretUpdated
	operatorPart := times.secretUpdated.Sub(times.changed)
	p.operator = append(p.operator, operatorPart)
	var volumePart time.Duration
	if !times.volumeWritten.IsZero() {
		reloaderStart = times.volumeWritten
		volumePart = times.volumeWritten.Sub(times.secretUpdated)
		p.volume = append(p.volume, volumePart)
	}
	reloaderPart := times.reloaded.Sub(reloaderStart)
	p.reloader = append(p.reloader, reloaderPart)
	if times.prometheusReload > 0 {
		p.prometheusReload = append(p.prometheusReload, times.prometheusReload)
	}
	total := times.reloaded.Sub(times.changed)
	p.total = append(p.total, total)
	b.Logf("change %2d: operator %7.1f ms, volume %7.1f ms, reloader %7.1f ms (Prometheus' own reload %7.1f ms), total %7.1f ms",
		len(p.total), benchenv.Milliseconds(operatorPart), benchenv.Milliseconds(volumePart),
		benchenv.Milliseconds(reloaderPart), benchenv.Milliseconds(times.prometheusReload), benchenv.Milliseconds(total))
}

func (p *propagationParts) report(b *testing.B) {
	b.ReportMetric(0, "ns/op") // the wall time per change includes deliberate pauses
	p.operator.Report(b, "operator")
	p.volume.Report(b, "volume")
	p.reloader.Report(b, "reloader")
	p.prometheusReload.Report(b, "prometheus-reload")
	p.total.Report(b, "total")
}

// marker is the value the i-th change writes into the first ServiceMonitor's
// relabeling; zero-padded so that no marker is a prefix of another.
func marker(i int) string { return fmt.Sprintf("benchgen%04d", i) }

// change makes the i-th change and returns when each stage saw it.
func (r *rig) change(b *testing.B, i int) changeTimes {
	b.Helper()
	ctx := b.Context()
	// A random pause, so that changes fall at random points of the volume
	// refresh period rather than right after a refresh.
	pause := *apiJitter
	if r.mode == fileMode {
		pause = *volumePeriod
	}
	time.Sleep(rand.N(pause))

	monitors := r.env.Monitoring.MonitoringV1().ServiceMonitors(r.namespace)
	monitor, err := monitors.Get(ctx, benchenv.ServiceMonitorName(0), metav1.GetOptions{})
	if err != nil {
		b.Fatalf("reading ServiceMonitor: %v", err)
	}
	benchenv.SetMarker(&monitor.Spec.Endpoints[0], marker(i))
	times := changeTimes{changed: time.Now()}
	if _, err := monitors.Update(ctx, monitor, metav1.UpdateOptions{}); err != nil {
		b.Fatalf("updating ServiceMonitor: %v", err)
	}
	limit := 2**volumePeriod + time.Minute
	secret, err := r.secret.First(ctx, limit, benchenv.Contains(marker(i)))
	if err != nil {
		b.Fatalf("change %d: waiting for the config Secret: %v", i, err)
	}
	times.secretUpdated = secret.At
	if r.volume != nil {
		written, err := r.volume.First(ctx, limit, benchenv.Contains(marker(i)))
		if err != nil {
			b.Fatalf("change %d: waiting for the volume: %v", i, err)
		}
		times.volumeWritten = written.At
	}
	if times.reloaded, err = r.waitLoaded(b, marker(i), times.changed, limit); err != nil {
		b.Fatalf("change %d: %v", i, err)
	}
	times.prometheusReload = lastReloadDuration(r.prometheus.Log())
	return times
}

// waitLoaded polls Prometheus until the configuration it serves holds text,
// then returns the end of the reload that loaded it: Prometheus' own
// last-successful-reload timestamp when it falls between since and the
// moment the text was seen (it has sub-millisecond precision), else that
// moment.
func (r *rig) waitLoaded(b *testing.B, text string, since time.Time, timeout time.Duration) (time.Time, error) {
	b.Helper()
	ctx, cancel := context.WithTimeout(b.Context(), timeout)
	defer cancel()
	for {
		config, err := r.prometheus.LoadedConfig(ctx)
		seen := time.Now()
		if err == nil && strings.Contains(config, text) {
			return r.reloadFinished(ctx, since, seen), nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return time.Time{}, fmt.Errorf("Prometheus did not load %q within %s: %w", text, timeout, err)
			}
			return time.Time{}, fmt.Errorf("Prometheus did not load %q within %s", text, timeout)
		case <-time.After(*pollInterval):
		}
	}
}

func (r *rig) reloadFinished(ctx context.Context, since, seen time.Time) time.Time {
	metrics, err := benchenv.HTTPGet(ctx, r.prometheus.URL("/metrics"))
	if err != nil {
		return seen
	}
	seconds, err := benchenv.MetricValue(metrics, "prometheus_config_last_reload_success_timestamp_seconds")
	if err != nil {
		return seen
	}
	finished := benchenv.UnixSeconds(seconds)
	if finished.Before(since) || finished.After(seen) {
		return seen
	}
	return finished
}

// lastReloadDuration returns the totalDuration of the last "Completed
// loading of configuration file" line of a Prometheus log, or zero.
func lastReloadDuration(log string) time.Duration {
	index := strings.LastIndex(log, "Completed loading of configuration file")
	if index < 0 {
		return 0
	}
	line, _, _ := strings.Cut(log[index:], "\n")
	_, value, found := strings.Cut(line, "totalDuration=")
	if !found {
		return 0
	}
	fields := strings.Fields(value)
	if len(fields) == 0 {
		return 0
	}
	duration, err := time.ParseDuration(fields[0])
	if err != nil {
		return 0
	}
	return duration
}
