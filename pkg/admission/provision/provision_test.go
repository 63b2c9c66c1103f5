// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package provision

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsfake "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset/fake"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubefake "k8s.io/client-go/kubernetes/fake"
	clocktesting "k8s.io/utils/clock/testing"
)

const serviceName = "prometheus-operator-admission-webhook.monitoring.svc"

type provisionFixture struct {
	provisioner *Provisioner
	kube        *kubefake.Clientset
	extensions  *apiextensionsfake.Clientset
	clock       *clocktesting.FakeClock
	dir         string
}

func newProvisionFixture(t *testing.T, objects ...*admissionregistrationv1.ValidatingWebhookConfiguration) *provisionFixture {
	t.Helper()
	kube := kubefake.NewClientset()
	for _, object := range objects {
		_, err := kube.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(t.Context(), object, metav1.CreateOptions{})
		require.NoError(t, err)
	}
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: "alertmanagerconfigs.monitoring.coreos.com"},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{Conversion: &apiextensionsv1.CustomResourceConversion{
			Strategy: apiextensionsv1.WebhookConverter,
			Webhook: &apiextensionsv1.WebhookConversion{
				ClientConfig:             &apiextensionsv1.WebhookClientConfig{Service: &apiextensionsv1.ServiceReference{Namespace: "monitoring", Name: "prometheus-operator-admission-webhook"}},
				ConversionReviewVersions: []string{"v1"},
			},
		}},
	}
	f := &provisionFixture{kube: kube, extensions: apiextensionsfake.NewClientset(crd), clock: clocktesting.NewFakeClock(time.Now()), dir: t.TempDir()}
	provisioner, err := New(Options{
		Kube: kube, APIExtensions: f.extensions, SecretNamespace: "monitoring", SecretName: "admission-webhook-tls",
		Names:                 []string{serviceName, "127.0.0.1"},
		WebhookConfigurations: []string{"prometheus-operator-admission-webhook"},
		ConversionCRDs:        []string{"alertmanagerconfigs.monitoring.coreos.com", "absent.monitoring.coreos.com"},
		CertFile:              filepath.Join(f.dir, "tls.crt"), KeyFile: filepath.Join(f.dir, "tls.key"),
		CALifetime: 300 * 24 * time.Hour, CertificateLifetime: 30 * 24 * time.Hour, Clock: f.clock,
	})
	require.NoError(t, err)
	f.provisioner = provisioner
	return f
}

func (f *provisionFixture) secret(t *testing.T) *corev1.Secret {
	t.Helper()
	secret, err := f.kube.CoreV1().Secrets("monitoring").Get(t.Context(), "admission-webhook-tls", metav1.GetOptions{})
	require.NoError(t, err)
	return secret
}

// verifies checks that the served certificate chains to the bundle for name.
func verifies(t *testing.T, bundle, certPEM []byte, name string, now time.Time) error {
	t.Helper()
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(bundle))
	certificate, err := parseCertificate(certPEM)
	require.NoError(t, err)
	_, err = certificate.Verify(x509.VerifyOptions{Roots: roots, DNSName: name, CurrentTime: now})
	return err
}

func countCertificates(bundle []byte) int {
	count := 0
	for block, rest := pem.Decode(bundle); block != nil; block, rest = pem.Decode(rest) {
		count++
	}
	return count
}

func webhookConfiguration() *admissionregistrationv1.ValidatingWebhookConfiguration {
	none := admissionregistrationv1.SideEffectClassNone
	webhook := func(name string) admissionregistrationv1.ValidatingWebhook {
		return admissionregistrationv1.ValidatingWebhook{
			Name: name, SideEffects: &none, AdmissionReviewVersions: []string{"v1"},
			ClientConfig: admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Namespace: "monitoring", Name: "prometheus-operator-admission-webhook"}},
		}
	}
	return &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "prometheus-operator-admission-webhook"},
		Webhooks:   []admissionregistrationv1.ValidatingWebhook{webhook("a.monitoring.coreos.com"), webhook("b.monitoring.coreos.com")},
	}
}

func TestFirstSyncCreatesTheSecretWritesTheFilesAndInjectsTheBundle(t *testing.T) {
	f := newProvisionFixture(t, webhookConfiguration())
	require.NoError(t, f.provisioner.Sync(t.Context()))

	secret := f.secret(t)
	for _, key := range []string{CACertKey, CAKeyKey, TLSCertKey, TLSKeyKey} {
		assert.NotEmpty(t, secret.Data[key], key)
	}
	now := f.clock.Now()
	require.NoError(t, verifies(t, secret.Data[CACertKey], secret.Data[TLSCertKey], serviceName, now))
	require.NoError(t, verifies(t, secret.Data[CACertKey], secret.Data[TLSCertKey], "127.0.0.1", now))

	certFile, err := os.ReadFile(filepath.Join(f.dir, "tls.crt"))
	require.NoError(t, err)
	assert.Equal(t, secret.Data[TLSCertKey], certFile)
	keyFile, err := os.ReadFile(filepath.Join(f.dir, "tls.key"))
	require.NoError(t, err)
	assert.Equal(t, secret.Data[TLSKeyKey], keyFile)

	configuration, err := f.kube.AdmissionregistrationV1().ValidatingWebhookConfigurations().Get(t.Context(), "prometheus-operator-admission-webhook", metav1.GetOptions{})
	require.NoError(t, err)
	for _, webhook := range configuration.Webhooks {
		assert.Equal(t, secret.Data[CACertKey], webhook.ClientConfig.CABundle, webhook.Name)
	}
	crd, err := f.extensions.ApiextensionsV1().CustomResourceDefinitions().Get(t.Context(), "alertmanagerconfigs.monitoring.coreos.com", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, secret.Data[CACertKey], crd.Spec.Conversion.Webhook.ClientConfig.CABundle)
}

func TestSyncIsANoOpWhileTheCertificatesAreFresh(t *testing.T) {
	f := newProvisionFixture(t, webhookConfiguration())
	require.NoError(t, f.provisioner.Sync(t.Context()))
	before := f.secret(t)
	f.kube.ClearActions()
	f.clock.Step(10 * 24 * time.Hour) // A third of the 30 days is used.
	require.NoError(t, f.provisioner.Sync(t.Context()))
	for _, action := range f.kube.Actions() {
		assert.Equal(t, "get", action.GetVerb(), "nothing is written: %v", action)
	}
	assert.Equal(t, before.Data, f.secret(t).Data)
}

func TestServingCertificateIsRenewedWhenAThirdOfItsLifeIsLeft(t *testing.T) {
	f := newProvisionFixture(t, webhookConfiguration())
	require.NoError(t, f.provisioner.Sync(t.Context()))
	before := f.secret(t)

	f.clock.Step(21 * 24 * time.Hour) // 9 of 30 days left.
	require.NoError(t, f.provisioner.Sync(t.Context()))
	after := f.secret(t)
	assert.NotEqual(t, before.Data[TLSCertKey], after.Data[TLSCertKey], "the serving certificate is renewed")
	assert.Equal(t, before.Data[CAKeyKey], after.Data[CAKeyKey], "the CA is kept")
	assert.Equal(t, before.Data[CACertKey], after.Data[CACertKey])
	certificate, err := parseCertificate(after.Data[TLSCertKey])
	require.NoError(t, err)
	assert.True(t, certificate.NotAfter.After(f.clock.Now().Add(29*24*time.Hour)))
	certFile, err := os.ReadFile(filepath.Join(f.dir, "tls.crt"))
	require.NoError(t, err)
	assert.Equal(t, after.Data[TLSCertKey], certFile, "the new certificate is written for the server to reload")
}

func TestCARotationKeepsThePreviousCATrustedUntilItExpires(t *testing.T) {
	f := newProvisionFixture(t, webhookConfiguration())
	require.NoError(t, f.provisioner.Sync(t.Context()))
	before := f.secret(t)

	f.clock.Step(250 * 24 * time.Hour) // 50 of the CA's 300 days left.
	require.NoError(t, f.provisioner.Sync(t.Context()))
	after := f.secret(t)
	assert.NotEqual(t, before.Data[CAKeyKey], after.Data[CAKeyKey], "a new CA")
	assert.Equal(t, 2, countCertificates(after.Data[CACertKey]), "new and previous CA are both trusted")
	now := f.clock.Now()
	require.NoError(t, verifies(t, after.Data[CACertKey], after.Data[TLSCertKey], serviceName, now), "the new certificate")
	require.NoError(t, verifies(t, after.Data[CACertKey], before.Data[TLSCertKey], serviceName, now.Add(-241*24*time.Hour)),
		"a replica still serving the certificate of the previous CA stays trusted")

	f.clock.Step(60 * 24 * time.Hour) // The previous CA has expired.
	require.NoError(t, f.provisioner.Sync(t.Context()))
	assert.Equal(t, 1, countCertificates(f.secret(t).Data[CACertKey]), "an expired CA leaves the bundle")
}

func TestAnUnreadableSecretIsReplaced(t *testing.T) {
	f := newProvisionFixture(t)
	_, err := f.kube.CoreV1().Secrets("monitoring").Create(t.Context(), &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "admission-webhook-tls", Namespace: "monitoring"},
		Data:       map[string][]byte{CACertKey: []byte("garbage")},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	require.NoError(t, f.provisioner.Sync(t.Context()))
	secret := f.secret(t)
	require.NoError(t, verifies(t, secret.Data[CACertKey], secret.Data[TLSCertKey], serviceName, f.clock.Now()))
}

func TestNewNamesGetANewCertificate(t *testing.T) {
	f := newProvisionFixture(t)
	require.NoError(t, f.provisioner.Sync(t.Context()))
	before := f.secret(t)
	f.provisioner.options.Names = []string{"renamed.monitoring.svc"}
	require.NoError(t, f.provisioner.Sync(t.Context()))
	after := f.secret(t)
	require.NoError(t, verifies(t, after.Data[CACertKey], after.Data[TLSCertKey], "renamed.monitoring.svc", f.clock.Now()))
	assert.Equal(t, before.Data[CAKeyKey], after.Data[CAKeyKey])
}
