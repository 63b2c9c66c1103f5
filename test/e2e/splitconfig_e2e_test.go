//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/configparts"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/promproc"
)

// Sizes of the split-configuration test: 52 ServiceMonitors whose
// relabeling carries 144 KiB of random base64 each, which gzip shrinks by
// only a quarter (0.76 measured): about 5.5 MiB compressed, seven Secrets.
const (
	splitMonitors      = 52
	splitBlobSize      = 144 << 10
	splitMinCompressed = 5 << 20
)

// TestConfigurationAboveOneMiBIsSplitAndLoaded writes, through the
// operator and the real API server, a configuration of more than 5 MiB
// compressed: it lands in the configuration Secret and numbered siblings,
// and the real config reloader joins them (from a kubelet-style projected
// volume, and through the API) into what a real Prometheus loads.
func TestConfigurationAboveOneMiBIsSplitAndLoaded(t *testing.T) {
	e := newOperatorEnv(t, "--config-reloader-watch-api")
	version := prometheusVersion(t)
	markers := e.createSplitWorkload(t, version)
	last := markers[len(markers)-1]
	secrets := e.waitForSplitConfig(t, "prometheus-split", last)

	t.Run("the siblings are mounted and readable by the reloader", func(t *testing.T) {
		// The StatefulSet and the Role follow the Secrets in the same
		// reconcile: wait for it to finish.
		err := poll.Until(t.Context(), reconcileTimeout, func(ctx context.Context) error {
			sources, granted, err := e.configSourcesAndGrants(ctx)
			if err != nil {
				return err
			}
			for _, secret := range secrets {
				if !slices.Contains(sources, secret.Name) {
					return fmt.Errorf("the config volume does not project %s (sources %v)", secret.Name, sources)
				}
				if !slices.Contains(granted, secret.Name) {
					return fmt.Errorf("the reloader's Role does not grant %s (granted %v)", secret.Name, granted)
				}
			}
			return nil
		})
		require.NoError(t, err)
	})
	t.Run("file mode: Prometheus loads the joined configuration", func(t *testing.T) {
		volume := promproc.NewSecretVolume(t)
		volume.Write(t, projected(secrets))
		reloader := promproc.ReloaderOptions{
			ConfigFile:   volume.Path(configKey),
			EnvsubstFile: filepath.Join(t.TempDir(), "prometheus.env.yaml"),
			Env:          []string{"POD_NAME=prometheus-split-0", "SHARD=0"},
		}
		promproc.RenderOnce(t, reloader)
		server := promproc.Start(t, promproc.Options{Name: "prometheus-split-0", ConfigFile: reloader.EnvsubstFile})
		requireLoaded(t, server, last, "prometheus_replica: prometheus-split-0")

		// An edit travels: operator, Secrets, volume, reloader, reload.
		reloader.ReloadURL = server.URL("/-/reload")
		reloader.WatchedDirs = []string{volume.Dir}
		promproc.StartReloader(t, reloader)
		edited := e.editSplitMonitor(t, 0)
		volume.Write(t, projected(e.waitForSplitConfig(t, "prometheus-split", edited)))
		requireLoaded(t, server, edited, last)
	})
	t.Run("API-watch mode: Prometheus loads the joined configuration", func(t *testing.T) {
		output := filepath.Join(t.TempDir(), "prometheus.env.yaml")
		require.NoError(t, os.WriteFile(output, []byte("global: {}\n"), 0o644))
		server := promproc.Start(t, promproc.Options{Name: "prometheus-split-1", ConfigFile: output})
		promproc.StartReloader(t, promproc.ReloaderOptions{
			Name: "api-config-reloader", ConfigFile: "/nonexistent/prometheus.yaml.gz", EnvsubstFile: output,
			ReloadURL: server.URL("/-/reload"), Env: []string{"POD_NAME=prometheus-split-1", "SHARD=0"},
			Args: []string{"--watch-secret=" + e.namespace + "/prometheus-split", "--kubeconfig=" + e.cluster.KubeconfigPath},
		})
		requireLoaded(t, server, last, "prometheus_replica: prometheus-split-1")
	})
}

// configSourcesAndGrants returns the Secrets the StatefulSet's config
// volume projects and those the reloader's Role grants.
func (e *operatorEnv) configSourcesAndGrants(ctx context.Context) (sources, granted []string, err error) {
	set, err := e.clientset.AppsV1().StatefulSets(e.namespace).Get(ctx, "prometheus-split", metav1.GetOptions{})
	if err != nil {
		return nil, nil, err
	}
	for _, volume := range set.Spec.Template.Spec.Volumes {
		if volume.Name == "config" && volume.Projected != nil {
			for _, source := range volume.Projected.Sources {
				sources = append(sources, source.Secret.Name)
			}
		}
	}
	role, err := e.clientset.RbacV1().Roles(e.namespace).Get(ctx, "prometheus-split-config-reloader", metav1.GetOptions{})
	if err != nil {
		return nil, nil, err
	}
	for _, rule := range role.Rules {
		if slices.Contains(rule.Resources, "secrets") {
			granted = rule.ResourceNames
		}
	}
	return sources, granted, nil
}

// createSplitWorkload creates the Prometheus and its ServiceMonitors and
// returns each monitor's marker (the start of its random blob).
func (e *operatorEnv) createSplitWorkload(t *testing.T, version string) []string {
	t.Helper()
	_, err := e.clientset.CoreV1().ServiceAccounts(e.namespace).Create(t.Context(),
		&corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "prometheus"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	p := &monitoringv1.Prometheus{ObjectMeta: metav1.ObjectMeta{Name: "split", Namespace: e.namespace}}
	p.Spec.Version = version
	p.Spec.ServiceAccountName = "prometheus"
	p.Spec.ServiceMonitorSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"split": "yes"}}
	_, err = e.monitoring.MonitoringV1().Prometheuses(e.namespace).Create(t.Context(), p, metav1.CreateOptions{})
	require.NoError(t, err)
	var markers []string
	for index := range splitMonitors {
		monitor := &monitoringv1.ServiceMonitor{ObjectMeta: metav1.ObjectMeta{
			Name: fmt.Sprintf("blob-%02d", index), Namespace: e.namespace, Labels: map[string]string{"split": "yes"},
		}}
		blob := randomBlob(t)
		monitor.Spec.Selector = metav1.LabelSelector{MatchLabels: map[string]string{"app": "blob"}}
		endpoint := monitoringv1.Endpoint{Port: "web"}
		endpoint.RelabelConfigs = []monitoringv1.RelabelConfig{{TargetLabel: "blob", Replacement: &blob}}
		monitor.Spec.Endpoints = []monitoringv1.Endpoint{endpoint}
		_, err := e.monitoring.MonitoringV1().ServiceMonitors(e.namespace).Create(t.Context(), monitor, metav1.CreateOptions{})
		require.NoError(t, err)
		markers = append(markers, blob[:32])
	}
	return markers
}

// editSplitMonitor gives one monitor a new blob and returns its marker.
func (e *operatorEnv) editSplitMonitor(t *testing.T, index int) string {
	t.Helper()
	monitors := e.monitoring.MonitoringV1().ServiceMonitors(e.namespace)
	monitor, err := monitors.Get(t.Context(), fmt.Sprintf("blob-%02d", index), metav1.GetOptions{})
	require.NoError(t, err)
	blob := randomBlob(t)
	monitor.Spec.Endpoints[0].RelabelConfigs[0].Replacement = &blob
	_, err = monitors.Update(t.Context(), monitor, metav1.UpdateOptions{})
	require.NoError(t, err)
	return blob[:32]
}

// waitForSplitConfig waits until the configuration Secret and its
// siblings hold a consistent configuration of at least
// splitMinCompressed bytes that contains marker, and returns them in
// order.
func (e *operatorEnv) waitForSplitConfig(t *testing.T, name, marker string) []*corev1.Secret {
	t.Helper()
	var found []*corev1.Secret
	err := poll.Until(t.Context(), reconcileTimeout, func(ctx context.Context) error {
		found = nil
		secrets := e.clientset.CoreV1().Secrets(e.namespace)
		main, err := secrets.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		found = append(found, main)
		compressed, err := configparts.JoinSecrets(configKey, main.Data, func(index int) (map[string][]byte, error) {
			sibling, err := secrets.Get(ctx, configparts.SiblingName(name, index), metav1.GetOptions{})
			if err != nil {
				return nil, err
			}
			found = append(found, sibling)
			return sibling.Data, nil
		})
		if err != nil {
			return err
		}
		if len(compressed) < splitMinCompressed {
			return fmt.Errorf("%d bytes compressed so far", len(compressed))
		}
		config, err := gunzip(compressed)
		if err != nil {
			return err
		}
		if !strings.Contains(config, marker) {
			return fmt.Errorf("marker %s not in the configuration yet", marker)
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, len(found), 5, "at least five Secrets for more than 5 MiB")
	for _, secret := range found {
		size := 0
		for _, value := range secret.Data {
			size += len(value)
		}
		require.LessOrEqual(t, size, corev1.MaxSecretSize, "Secret %s", secret.Name)
	}
	return found
}

// projected lays the Secrets' keys side by side, as the projected config
// volume shows them.
func projected(secrets []*corev1.Secret) map[string][]byte {
	files := map[string][]byte{}
	for _, secret := range secrets {
		for key, value := range secret.Data {
			files[key] = value
		}
	}
	return files
}

// requireLoaded waits until Prometheus has loaded a configuration
// containing every text, and its last reload succeeded.
func requireLoaded(t *testing.T, server *promproc.Prometheus, texts ...string) {
	t.Helper()
	err := poll.Until(t.Context(), reconcileTimeout, func(ctx context.Context) error {
		loaded, err := server.LoadedConfig(ctx)
		if err != nil {
			return err
		}
		for _, text := range texts {
			if !strings.Contains(loaded, text) {
				return fmt.Errorf("%q not loaded yet", text)
			}
		}
		// Prometheus does not scrape itself here: read its own /metrics.
		metrics, err := httpGet(ctx, server.URL("/metrics"))
		if err != nil {
			return err
		}
		if !strings.Contains(metrics, "\nprometheus_config_last_reload_successful 1\n") {
			return errors.New("the last reload did not succeed")
		}
		return nil
	})
	require.NoError(t, err, "Prometheus log:\n%s", server.Log())
}

// httpGet returns the body of a GET of url.
func httpGet(ctx context.Context, url string) (string, error) {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		return "", err
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	return string(body), err
}

// randomBlob is splitBlobSize bytes of base64 that gzip cannot shrink
// much.
func randomBlob(t *testing.T) string {
	t.Helper()
	raw := make([]byte, splitBlobSize*3/4)
	_, err := rand.Read(raw)
	require.NoError(t, err)
	return base64.RawStdEncoding.EncodeToString(raw)
}
