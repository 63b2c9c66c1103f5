// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func TestExcessTLSAssetShardsAreDeleted(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend)
	f.add(p,
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "prometheus-main-tls-assets-1"}},
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "prometheus-main-tls-assets-2"}},
	)
	names, err := f.controllerFor("prometheus").syncTLSAssets(f.ctx, p, nil)
	require.NoError(t, err)
	require.Equal(t, []string{"prometheus-main-tls-assets-0"}, names)
	require.ElementsMatch(t, []string{
		"create secrets prometheus-main-tls-assets-0",
		"delete secrets prometheus-main-tls-assets-1",
		"delete secrets prometheus-main-tls-assets-2",
	}, f.writes())
}

func TestConfigSecretCompressedElsewhereIsNotRewritten(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend)
	var buffer bytes.Buffer
	writer, err := gzip.NewWriterLevel(&buffer, gzip.BestCompression)
	require.NoError(t, err)
	_, err = writer.Write([]byte("global: {}\n"))
	require.NoError(t, err)
	require.NoError(t, writer.Close())
	c := f.controllerFor("prometheus")
	f.add(p)
	existing := &corev1.Secret{
		ObjectMeta: f.operator.generatedMeta(p, "prometheus-main", nil),
		Data:       map[string][]byte{"prometheus.yaml.gz": buffer.Bytes()},
	}
	f.add(existing)
	f.clearActions()
	_, err = c.syncConfigSecret(f.ctx, p, mustConfigOutput(t, "global: {}\n"))
	require.NoError(t, err)
	require.Empty(t, f.writes())
	_, err = c.syncConfigSecret(f.ctx, p, mustConfigOutput(t, "global: {scrape_interval: 1m}\n"))
	require.NoError(t, err)
	require.Equal(t, []string{"update secrets prometheus-main"}, f.writes())
}

func mustConfigOutput(t *testing.T, config string) configOutput {
	t.Helper()
	out, err := newConfigOutput([]byte(config))
	require.NoError(t, err)
	return out
}
