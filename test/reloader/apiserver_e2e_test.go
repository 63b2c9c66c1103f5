//go:build e2e

package reloadertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/cluster"
)

// narrowSetup creates, in a fresh namespace, the config Secret, the rule
// ConfigMap, an unrelated Secret, a service account and the Role and
// RoleBinding from reloader.BuildRBAC. It returns the admin client and a
// client that acts as the service account.
func narrowSetup(t testing.TB, rulesDir string) (admin, serviceAccount kubernetes.Interface, namespace string) {
	t.Helper()
	shared := cluster.Shared(t)
	// No client-side throttling: at the default 5 requests per second the
	// benchmark would time the rate limiter, not the watch.
	adminConfig := rest.CopyConfig(shared.Config)
	adminConfig.QPS, adminConfig.Burst = 1000, 1000
	adminClient, err := kubernetes.NewForConfig(adminConfig)
	require.NoError(t, err)
	ctx := context.Background()
	namespace = "reloader-e2e-" + rand.String(6)
	_, err = adminClient.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = adminClient.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})
	})
	secret := configSecret(t, "prometheus-test", prometheusConfig("g0", rulesDir))
	secret.Namespace = namespace
	unrelated := configSecret(t, "unrelated", "secret: data")
	unrelated.Namespace = namespace
	configMap := rulesConfigMap("prometheus-test-rulefiles-0", "group-one")
	configMap.Namespace = namespace
	for _, object := range []*corev1.Secret{secret, unrelated} {
		_, err = adminClient.CoreV1().Secrets(namespace).Create(ctx, object, metav1.CreateOptions{})
		require.NoError(t, err)
	}
	_, err = adminClient.CoreV1().ConfigMaps(namespace).Create(ctx, configMap, metav1.CreateOptions{})
	require.NoError(t, err)
	_, err = adminClient.CoreV1().ServiceAccounts(namespace).Create(ctx,
		&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "prometheus"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	role, binding := reloader.BuildRBAC(reloader.RBACOptions{
		Namespace: namespace, Name: "prometheus-test-config-reloader", ServiceAccountName: "prometheus",
		Secrets: []string{"prometheus-test"}, ConfigMaps: []string{"prometheus-test-rulefiles-0"},
	})
	_, err = adminClient.RbacV1().Roles(namespace).Create(ctx, role, metav1.CreateOptions{})
	require.NoError(t, err)
	_, err = adminClient.RbacV1().RoleBindings(namespace).Create(ctx, binding, metav1.CreateOptions{})
	require.NoError(t, err)

	impersonated := rest.CopyConfig(shared.Config)
	impersonated.Impersonate = rest.ImpersonationConfig{UserName: fmt.Sprintf("system:serviceaccount:%s:prometheus", namespace)}
	serviceAccountClient, err := kubernetes.NewForConfig(impersonated)
	require.NoError(t, err)
	// The authorizer's cache can lag the new binding by a moment.
	require.Eventually(t, func() bool {
		_, err := serviceAccountClient.CoreV1().Secrets(namespace).Get(ctx, "prometheus-test", metav1.GetOptions{})
		return err == nil
	}, waitLimit, 50*time.Millisecond)
	return adminClient, serviceAccountClient, namespace
}

func TestBuildRBACGrantsOnlyTheNamedObjectsOnARealAPIServer(t *testing.T) {
	_, client, namespace := narrowSetup(t, t.TempDir())
	ctx := context.Background()
	secrets := client.CoreV1().Secrets(namespace)

	_, err := secrets.Get(ctx, "unrelated", metav1.GetOptions{})
	assert.True(t, apierrors.IsForbidden(err), "another secret stays unreadable: %v", err)
	_, err = secrets.List(ctx, metav1.ListOptions{})
	assert.True(t, apierrors.IsForbidden(err), "listing every secret is refused: %v", err)
	list, err := secrets.List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=prometheus-test"})
	require.NoError(t, err, "a list narrowed to the granted name is allowed")
	assert.Len(t, list.Items, 1)
	watch, err := client.CoreV1().ConfigMaps(namespace).Watch(ctx, metav1.ListOptions{FieldSelector: "metadata.name=prometheus-test-rulefiles-0"})
	require.NoError(t, err, "a watch narrowed to the granted name is allowed")
	watch.Stop()
}

func TestAPIWatchModeWithARealAPIServer(t *testing.T) {
	root := t.TempDir()
	outputFile := filepath.Join(root, "prometheus.env.yaml")
	rulesDir := filepath.Join(root, "rules")
	admin, client, namespace := narrowSetup(t, rulesDir)
	require.NoError(t, os.WriteFile(outputFile, nil, 0o644))
	prometheus := startPrometheus(t, outputFile)
	startAPIModeReloader(t, client, apiModeTarget{
		namespace: namespace, secret: "prometheus-test", configMap: "prometheus-test-rulefiles-0",
		outputFile: outputFile, rulesDir: rulesDir, reloadURL: prometheus.url("/-/reload"),
	})
	require.Eventually(t, func() bool { return strings.Contains(prometheus.loadedConfig(t), "generation: g0") }, waitLimit, 10*time.Millisecond)
	assert.Equal(t, []string{"group-one"}, prometheus.ruleGroups(t))

	ctx := context.Background()
	secret, err := admin.CoreV1().Secrets(namespace).Get(ctx, "prometheus-test", metav1.GetOptions{})
	require.NoError(t, err)
	secret.Data[reloader.DefaultSecretKey] = gzipText(t, prometheusConfig("g1", rulesDir))
	_, err = admin.CoreV1().Secrets(namespace).Update(ctx, secret, metav1.UpdateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(prometheus.loadedConfig(t), "generation: g1") }, waitLimit, 10*time.Millisecond)

	configMap, err := admin.CoreV1().ConfigMaps(namespace).Get(ctx, "prometheus-test-rulefiles-0", metav1.GetOptions{})
	require.NoError(t, err)
	configMap.Data["rules.yaml"] = string(ruleFile("group-two"))
	_, err = admin.CoreV1().ConfigMaps(namespace).Update(ctx, configMap, metav1.UpdateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		groups := prometheus.ruleGroups(t)
		return len(groups) == 1 && groups[0] == "group-two"
	}, waitLimit, 10*time.Millisecond)
}

// BenchmarkAPIWatchLatencyRealAPIServer measures API-watch mode through a
// real kube-apiserver (the shared local control plane, or KUBECONFIG), with
// the reloader restricted to the Role from BuildRBAC.
func BenchmarkAPIWatchLatencyRealAPIServer(b *testing.B) {
	rulesDir := filepath.Join(b.TempDir(), "rules")
	admin, client, namespace := narrowSetup(b, rulesDir)
	measureAPIWatchLatency(b, client, admin, namespace)
}

// TestSidecarBinaryInAPIWatchMode runs the built sidecar with the API-watch
// flags and a kubeconfig, as an out-of-cluster process.
func TestSidecarBinaryInAPIWatchMode(t *testing.T) {
	root := t.TempDir()
	outputFile := filepath.Join(root, "prometheus.env.yaml")
	rulesDir := filepath.Join(root, "rules")
	admin, _, namespace := narrowSetup(t, rulesDir)
	require.NoError(t, os.WriteFile(outputFile, nil, 0o644))
	prometheus := startPrometheus(t, outputFile)
	binary, err := buildReloader()
	require.NoError(t, err)
	metricsAddress := freeAddress(t)
	sidecar := startProcess(t, binary,
		"--watch-secret="+namespace+"/prometheus-test",
		"--watch-configmap="+namespace+"/prometheus-test-rulefiles-0="+rulesDir,
		"--kubeconfig="+cluster.Shared(t).KubeconfigPath,
		"--config-envsubst-file="+outputFile,
		"--reload-url="+prometheus.url("/-/reload"),
		"--listen-address="+metricsAddress,
	)
	require.Eventually(t, func() bool { return strings.Contains(prometheus.loadedConfig(t), "generation: g0") },
		waitLimit, 10*time.Millisecond, "sidecar output:\n%s", sidecar.output)
	assert.Equal(t, []string{"group-one"}, prometheus.ruleGroups(t))

	ctx := context.Background()
	secret, err := admin.CoreV1().Secrets(namespace).Get(ctx, "prometheus-test", metav1.GetOptions{})
	require.NoError(t, err)
	secret.Data[reloader.DefaultSecretKey] = gzipText(t, prometheusConfig("g1", rulesDir))
	_, err = admin.CoreV1().Secrets(namespace).Update(ctx, secret, metav1.UpdateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(prometheus.loadedConfig(t), "generation: g1") },
		waitLimit, 10*time.Millisecond, "sidecar output:\n%s", sidecar.output)
	assert.Equal(t, 1.0, metricValue("http://"+metricsAddress+"/metrics", "reloader_last_reload_successful"))
}
