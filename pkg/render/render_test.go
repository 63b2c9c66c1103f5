// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// renderCase is one manifest set of testdata and what its render must hold.
type renderCase struct {
	dir            string
	wantRejections []string
	wantWarnings   []string
	wantIgnored    int
	// check asserts facts about the objects beyond the golden file.
	check func(t *testing.T, objects []*unstructured.Unstructured)
}

// workloadCases render one workload kind each.
func workloadCases() map[string]renderCase {
	return map[string]renderCase{
		"the seed walkthrough renders the Prometheus with the example-app job": {
			dir: "walkthrough", wantIgnored: 1,
			check: func(t *testing.T, objects []*unstructured.Unstructured) {
				config := configFile(t, objects, "prometheus-prometheus", "prometheus.yaml")
				assert.Contains(t, config, "job_name: serviceMonitor/default/example-app/0")
				assert.NotNil(t, find(objects, "StatefulSet", "default", "prometheus-prometheus"))
				assert.NotNil(t, find(objects, "Service", "default", "prometheus-operated"))
			},
		},
		"a sharded Prometheus gets one StatefulSet per shard and selects by namespace labels": {
			dir:          "sharding",
			wantWarnings: []string{"namespace other is referenced but not in the input: it is treated as having no labels (but kubernetes.io/metadata.name)"},
			check: func(t *testing.T, objects []*unstructured.Unstructured) {
				for _, name := range []string{"prometheus-sharded", "prometheus-sharded-shard-1", "prometheus-sharded-shard-2"} {
					set := find(objects, "StatefulSet", "monitoring", name)
					require.NotNil(t, set, name)
					replicas, _, _ := unstructured.NestedInt64(set.Object, "spec", "replicas")
					assert.EqualValues(t, 2, replicas, name)
				}
				assert.Nil(t, find(objects, "StatefulSet", "monitoring", "prometheus-sharded-shard-3"))
				config := configFile(t, objects, "prometheus-sharded", "prometheus.yaml")
				assert.Contains(t, config, "job_name: serviceMonitor/monitoring/api/0")
				assert.Contains(t, config, "modulus: 3")
				assert.NotContains(t, config, "serviceMonitor/other/elsewhere", "the namespace selector must not match a namespace without labels")
			},
		},
		"an Alertmanager merges its AlertmanagerConfigs, v1beta1 included, and rejects the broken one alone": {
			dir: "alertmanager",
			wantRejections: []string{
				`AlertmanagerConfig monitoring/broken: receiver "nowhere": webhookConfigs[0].urlSecret: Secret monitoring/missing-webhook-url not found`,
			},
			check: func(t *testing.T, objects []*unstructured.Unstructured) {
				config := configFile(t, objects, "alertmanager-main-generated", "alertmanager.yaml")
				assert.Contains(t, config, "https://pager.example.com/hook", "the URL read from the Secret")
				assert.Contains(t, config, "https://chat.example.com/hook", "the v1beta1 AlertmanagerConfig")
				assert.Contains(t, config, "monitoring/team-a/pager")
				assert.NotContains(t, config, "nowhere")
				assert.NotNil(t, find(objects, "StatefulSet", "monitoring", "alertmanager-main"))
				assert.NotNil(t, find(objects, "Service", "monitoring", "alertmanager-operated"))
			},
		},
		"a ThanosRuler gets its rule ConfigMap and StatefulSet": {
			dir: "thanosruler",
			check: func(t *testing.T, objects []*unstructured.Unstructured) {
				var rules string
				for _, file := range mustConfigFiles(t, objects) {
					if file.Kind == "ConfigMap" && strings.HasPrefix(file.Name, "thanos-ruler-thanos-ruler-rulefiles") {
						rules += file.Content
					}
				}
				assert.Contains(t, rules, "record: job:up:sum")
				assert.NotNil(t, find(objects, "StatefulSet", "default", "thanos-ruler-thanos-ruler"))
			},
		},
		"a PrometheusAgent is rendered too": {
			dir: "agent",
			check: func(t *testing.T, objects []*unstructured.Unstructured) {
				config := configFile(t, objects, "prom-agent-prometheus-agent", "prometheus.yaml")
				assert.Contains(t, config, "remote_write:")
				assert.Contains(t, config, "job_name: serviceMonitor/default/example-app/0")
				assert.NotNil(t, find(objects, "StatefulSet", "default", "prom-agent-prometheus-agent"))
			},
		},
	}
}

// inputCases render inputs that are partly broken or not for the operator.
func inputCases() map[string]renderCase {
	return map[string]renderCase{
		"invalid monitors among valid ones are rejected alone": {
			dir: "invalid",
			wantRejections: []string{
				"ServiceMonitor default/bad-regex: endpoints[0]: relabelings[0]: invalid regex \"(unclosed\": error parsing regexp: missing closing ): `^(?s:(unclosed)$`",
				"ServiceMonitor default/missing-secret: endpoints[0]: basicAuth.username: Secret default/scrape-credentials not found",
			},
			check: func(t *testing.T, objects []*unstructured.Unstructured) {
				config := configFile(t, objects, "prometheus-prometheus", "prometheus.yaml")
				assert.Contains(t, config, "serviceMonitor/default/example-app/0")
				assert.NotContains(t, config, "bad-regex")
				assert.NotContains(t, config, "missing-secret")
			},
		},
		"a directory of unrelated manifests is read recursively and renders nothing": {
			dir: "unrelated", wantIgnored: 3,
			check: func(t *testing.T, objects []*unstructured.Unstructured) {
				assert.Empty(t, objects)
			},
		},
	}
}

func TestRender(t *testing.T) {
	cases := workloadCases()
	maps.Copy(cases, inputCases())
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			result := renderDir(t, tc.dir)
			var lines []string
			for _, rejection := range result.Rejections {
				lines = append(lines, rejection.String())
			}
			assert.Equal(t, tc.wantRejections, lines)
			assert.Equal(t, len(tc.wantRejections) > 0, result.Failed())
			assert.Equal(t, tc.wantWarnings, result.Warnings)
			assert.Equal(t, tc.wantIgnored, result.Ignored)
			tc.check(t, result.Objects)
			var out bytes.Buffer
			require.NoError(t, Write(&out, result.Objects, FormatYAML))
			compareGolden(t, filepath.Join("testdata", "golden", tc.dir+".yaml"), out.String())
		})
	}
}

// TestRenderIsDeterministic renders the same input twice and compares the
// bytes: map order, informer timing and worker scheduling must not show.
func TestRenderIsDeterministic(t *testing.T) {
	for _, dir := range []string{"sharding", "alertmanager"} {
		var outputs [2]bytes.Buffer
		for i := range outputs {
			require.NoError(t, Write(&outputs[i], renderDir(t, dir).Objects, FormatJSON))
		}
		assert.Equal(t, outputs[0].String(), outputs[1].String(), dir)
	}
}

func TestOutputIsSortedAndStripped(t *testing.T) {
	objects := renderDir(t, "sharding").Objects
	keys := make([]string, 0, len(objects))
	for _, obj := range objects {
		keys = append(keys, obj.GetKind()+"/"+obj.GetNamespace()+"/"+obj.GetName())
		assert.Empty(t, obj.GetUID(), "uid of %s", obj.GetName())
		assert.Empty(t, obj.GetResourceVersion(), "resourceVersion of %s", obj.GetName())
		assert.Empty(t, obj.GetManagedFields(), "managedFields of %s", obj.GetName())
		for _, owner := range obj.GetOwnerReferences() {
			assert.Empty(t, owner.UID, "owner UID of %s", obj.GetName())
		}
		_, hasStatus := obj.Object["status"]
		assert.False(t, hasStatus, "status of %s", obj.GetName())
	}
	assert.True(t, slices.IsSorted(keys), "sorted by kind, namespace, name: %v", keys)
}

func renderDir(t *testing.T, dir string) *Result {
	t.Helper()
	manifests, err := ReadManifests([]string{filepath.Join("testdata", dir)}, nil)
	require.NoError(t, err)
	result, err := Render(t.Context(), manifests, Options{})
	require.NoError(t, err)
	return result
}

func find(objects []*unstructured.Unstructured, kind, namespace, name string) *unstructured.Unstructured {
	for _, obj := range objects {
		if obj.GetKind() == kind && obj.GetNamespace() == namespace && obj.GetName() == name {
			return obj
		}
	}
	return nil
}

func mustConfigFiles(t *testing.T, objects []*unstructured.Unstructured) []ConfigFile {
	t.Helper()
	files, err := ConfigFiles(objects)
	require.NoError(t, err)
	return files
}

// configFile returns the gunzipped key of the Secret name.
func configFile(t *testing.T, objects []*unstructured.Unstructured, secret, key string) string {
	t.Helper()
	for _, file := range mustConfigFiles(t, objects) {
		if file.Kind == "Secret" && file.Name == secret && file.Key == key {
			return file.Content
		}
	}
	t.Fatalf("no configuration file %s in Secret %s", key, secret)
	return ""
}

// compareGolden compares got with the golden file, or rewrites it with -update.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	if string(want) != got {
		var diff bytes.Buffer
		_, err := WriteDiff(&diff, map[string]string{path: string(want)}, map[string]string{path: got})
		require.NoError(t, err)
		t.Errorf("the render differs from the golden file (go test -update rewrites it):\n%s", diff.String())
	}
}
