package reloadertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader/kubeletvolume"
)

// pod lays out the folders of a Prometheus pod: the config Secret volume,
// one rule ConfigMap volume and the emptyDir that receives the rendered file.
type pod struct {
	configDir, rulesDir, outputFile string
}

func newPod(t *testing.T) pod {
	root := t.TempDir()
	p := pod{
		configDir:  filepath.Join(root, "config"),
		rulesDir:   filepath.Join(root, "rules", "prometheus-test-rulefiles-0"),
		outputFile: filepath.Join(root, "config_out", "prometheus.env.yaml"),
	}
	require.NoError(t, os.MkdirAll(filepath.Dir(p.outputFile), 0o755))
	return p
}

// updateConfig swaps the config Secret volume to hold text, gzipped.
func (p pod) updateConfig(t *testing.T, text string) {
	require.NoError(t, kubeletvolume.Write(p.configDir, map[string][]byte{"prometheus.yaml.gz": gzipText(t, text)}))
}

// updateRules swaps the rule ConfigMap volume to hold one group.
func (p pod) updateRules(t *testing.T, group string) {
	require.NoError(t, kubeletvolume.Write(p.rulesDir, map[string][]byte{"rules.yaml": ruleFile(group)}))
}

func (p pod) reloaderArgs(extra ...string) []string {
	return append([]string{
		"--config-file=" + filepath.Join(p.configDir, "prometheus.yaml.gz"),
		"--config-envsubst-file=" + p.outputFile,
		"--watched-dir=" + p.rulesDir,
		"--watched-dir=" + p.configDir,
		"--log-format=json",
	}, extra...)
}

// startSidecar runs the init container, Prometheus and the reloader sidecar.
func startSidecar(t *testing.T, p pod) (*prometheusServer, *process, string) {
	reloaderBinary, err := buildReloader()
	require.NoError(t, err)
	t.Setenv("POD_NAME", "prometheus-test-0")
	init := startProcess(t, reloaderBinary, p.reloaderArgs("--watch-interval=0")...)
	<-init.done
	require.Equal(t, 0, init.command.ProcessState.ExitCode(), "init container output:\n%s", init.output)

	prometheus := startPrometheus(t, p.outputFile)
	metricsAddress := freeAddress(t)
	sidecar := startProcess(t, reloaderBinary, p.reloaderArgs(
		"--reload-url="+prometheus.url("/-/reload"),
		"--listen-address="+metricsAddress,
		"--watch-interval=1m",
		"--delay-interval=50ms",
		"--retry-interval=200ms",
	)...)
	metricsURL := "http://" + metricsAddress + "/metrics"
	require.Eventually(t, func() bool { return metricValue(metricsURL, "reloader_last_reload_successful") == 1 },
		waitLimit, 20*time.Millisecond, "the sidecar reloads once at start; output:\n%s", sidecar.output)
	return prometheus, sidecar, metricsURL
}

func TestSidecarAppliesVolumeUpdatesToPrometheus(t *testing.T) {
	p := newPod(t)
	p.updateConfig(t, prometheusConfig("one", p.rulesDir))
	p.updateRules(t, "group-one")
	prometheus, sidecar, metricsURL := startSidecar(t, p)

	config := prometheus.loadedConfig(t)
	assert.Contains(t, config, "generation: one")
	assert.Contains(t, config, "replica: prometheus-test-0", "$(POD_NAME) was expanded")
	assert.Equal(t, []string{"group-one"}, prometheus.ruleGroups(t))
	reloads := metricValue(metricsURL, "reloader_reloads_total")
	promReloadTime := metricValue(prometheus.url("/metrics"), "prometheus_config_last_reload_success_timestamp_seconds")

	p.updateConfig(t, prometheusConfig("two", p.rulesDir))
	require.Eventually(t, func() bool { return strings.Contains(prometheus.loadedConfig(t), "generation: two") },
		waitLimit, 20*time.Millisecond, "sidecar output:\n%s", sidecar.output)
	assert.Equal(t, 1.0, metricValue(prometheus.url("/metrics"), "prometheus_config_last_reload_successful"))
	assert.Greater(t, metricValue(prometheus.url("/metrics"), "prometheus_config_last_reload_success_timestamp_seconds"), promReloadTime)
	assert.Greater(t, metricValue(metricsURL, "reloader_reloads_total"), reloads)

	p.updateRules(t, "group-two")
	require.Eventually(t, func() bool {
		groups := prometheus.ruleGroups(t)
		return len(groups) == 1 && groups[0] == "group-two"
	}, waitLimit, 20*time.Millisecond, "a rule ConfigMap update is applied")
	assert.NotEqual(t, -1.0, metricValue(metricsURL, "prometheus_config_reloader_config_hash"))
	assert.Equal(t, 2.0, metricValue(metricsURL, "reloader_watches"))
}

func TestSidecarReportsABrokenConfigAndPrometheusKeepsTheLastGoodOne(t *testing.T) {
	p := newPod(t)
	p.updateConfig(t, prometheusConfig("good", p.rulesDir))
	p.updateRules(t, "group-one")
	prometheus, sidecar, metricsURL := startSidecar(t, p)
	failures := metricValue(metricsURL, "reloader_reloads_failed_total")

	p.updateConfig(t, "global:\n  scrape_interval: not-a-duration\n")
	require.Eventually(t, func() bool { return metricValue(metricsURL, "reloader_last_reload_successful") == 0 },
		waitLimit, 20*time.Millisecond, "sidecar output:\n%s", sidecar.output)
	assert.Greater(t, metricValue(metricsURL, "reloader_reloads_failed_total"), failures)
	assert.Contains(t, sidecar.output.String(), "applying the configuration failed")
	assert.Equal(t, 0.0, metricValue(prometheus.url("/metrics"), "prometheus_config_last_reload_successful"))
	assert.Contains(t, prometheus.loadedConfig(t), "generation: good", "Prometheus keeps the last good configuration")

	p.updateConfig(t, prometheusConfig("fixed", p.rulesDir))
	require.Eventually(t, func() bool { return strings.Contains(prometheus.loadedConfig(t), "generation: fixed") },
		waitLimit, 20*time.Millisecond, "the fix is applied; sidecar output:\n%s", sidecar.output)
	require.Eventually(t, func() bool { return metricValue(metricsURL, "reloader_last_reload_successful") == 1 },
		waitLimit, 20*time.Millisecond)
}

func TestSidecarRetriesUntilPrometheusIsBack(t *testing.T) {
	p := newPod(t)
	p.updateConfig(t, prometheusConfig("before", p.rulesDir))
	p.updateRules(t, "group-one")
	prometheus, sidecar, metricsURL := startSidecar(t, p)
	failures := metricValue(metricsURL, "reloader_reloads_failed_total")

	prometheus.process.stop()
	p.updateConfig(t, prometheusConfig("after", p.rulesDir))
	require.Eventually(t, func() bool { return metricValue(metricsURL, "reloader_reloads_failed_total") >= failures+2 },
		waitLimit, 20*time.Millisecond, "the sidecar keeps retrying; output:\n%s", sidecar.output)
	assert.Equal(t, 0.0, metricValue(metricsURL, "reloader_last_reload_successful"))

	prometheus.start(t)
	require.Eventually(t, func() bool { return metricValue(metricsURL, "reloader_last_reload_successful") == 1 },
		waitLimit, 20*time.Millisecond, "a retry succeeds once Prometheus is back; output:\n%s", sidecar.output)
	assert.Contains(t, prometheus.loadedConfig(t), "generation: after")
}

func TestSidecarServesHealthz(t *testing.T) {
	p := newPod(t)
	p.updateConfig(t, prometheusConfig("one", p.rulesDir))
	p.updateRules(t, "group-one")
	_, _, metricsURL := startSidecar(t, p)
	var answer map[string]string
	getJSON(t, strings.TrimSuffix(metricsURL, "/metrics")+"/healthz", &answer)
	assert.Equal(t, map[string]string{"status": "up"}, answer)
}
