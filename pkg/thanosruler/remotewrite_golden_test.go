// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/prometheus/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenStore holds the credentials the golden endpoints refer to.
func goldenStore(t *testing.T) assets.MapStore {
	return assets.MapStore{Secrets: map[string]map[string]string{
		"default/remote-write": {"user": "ruler", "password": "secret", "ca.crt": testCA(t), "token": "bearer"},
	}}
}

// testCA returns a self-signed CA certificate in PEM; its content does not
// reach the goldens, only its path does.
func testCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// goldenEndpoint sets fields that some Thanos versions cannot read,
// credentials and TLS files.
func goldenEndpoint() monitoringv1.RemoteWriteSpec {
	endpoint := everyGatedRemoteWriteField()
	endpoint.ProxyConnectHeader = map[string][]corev1.SecretKeySelector{"X-Token": {*secretKey("remote-write", "token")}}
	endpoint.BasicAuth = &monitoringv1.BasicAuth{Username: *secretKey("remote-write", "user"), Password: *secretKey("remote-write", "password")}
	endpoint.TLSConfig.CA = monitoringv1.SecretOrConfigMap{Secret: secretKey("remote-write", "ca.crt")}
	endpoint.Name = ptr.To("receive")
	return endpoint
}

func TestRemoteWriteGoldens(t *testing.T) {
	sigv4 := monitoringv1.RemoteWriteSpec{URL: "https://aps.example/api/v1/remote_write", Sigv4: &monitoringv1.Sigv4{Region: "eu-west-1", ExternalID: ptr.To("dropped")}}
	for name, test := range map[string]struct {
		version   string
		endpoints []monitoringv1.RemoteWriteSpec
	}{
		"empty":                    {"", nil},
		"default_version":          {"", []monitoringv1.RemoteWriteSpec{goldenEndpoint()}},
		"v0.37.2":                  {"v0.37.2", []monitoringv1.RemoteWriteSpec{goldenEndpoint()}},
		"v0.31.0":                  {"v0.31.0", []monitoringv1.RemoteWriteSpec{goldenEndpoint()}},
		"v0.27.0":                  {"v0.27.0", []monitoringv1.RemoteWriteSpec{goldenEndpoint()}},
		"v0.24.0":                  {"v0.24.0", []monitoringv1.RemoteWriteSpec{{URL: "http://example.com"}}},
		"sigv4_externalId_dropped": {"", []monitoringv1.RemoteWriteSpec{sigv4}},
	} {
		t.Run(name, func(t *testing.T) {
			tr := fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) {
				tr.Spec.RemoteWrite = test.endpoints
				if test.version != "" {
					tr.Spec.Version = &test.version
				}
			}))
			content, tlsAssets, _, err := RemoteWriteFile(tr, goldenStore(t))
			require.NoError(t, err)
			file := filepath.Join("testdata", "remote_write_"+name+".golden")
			if *update {
				require.NoError(t, os.WriteFile(file, content, 0o644))
			}
			golden, err := os.ReadFile(file)
			require.NoError(t, err, "missing golden file; run go test ./pkg/thanosruler/ -update")
			assert.Equal(t, string(golden), string(content))
			for _, asset := range tlsAssets.Sorted() {
				assert.Contains(t, string(content), filepath.Join(tlsAssetsDir, asset.Key), "TLS files live where the ruler mounts tls-assets")
			}
			// Thanos reads the remote_write section with Prometheus's own loader.
			loaded, err := config.Load(string(content), slog.New(slog.DiscardHandler))
			require.NoError(t, err, "Prometheus's config loader refuses:\n%s", content)
			assert.Len(t, loaded.RemoteWriteConfigs, len(test.endpoints))
			assert.False(t, strings.Contains(string(content), "/etc/prometheus/"), "no Prometheus paths in the ruler's file")
		})
	}
}
