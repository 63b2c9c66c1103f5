// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
)

func TestWebConfigFile(t *testing.T) {
	tests := map[string]struct {
		web  *monitoringv1.PrometheusWebSpec
		want string
	}{
		"no web settings give an empty file": {web: nil, want: ""},
		"TLS from Secrets and a ConfigMap points into the mounted folders": {
			web: &monitoringv1.PrometheusWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{
				TLSConfig: &monitoringv1.WebTLSConfig{
					Cert:           monitoringv1.SecretOrConfigMap{Secret: secretKey("web-tls", "tls.crt")},
					KeySecret:      *secretKey("web-tls", "tls.key"),
					ClientCA:       monitoringv1.SecretOrConfigMap{ConfigMap: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}, Key: "ca.crt"}},
					ClientAuthType: ptr.To("RequireAndVerifyClientCert"),
					MinVersion:     ptr.To("TLS12"),
					CipherSuites:   []string{"TLS_AES_128_GCM_SHA256"},
				},
			}},
			want: "tls_server_config:\n" +
				"  cert_file: /etc/prometheus/web_config/secret/web-tls-cert/tls.crt\n" +
				"  key_file: /etc/prometheus/web_config/secret/web-tls-key/tls.key\n" +
				"  client_auth_type: RequireAndVerifyClientCert\n" +
				"  client_ca_file: /etc/prometheus/web_config/configmap/ca-ca/ca.crt\n" +
				"  min_version: TLS12\n" +
				"  cipher_suites:\n  - TLS_AES_128_GCM_SHA256\n",
		},
		"file paths pass through and headers are rendered": {
			web: &monitoringv1.PrometheusWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{
				TLSConfig: &monitoringv1.WebTLSConfig{CertFile: ptr.To("/certs/tls.crt"), KeyFile: ptr.To("/certs/tls.key")},
				HTTPConfig: &monitoringv1.WebHTTPConfig{HTTP2: ptr.To(false), Headers: &monitoringv1.WebHTTPHeaders{
					XFrameOptions: "Deny", ContentSecurityPolicy: "default-src 'self'",
				}},
			}},
			want: "tls_server_config:\n  cert_file: /certs/tls.crt\n  key_file: /certs/tls.key\n" +
				"http_server_config:\n  http2: false\n  headers:\n    Content-Security-Policy: default-src 'self'\n    X-Frame-Options: deny\n",
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := webConfigFile(test.web)
			require.NoError(t, err)
			require.Equal(t, test.want, string(got))
		})
	}
}

func TestTLSAssetsAreShardedUnderTheSecretLimit(t *testing.T) {
	large := strings.Repeat("x", maxSecretDataSize/2)
	assets := []assets.TLSAsset{{Key: "0_a", Data: large}, {Key: "0_b", Data: large}, {Key: "0_c", Data: "small"}}
	shards := shardTLSAssets(assets)
	require.Len(t, shards, 2)
	require.Contains(t, shards[0], "0_a")
	require.Contains(t, shards[1], "0_b")
	require.Contains(t, shards[1], "0_c")
	require.Len(t, shardTLSAssets(nil), 1, "shard 0 always exists: the pods mount it")
}

func TestExcessTLSAssetShardsAreDeleted(t *testing.T) {
	f := newFixture(t)
	p := newPrometheus("main")
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
	p := newPrometheus("main")
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
	require.NoError(t, c.syncConfigSecret(f.ctx, p, []byte("global: {}\n")))
	require.Empty(t, f.writes())
	require.NoError(t, c.syncConfigSecret(f.ctx, p, []byte("global: {scrape_interval: 1m}\n")))
	require.Equal(t, []string{"update secrets prometheus-main"}, f.writes())
}
