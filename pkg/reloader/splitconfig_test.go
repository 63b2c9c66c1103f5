package reloader

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/seed-6daed11e/prometheus-operator/pkg/configparts"
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader/kubeletvolume"
)

// splitConfig gzips a configuration of random external label values
// (which gzip cannot shrink) referring to $(POD_NAME), and lays it out in
// pieces of 1 KiB.
func splitConfig(t *testing.T) (plain string, layout configparts.Layout) {
	t.Helper()
	var builder strings.Builder
	builder.WriteString("global:\n  external_labels:\n    pod: $(POD_NAME)\n")
	for index := range 60 {
		value := make([]byte, 40)
		_, err := rand.Read(value)
		require.NoError(t, err)
		builder.WriteString("    l" + hex.EncodeToString([]byte{byte(index)}) + ": " + hex.EncodeToString(value) + "\n")
	}
	compressed, err := gzipped.Compress([]byte(builder.String()))
	require.NoError(t, err)
	layout = configparts.Split(DefaultSecretKey, compressed, 1024)
	require.GreaterOrEqual(t, len(layout.Siblings), 2)
	return builder.String(), layout
}

// splitSecrets are the Secrets the operator writes for layout.
func splitSecrets(name string, layout configparts.Layout) []*corev1.Secret {
	secrets := []*corev1.Secret{{ObjectMeta: metav1.ObjectMeta{Namespace: "monitoring", Name: name}, Data: layout.Main}}
	for index, data := range layout.Siblings {
		secrets = append(secrets, &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Namespace: "monitoring", Name: configparts.SiblingName(name, index+1)},
			Data:       data,
		})
	}
	return secrets
}

func TestAPIWatchJoinsASplitConfiguration(t *testing.T) {
	plain, layout := splitConfig(t)
	client := fake.NewClientset()
	for _, secret := range splitSecrets("prometheus-main", layout) {
		require.NoError(t, client.Tracker().Add(secret))
	}
	reference := ObjectReference{Namespace: "monitoring", Name: "prometheus-main"}
	watch := startAPIWatch(t, APIWatchOptions{Client: client, Secret: &reference}, &countingNotifier{})

	rendered, _, err := RenderConfig(mustRead(t, watch.Config), func(string) (string, bool) { return "pod-0", true })
	require.NoError(t, err)
	require.Equal(t, strings.ReplaceAll(plain, "$(POD_NAME)", "pod-0"), string(rendered))

	// Joined once: the same manifest reads no sibling again.
	client.ClearActions()
	mustRead(t, watch.Config)
	require.Empty(t, client.Actions())
}

func TestAPIWatchRetriesATornSplitConfiguration(t *testing.T) {
	_, older := splitConfig(t)
	_, newer := splitConfig(t)
	client := fake.NewClientset()
	// The configuration Secret is the newer version; one sibling is still
	// the older one (the operator is between two writes, or the read
	// raced it).
	secrets := splitSecrets("prometheus-main", newer)
	secrets[2] = splitSecrets("prometheus-main", older)[2]
	for _, secret := range secrets {
		require.NoError(t, client.Tracker().Add(secret))
	}
	reference := ObjectReference{Namespace: "monitoring", Name: "prometheus-main"}
	watch := startAPIWatch(t, APIWatchOptions{Client: client, Secret: &reference}, &countingNotifier{})

	_, err := watch.Config.Read()
	require.ErrorIs(t, err, configparts.ErrInconsistent)

	sibling := splitSecrets("prometheus-main", newer)[2]
	_, err = client.CoreV1().Secrets("monitoring").Update(context.Background(), sibling, metav1.UpdateOptions{})
	require.NoError(t, err)
	joined, err := watch.Config.Read()
	require.NoError(t, err, "the next read finds the pieces consistent")
	want, err := configparts.JoinSecrets(DefaultSecretKey, newer.Main, func(index int) (map[string][]byte, error) {
		return newer.Siblings[index-1], nil
	})
	require.NoError(t, err)
	require.Equal(t, want, joined)
}

func TestFileModeJoinsTheProjectedPieces(t *testing.T) {
	plain, layout := splitConfig(t)
	dir := filepath.Join(t.TempDir(), "config")
	files := map[string][]byte{}
	for _, secret := range splitSecrets("prometheus-main", layout) {
		for key, value := range secret.Data {
			files[key] = value
		}
	}
	require.NoError(t, kubeletvolume.Write(dir, files))
	output := filepath.Join(t.TempDir(), "prometheus.env.yaml")
	r, err := New(Options{
		Config:           FileSource{Path: filepath.Join(dir, DefaultSecretKey)},
		ConfigOutputFile: output,
		Lookup:           func(string) (string, bool) { return "pod-0", true },
	})
	require.NoError(t, err)
	require.NoError(t, r.Run(context.Background()))
	rendered, err := os.ReadFile(output)
	require.NoError(t, err)
	require.Equal(t, strings.ReplaceAll(plain, "$(POD_NAME)", "pod-0"), string(rendered))

	// The kubelet showed one newer piece: nothing is rendered from it.
	files[configparts.PartKey(DefaultSecretKey, 1)] = []byte("newer piece")
	require.NoError(t, kubeletvolume.Write(dir, files))
	require.ErrorIs(t, r.Run(context.Background()), configparts.ErrInconsistent)
	unchanged, err := os.ReadFile(output)
	require.NoError(t, err)
	require.Equal(t, rendered, unchanged)
}

func mustRead(t *testing.T, source ConfigSource) []byte {
	t.Helper()
	data, err := source.Read()
	require.NoError(t, err)
	return data
}

func TestReloaderLoadsATornConfigurationOnlyOnceRepaired(t *testing.T) {
	plain, newer := splitConfig(t)
	_, older := splitConfig(t)
	client := fake.NewClientset()
	secrets := splitSecrets("prometheus-main", newer)
	secrets[1] = splitSecrets("prometheus-main", older)[1]
	for _, secret := range secrets {
		require.NoError(t, client.Tracker().Add(secret))
	}
	reference := ObjectReference{Namespace: "monitoring", Name: "prometheus-main"}
	watch := startAPIWatch(t, APIWatchOptions{Client: client, Secret: &reference}, &countingNotifier{})
	output := filepath.Join(t.TempDir(), "prometheus.env.yaml")
	trigger := &fileCheckingTrigger{outputFile: output}
	r, err := New(Options{
		Config: watch.Config, ConfigOutputFile: output, Trigger: trigger,
		WatchInterval: time.Hour, RetryInterval: time.Millisecond,
		Lookup: func(string) (string, bool) { return "pod-0", true },
	})
	require.NoError(t, err)
	startReloader(t, r)
	require.Eventually(t, func() bool { return r.Status().LastError != nil }, eventually, time.Millisecond)
	require.ErrorIs(t, r.Status().LastError, configparts.ErrInconsistent)
	require.Zero(t, trigger.callCount(), "a torn configuration is never loaded")

	// Only the sibling changes: the reloader's own retry finds it.
	_, err = client.CoreV1().Secrets("monitoring").Update(context.Background(), splitSecrets("prometheus-main", newer)[1], metav1.UpdateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return trigger.lastLoaded() != "" }, eventually, time.Millisecond)
	require.Equal(t, strings.ReplaceAll(plain, "$(POD_NAME)", "pod-0"), trigger.lastLoaded())
}
