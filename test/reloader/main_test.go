// Package reloadertest runs the config reloader against a real Prometheus
// server built by hack/build-prometheus.sh (see prometheusBinary). The files
// built with the e2e tag also use a real Kubernetes API server.
package reloadertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/cluster"
)

func TestMain(m *testing.M) {
	// RunTests stops the shared API server if an e2e test started one.
	code := cluster.RunTests(m)
	if binary, err := buildReloader(); err == nil {
		_ = os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}
