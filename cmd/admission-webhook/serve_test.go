// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubefake "k8s.io/client-go/kubernetes/fake"

	"github.com/seed-6daed11e/prometheus-operator/pkg/admission/provision"
)

// freeAddress returns a loopback address nothing listens on.
func freeAddress(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	address := listener.Addr().String()
	require.NoError(t, listener.Close())
	return address
}

func TestServeAnswersOverHTTPS(t *testing.T) {
	dir := t.TempDir()
	kube := kubefake.NewClientset()
	// The provisioner, with a fake API, makes the CA and the certificate files.
	provisioner, err := provision.New(provision.Options{
		Kube: kube, SecretNamespace: "monitoring", SecretName: "tls", Names: []string{"127.0.0.1"},
		CertFile: filepath.Join(dir, "tls.crt"), KeyFile: filepath.Join(dir, "tls.key"),
	})
	require.NoError(t, err)
	require.NoError(t, provisioner.Sync(t.Context()))
	secret, err := kube.CoreV1().Secrets("monitoring").Get(t.Context(), "tls", metav1.GetOptions{})
	require.NoError(t, err)

	config := newConfig()
	config.web.Address = freeAddress(t)
	config.web.TLS.CertFile, config.web.TLS.KeyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	config.web.TLS.ClientCAFile = filepath.Join(dir, "absent.crt")
	t.Setenv("KUBECONFIG", "")
	require.NoError(t, config.validate())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, config, slog.New(slog.DiscardHandler)) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})

	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(secret.Data[provision.CACertKey]))
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	require.Eventually(t, func() bool {
		probe, err := client.Get("https://" + config.web.Address + "/healthz")
		if err != nil {
			return false
		}
		_ = probe.Body.Close() // a probe: the server answered, the checks follow
		return true
	}, 10*time.Second, 20*time.Millisecond)
	health, err := client.Get("https://" + config.web.Address + "/healthz")
	require.NoError(t, err)
	assert.JSONEq(t, `{"status":"up"}`, readBody(t, health))
	assert.Equal(t, uint16(tls.VersionTLS13), health.TLS.Version)

	review := `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","resource":{"group":"monitoring.coreos.com","version":"v1","resource":"prometheusrules"},"object":{"apiVersion":"monitoring.coreos.com/v1","kind":"PrometheusRule","metadata":{"name":"r"},"spec":{"groups":[{"name":"g","rules":[{"alert":"A","expr":"sum(up"}]}]}}}}`
	response, err := client.Post("https://"+config.web.Address+"/admission-prometheusrules/validate", "application/json", strings.NewReader(review))
	require.NoError(t, err)
	body := readBody(t, response)
	assert.Contains(t, body, `"allowed":false`)
	assert.Contains(t, body, "unclosed left parenthesis")

	metrics, err := client.Get("https://" + config.web.Address + "/metrics")
	require.NoError(t, err)
	body = readBody(t, metrics)
	for _, name := range []string{
		`prometheus_operator_admission_webhook_requests_total{endpoint="/admission-prometheusrules/validate",result="denied"} 1`,
		"prometheus_operator_admission_webhook_build_info", "go_goroutines", "process_cpu_seconds_total",
	} {
		assert.Contains(t, body, name)
	}
}

// readBody reads and closes a response body, failing the test on either error.
func readBody(t *testing.T, response *http.Response) string {
	t.Helper()
	body, err := io.ReadAll(response.Body)
	require.NoError(t, err)
	require.NoError(t, response.Body.Close())
	return string(body)
}
