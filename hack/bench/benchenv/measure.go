//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package benchenv

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Durations are samples of one measured interval.
type Durations []time.Duration

// Percentile returns the sample at quantile q (0..1) by the nearest-rank
// method, or 0 without samples.
func (d Durations) Percentile(q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	sorted := slices.Clone(d)
	slices.Sort(sorted)
	rank := int(math.Ceil(float64(len(sorted))*q)) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// Report adds <name>-p50-ms, <name>-p90-ms and <name>-max-ms columns to the
// benchmark's result line.
func (d Durations) Report(b *testing.B, name string) {
	if len(d) == 0 {
		return
	}
	b.ReportMetric(Milliseconds(d.Percentile(0.5)), name+"-p50-ms")
	b.ReportMetric(Milliseconds(d.Percentile(0.9)), name+"-p90-ms")
	b.ReportMetric(Milliseconds(d.Percentile(1)), name+"-max-ms")
}

// Milliseconds converts a duration to fractional milliseconds.
func Milliseconds(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// MiB converts bytes to mebibytes.
func MiB(bytes float64) float64 { return bytes / (1 << 20) }

// LoadAverage returns the 1, 5 and 15 minute load averages as the kernel
// prints them.
func LoadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	return strings.Join(fields[:min(3, len(fields))], " ")
}

// ProcessMemory is the kernel's view of a process's memory.
type ProcessMemory struct {
	// RSS is the resident set size now (VmRSS).
	RSS int64
	// PeakRSS is the highest resident set size so far (VmHWM).
	PeakRSS int64
	// Anonymous and File split RSS (RssAnon, RssFile): the process's own
	// memory, and the pages of mapped files (mostly the binary's code and
	// data), which the kernel may drop and read again under pressure.
	Anonymous, File int64
}

// ReadProcessMemory reads VmRSS and VmHWM from /proc/<pid>/status.
func ReadProcessMemory(pid int) (ProcessMemory, error) {
	file, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return ProcessMemory{}, fmt.Errorf("reading process status: %w", err)
	}
	// Opened read-only: a failed close loses nothing; the scanner reports read errors.
	defer func() { _ = file.Close() }()
	var memory ProcessMemory
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		name, value, found := strings.Cut(scanner.Text(), ":")
		if !found {
			continue
		}
		fields := strings.Fields(value)
		if len(fields) != 2 || fields[1] != "kB" {
			continue
		}
		kilobytes, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return ProcessMemory{}, fmt.Errorf("parsing %s: %w", name, err)
		}
		switch name {
		case "VmRSS":
			memory.RSS = kilobytes << 10
		case "VmHWM":
			memory.PeakRSS = kilobytes << 10
		case "RssAnon":
			memory.Anonymous = kilobytes << 10
		case "RssFile":
			memory.File = kilobytes << 10
		}
	}
	if err := scanner.Err(); err != nil {
		return ProcessMemory{}, fmt.Errorf("reading process status: %w", err)
	}
	if memory.RSS == 0 {
		return ProcessMemory{}, errors.New("no VmRSS line in process status")
	}
	return memory, nil
}

// FindPID returns the process whose command line holds argument exactly,
// e.g. a --web.listen-address=127.0.0.1:port that only one process uses.
func FindPID(argument string) (int, error) {
	paths, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		return 0, fmt.Errorf("listing processes: %w", err)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // the process has ended meanwhile
		}
		if slices.Contains(strings.Split(string(data), "\x00"), argument) {
			return strconv.Atoi(filepath.Base(filepath.Dir(path)))
		}
	}
	return 0, fmt.Errorf("no process has the argument %q", argument)
}

// HTTPGet returns the body of a 200 answer from url.
func HTTPGet(ctx context.Context, url string) (string, error) {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("building request: %w", err)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", url, err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return "", fmt.Errorf("GET %s: reading body: %w", url, err)
	}
	if response.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: status %d", url, response.StatusCode)
	}
	return string(body), nil
}

// MetricValue returns the value of an unlabelled sample in a Prometheus
// text exposition.
func MetricValue(exposition, name string) (float64, error) {
	for line := range strings.SplitSeq(exposition, "\n") {
		value, found := strings.CutPrefix(line, name+" ")
		if !found {
			continue
		}
		parsed, err := strconv.ParseFloat(strings.Fields(value)[0], 64)
		if err != nil {
			return 0, fmt.Errorf("parsing %s: %w", name, err)
		}
		return parsed, nil
	}
	return 0, fmt.Errorf("metric %s not exposed", name)
}

// UnixSeconds turns a fractional Unix timestamp (as Prometheus exposes
// times) into a time.
func UnixSeconds(seconds float64) time.Time {
	whole := int64(seconds)
	return time.Unix(whole, int64((seconds-float64(whole))*1e9))
}

// SumMetric adds up every sample of a metric family in a Prometheus text
// exposition, whatever its labels; found is false when it has none.
func SumMetric(exposition, name string) (sum float64, found bool) {
	for line := range strings.SplitSeq(exposition, "\n") {
		rest, matched := strings.CutPrefix(line, name)
		if !matched || (!strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, "{")) {
			continue
		}
		fields := strings.Fields(rest[strings.LastIndexByte(rest, '}')+1:])
		if len(fields) == 0 {
			continue
		}
		if value, err := strconv.ParseFloat(fields[0], 64); err == nil {
			sum += value
			found = true
		}
	}
	return sum, found
}

// WaitOperatorIdle returns once the operator at metricsURL has made no API
// request for quiet (its client request counter stood still), so that a
// measurement does not queue behind the tail of earlier work, such as the
// status updates that follow a first sync.
func WaitOperatorIdle(ctx context.Context, metricsURL string, quiet, timeout time.Duration) error {
	const requests = "prometheus_operator_kubernetes_client_http_requests_total"
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	last, lastChange := -1.0, time.Now()
	for {
		exposition, err := HTTPGet(ctx, metricsURL)
		if err != nil {
			return fmt.Errorf("waiting for the operator to be idle: %w", err)
		}
		count, found := SumMetric(exposition, requests)
		if !found {
			return fmt.Errorf("the operator exposes no %s", requests)
		}
		if count != last {
			last, lastChange = count, time.Now()
		} else if time.Since(lastChange) >= quiet {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the operator was still making API requests after %s: %w", timeout, ctx.Err())
		case <-time.After(quiet / 8):
		}
	}
}

// clockTicksPerSecond is USER_HZ, the unit of /proc/<pid>/stat's times; it
// is 100 on every Linux architecture Go supports.
const clockTicksPerSecond = 100

// ReadProcessCPU returns the CPU time (user plus system) a process has used
// so far, from /proc/<pid>/stat.
func ReadProcessCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("reading process stat: %w", err)
	}
	return parseProcessCPU(string(data))
}

// parseProcessCPU reads utime and stime (fields 14 and 15) of a stat line.
// The command name (field 2) may hold spaces and parentheses, so fields are
// counted from the last closing parenthesis.
func parseProcessCPU(stat string) (time.Duration, error) {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, errors.New("process stat has no command name")
	}
	// After the name: state is field 3, so utime (14) is index 11.
	fields := strings.Fields(stat[end+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("process stat has %d fields after the name", len(fields))
	}
	var ticks int64
	for _, field := range fields[11:13] {
		value, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parsing CPU time: %w", err)
		}
		ticks += value
	}
	return time.Duration(ticks) * time.Second / clockTicksPerSecond, nil
}

// HeapAfterGC is what the Go runtime reports right after a forced
// collection.
type HeapAfterGC struct {
	// Inuse is HeapInuse: bytes in spans holding objects.
	Inuse float64
	// Alloc is HeapAlloc: bytes of live (and not yet swept) objects.
	Alloc float64
}

// ReadHeapAfterGC asks a Go process's pprof heap endpoint (baseURL is its
// http://host:port) to collect garbage first and reads the heap figures it
// prints right after (the runtime.MemStats trailer of debug=1), so that the
// profile's own allocations do not blur them.
func ReadHeapAfterGC(ctx context.Context, baseURL string) (HeapAfterGC, error) {
	profile, err := HTTPGet(ctx, baseURL+"/debug/pprof/heap?gc=1&debug=1")
	if err != nil {
		return HeapAfterGC{}, fmt.Errorf("forcing a garbage collection: %w", err)
	}
	var heap HeapAfterGC
	if heap.Inuse, err = memStatsValue(profile, "HeapInuse"); err != nil {
		return HeapAfterGC{}, err
	}
	if heap.Alloc, err = memStatsValue(profile, "HeapAlloc"); err != nil {
		return HeapAfterGC{}, err
	}
	return heap, nil
}

// memStatsValue reads "# <field> = <value>" from a debug=1 heap profile.
func memStatsValue(profile, field string) (float64, error) {
	for line := range strings.SplitSeq(profile, "\n") {
		value, found := strings.CutPrefix(line, "# "+field+" = ")
		if found {
			parsed, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
			if err != nil {
				return 0, fmt.Errorf("parsing %s in the heap profile: %w", field, err)
			}
			return parsed, nil
		}
	}
	return 0, fmt.Errorf("the heap profile has no %s line", field)
}
