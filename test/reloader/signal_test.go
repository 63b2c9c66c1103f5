package reloadertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader"
)

// TestSignalReloadAgainstRealPrometheus drives the signal method: SIGHUP to
// the Prometheus process, then the outcome read from runtimeinfo. The process
// is found by id rather than name, as other Prometheus servers may run on a
// shared machine.
func TestSignalReloadAgainstRealPrometheus(t *testing.T) {
	configFile := filepath.Join(t.TempDir(), "prometheus.yaml")
	require.NoError(t, os.WriteFile(configFile, []byte(prometheusConfig("one", t.TempDir())), 0o644))
	prometheus := startPrometheus(t, configFile)
	pid := prometheus.process.command.Process.Pid
	trigger := &reloader.SignalTrigger{
		ProcessName:    "prometheus",
		RuntimeInfoURL: prometheus.url("/api/v1/status/runtimeinfo"),
		Timeout:        10 * time.Second,
		FindProcess:    func(string) (int, error) { return pid, nil },
	}

	require.NoError(t, os.WriteFile(configFile, []byte(prometheusConfig("two", t.TempDir())), 0o644))
	require.NoError(t, trigger.Reload(context.Background()))
	assert.Contains(t, prometheus.loadedConfig(t), "generation: two", "the reload had finished when Reload returned")

	require.NoError(t, os.WriteFile(configFile, []byte("global: [not, a, map]\n"), 0o644))
	err := trigger.Reload(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "failed")
	assert.True(t, strings.Contains(prometheus.loadedConfig(t), "generation: two"), "the last good configuration stays")
}
