package reloadertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader"
)

const testNamespace = "monitoring"

func configSecret(t testing.TB, name, config string) *corev1.Secret {
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: testNamespace, Name: name},
		Data:       map[string][]byte{reloader.DefaultSecretKey: gzipText(t, config)},
	}
}

func rulesConfigMap(name, group string) *corev1.ConfigMap {
	return &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Namespace: testNamespace, Name: name},
		Data:       map[string]string{"rules.yaml": string(ruleFile(group))},
	}
}

// apiModeReloader runs the library in API-watch mode against client, writing
// into a fresh pod layout, and reloading prometheus over HTTP.
type apiModeReloader struct {
	reloader   *reloader.Reloader
	outputFile string
	rulesDir   string
}

// apiModeTarget names the objects an API-mode reloader follows and where its
// outputs go.
type apiModeTarget struct {
	namespace, secret, configMap string
	outputFile, rulesDir         string
	reloadURL                    string
	// observe, when set, wraps the HTTP trigger (benchmarks time reloads).
	observe func(reloader.Trigger) reloader.Trigger
}

func startAPIModeReloader(t testing.TB, client kubernetes.Interface, target apiModeTarget) *apiModeReloader {
	t.Helper()
	watch, err := reloader.NewAPIWatch(reloader.APIWatchOptions{
		Client: client,
		Secret: &reloader.ObjectReference{Namespace: target.namespace, Name: target.secret},
		ConfigMaps: []reloader.ConfigMapTarget{{
			Object: reloader.ObjectReference{Namespace: target.namespace, Name: target.configMap}, Dir: target.rulesDir,
		}},
	})
	require.NoError(t, err)
	var trigger reloader.Trigger = &reloader.HTTPTrigger{URL: target.reloadURL, Client: reloader.NewHTTPClient(10 * time.Second)}
	if target.observe != nil {
		trigger = target.observe(trigger)
	}
	r, err := reloader.New(reloader.Options{
		Config:           watch.Config,
		ConfigOutputFile: target.outputFile,
		Directories:      watch.Directories,
		WatchInterval:    time.Minute,
		RetryInterval:    200 * time.Millisecond,
		Trigger:          trigger,
		Lookup:           func(string) (string, bool) { return "prometheus-test-0", true },
	})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	require.NoError(t, watch.Start(ctx, r))
	syncCtx, syncCancel := context.WithTimeout(ctx, waitLimit)
	defer syncCancel()
	require.True(t, watch.WaitForSync(syncCtx))
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	return &apiModeReloader{reloader: r, outputFile: target.outputFile, rulesDir: target.rulesDir}
}

func TestAPIWatchModeAppliesSecretAndConfigMapChangesToRealPrometheus(t *testing.T) {
	root := t.TempDir()
	outputFile := filepath.Join(root, "prometheus.env.yaml")
	rulesDir := filepath.Join(root, "rules", "prometheus-test-rulefiles-0")
	// Prometheus needs a file to start on; in a pod the init container writes it.
	require.NoError(t, os.WriteFile(outputFile, []byte(prometheusConfig("bootstrap", rulesDir)), 0o644))
	prometheus := startPrometheus(t, outputFile)
	client := fake.NewClientset(
		configSecret(t, "prometheus-test", prometheusConfig("one", rulesDir)),
		rulesConfigMap("prometheus-test-rulefiles-0", "group-one"),
	)
	apiMode := startAPIModeReloader(t, client, apiModeTarget{
		namespace: testNamespace, secret: "prometheus-test", configMap: "prometheus-test-rulefiles-0",
		outputFile: outputFile, rulesDir: rulesDir, reloadURL: prometheus.url("/-/reload"),
	})

	require.Eventually(t, func() bool { return strings.Contains(prometheus.loadedConfig(t), "generation: one") }, waitLimit, 10*time.Millisecond)
	assert.Equal(t, []string{"group-one"}, prometheus.ruleGroups(t))

	updated := configSecret(t, "prometheus-test", prometheusConfig("two", rulesDir))
	updated.ResourceVersion = "2"
	_, err := client.CoreV1().Secrets(testNamespace).Update(context.Background(), updated, metav1.UpdateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return strings.Contains(prometheus.loadedConfig(t), "generation: two") }, waitLimit, 10*time.Millisecond)

	configMap := rulesConfigMap("prometheus-test-rulefiles-0", "group-two")
	configMap.ResourceVersion = "2"
	_, err = client.CoreV1().ConfigMaps(testNamespace).Update(context.Background(), configMap, metav1.UpdateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		groups := prometheus.ruleGroups(t)
		return len(groups) == 1 && groups[0] == "group-two"
	}, waitLimit, 10*time.Millisecond)
	assert.GreaterOrEqual(t, apiMode.reloader.Status().Reloads, 3)
}
