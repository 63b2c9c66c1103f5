// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	dynamicfake "k8s.io/client-go/dynamic/fake"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// TestCompareLiveIgnoresServerSetMetadata compares a render with live
// objects that carry what the API server and a second reconcile add: no
// difference may show, while a missing object and a changed field do.
func TestCompareLiveIgnoresServerSetMetadata(t *testing.T) {
	rendered := renderDir(t, "thanosruler").Objects
	var live []runtime.Object
	for _, obj := range rendered {
		if obj.GetKind() == "ConfigMap" {
			continue // absent from the cluster
		}
		stored := obj.DeepCopy()
		stored.SetUID("1f0c8d2e")
		stored.SetResourceVersion("42")
		stored.SetGeneration(3)
		if annotations := stored.GetAnnotations(); annotations[operator.InputHashAnnotation] != "" {
			annotations[operator.InputHashAnnotation] = "123"
			stored.SetAnnotations(annotations)
		}
		if stored.GetKind() == "Service" {
			require.NoError(t, unstructured.SetNestedField(stored.Object, "10.0.0.1", "spec", "clusterIP"))
		}
		live = append(live, stored)
	}
	scheme := runtime.NewScheme()
	client := dynamicfake.NewSimpleDynamicClient(scheme, live...)
	comparison, err := CompareLive(t.Context(), client, rendered)
	require.NoError(t, err)
	assert.Empty(t, comparison.Warnings)
	var diff bytes.Buffer
	changed, err := WriteDiff(&diff, comparison.Live, comparison.Rendered)
	require.NoError(t, err)
	assert.True(t, changed)
	text := diff.String()
	assert.Contains(t, text, "--- /dev/null\n+++ b/configmap_default_thanos-ruler-thanos-ruler-rulefiles-0.yaml\n", "the missing ConfigMap is new")
	assert.Contains(t, text, "-  clusterIP: 10.0.0.1\n+  clusterIP: None\n", "a changed field shows")
	assert.NotContains(t, text, "input-hash")
	assert.NotContains(t, text, "resourceVersion")
	assert.NotContains(t, text, "statefulset_", "the StatefulSet only differs by server-set metadata and its input hash")
}
