// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package promproc runs real Prometheus servers and the project's
// prometheus-config-reloader as processes on loopback, for tests of the
// data path: the configuration the operator generates, reloaded by the
// reloader, scraping and remote-writing for real.
package promproc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/process"
)

// ReadyTimeout bounds the wait for a started Prometheus to answer /-/ready.
const ReadyTimeout = 60 * time.Second

// Options configure one Prometheus process.
type Options struct {
	// Name labels the process and its log file; "prometheus" when empty.
	Name string
	// ConfigFile is the --config.file Prometheus loads (required).
	ConfigFile string
	// Agent runs Prometheus in agent mode (--agent): it scrapes and
	// remote-writes but serves no queries.
	Agent bool
	// RemoteWriteReceiver accepts samples on /api/v1/write.
	RemoteWriteReceiver bool
	// Args are further flags.
	Args []string
}

// Prometheus is a running Prometheus server.
type Prometheus struct {
	*process.Process
	// Address is the host:port it listens on.
	Address string
}

// Binary returns the Prometheus server binary: $PROMETHEUS_BINARY, or the
// one hack/build-prometheus.sh caches in .cache/bin. A missing binary fails
// the test: the data-path tests need it.
func Binary(t testing.TB) string {
	t.Helper()
	if path := os.Getenv("PROMETHEUS_BINARY"); path != "" {
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("PROMETHEUS_BINARY=%s is not usable: %v", path, err)
		}
		return path
	}
	root, err := process.RepoRoot()
	if err != nil {
		t.Fatalf("finding the repository: %v", err)
	}
	path := filepath.Join(root, ".cache", "bin", "prometheus")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no Prometheus binary at %s: build it with `make prometheus-binary` (hack/build-prometheus.sh) or set PROMETHEUS_BINARY", path)
	}
	return path
}

// Start runs Prometheus on a free loopback port with the lifecycle API on
// (so that the reloader can reload it) and waits until it is ready.
func Start(t testing.TB, opts Options) *Prometheus {
	t.Helper()
	if opts.ConfigFile == "" {
		t.Fatal("promproc.Start: Options.ConfigFile is required")
	}
	if opts.Name == "" {
		opts.Name = "prometheus"
	}
	address := process.FreeAddress(t)
	dataDir := t.TempDir()
	args := []string{
		"--config.file=" + opts.ConfigFile,
		"--web.listen-address=" + address,
		"--web.enable-lifecycle",
	}
	if opts.Agent {
		args = append(args, "--agent", "--storage.agent.path="+dataDir)
	} else {
		args = append(args, "--storage.tsdb.path="+dataDir)
	}
	if opts.RemoteWriteReceiver {
		args = append(args, "--web.enable-remote-write-receiver")
	}
	args = append(args, opts.Args...)
	started := process.Start(t, process.Spec{Name: opts.Name, Binary: Binary(t), Args: args})
	p := &Prometheus{Process: started, Address: address}
	if err := started.WaitHealthy(t.Context(), p.URL("/-/ready"), ReadyTimeout); err != nil {
		t.Fatalf("%s not ready: %v", opts.Name, err)
	}
	return p
}

// URL returns the address of one of Prometheus's HTTP paths.
func (p *Prometheus) URL(path string) string { return "http://" + p.Address + path }

// Sample is one element of an instant-vector query result.
type Sample struct {
	Metric map[string]string
	Value  float64
}

// Query evaluates an instant query through /api/v1/query.
func (p *Prometheus) Query(ctx context.Context, expr string) ([]Sample, error) {
	var data struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	}
	if err := p.getAPI(ctx, "/api/v1/query?query="+url.QueryEscape(expr), &data); err != nil {
		return nil, err
	}
	if data.ResultType != "vector" {
		return nil, fmt.Errorf("query %q: result type %q, want vector", expr, data.ResultType)
	}
	samples := make([]Sample, 0, len(data.Result))
	for _, result := range data.Result {
		text, _ := result.Value[1].(string)
		value, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, fmt.Errorf("query %q: value %v: %w", expr, result.Value[1], err)
		}
		samples = append(samples, Sample{Metric: result.Metric, Value: value})
	}
	return samples, nil
}

// Target is one active scrape target as /api/v1/targets reports it.
type Target struct {
	ScrapePool string            `json:"scrapePool"`
	ScrapeURL  string            `json:"scrapeUrl"`
	Labels     map[string]string `json:"labels"`
	Health     string            `json:"health"`
	LastError  string            `json:"lastError"`
}

// Targets returns the active targets; it works in agent mode too.
func (p *Prometheus) Targets(ctx context.Context) ([]Target, error) {
	var data struct {
		ActiveTargets []Target `json:"activeTargets"`
	}
	if err := p.getAPI(ctx, "/api/v1/targets?state=active", &data); err != nil {
		return nil, err
	}
	return data.ActiveTargets, nil
}

// LoadedConfig returns the configuration Prometheus runs with, as YAML.
func (p *Prometheus) LoadedConfig(ctx context.Context) (string, error) {
	var data struct {
		YAML string `json:"yaml"`
	}
	if err := p.getAPI(ctx, "/api/v1/status/config", &data); err != nil {
		return "", err
	}
	return data.YAML, nil
}

// getAPI reads one API path and decodes the "data" member of the answer.
func (p *Prometheus) getAPI(ctx context.Context, path string, data any) error {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, p.URL(path), nil)
	if err != nil {
		return fmt.Errorf("building request: %w", err)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer response.Body.Close()
	var envelope struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(response.Body).Decode(&envelope); err != nil {
		return fmt.Errorf("GET %s: status %d, decoding answer: %w", path, response.StatusCode, err)
	}
	if envelope.Status != "success" {
		return fmt.Errorf("GET %s: status %d: %s", path, response.StatusCode, envelope.Error)
	}
	if err := json.Unmarshal(envelope.Data, data); err != nil {
		return fmt.Errorf("GET %s: decoding data: %w", path, err)
	}
	return nil
}
