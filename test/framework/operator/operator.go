// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package operator runs the project's operator binary as a process against
// a test cluster, the way a user runs it outside a cluster: with
// --kubeconfig. It is stopped when the test ends and its log is printed when
// the test failed.
package operator

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/process"
)

// ReadyTimeout bounds the wait for /readyz after a start: the informers of
// every controller must have synced.
const ReadyTimeout = 90 * time.Second

// Options configure one operator process.
type Options struct {
	// Kubeconfig is the cluster's kubeconfig file (required).
	Kubeconfig string
	// Namespaces restricts the operator to these namespaces (--namespaces),
	// so that tests sharing a cluster do not see each other's objects.
	// Empty means every namespace.
	Namespaces []string
	// Args are further flags, e.g. --feature-gates=...
	Args []string
}

// Operator is a running operator process.
type Operator struct {
	*process.Process
	// Address is the host:port of its /metrics, /healthz and /readyz.
	Address string
}

// Binary returns the operator binary: $OPERATOR_BINARY, or ./cmd/operator
// built into bin/operator.
func Binary(t testing.TB) string {
	t.Helper()
	return process.ProjectBinary(t, "OPERATOR_BINARY", "./cmd/operator", "operator")
}

// Start runs the operator and waits until it reports ready.
func Start(t testing.TB, opts Options) *Operator {
	t.Helper()
	if opts.Kubeconfig == "" {
		t.Fatal("operator.Start: Options.Kubeconfig is required")
	}
	address := process.FreeAddress(t)
	args := []string{
		"--kubeconfig=" + opts.Kubeconfig,
		"--web.listen-address=" + address,
		"--log-level=info",
	}
	if len(opts.Namespaces) > 0 {
		args = append(args, "--namespaces="+strings.Join(opts.Namespaces, ","))
	}
	args = append(args, opts.Args...)
	started := process.Start(t, process.Spec{Name: "operator", Binary: Binary(t), Args: args})
	o := &Operator{Process: started, Address: address}
	if err := started.WaitHealthy(t.Context(), o.URL("/readyz"), ReadyTimeout); err != nil {
		t.Fatalf("operator not ready: %v", err)
	}
	return o
}

// URL returns the address of one of the operator's HTTP paths.
func (o *Operator) URL(path string) string { return "http://" + o.Address + path }

// RequireRunning fails the test when the operator process has exited.
func (o *Operator) RequireRunning(t testing.TB) {
	t.Helper()
	if exited, err := o.Exited(); exited {
		t.Fatalf("the operator exited (%v)", err)
	}
}

// Metrics returns the operator's /metrics text.
func (o *Operator) Metrics(ctx context.Context) (string, error) {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, o.URL("/metrics"), nil)
	if err != nil {
		return "", fmt.Errorf("building metrics request: %w", err)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		return "", fmt.Errorf("reading operator metrics: %w", err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		return "", fmt.Errorf("reading operator metrics: %w", err)
	}
	if response.StatusCode != http.StatusOK {
		return "", fmt.Errorf("operator metrics: status %d", response.StatusCode)
	}
	return string(body), nil
}
