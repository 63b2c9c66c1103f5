package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFlagsAcceptsTheUpstreamCommandLine(t *testing.T) {
	// The arguments the operator puts on the config-reloader container.
	opts, err := parseFlags([]string{
		"--listen-address=:8080",
		"--reload-url=http://localhost:9090/-/reload",
		"--config-file=/etc/prometheus/config/prometheus.yaml.gz",
		"--config-envsubst-file=/etc/prometheus/config_out/prometheus.env.yaml",
		"--watched-dir=/etc/prometheus/rules/prometheus-k8s-rulefiles-0",
		"--watched-dir", "/etc/prometheus/config",
		"--watch-interval=0",
		"--log-level=debug",
		"--log-format=json",
	}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, ":8080", opts.listenAddress)
	assert.Equal(t, "/etc/prometheus/config/prometheus.yaml.gz", opts.configFile)
	assert.Equal(t, stringList{"/etc/prometheus/rules/prometheus-k8s-rulefiles-0", "/etc/prometheus/config"}, opts.watchedDirs)
	assert.Equal(t, time.Duration(0), opts.watchInterval)
	assert.Equal(t, "json", opts.logFormat)
	assert.False(t, opts.apiWatchEnabled())
}

func TestParseFlagsDefaultsMatchUpstream(t *testing.T) {
	opts, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 3*time.Minute, opts.watchInterval)
	assert.Equal(t, time.Second, opts.delayInterval)
	assert.Equal(t, 5*time.Second, opts.retryInterval)
	assert.Equal(t, 30*time.Second, opts.reloadTimeout)
	assert.Equal(t, "http", opts.reloadMethod)
	assert.Equal(t, "http://127.0.0.1:9090/-/reload", opts.reloadURL)
	assert.Equal(t, "http://127.0.0.1:9090/api/v1/status/runtimeinfo", opts.runtimeInfoURL)
	assert.Equal(t, "prometheus", opts.processExecutableName)
	assert.Equal(t, "POD_NAME", opts.ordinalFromEnvVar)
	assert.Equal(t, "prometheus.yaml.gz", opts.watchSecretKey)
}

func TestParseFlagsRejectsBadValues(t *testing.T) {
	tests := map[string][]string{
		"an unknown reload method":     {"--reload-method=kill"},
		"a relative reload URL":        {"--reload-url=/-/reload"},
		"a malformed secret reference": {"--watch-secret=just-a-name"},
		"a malformed configmap target": {"--watch-configmap=ns/"},
		"a memory ratio above one":     {"--auto-gomemlimit-ratio=1.5"},
		"an unknown flag":              {"--no-such-flag"},
		"a positional argument":        {"extra"},
		"a zero reload timeout":        {"--reload-timeout=0s"},
		"an unparsable watch interval": {"--watch-interval=soon"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := parseFlags(args, io.Discard)
			require.Error(t, err)
		})
	}
}

func TestRunInInitModeRendersTheConfigurationAndExits(t *testing.T) {
	dir := t.TempDir()
	var compressed bytes.Buffer
	writer := gzip.NewWriter(&compressed)
	_, _ = writer.Write([]byte("global:\n  external_labels:\n    replica: $(POD_NAME)\n    ordinal: $(STATEFULSET_ORDINAL_NUMBER)\n"))
	require.NoError(t, writer.Close())
	input := filepath.Join(dir, "prometheus.yaml.gz")
	output := filepath.Join(dir, "prometheus.env.yaml")
	require.NoError(t, os.WriteFile(input, compressed.Bytes(), 0o644))
	t.Setenv("POD_NAME", "prometheus-k8s-4")

	code := run([]string{"--watch-interval=0", "--config-file=" + input, "--config-envsubst-file=" + output,
		"--listen-address=127.0.0.1:0", "--log-level=none"}, io.Discard, io.Discard)

	require.Equal(t, 0, code)
	content, err := os.ReadFile(output)
	require.NoError(t, err)
	assert.Equal(t, "global:\n  external_labels:\n    replica: prometheus-k8s-4\n    ordinal: 4\n", string(content))
}

func TestRunExitCodes(t *testing.T) {
	var stdout bytes.Buffer
	assert.Equal(t, 0, run([]string{"--version"}, &stdout, io.Discard))
	assert.Contains(t, stdout.String(), "prometheus-config-reloader")
	assert.Equal(t, 2, run([]string{"--reload-method=bogus"}, io.Discard, io.Discard))
	assert.Equal(t, 2, run([]string{"--log-format=xml"}, io.Discard, io.Discard))
	assert.Equal(t, 1, run([]string{"--watch-interval=0", "--config-file=/nonexistent/x", "--config-envsubst-file=" +
		filepath.Join(t.TempDir(), "out"), "--log-level=none"}, io.Discard, io.Discard))
}

func TestHandlerServesHealthAndMetrics(t *testing.T) {
	registry := prometheus.NewRegistry()
	registry.MustRegister(prometheus.NewCounter(prometheus.CounterOpts{Name: "reloader_reloads_total", Help: "h"}))
	server := httptest.NewServer(newHandler(registry))
	defer server.Close()

	response, err := http.Get(server.URL + "/healthz")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, response.StatusCode)
	assert.JSONEq(t, `{"status":"up"}`, readBody(t, response))

	response, err = http.Get(server.URL + "/metrics")
	require.NoError(t, err)
	assert.Contains(t, readBody(t, response), "reloader_reloads_total 0")
}

// readBody reads and closes a response body, failing the test on either error.
func readBody(t *testing.T, response *http.Response) string {
	t.Helper()
	body, err := io.ReadAll(response.Body)
	require.NoError(t, err)
	require.NoError(t, response.Body.Close())
	return string(body)
}

func TestNewLoggerLevels(t *testing.T) {
	var output bytes.Buffer
	logger, err := newLogger("warn", "json", &output)
	require.NoError(t, err)
	logger.Info("hidden")
	logger.Warn("shown")
	assert.NotContains(t, output.String(), "hidden")
	assert.Contains(t, output.String(), `"msg":"shown"`)
	_, err = newLogger("verbose", "logfmt", &output)
	require.Error(t, err)
}
