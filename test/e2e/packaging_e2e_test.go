//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/helm"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/manifest"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/snippets"
)

// dryRunFieldManager owns the server-side dry-run applies of this file.
const dryRunFieldManager = "packaging-e2e"

// dryRunApply sends each object to the API server with server-side apply
// and dryRun=All: admission, schema and CEL validation run, nothing is stored.
func dryRunApply(t *testing.T, applier *manifest.Applier, source string, objects []*unstructured.Unstructured) {
	t.Helper()
	require.NotEmpty(t, objects, "%s has no objects", source)
	for _, object := range objects {
		resource, err := applier.ResourceFor(t.Context(), object)
		require.NoError(t, err, "%s: %s %s", source, object.GetKind(), object.GetName())
		_, err = resource.Apply(t.Context(), object.GetName(), object, metav1.ApplyOptions{
			FieldManager: dryRunFieldManager, Force: true, DryRun: []string{metav1.DryRunAll},
		})
		require.NoError(t, err, "%s: %s %s", source, object.GetKind(), object.GetName())
	}
}

// TestChartRendersObjectsTheAPIServerAccepts applies what helm template
// renders, CRDs included, with the default values and with every value set.
func TestChartRendersObjectsTheAPIServerAccepts(t *testing.T) {
	e := newEnv(t)
	installCRDsOnce(t, e)
	for name, values := range map[string][]string{
		"default values":                     nil,
		"every value set":                    {helm.FullValuesPath(t)},
		"every value set, namespaces denied": {helm.FullValuesPath(t), filepath.Join(repoPath("charts", "testdata", "deny-namespaces-values.yaml"))},
	} {
		t.Run(name, func(t *testing.T) {
			rendered, err := helm.Template(t, e.namespace, true, values...)
			require.NoError(t, err)
			objects, err := manifest.Decode(rendered)
			require.NoError(t, err)
			dryRunApply(t, e.applier, name, objects)
		})
	}
}

// TestEveryGuideSnippetApplies applies every YAML block of docs/*.md with a
// server-side dry run, after installing the CRDs and creating the
// namespaces the blocks name. Blocks of Helm values are rendered with the
// chart first.
func TestEveryGuideSnippetApplies(t *testing.T) {
	e := newEnv(t)
	installCRDsOnce(t, e)
	files, err := filepath.Glob(repoPath("docs", "*.md"))
	require.NoError(t, err)
	var found []snippets.Snippet
	for _, file := range files {
		fileSnippets, err := snippets.FromFile(file)
		require.NoError(t, err)
		found = append(found, fileSnippets...)
	}
	require.NotEmpty(t, found)
	objectsOf := make([][]*unstructured.Unstructured, len(found))
	for i, snippet := range found {
		if snippet.HelmValues() {
			valuesFile := filepath.Join(t.TempDir(), "values.yaml")
			require.NoError(t, os.WriteFile(valuesFile, []byte(snippet.Text), 0o644))
			rendered, err := helm.Template(t, e.namespace, false, valuesFile)
			require.NoError(t, err, snippet.String())
			objectsOf[i], err = manifest.Decode(rendered)
			require.NoError(t, err, snippet.String())
			continue
		}
		objectsOf[i], err = manifest.Decode([]byte(snippet.Text))
		require.NoError(t, err, snippet.String())
		// The namespaces must exist, and outlive every block.
		ensureNamespaces(t, e, objectsOf[i])
	}
	for i, snippet := range found {
		t.Run(filepath.Base(snippet.String()), func(t *testing.T) {
			dryRunApply(t, e.applier, snippet.String(), objectsOf[i])
		})
	}
}

// ensureNamespaces creates the namespaces the objects live in when they do
// not exist yet, and deletes those it created when the test ends.
func ensureNamespaces(t *testing.T, e *env, objects []*unstructured.Unstructured) {
	t.Helper()
	for _, object := range objects {
		namespace := object.GetNamespace()
		if namespace == "" {
			continue
		}
		_, err := e.clientset.CoreV1().Namespaces().Get(t.Context(), namespace, metav1.GetOptions{})
		if err == nil {
			continue
		}
		require.True(t, apierrors.IsNotFound(err), "read namespace %s: %v", namespace, err)
		_, err = e.applier.ApplyYAML(t.Context(), []byte("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "+namespace+"\n"))
		require.NoError(t, err)
		t.Cleanup(func() {
			_ = e.clientset.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})
		})
	}
}
