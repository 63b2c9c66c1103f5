// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/exporter-toolkit/web"
	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v2"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
)

// webTLSFiles is a self-signed certificate for 127.0.0.1, good for server
// and client authentication, that is also its own CA.
type webTLSFiles struct {
	certFile, keyFile string
	pair              tls.Certificate
	pool              *x509.CertPool
}

func newWebTLSFiles(t *testing.T) webTLSFiles {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	template := &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "agent-web"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	dir := t.TempDir()
	files := webTLSFiles{certFile: filepath.Join(dir, "tls.crt"), keyFile: filepath.Join(dir, "tls.key"), pool: x509.NewCertPool()}
	require.NoError(t, os.WriteFile(files.certFile, certPEM, 0o600))
	require.NoError(t, os.WriteFile(files.keyFile, keyPEM, 0o600))
	files.pair, err = tls.X509KeyPair(certPEM, keyPEM)
	require.NoError(t, err)
	require.True(t, files.pool.AppendCertsFromPEM(certPEM))
	return files
}

// serveWebConfig runs exporter-toolkit's server, the one Prometheus uses,
// on a loopback port with the given web configuration file.
func serveWebConfig(t *testing.T, configFile string) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	server := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	served := make(chan error, 1)
	go func() {
		served <- web.Serve(listener, server, &web.FlagConfig{WebConfigFile: &configFile, WebSystemdSocket: ptr.To(false)}, discardLogger())
	}()
	t.Cleanup(func() {
		require.NoError(t, server.Close())
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("the web server stopped with: %v", err)
		}
	})
	return "https://" + listener.Addr().String() + "/"
}

// getOverTLS makes one request with a client trusting files' CA and
// presenting the given client certificates.
func getOverTLS(t *testing.T, url string, files webTLSFiles, clientCertificates []tls.Certificate) (tlsAnswer, error) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: files.pool, Certificates: clientCertificates, MinVersion: tls.VersionTLS12},
	}}
	defer client.CloseIdleConnections()
	response, err := client.Get(url)
	if err != nil {
		return tlsAnswer{}, err
	}
	require.NoError(t, response.Body.Close())
	return tlsAnswer{status: response.StatusCode, tls: response.TLS, header: response.Header}, nil
}

// tlsAnswer is what the tests check of a response whose body getOverTLS
// has already closed.
type tlsAnswer struct {
	status int
	tls    *tls.ConnectionState
	header http.Header
}

// TestAgentWebConfigSecretCarriesTLSLimitsAndSecurityHeaders sets the web
// fields that only the web-config Secret carries on an agent, checks the
// file the sync writes, then serves it with exporter-toolkit and checks
// each field's effect on a real handshake and response.
func TestAgentWebConfigSecretCarriesTLSLimitsAndSecurityHeaders(t *testing.T) {
	files := newWebTLSFiles(t)
	f := newFixture(t)
	agent := fixtures.PrometheusAgent("web", frontendAgent(monitoringv1alpha1.StatefulSetPrometheusAgentMode))
	agent.Spec.Web = &monitoringv1.PrometheusWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{
		TLSConfig: &monitoringv1.WebTLSConfig{
			CertFile: ptr.To(files.certFile), KeyFile: ptr.To(files.keyFile), ClientCAFile: ptr.To(files.certFile),
			ClientAuthType: ptr.To("RequireAndVerifyClientCert"),
			MinVersion:     ptr.To("TLS12"), MaxVersion: ptr.To("TLS12"),
			CipherSuites:             []string{"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
			PreferServerCipherSuites: ptr.To(false),
			CurvePreferences:         []string{"CurveP384"},
		},
		// HTTP/2 would require an AES-128 suite, which the single suite
		// above leaves out.
		HTTPConfig: &monitoringv1.WebHTTPConfig{HTTP2: ptr.To(false), Headers: &monitoringv1.WebHTTPHeaders{
			StrictTransportSecurity: "max-age=31536000; includeSubDomains",
			XContentTypeOptions:     "NoSniff",
			XXSSProtection:          "1; mode=block",
		}},
	}}
	f.add(agent)

	f.sync("prometheus-agent", "default", "web")

	content := string(f.secret("default", manifests.WebConfigSecretName(agent)).Data[manifests.WebConfigFileName])
	require.Equal(t, "tls_server_config:\n"+
		"  cert_file: "+files.certFile+"\n"+
		"  key_file: "+files.keyFile+"\n"+
		"  client_auth_type: RequireAndVerifyClientCert\n"+
		"  client_ca_file: "+files.certFile+"\n"+
		"  min_version: TLS12\n"+
		"  max_version: TLS12\n"+
		"  cipher_suites:\n  - TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\n"+
		"  prefer_server_cipher_suites: false\n"+
		"  curve_preferences:\n  - CurveP384\n"+
		"http_server_config:\n  http2: false\n  headers:\n"+
		"    Strict-Transport-Security: max-age=31536000; includeSubDomains\n"+
		"    X-Content-Type-Options: nosniff\n"+
		"    X-XSS-Protection: 1; mode=block\n", content)
	configFile := filepath.Join(t.TempDir(), manifests.WebConfigFileName)
	require.NoError(t, os.WriteFile(configFile, []byte(content), 0o600))
	require.NoError(t, web.Validate(configFile), "exporter-toolkit refuses the file")

	// Go's TLS stack ignores the cipher order setting, so its effect ends in
	// the parsed file: exporter-toolkit's default is true.
	parsed := web.Config{TLSConfig: web.TLSConfig{PreferServerCipherSuites: true}}
	require.NoError(t, yaml.UnmarshalStrict([]byte(content), &parsed))
	require.False(t, parsed.TLSConfig.PreferServerCipherSuites)

	url := serveWebConfig(t, configFile)
	response, err := getOverTLS(t, url, files, []tls.Certificate{files.pair})
	require.NoError(t, err, "a client certificate signed by the clientCAFile CA is accepted")
	require.Equal(t, http.StatusOK, response.status)
	require.Equal(t, uint16(tls.VersionTLS12), response.tls.Version, "maxVersion caps the client's TLS 1.3")
	require.Equal(t, tls.CurveP384, response.tls.CurveID, "curvePreferences replaces Go's default X25519")
	require.Equal(t, tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, response.tls.CipherSuite)
	require.Equal(t, "max-age=31536000; includeSubDomains", response.header.Get("Strict-Transport-Security"))
	require.Equal(t, "nosniff", response.header.Get("X-Content-Type-Options"))
	require.Equal(t, "1; mode=block", response.header.Get("X-XSS-Protection"))
	_, err = getOverTLS(t, url, files, nil)
	// The same client with its certificate got through just above.
	require.ErrorContains(t, err, "tls: handshake failure", "a client without a certificate is turned away")
}
