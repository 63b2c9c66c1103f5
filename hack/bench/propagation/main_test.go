//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package propagation measures how long a ServiceMonitor change takes to
// reach a real Prometheus: through the operator, the config Secret and the
// config reloader, in API-watch mode and in file mode (with a simulated
// kubelet volume refresh). See hack/bench/README.md.
package propagation

import (
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/cluster"
)

var (
	monitorCount = flag.Int("bench.monitors", 10, "ServiceMonitors the Prometheus selects")
	volumePeriod = flag.Duration("bench.volume-period", 5*time.Second,
		"file mode: period of the simulated kubelet that copies the Secret into the volume")
	pollInterval = flag.Duration("bench.poll", 20*time.Millisecond,
		"how often Prometheus' loaded configuration is checked")
	apiJitter = flag.Duration("bench.api-jitter", 200*time.Millisecond,
		"API-watch mode: the pause before each change is random in [0, this)")
)

// TestMain runs the benchmarks against one local control plane of their
// own, never the cluster KUBECONFIG names, and stops it at the end.
func TestMain(m *testing.M) {
	if err := os.Unsetenv("KUBECONFIG"); err != nil {
		fmt.Fprintln(os.Stderr, "unset KUBECONFIG:", err)
		os.Exit(1)
	}
	os.Exit(cluster.RunTests(m))
}
