//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/manifest"
)

// installCRDs applies the CRDs of bundle.yaml server-side, as a user would.
func installCRDs(t *testing.T, e *env) {
	t.Helper()
	out := e.kubectl(t, "apply", "--server-side", "--force-conflicts", "-f", repoPath("example", "prometheus-operator-crd"))
	require.Contains(t, out, "prometheuses.monitoring.coreos.com")
	e.kubectl(t, "wait", "--for=condition=Established", "--timeout=60s", "crd", "--all")
}

func TestBundleAppliesServerSide(t *testing.T) {
	e := newEnv(t)
	out := e.kubectl(t, "apply", "--server-side", "--force-conflicts", "--dry-run=server", "-f", repoPath("bundle.yaml"))
	assert.Contains(t, out, "customresourcedefinition.apiextensions.k8s.io/prometheuses.monitoring.coreos.com serverside-applied")
	assert.Contains(t, out, "deployment.apps/prometheus-operator serverside-applied")
	assert.Contains(t, out, "clusterrole.rbac.authorization.k8s.io/prometheus-operator serverside-applied")
}

// TestWalkthroughCustomResourcesReadBackEqual applies the walkthrough's
// custom resources unchanged and checks every field reads back as written.
func TestWalkthroughCustomResourcesReadBackEqual(t *testing.T) {
	e := newEnv(t)
	installCRDs(t, e)
	for _, file := range []string{"prometheus.yaml", "prometheus-agent.yaml", "example-app-service-monitor.yaml", "example-app-pod-monitor.yaml"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(repoPath("example", "user-guide", file))
			require.NoError(t, err)
			objects, err := manifest.Decode(data)
			require.NoError(t, err)
			for _, want := range objects {
				want.SetNamespace(e.namespace)
				_, err := e.applier.Apply(t.Context(), want)
				require.NoError(t, err)
				resource, err := e.applier.ResourceFor(t.Context(), want)
				require.NoError(t, err)
				got, err := resource.Get(t.Context(), want.GetName(), metav1.GetOptions{})
				require.NoError(t, err)
				assertContains(t, want.Object["spec"], got.Object["spec"], "spec")
			}
		})
	}
}

// assertContains checks that every leaf of want is in got with the same value;
// got may hold more (defaults the CRD schema fills in).
func assertContains(t *testing.T, want, got any, path string) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !assert.True(t, ok, "%s: want an object, got %T", path, got) {
			return
		}
		for k, v := range w {
			assertContains(t, v, g[k], path+"."+k)
		}
	case []any:
		g, ok := got.([]any)
		if !assert.True(t, ok, "%s: want a list, got %T", path, got) || !assert.Len(t, g, len(w), path) {
			return
		}
		for i := range w {
			assertContains(t, w[i], g[i], path)
		}
	default:
		assert.Equal(t, unstructuredValue(want), unstructuredValue(got), path)
	}
}

// unstructuredValue folds the numeric types the decoders produce into one.
func unstructuredValue(v any) any {
	switch n := v.(type) {
	case int64:
		return float64(n)
	case int:
		return float64(n)
	}
	return v
}
