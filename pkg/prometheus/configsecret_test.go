// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/configparts"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// testChunkSize makes a configuration of a few KiB split.
const testChunkSize = 1024

// withRandomExternalLabels adds labels whose values gzip cannot shrink,
// about 100 compressed bytes each.
func withRandomExternalLabels(count int) fixtures.Option {
	return fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.ExternalLabels = map[string]string{}
		for index := range count {
			value := make([]byte, 64)
			_, _ = rand.Read(value)
			p.Spec.ExternalLabels[fmt.Sprintf("label_%d", index)] = hex.EncodeToString(value)
		}
	})
}

// storedConfig joins and unzips the configuration as the reloader would
// from the mounted Secrets.
func (f *fixture) storedConfig(name string) string {
	f.t.Helper()
	main := f.secret("default", name)
	pieces := [][]byte{main.Data["prometheus.yaml.gz"]}
	compressed := pieces[0]
	if manifestData, split := main.Data["prometheus.yaml.gz.parts"]; split {
		manifest, err := configparts.ParseManifest(manifestData)
		require.NoError(f.t, err)
		for index := 1; index < manifest.Parts; index++ {
			sibling := f.secret("default", configparts.SiblingName(name, index))
			pieces = append(pieces, sibling.Data[configparts.PartKey("prometheus.yaml.gz", index)])
		}
		compressed, err = configparts.Join(manifest, pieces)
		require.NoError(f.t, err)
	}
	config, err := readConfig(compressed)
	require.NoError(f.t, err)
	return string(config)
}

func (f *fixture) configVolume(name string) corev1.Volume {
	f.t.Helper()
	statefulSet, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, name, metav1.GetOptions{})
	require.NoError(f.t, err)
	for _, volume := range statefulSet.Spec.Template.Spec.Volumes {
		if volume.Name == "config" {
			return volume
		}
	}
	f.t.Fatal("no config volume")
	return corev1.Volume{}
}

func (f *fixture) secretExists(name string) bool {
	_, err := f.kubeClient.CoreV1().Secrets("default").Get(f.ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return false
	}
	require.NoError(f.t, err)
	return true
}

// converged asserts that one more reconcile writes nothing and reads no
// Secret or ConfigMap.
func (f *fixture) converged(name string) {
	f.t.Helper()
	c := f.controllerFor("prometheus")
	key := keyOf(name)
	f.clearActions()
	require.NoError(f.t, c.sync(f.ctx, key))
	writes, reads := f.writes(), f.reads()
	f.refresh()
	f.clearActions()
	require.NoError(f.t, c.syncStatus(f.ctx, key))
	writes, reads = append(writes, f.writes()...), append(reads, f.reads()...)
	require.Empty(f.t, writes, "a converged resync writes nothing")
	for _, read := range reads {
		require.False(f.t, strings.Contains(read, "secrets") || strings.Contains(read, "configmaps"),
			"a converged resync reads no Secret or ConfigMap, got %q", read)
	}
}

func TestConvergedResyncWritesNothingAndReadsNoSecret(t *testing.T) {
	for name, config := range map[string]func(*operator.Config){
		"file mode":      func(*operator.Config) {},
		"API-watch mode": func(c *operator.Config) { c.Reloader.WatchAPI = true },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, config)
			p, serviceMonitor, podMonitor := walkthrough(t)
			p.Spec.ServiceAccountName = "prometheus"
			p.Spec.RuleSelector = &metav1.LabelSelector{}
			rule := &monitoringv1.PrometheusRule{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "rules"}}
			rule.Spec.Groups = []monitoringv1.RuleGroup{{Name: "g", Rules: []monitoringv1.Rule{{Record: "r", Expr: intstr.FromString("up")}}}}
			f.add(p, serviceMonitor, podMonitor, rule)
			f.sync("prometheus", "default", "prometheus")
			f.sync("prometheus", "default", "prometheus")
			f.converged("prometheus")
		})
	}
}

func TestLargeConfigurationIsSplitAcrossSiblingSecrets(t *testing.T) {
	f := newFixture(t)
	f.operator.configChunkSize = testChunkSize
	p := fixtures.Prometheus("main", selectsFrontend, fixtures.With(withRandomExternalLabels(40)))
	f.add(p)
	f.sync("prometheus", "default", "main")

	main := f.secret("default", "prometheus-main")
	require.Contains(t, main.Data, "prometheus.yaml.gz.parts")
	manifest, err := configparts.ParseManifest(main.Data["prometheus.yaml.gz.parts"])
	require.NoError(t, err)
	require.GreaterOrEqual(t, manifest.Parts, 3)
	for index := 1; index < manifest.Parts; index++ {
		sibling := f.secret("default", configparts.SiblingName("prometheus-main", index))
		require.Equal(t, main.Labels, sibling.Labels)
		require.Equal(t, p.UID, metav1.GetControllerOf(sibling).UID)
	}
	require.Contains(t, f.storedConfig("prometheus-main"), p.Spec.ExternalLabels["label_39"])

	volume := f.configVolume("prometheus-main")
	require.Nil(t, volume.Secret)
	require.NotNil(t, volume.Projected)
	sources := volume.Projected.Sources
	require.Len(t, sources, 1+configparts.MountedSiblings(manifest.Parts-1))
	require.Equal(t, "prometheus-main", sources[0].Secret.Name)
	require.Nil(t, sources[0].Secret.Optional)
	for index, source := range sources[1:] {
		require.Equal(t, configparts.SiblingName("prometheus-main", index+1), source.Secret.Name)
		require.True(t, *source.Secret.Optional)
	}
	f.sync("prometheus", "default", "main")
	f.converged("main")
}

func TestShrinkingConfigurationDeletesItsSiblings(t *testing.T) {
	for name, restart := range map[string]bool{"remembered": false, "after a restart": true} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.operator.configChunkSize = testChunkSize
			p := fixtures.Prometheus("main", selectsFrontend, fixtures.With(withRandomExternalLabels(40)))
			f.add(p)
			f.sync("prometheus", "default", "main")
			require.True(t, f.secretExists("prometheus-main-config-2"))

			if restart {
				f.operator.newWriteMemos()
			}
			stored, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Get(f.ctx, "main", metav1.GetOptions{})
			require.NoError(t, err)
			withRandomExternalLabels(1)(stored)
			_, err = f.monitoringClient.MonitoringV1().Prometheuses("default").Update(f.ctx, stored, metav1.UpdateOptions{})
			require.NoError(t, err)
			f.refresh()
			f.sync("prometheus", "default", "main")

			require.False(t, f.secretExists("prometheus-main-config-1"))
			require.False(t, f.secretExists("prometheus-main-config-2"))
			main := f.secret("default", "prometheus-main")
			require.Equal(t, []string{"prometheus.yaml.gz"}, keysOf(main.Data), "an unsplit configuration is upstream's single key")
			require.Contains(t, f.storedConfig("prometheus-main"), stored.Spec.ExternalLabels["label_0"])
			volume := f.configVolume("prometheus-main")
			require.Equal(t, &corev1.SecretVolumeSource{SecretName: "prometheus-main"}, volume.Secret)
			f.sync("prometheus", "default", "main")
			f.converged("main")
		})
	}
}

func TestForeignSiblingIsNotTakenOver(t *testing.T) {
	f := newFixture(t)
	f.operator.configChunkSize = testChunkSize
	foreign := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "prometheus-main-config-1"},
		Data:       map[string][]byte{"prometheus.yaml.gz": []byte("someone else's")},
	}
	f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.With(withRandomExternalLabels(40))), foreign)
	err := f.trySync("prometheus", "default", "main")
	require.ErrorContains(t, err, "prometheus-main-config-1")
	require.Equal(t, foreign.Data, f.secret("default", "prometheus-main-config-1").Data)
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	return keys
}

func TestAnEditIsWrittenWithoutDecompressingTheStoredConfiguration(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend)
	f.add(p)
	c := f.controllerFor("prometheus")
	_, err := c.syncConfigSecret(f.ctx, p, mustConfigOutput(t, "global: {}\n"))
	require.NoError(t, err)
	f.refresh()
	// Behind the memo's back, keeping the resourceVersion, the stored
	// stream becomes the next configuration compressed differently: only
	// a decompression could tell it is already the wanted one.
	const next = "global: {scrape_interval: 1m}\n"
	secrets := corev1.SchemeGroupVersion.WithResource("secrets")
	tracked, err := f.kubeClient.Tracker().Get(secrets, "default", "prometheus-main")
	require.NoError(t, err)
	stored := tracked.(*corev1.Secret).DeepCopy()
	stored.Data["prometheus.yaml.gz"] = bestCompression(t, next)
	require.NoError(t, f.kubeClient.Tracker().Update(secrets, stored, "default"))
	f.clearActions()

	_, err = c.syncConfigSecret(f.ctx, p, mustConfigOutput(t, next))
	require.NoError(t, err)
	require.Equal(t, []string{"update secrets prometheus-main"}, f.writes(),
		"the memo vouches for the stored bytes: new bytes are written without a decompression")
	require.Equal(t, mustConfigOutput(t, next).Compressed, f.secret("default", "prometheus-main").Data["prometheus.yaml.gz"])
}

func bestCompression(t *testing.T, text string) []byte {
	t.Helper()
	var buffer bytes.Buffer
	writer, err := gzip.NewWriterLevel(&buffer, gzip.BestCompression)
	require.NoError(t, err)
	_, err = writer.Write([]byte(text))
	require.NoError(t, err)
	require.NoError(t, writer.Close())
	return buffer.Bytes()
}
