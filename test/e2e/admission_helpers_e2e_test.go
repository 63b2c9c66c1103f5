//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/pkg/admission"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/process"
)

// testAuthority is a CA of the test, signing the webhook's certificates.
type testAuthority struct {
	certificate *x509.Certificate
	key         *ecdsa.PrivateKey
	pem         []byte
}

func newTestAuthority(t *testing.T) *testAuthority {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	template := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "e2e-webhook-ca"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	require.NoError(t, err)
	certificate, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &testAuthority{certificate: certificate, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue writes a serving certificate for 127.0.0.1 named commonName and its
// key to dir/tls.crt and dir/tls.key, replacing them atomically.
func (a *testAuthority) issue(t *testing.T, dir, commonName string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	template := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: commonName},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, a.certificate, &key.PublicKey, a.key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	replaceFile(t, filepath.Join(dir, "tls.crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	replaceFile(t, filepath.Join(dir, "tls.key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
}

func replaceFile(t *testing.T, path string, content []byte) {
	t.Helper()
	require.NoError(t, os.WriteFile(path+".tmp", content, 0o600))
	require.NoError(t, os.Rename(path+".tmp", path))
}

// webhookProcess is a running admission-webhook binary on loopback.
type webhookProcess struct {
	*process.Process
	address string
	certDir string
}

// webhookBinary builds ./cmd/admission-webhook (or takes $ADMISSION_WEBHOOK_BINARY).
func webhookBinary(t *testing.T) string {
	t.Helper()
	return process.ProjectBinary(t, "ADMISSION_WEBHOOK_BINARY", "./cmd/admission-webhook", "admission-webhook")
}

// startWebhook runs the webhook serving the certificate in certDir, with
// the cluster's kubeconfig for the warnings, and waits until /healthz
// answers over HTTPS with a certificate from roots.
// roots returns the CA bundle to trust, nil while it is not known yet.
func startWebhook(t *testing.T, e *env, certDir string, roots func() []byte, extraArgs ...string) *webhookProcess {
	t.Helper()
	address := process.FreeAddress(t)
	args := append([]string{
		"--web.listen-address=" + address,
		"--web.cert-file=" + filepath.Join(certDir, "tls.crt"),
		"--web.key-file=" + filepath.Join(certDir, "tls.key"),
		"--web.client-ca-file=" + filepath.Join(certDir, "absent-ca.crt"),
		"--web.tls-reload-interval=200ms",
		"--kubeconfig=" + e.cluster.KubeconfigPath,
		"--log-level=debug",
	}, extraArgs...)
	started := process.Start(t, process.Spec{Name: "admission-webhook", Binary: webhookBinary(t), Args: args})
	w := &webhookProcess{Process: started, address: address, certDir: certDir}
	require.Eventually(t, func() bool {
		if exited, _ := started.Exited(); exited {
			t.Fatalf("the webhook exited:\n%s", started.Log())
		}
		bundle := roots()
		if bundle == nil {
			return false
		}
		response, err := httpsClient(bundle).Get("https://" + address + "/healthz")
		if err != nil {
			return false
		}
		_ = response.Body.Close() // a probe: only the status matters
		return response.StatusCode == http.StatusOK
	}, 60*time.Second, 100*time.Millisecond, "the webhook's /healthz over HTTPS")
	return w
}

func httpsClient(roots []byte) *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(roots)
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, DisableKeepAlives: true}}
}

// servedCommonName returns the common name of the certificate served now.
func (w *webhookProcess) servedCommonName(roots []byte) (string, error) {
	response, err := httpsClient(roots).Get("https://" + w.address + "/healthz")
	if err != nil {
		return "", err
	}
	defer response.Body.Close()
	return response.TLS.PeerCertificates[0].Subject.CommonName, nil
}

// url is the webhook's address for one path, as the API server calls it.
func (w *webhookProcess) url(path string) *string {
	url := "https://" + w.address + path
	return &url
}

// registerWebhooks registers every validating endpoint and the mutating
// one for objects of namespace only (tests share the cluster), with
// failurePolicy Fail so that an unreachable webhook shows.
func registerWebhooks(t *testing.T, e *env, w *webhookProcess, caBundle []byte, name string) {
	t.Helper()
	fail := admissionregistrationv1.Fail
	none := admissionregistrationv1.SideEffectClassNone
	scope := &metav1.LabelSelector{MatchLabels: map[string]string{"kubernetes.io/metadata.name": e.namespace}}
	rule := func(resource string, versions ...string) []admissionregistrationv1.RuleWithOperations {
		return []admissionregistrationv1.RuleWithOperations{{
			Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
			Rule:       admissionregistrationv1.Rule{APIGroups: []string{"monitoring.coreos.com"}, APIVersions: versions, Resources: []string{resource}},
		}}
	}
	validating := func(hook, path, resource string, versions ...string) admissionregistrationv1.ValidatingWebhook {
		return admissionregistrationv1.ValidatingWebhook{
			Name: hook, ClientConfig: admissionregistrationv1.WebhookClientConfig{URL: w.url(path), CABundle: caBundle},
			Rules: rule(resource, versions...), FailurePolicy: &fail, SideEffects: &none, NamespaceSelector: scope,
			AdmissionReviewVersions: []string{"v1"},
		}
	}
	configuration := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{
			validating("prometheusrules.e2e.monitoring.coreos.com", admission.PrometheusRulesValidatePath, "prometheusrules", "v1"),
			validating("servicemonitors.e2e.monitoring.coreos.com", admission.ServiceMonitorsValidatePath, "servicemonitors", "v1"),
			validating("alertmanagerconfigs.e2e.monitoring.coreos.com", admission.AlertmanagerConfigsValidatePath, "alertmanagerconfigs", "v1alpha1", "v1beta1"),
		},
	}
	mutating := &admissionregistrationv1.MutatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Webhooks: []admissionregistrationv1.MutatingWebhook{{
			Name: "prometheusrules-mutate.e2e.monitoring.coreos.com", ClientConfig: admissionregistrationv1.WebhookClientConfig{URL: w.url(admission.PrometheusRulesMutatePath), CABundle: caBundle},
			Rules: rule("prometheusrules", "v1"), FailurePolicy: &fail, SideEffects: &none, NamespaceSelector: scope,
			AdmissionReviewVersions: []string{"v1"},
		}},
	}
	client := e.clientset.AdmissionregistrationV1()
	_, err := client.ValidatingWebhookConfigurations().Create(t.Context(), configuration, metav1.CreateOptions{})
	require.NoError(t, err)
	_, err = client.MutatingWebhookConfigurations().Create(t.Context(), mutating, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx := context.Background()
		_ = client.ValidatingWebhookConfigurations().Delete(ctx, name, metav1.DeleteOptions{})
		_ = client.MutatingWebhookConfigurations().Delete(ctx, name, metav1.DeleteOptions{})
	})
}

// kubectlTry runs kubectl against the cluster, feeding manifest on stdin
// when given, and returns its combined output and error.
func (e *env) kubectlTry(t *testing.T, manifest string, args ...string) (string, error) {
	t.Helper()
	command := exec.CommandContext(t.Context(), e.cluster.Kubectl(), append([]string{"--kubeconfig", e.cluster.KubeconfigPath, "-n", e.namespace}, args...)...)
	if manifest != "" {
		command.Stdin = strings.NewReader(manifest)
	}
	out, err := command.CombinedOutput()
	return string(out), err
}

// eventuallyRefused retries a kubectl apply that the webhook must refuse
// until it is refused with fragment: a webhook configuration takes a moment
// to reach the API server's admission chain.
func (e *env) eventuallyRefused(t *testing.T, manifest, fragment string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := e.kubectlTry(t, manifest, "apply", "-f", "-")
		if err != nil && strings.Contains(out, fragment) {
			return out
		}
		if err == nil {
			_, _ = e.kubectlTry(t, manifest, "delete", "--ignore-not-found", "-f", "-")
		}
		if time.Now().After(deadline) {
			t.Fatalf("kubectl apply was not refused with %q; last output:\n%s", fragment, out)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// servedCertificatePEM returns the certificate served now, as PEM.
func (w *webhookProcess) servedCertificatePEM(roots []byte) ([]byte, error) {
	response, err := httpsClient(roots).Get("https://" + w.address + "/healthz")
	if err != nil {
		return nil, err
	}
	defer response.Body.Close()
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: response.TLS.PeerCertificates[0].Raw}), nil
}
