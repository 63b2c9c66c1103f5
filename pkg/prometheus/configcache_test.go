// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// TestIncrementalConfigFollowsEdits edits, adds and deletes monitors that
// carry resourceVersions (so the generator reuses unchanged ones), rotates
// a Secret they read, and requires the configuration Secret to follow each
// change; the workload's cache goes with the workload.
func TestIncrementalConfigFollowsEdits(t *testing.T) {
	f := newFixture(t)
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "auth", ResourceVersion: "1"},
		Data: map[string][]byte{"user": []byte("admin"), "password": []byte("first")}}
	monitors := []*monitoringv1.ServiceMonitor{editBenchMonitor(0), editBenchMonitor(1), editBenchMonitor(2)}
	f.add(fixtures.Prometheus("main", selectsFrontend), secret, monitors[0], monitors[1], monitors[2])
	f.sync("prometheus", "default", "main")
	config := f.generatedConfig("default", "prometheus-main")
	require.Contains(t, config, "serviceMonitor/default/app-2/1")
	require.Contains(t, config, "password: first")

	changed, err := f.monitoringClient.MonitoringV1().ServiceMonitors("default").Get(f.ctx, "app-1", metav1.GetOptions{})
	require.NoError(t, err)
	changed.Spec.Endpoints[0].Port = "edited-port"
	changed.ResourceVersion = "2"
	_, err = f.monitoringClient.MonitoringV1().ServiceMonitors("default").Update(f.ctx, changed, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.sync("prometheus", "default", "main")
	require.Contains(t, f.generatedConfig("default", "prometheus-main"), "edited-port")

	secret = secret.DeepCopy()
	secret.Data["password"], secret.ResourceVersion = []byte("second"), "2"
	_, err = f.kubeClient.CoreV1().Secrets("default").Update(f.ctx, secret, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.operator.assets.Observe(assets.Reference{Kind: assets.SecretKind, Namespace: "default", Name: "auth"}, secret.ResourceVersion, false)
	f.sync("prometheus", "default", "main")
	config = f.generatedConfig("default", "prometheus-main")
	require.Contains(t, config, "password: second")
	require.NotContains(t, config, "password: first")

	require.NoError(t, f.monitoringClient.MonitoringV1().ServiceMonitors("default").Delete(f.ctx, "app-2", metav1.DeleteOptions{}))
	f.refresh()
	f.sync("prometheus", "default", "main")
	config = f.generatedConfig("default", "prometheus-main")
	require.NotContains(t, config, "serviceMonitor/default/app-2/")
	require.Contains(t, config, "edited-port")

	c := f.controllerFor("prometheus")
	require.Len(t, c.configs.caches, 1)
	require.NoError(t, f.monitoringClient.MonitoringV1().Prometheuses("default").Delete(f.ctx, "main", metav1.DeleteOptions{}))
	f.refresh()
	f.sync("prometheus", "default", "main")
	require.Empty(t, c.configs.caches, "the cache goes with the workload")
}
