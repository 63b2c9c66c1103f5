//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package e2e checks what a user sees on a real API server: the one
// KUBECONFIG points at, or a local control plane started for the run.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/cluster"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/manifest"
)

func TestMain(m *testing.M) { os.Exit(cluster.RunTests(m)) }

// repoPath returns a path relative to the repository root.
func repoPath(parts ...string) string {
	return filepath.Join(append([]string{"..", ".."}, parts...)...)
}

// env is what one test works with: the cluster, clients and a fresh namespace.
type env struct {
	cluster   *cluster.Cluster
	clientset *kubernetes.Clientset
	applier   *manifest.Applier
	namespace string
}

// newEnv returns the shared cluster with a namespace deleted when the test ends.
func newEnv(t *testing.T) *env {
	t.Helper()
	c := cluster.Shared(t)
	clientset, err := c.Clientset()
	require.NoError(t, err)
	applier, err := manifest.NewApplier(c.Config)
	require.NoError(t, err)
	name := "e2e-" + strings.ToLower(strings.NewReplacer("_", "-", "/", "-").Replace(t.Name()))
	name = strings.TrimRight(name[:min(len(name), 60)], "-")
	_, err = applier.ApplyYAML(t.Context(), fmt.Appendf(nil, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n", name))
	require.NoError(t, err)
	applier.Namespace = name
	t.Cleanup(func() {
		err := clientset.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
		assert.NoError(t, err)
	})
	return &env{cluster: c, clientset: clientset, applier: applier, namespace: name}
}

// kubectl runs the kubectl next to the control plane binaries (or on PATH)
// against the test cluster and returns its combined output.
func (e *env) kubectl(t *testing.T, args ...string) string {
	t.Helper()
	binary := filepath.Join(e.cluster.BinDir(), "kubectl")
	if _, err := os.Stat(binary); err != nil {
		binary = "kubectl"
	}
	cmd := exec.CommandContext(t.Context(), binary, append([]string{"--kubeconfig", e.cluster.KubeconfigPath}, args...)...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "kubectl %s: %s", strings.Join(args, " "), out)
	return string(out)
}
