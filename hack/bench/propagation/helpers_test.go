//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package propagation

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestArgMappingMovesPodPathsAndAddressesToThisMachine(t *testing.T) {
	mapping := argMapping{root: "/tmp/r", listenAddress: "127.0.0.1:1", reloadURL: "http://127.0.0.1:2/-/reload", kubeconfig: "/tmp/kc"}
	t.Run("file mode", func(t *testing.T) {
		mapped, folders, err := mapping.apply([]string{
			"--listen-address=:8080", "--reload-url=http://localhost:9090/-/reload",
			"--config-file=/etc/prometheus/config/prometheus.yaml.gz",
			"--config-envsubst-file=/etc/prometheus/config_out/prometheus.env.yaml",
			"--watched-dir=/etc/prometheus/rules/r-0",
		})
		require.NoError(t, err)
		assert.Equal(t, []string{
			"--listen-address=127.0.0.1:1", "--reload-url=http://127.0.0.1:2/-/reload",
			"--config-file=/tmp/r/config/prometheus.yaml.gz",
			"--config-envsubst-file=/tmp/r/config_out/prometheus.env.yaml",
			"--watched-dir=/tmp/r/rules/r-0",
		}, mapped)
		assert.Equal(t, []string{"/tmp/r/config_out", "/tmp/r/rules/r-0"}, folders)
	})
	t.Run("API-watch mode gets a kubeconfig and a rules folder", func(t *testing.T) {
		mapped, folders, err := mapping.apply([]string{"--watch-secret=ns/prometheus-a", "--watch-configmap=ns/r-0"})
		require.NoError(t, err)
		assert.Equal(t, []string{"--watch-secret=ns/prometheus-a", "--watch-configmap=ns/r-0",
			"--kubeconfig=/tmp/kc", "--configmap-output-dir=/tmp/r/rules"}, mapped)
		assert.Equal(t, []string{"/tmp/r/rules"}, folders)
	})
	t.Run("unsupported flags are refused", func(t *testing.T) {
		_, _, err := mapping.apply([]string{"--web-config-file=/etc/prometheus/web_config/web-config.yaml"})
		assert.Error(t, err)
	})
}

func TestLastReloadDurationReadsTheLastCompletedReload(t *testing.T) {
	log := `time=1 level=INFO msg="Completed loading of configuration file" scrape=1ms totalDuration=1.5s
time=2 level=INFO msg="Completed loading of configuration file" scrape=1ms totalDuration=12.25ms
time=3 level=INFO msg="Server is ready"
`
	assert.Equal(t, 12250*time.Microsecond, lastReloadDuration(log))
	assert.Equal(t, time.Duration(0), lastReloadDuration("no reload yet"))
	assert.Equal(t, time.Duration(0), lastReloadDuration(`msg="Completed loading of configuration file" totalDuration=`))
}
