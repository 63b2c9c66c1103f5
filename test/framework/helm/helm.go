// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package helm runs the helm CLI built by hack/build-helm.sh against the
// project's chart, for the chart tests and the e2e tests that apply what
// the chart renders.
package helm

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// ChartPath returns the absolute path of charts/prometheus-operator.
func ChartPath(t testing.TB) string {
	t.Helper()
	return filepath.Join(repositoryRoot(t), "charts", "prometheus-operator")
}

// Binary returns $HELM_BINARY or .cache/bin/helm, failing the test when
// neither exists: `make helm-binary` builds it.
func Binary(t testing.TB) string {
	t.Helper()
	path := os.Getenv("HELM_BINARY")
	if path == "" {
		path = filepath.Join(repositoryRoot(t), ".cache", "bin", "helm")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("helm is missing (%v): run make helm-binary (hack/build-helm.sh)", err)
	}
	return path
}

// Run runs helm with args and returns its standard output, or an error
// carrying its standard error. HOME-like state goes to a temporary folder so
// that no user configuration is read or written.
func Run(t testing.TB, args ...string) ([]byte, error) {
	t.Helper()
	state := t.TempDir()
	command := exec.CommandContext(t.Context(), Binary(t), args...)
	command.Env = append(os.Environ(),
		"HELM_CACHE_HOME="+filepath.Join(state, "cache"),
		"HELM_CONFIG_HOME="+filepath.Join(state, "config"),
		"HELM_DATA_HOME="+filepath.Join(state, "data"),
	)
	var stdout, stderr bytes.Buffer
	command.Stdout, command.Stderr = &stdout, &stderr
	if err := command.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("helm %v: %w: %s", args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// Template renders the chart as release "prometheus-operator" in namespace,
// with the given values files, and returns the manifests. CRDs are included
// when withCRDs is set.
func Template(t testing.TB, namespace string, withCRDs bool, valuesFiles ...string) ([]byte, error) {
	t.Helper()
	args := []string{"template", "prometheus-operator", ChartPath(t), "--namespace", namespace}
	if withCRDs {
		args = append(args, "--include-crds")
	}
	for _, file := range valuesFiles {
		args = append(args, "--values", file)
	}
	return Run(t, args...)
}

// FullValuesPath is the values file that sets every value of the chart.
func FullValuesPath(t testing.TB) string {
	t.Helper()
	return filepath.Join(repositoryRoot(t), "charts", "testdata", "full-values.yaml")
}

// repositoryRoot is found from this source file's location.
func repositoryRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("helm: cannot locate the repository")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}
