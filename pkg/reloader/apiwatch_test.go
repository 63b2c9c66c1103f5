package reloader

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

type countingNotifier struct {
	mutex   sync.Mutex
	notices int
	events  map[string]int
}

func (c *countingNotifier) Notify() {
	c.mutex.Lock()
	defer c.mutex.Unlock()
	c.notices++
}

func (c *countingNotifier) RecordAPIEvent(kind string) {
	c.mutex.Lock()
	defer c.mutex.Unlock()
	if c.events == nil {
		c.events = map[string]int{}
	}
	c.events[kind]++
}

func (c *countingNotifier) count() int {
	c.mutex.Lock()
	defer c.mutex.Unlock()
	return c.notices
}

func configSecret(name, config string) *corev1.Secret {
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "monitoring", Name: name},
		Data:       map[string][]byte{DefaultSecretKey: []byte(config)},
	}
}

func startAPIWatch(t *testing.T, options APIWatchOptions, notifier Notifier) *APIWatch {
	t.Helper()
	watch, err := NewAPIWatch(options)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	require.NoError(t, watch.Start(ctx, notifier))
	syncCtx, syncCancel := context.WithTimeout(ctx, 5*time.Second)
	defer syncCancel()
	require.True(t, watch.WaitForSync(syncCtx))
	return watch
}

func readConfig(t *testing.T, source ConfigSource) string {
	data, err := source.Read()
	if err != nil {
		return "error: " + err.Error()
	}
	return string(data)
}

func TestAPIWatchFollowsOnlyTheNamedSecret(t *testing.T) {
	client := fake.NewClientset(configSecret("prometheus-k8s", "version: 1"), configSecret("other", "other: 1"))
	notifier := &countingNotifier{}
	reference := ObjectReference{Namespace: "monitoring", Name: "prometheus-k8s"}
	watch := startAPIWatch(t, APIWatchOptions{Client: client, Secret: &reference}, notifier)
	assert.Equal(t, "version: 1", readConfig(t, watch.Config))

	secrets := client.CoreV1().Secrets("monitoring")
	_, err := secrets.Update(context.Background(), configSecret("other", "other: 2"), metav1.UpdateOptions{})
	require.NoError(t, err)
	updated := configSecret("prometheus-k8s", "version: 2")
	updated.ResourceVersion = "2"
	_, err = secrets.Update(context.Background(), updated, metav1.UpdateOptions{})
	require.NoError(t, err)

	require.Eventually(t, func() bool { return readConfig(t, watch.Config) == "version: 2" }, eventually, time.Millisecond)
	assert.Equal(t, 2, notifier.count(), "the initial list and the update of the named secret only")

	require.NoError(t, secrets.Delete(context.Background(), "prometheus-k8s", metav1.DeleteOptions{}))
	require.Eventually(t, func() bool {
		_, exists, err := watch.informers[0].GetStore().GetByKey("monitoring/prometheus-k8s")
		return err == nil && !exists
	}, eventually, time.Millisecond, "the informer saw the deletion")
	assert.Equal(t, "version: 2", readConfig(t, watch.Config), "a deleted secret keeps the last configuration")
}

func TestAPIWatchIgnoresASecretWithoutTheKey(t *testing.T) {
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "monitoring", Name: "p"}, Data: map[string][]byte{"x": nil}}
	reference := ObjectReference{Namespace: "monitoring", Name: "p"}
	watch := startAPIWatch(t, APIWatchOptions{Client: fake.NewClientset(secret), Secret: &reference}, &countingNotifier{})
	_, err := watch.Config.Read()
	require.ErrorIs(t, err, ErrNoConfig)
}

func TestAPIWatchMirrorsConfigMapsIntoFolders(t *testing.T) {
	rulesDir := filepath.Join(t.TempDir(), "rules-0")
	missingDir := filepath.Join(t.TempDir(), "rules-1")
	require.NoError(t, os.MkdirAll(missingDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(missingDir, "leftover.yaml"), []byte("x"), 0o644))
	configMap := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Namespace: "monitoring", Name: "rules-0"},
		Data:       map[string]string{"a.yaml": "groups: [a]", "b.yaml": "groups: [b]"},
	}
	client := fake.NewClientset(configMap)
	watch := startAPIWatch(t, APIWatchOptions{Client: client, ConfigMaps: []ConfigMapTarget{
		{Object: ObjectReference{Namespace: "monitoring", Name: "rules-0"}, Dir: rulesDir},
		{Object: ObjectReference{Namespace: "monitoring", Name: "rules-1"}, Dir: missingDir},
	}}, &countingNotifier{})
	require.Len(t, watch.Directories, 2)
	for _, directory := range watch.Directories {
		require.NoError(t, directory.Sync())
	}
	assert.Equal(t, map[string]string{"a.yaml": "groups: [a]", "b.yaml": "groups: [b]"}, readFolder(t, rulesDir))
	assert.Empty(t, readFolder(t, missingDir), "an absent ConfigMap empties its folder")

	configMap.Data = map[string]string{"a.yaml": "groups: [a2]"}
	configMap.ResourceVersion = "2"
	_, err := client.CoreV1().ConfigMaps("monitoring").Update(context.Background(), configMap, metav1.UpdateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		require.NoError(t, watch.Directories[0].Sync())
		return readFolder(t, rulesDir)["a.yaml"] == "groups: [a2]"
	}, eventually, time.Millisecond)
	assert.Equal(t, map[string]string{"a.yaml": "groups: [a2]"}, readFolder(t, rulesDir), "a removed key removes its file")
}

func readFolder(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	files := map[string]string{}
	for _, entry := range entries {
		content, err := os.ReadFile(filepath.Join(dir, entry.Name()))
		require.NoError(t, err)
		files[entry.Name()] = string(content)
	}
	return files
}

func TestSafeFileName(t *testing.T) {
	for key, want := range map[string]bool{"rules.yaml": true, "..data": false, "a/b": false, ".": false, "": false, ".hidden": true} {
		assert.Equal(t, want, safeFileName(key), key)
	}
}

func TestNewAPIWatchNeedsAClient(t *testing.T) {
	_, err := NewAPIWatch(APIWatchOptions{})
	require.Error(t, err)
}
