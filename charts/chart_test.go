// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package charts tests the Helm chart in charts/prometheus-operator with the
// helm CLI built from its Go module (make helm-binary).
package charts

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/helm"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/manifest"
)

// render runs helm template in namespace default and decodes the objects,
// keyed by kind/name.
func render(t *testing.T, valuesFiles ...string) map[string]*unstructured.Unstructured {
	t.Helper()
	return renderIn(t, "default", valuesFiles...)
}

// renderIn is render in the given release namespace.
func renderIn(t *testing.T, namespace string, valuesFiles ...string) map[string]*unstructured.Unstructured {
	t.Helper()
	out, err := helm.Template(t, namespace, false, valuesFiles...)
	require.NoError(t, err)
	return decode(t, out)
}

func decode(t *testing.T, data []byte) map[string]*unstructured.Unstructured {
	t.Helper()
	objects, err := manifest.Decode(data)
	require.NoError(t, err)
	byKey := map[string]*unstructured.Unstructured{}
	for _, object := range objects {
		key := object.GetKind() + "/" + object.GetName()
		require.NotContains(t, byKey, key, "rendered twice")
		byKey[key] = object
	}
	return byKey
}

func TestLint(t *testing.T) {
	for name, values := range map[string][]string{
		"default values":                     nil,
		"every value set":                    {helm.FullValuesPath(t)},
		"every value set, namespaces denied": {helm.FullValuesPath(t), "testdata/deny-namespaces-values.yaml"},
	} {
		t.Run(name, func(t *testing.T) {
			args := []string{"lint", "--strict", helm.ChartPath(t)}
			for _, file := range values {
				args = append(args, "--values", file)
			}
			out, err := helm.Run(t, args...)
			require.NoError(t, err, string(out))
			assert.Contains(t, string(out), "0 chart(s) failed")
		})
	}
}

// TestDefaultsRenderTheExampleManifests holds the chart to
// example/rbac/prometheus-operator: with the default values and release
// name prometheus-operator in namespace default, every object is the same.
func TestDefaultsRenderTheExampleManifests(t *testing.T) {
	rendered := render(t)
	files, err := filepath.Glob("../example/rbac/prometheus-operator/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	expected := map[string]*unstructured.Unstructured{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		for key, object := range decode(t, data) {
			expected[key] = object
		}
	}
	require.ElementsMatch(t, keys(expected), keys(rendered))
	for key, want := range expected {
		assert.Equal(t, want.Object, rendered[key].Object, key)
	}
}

// TestClusterRoleMatchesExampleRBAC compares the rules alone, whatever the
// values, so that the chart cannot drift from example/rbac.
func TestClusterRoleMatchesExampleRBAC(t *testing.T) {
	data, err := os.ReadFile("../example/rbac/prometheus-operator/prometheus-operator-cluster-role.yaml")
	require.NoError(t, err)
	example := decode(t, data)["ClusterRole/prometheus-operator"]
	require.NotNil(t, example)
	for name, tc := range map[string]struct {
		role   string
		values []string
	}{
		"defaults":        {"ClusterRole/prometheus-operator", nil},
		"every value set": {"ClusterRole/monitoring-operator", []string{helm.FullValuesPath(t)}},
	} {
		t.Run(name, func(t *testing.T) {
			role := render(t, tc.values...)[tc.role]
			require.NotNil(t, role)
			assert.Equal(t, example.Object["rules"], role.Object["rules"])
		})
	}
}

// TestWatchAPIRoleMatchesExampleRBAC checks the optional ClusterRole of
// --config-reloader-watch-api against example/rbac/config-reloader-watch-api
// when the chart renders it and the binding to the operator's ServiceAccount.
func TestWatchAPIRoleMatchesExampleRBAC(t *testing.T) {
	data, err := os.ReadFile("../example/rbac/config-reloader-watch-api/config-reloader-watch-api-cluster-role.yaml")
	require.NoError(t, err)
	example := decode(t, data)["ClusterRole/prometheus-operator-config-reloader-watch-api"]
	require.NotNil(t, example)
	values := filepath.Join(t.TempDir(), "values.yaml")
	require.NoError(t, os.WriteFile(values, []byte("configReloader:\n  watchAPI: true\n"), 0o644))
	rendered := render(t, values)
	role := rendered["ClusterRole/prometheus-operator-config-reloader-watch-api"]
	require.NotNil(t, role)
	assert.Equal(t, example.Object["rules"], role.Object["rules"])
	binding := rendered["ClusterRoleBinding/prometheus-operator-config-reloader-watch-api"]
	require.NotNil(t, binding)
	subject := binding.Object["subjects"].([]any)[0].(map[string]any)
	assert.Equal(t, "prometheus-operator", subject["name"])
	assert.Contains(t, nested(t, rendered["Deployment/prometheus-operator"], "spec", "template", "spec")["containers"].([]any)[0].(map[string]any)["args"], "--config-reloader-watch-api=true")
}

func TestCRDsAreTheExampleCRDs(t *testing.T) {
	examples, err := filepath.Glob("../example/prometheus-operator-crd/*.yaml")
	require.NoError(t, err)
	charted, err := filepath.Glob("prometheus-operator/crds/*.yaml")
	require.NoError(t, err)
	require.Len(t, charted, len(examples))
	for _, file := range examples {
		want, err := os.ReadFile(file)
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join("prometheus-operator/crds", filepath.Base(file)))
		require.NoError(t, err, "run make generate")
		assert.Equal(t, string(want), string(got), "%s is stale: run make generate", file)
	}
}

func TestEveryValueTakesEffect(t *testing.T) {
	rendered := render(t, helm.FullValuesPath(t))
	webhook := "prometheus-operator-admission-webhook"
	require.ElementsMatch(t, []string{
		"Deployment/monitoring-operator", "ServiceAccount/monitoring-operator-sa", "Service/monitoring-operator",
		"ClusterRole/monitoring-operator", "ClusterRoleBinding/monitoring-operator", "ServiceMonitor/monitoring-operator",
		"ClusterRole/monitoring-operator-config-reloader-watch-api", "ClusterRoleBinding/monitoring-operator-config-reloader-watch-api",
		"Deployment/" + webhook, "ServiceAccount/" + webhook, "Service/" + webhook, "PodDisruptionBudget/" + webhook,
		"ClusterRole/" + webhook, "ClusterRoleBinding/" + webhook, "Role/" + webhook, "RoleBinding/" + webhook,
		"ValidatingWebhookConfiguration/" + webhook, "MutatingWebhookConfiguration/" + webhook,
	}, keys(rendered))
	webhookPod := nested(t, rendered["Deployment/"+webhook], "spec", "template", "spec")
	assert.Equal(t, "registry.mirror.internal:5000/seed-6daed11e/admission-webhook:v0.1.0",
		webhookPod["containers"].([]any)[0].(map[string]any)["image"])

	deployment := rendered["Deployment/monitoring-operator"]
	podSpec := nested(t, deployment, "spec", "template", "spec")
	container := podSpec["containers"].([]any)[0].(map[string]any)
	assert.Equal(t, "registry.mirror.internal:5000/seed-6daed11e/prometheus-operator:v0.1.0", container["image"])
	assert.Equal(t, "IfNotPresent", container["imagePullPolicy"])
	assert.EqualValues(t, 2, nested(t, deployment, "spec")["replicas"])
	assert.Equal(t, "system-cluster-critical", podSpec["priorityClassName"])
	assert.Equal(t, "monitoring-operator-sa", podSpec["serviceAccountName"])
	for _, field := range []string{"tolerations", "affinity", "topologySpreadConstraints", "imagePullSecrets", "nodeSelector", "volumes", "securityContext"} {
		assert.NotEmpty(t, podSpec[field], field)
	}
	assert.EqualValues(t, 65534, podSpec["securityContext"].(map[string]any)["fsGroup"])
	assert.Equal(t, "observability", deployment.GetLabels()["team"])
	assert.Equal(t, "platform-team", deployment.GetAnnotations()["example.com/owner"])

	args := stringList(container["args"])
	for _, want := range []string{
		"--prometheus-config-reloader=registry.mirror.internal:5000/seed-6daed11e/prometheus-config-reloader:v0.1.0",
		"--prometheus-default-base-image=registry.mirror.internal:5000/prometheus/prometheus",
		"--thanos-default-base-image=registry.mirror.internal:5000/thanos/thanos",
		"--namespaces=team-a,team-b",
		"--labels=team=observability,tier=platform",
		"--feature-gates=PrometheusAgentDaemonSet=true,StatusForConfigurationResources=true",
		"--kubelet-service=kube-system/kubelet",
		"--kubelet-endpoints=false",
		"--web.listen-address=:8443",
		"--web.cert-file=/etc/prometheus-operator/web-tls/tls.crt",
		"--leader-elect=true",
		"--kube-api-qps=50",
		"--auto-gomemlimit-ratio=0.9",
	} {
		assert.Contains(t, args, want)
	}
	probe := container["readinessProbe"].(map[string]any)["httpGet"].(map[string]any)
	assert.Equal(t, "HTTPS", probe["scheme"])
	assert.Equal(t, "https", probe["port"])

	monitor := rendered["ServiceMonitor/monitoring-operator"]
	endpoint := nested(t, monitor, "spec")["endpoints"].([]any)[0].(map[string]any)
	assert.Equal(t, "https", endpoint["scheme"])
	assert.Equal(t, "30s", endpoint["interval"])
	assert.NotEmpty(t, endpoint["tlsConfig"])
	assert.Equal(t, "platform", monitor.GetLabels()["release"])
}

func TestRefusesSettingsThatCannotWork(t *testing.T) {
	for name, tc := range map[string]struct{ values, message string }{
		"two replicas without leader election": {"replicas: 2\n", "leaderElection.enabled"},
		"web TLS without a Secret":             {"web:\n  tls:\n    enabled: true\n", "web.tls.secretName"},
	} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "values.yaml")
			require.NoError(t, os.WriteFile(file, []byte(tc.values), 0o644))
			_, err := helm.Template(t, "default", false, file)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.message)
		})
	}
}

// TestAdmissionWebhookIsTheExampleInTheReleaseNamespace renders the webhook
// into namespace monitoring and compares it with example/admission-webhook,
// whose objects live in default.
func TestAdmissionWebhookIsTheExampleInTheReleaseNamespace(t *testing.T) {
	values := filepath.Join(t.TempDir(), "values.yaml")
	require.NoError(t, os.WriteFile(values, []byte("admissionWebhook:\n  enabled: true\n"), 0o644))
	rendered := renderIn(t, "monitoring", values)
	files, err := filepath.Glob("../example/admission-webhook/*.yaml")
	require.NoError(t, err)
	moved := strings.NewReplacer("namespace: default\n", "namespace: monitoring\n", "=default/", "=monitoring/")
	compared := 0
	for _, file := range files {
		if strings.HasSuffix(file, "-patch.yaml") {
			continue
		}
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		for key, want := range decode(t, []byte(moved.Replace(string(data)))) {
			require.Contains(t, rendered, key)
			assert.Equal(t, want.Object, rendered[key].Object, key)
			compared++
		}
	}
	assert.Greater(t, compared, 5)
	out, err := helm.Template(t, "monitoring", false, values)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "default/", "a reference to namespace default is left")
	for key, object := range rendered {
		if object.GetNamespace() != "" {
			assert.Equal(t, "monitoring", object.GetNamespace(), key)
		}
	}
}

func keys(objects map[string]*unstructured.Unstructured) []string {
	out := make([]string, 0, len(objects))
	for key := range objects {
		out = append(out, key)
	}
	slices.Sort(out)
	return out
}

func nested(t *testing.T, object *unstructured.Unstructured, fields ...string) map[string]any {
	t.Helper()
	value, found, err := unstructured.NestedMap(object.Object, fields...)
	require.NoError(t, err)
	require.True(t, found, strings.Join(fields, "."))
	return value
}

func stringList(value any) []string {
	var out []string
	for _, item := range value.([]any) {
		out = append(out, item.(string))
	}
	return out
}
