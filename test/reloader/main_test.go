// Package reloadertest runs the config reloader against a real Prometheus
// server built by hack/build-prometheus.sh (see prometheusBinary).
package reloadertest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binary, err := buildReloader(); err == nil {
		_ = os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}
