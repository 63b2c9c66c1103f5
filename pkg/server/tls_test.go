// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package server

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// authority is a test CA able to sign leaf certificates.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

var serial int64

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	return key
}

func newAuthority(t *testing.T, name string) *authority {
	t.Helper()
	key := newKey(t)
	serial++
	template := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &authority{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue signs a leaf certificate named name and returns it and its key as PEM.
func (a *authority) issue(t *testing.T, name string, usage x509.ExtKeyUsage) (certPEM, keyPEM []byte) {
	t.Helper()
	key := newKey(t)
	serial++
	template := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{usage},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, a.cert, &key.PublicKey, a.key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}

func writeTestFile(t *testing.T, path string, content []byte) {
	t.Helper()
	// Write then rename, as a kubelet volume update does.
	tmp := path + ".tmp"
	require.NoError(t, os.WriteFile(tmp, content, 0o600))
	require.NoError(t, os.Rename(tmp, path))
}

// tlsFixture is a running HTTPS server and what a client needs to reach it.
type tlsFixture struct {
	dir      string
	options  Options
	serverCA *authority
	address  string
}

func (f *tlsFixture) writeServerCert(t *testing.T, name string) {
	cert, key := f.serverCA.issue(t, name, x509.ExtKeyUsageServerAuth)
	writeTestFile(t, f.options.TLS.CertFile, cert)
	writeTestFile(t, f.options.TLS.KeyFile, key)
}

// start serves with options edited by configure and waits for the listener.
func startTLS(t *testing.T, configure func(*Options)) *tlsFixture {
	t.Helper()
	dir := t.TempDir()
	f := &tlsFixture{dir: dir, serverCA: newAuthority(t, "server-ca"), options: DefaultOptions()}
	f.options.Address = "127.0.0.1:0"
	f.options.TLS.Enabled = true
	f.options.TLS.CertFile = filepath.Join(dir, "tls.crt")
	f.options.TLS.KeyFile = filepath.Join(dir, "tls.key")
	f.options.TLS.ClientCAFile = filepath.Join(dir, "tls-ca.crt")
	f.writeServerCert(t, "first")
	if configure != nil {
		configure(&f.options)
	}
	s := New(prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx, f.options) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	require.Eventually(t, func() bool { return s.Address() != "" }, 10*time.Second, 5*time.Millisecond)
	f.address = s.Address()
	return f
}

// client builds an HTTPS client trusting the server CA, presenting cert.
func (f *tlsFixture) client(cert *tls.Certificate, http2 bool) *http.Client {
	roots := x509.NewCertPool()
	roots.AddCert(f.serverCA.cert)
	config := &tls.Config{RootCAs: roots}
	if cert != nil {
		// Always present it, even when the server asks for other CAs.
		config.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return cert, nil }
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: config, ForceAttemptHTTP2: http2}}
}

func (f *tlsFixture) get(t *testing.T, client *http.Client) (tlsAnswer, error) {
	t.Helper()
	resp, err := client.Get("https://" + f.address + "/healthz")
	if err != nil {
		return tlsAnswer{}, err
	}
	// Only the status and the connection are checked: the body is drained
	// so the connection can be reused, and neither step can fail a test.
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	return tlsAnswer{status: resp.StatusCode, protoMajor: resp.ProtoMajor, tls: resp.TLS}, nil
}

// tlsAnswer is what the tests check of a response whose body get has
// already closed.
type tlsAnswer struct {
	status     int
	protoMajor int
	tls        *tls.ConnectionState
}

func TestHTTPSServesWithTheCertificateFiles(t *testing.T) {
	f := startTLS(t, nil)
	resp, err := f.get(t, f.client(nil, true))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "first", resp.tls.PeerCertificates[0].Subject.CommonName)
	assert.Equal(t, uint16(tls.VersionTLS13), resp.tls.Version, "the default minimum is TLS 1.3")
	assert.Equal(t, 1, resp.protoMajor, "HTTP/2 is off unless enabled")
}

func TestHTTP2WhenEnabled(t *testing.T) {
	f := startTLS(t, func(o *Options) { o.EnableHTTP2 = true })
	resp, err := f.get(t, f.client(nil, true))
	require.NoError(t, err)
	assert.Equal(t, 2, resp.protoMajor)
}

func TestMinimumVersionIsEnforced(t *testing.T) {
	f := startTLS(t, nil)
	client := f.client(nil, false)
	client.Transport.(*http.Transport).TLSClientConfig.MaxVersion = tls.VersionTLS12
	_, err := f.get(t, client)
	require.Error(t, err, "a TLS 1.2 client must be refused by the TLS 1.3 default")

	f12 := startTLS(t, func(o *Options) { o.TLS.MinVersion = "VersionTLS12" })
	client = f12.client(nil, false)
	client.Transport.(*http.Transport).TLSClientConfig.MaxVersion = tls.VersionTLS12
	resp, err := f12.get(t, client)
	require.NoError(t, err)
	assert.Equal(t, uint16(tls.VersionTLS12), resp.tls.Version)
}

func TestRotatedCertificateIsServedAfterReload(t *testing.T) {
	f := startTLS(t, func(o *Options) { o.TLS.ReloadInterval = 20 * time.Millisecond })
	f.writeServerCert(t, "second")
	require.Eventually(t, func() bool {
		// A fresh client per attempt: no connection reuse.
		resp, err := f.get(t, f.client(nil, false))
		return err == nil && resp.tls.PeerCertificates[0].Subject.CommonName == "second"
	}, 10*time.Second, 20*time.Millisecond, "the new certificate must be served without a restart")
}

func TestFailedReloadKeepsTheLastGoodCertificate(t *testing.T) {
	dir := t.TempDir()
	options := DefaultOptions().TLS
	options.CertFile, options.KeyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	options.ClientCAFile = filepath.Join(dir, "absent-ca.crt")
	ca := newAuthority(t, "ca")
	certPEM, keyPEM := ca.issue(t, "good", x509.ExtKeyUsageServerAuth)
	writeTestFile(t, options.CertFile, certPEM)
	writeTestFile(t, options.KeyFile, keyPEM)
	reloader, err := newCertReloader(options, []string{"http/1.1"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	before := reloader.current.Load()
	assert.Nil(t, before.ClientCAs, "a missing client CA file switches verification off")

	changed, err := reloader.reload()
	require.NoError(t, err)
	assert.False(t, changed, "unchanged files are not parsed again")

	writeTestFile(t, options.KeyFile, []byte("not a key"))
	_, err = reloader.reload()
	require.ErrorContains(t, err, "load TLS key pair")
	assert.Same(t, before, reloader.current.Load(), "the previous configuration stays in use")

	writeTestFile(t, options.KeyFile, keyPEM)
	writeTestFile(t, options.ClientCAFile, []byte("no PEM here"))
	_, err = reloader.reload()
	require.ErrorContains(t, err, "holds no PEM certificate")
	assert.Same(t, before, reloader.current.Load())
}

func TestClientCertificatesAreVerifiedAgainstTheClientCA(t *testing.T) {
	clientCA := newAuthority(t, "client-ca")
	stranger := newAuthority(t, "stranger-ca")
	f := startTLS(t, func(o *Options) {
		writeTestFile(t, o.TLS.ClientCAFile, clientCA.pem)
	})
	keyPair := func(a *authority) *tls.Certificate {
		certPEM, keyPEM := a.issue(t, "client", x509.ExtKeyUsageClientAuth)
		pair, err := tls.X509KeyPair(certPEM, keyPEM)
		require.NoError(t, err)
		return &pair
	}

	resp, err := f.get(t, f.client(keyPair(clientCA), false))
	require.NoError(t, err, "a certificate from the client CA is accepted")
	assert.Equal(t, http.StatusOK, resp.status)

	_, err = f.get(t, f.client(keyPair(stranger), false))
	require.Error(t, err, "a certificate from another CA is refused")

	_, err = f.get(t, f.client(nil, false))
	require.Error(t, err, "with a client CA, a client without a certificate is refused (as upstream)")
}

func TestWithoutAClientCAFileNoCertificateIsAsked(t *testing.T) {
	f := startTLS(t, nil) // The client CA file does not exist.
	resp, err := f.get(t, f.client(nil, false))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.status)
}

func TestTLS10And11AreRefusedWhateverTheMinimumVersionFlag(t *testing.T) {
	for _, minimum := range []string{"VersionTLS10", "VersionTLS11"} {
		f := startTLS(t, func(o *Options) { o.TLS.MinVersion = minimum })
		for _, version := range []uint16{tls.VersionTLS10, tls.VersionTLS11} {
			client := f.client(nil, false)
			config := client.Transport.(*http.Transport).TLSClientConfig
			config.MinVersion, config.MaxVersion = version, version
			_, err := f.get(t, client)
			require.Error(t, err, "--web.tls-min-version=%s must not let a %s client in", minimum, tls.VersionName(version))
		}
		client := f.client(nil, false)
		client.Transport.(*http.Transport).TLSClientConfig.MaxVersion = tls.VersionTLS12
		resp, err := f.get(t, client)
		require.NoError(t, err, "TLS 1.2 is served with --web.tls-min-version=%s", minimum)
		assert.Equal(t, uint16(tls.VersionTLS12), resp.tls.Version)
	}
}

func TestStartFailsOnUnreadableCertificate(t *testing.T) {
	options := DefaultOptions()
	options.Address = "127.0.0.1:0"
	options.TLS.Enabled = true
	options.TLS.CertFile = filepath.Join(t.TempDir(), "missing.crt")
	s := New(prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	err := s.ListenAndServe(context.Background(), options)
	assert.ErrorContains(t, err, "read TLS certificate")
}

func TestTLSFlagValuesAreParsed(t *testing.T) {
	version, err := ParseTLSVersion("VersionTLS12")
	require.NoError(t, err)
	assert.Equal(t, uint16(tls.VersionTLS12), version)
	_, err = ParseTLSVersion("TLS1.2")
	assert.ErrorContains(t, err, "VersionTLS13", "the error lists the known names")

	suites, err := ParseCipherSuites([]string{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"})
	require.NoError(t, err)
	assert.Equal(t, []uint16{tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256}, suites)
	_, err = ParseCipherSuites([]string{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "NOPE"})
	assert.ErrorContains(t, err, "NOPE")

	curves, err := ParseCurves([]string{"X25519", "CurveP256", "X25519MLKEM768"})
	require.NoError(t, err)
	assert.Equal(t, []tls.CurveID{tls.X25519, tls.CurveP256, tls.X25519MLKEM768}, curves)
	_, err = ParseCurves([]string{"P-256"})
	assert.ErrorContains(t, err, "CurveP256")

	bad := DefaultOptions().TLS
	bad.Enabled, bad.ReloadInterval = true, 0
	assert.ErrorContains(t, bad.Validate(), "--web.tls-reload-interval")
	assert.NoError(t, DefaultOptions().TLS.Validate())
}
