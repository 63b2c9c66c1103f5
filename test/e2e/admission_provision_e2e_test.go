//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"

	"github.com/seed-6daed11e/prometheus-operator/pkg/admission/provision"
)

const brokenServiceMonitor = `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: broken}
spec: {selector: {}, endpoints: [{port: http, interval: 10s, scrapeTimeout: 20s}]}
`

// injectedBundle returns the caBundle of the test's validating webhooks,
// failing when they disagree.
func injectedBundle(t *testing.T, e *env, name string) []byte {
	t.Helper()
	configuration, err := e.clientset.AdmissionregistrationV1().ValidatingWebhookConfigurations().Get(t.Context(), name, metav1.GetOptions{})
	require.NoError(t, err)
	bundle := configuration.Webhooks[0].ClientConfig.CABundle
	for _, webhook := range configuration.Webhooks {
		require.Equal(t, bundle, webhook.ClientConfig.CABundle, webhook.Name)
	}
	mutating, err := e.clientset.AdmissionregistrationV1().MutatingWebhookConfigurations().Get(t.Context(), name, metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, bundle, mutating.Webhooks[0].ClientConfig.CABundle)
	return bundle
}

func certificatesIn(bundle []byte) int {
	count := 0
	for block, rest := pem.Decode(bundle); block != nil; block, rest = pem.Decode(rest) {
		count++
	}
	return count
}

// TestProvisionedCertificatesAreTrustedAndRotated drives the provisioner
// with a fake clock against the API server while the webhook process
// serves the files it writes.
func TestProvisionedCertificatesAreTrustedAndRotated(t *testing.T) {
	e := newEnv(t)
	installCRDsOnce(t, e)
	extensions, err := apiextensionsclient.NewForConfig(e.cluster.Config)
	require.NoError(t, err)
	dir := t.TempDir()
	// The API server checks validity with the real clock, so the fake clock
	// starts in the past and catches up: the first certificates are made
	// 50 minutes ago, with a CA of 70 minutes, and the step to now finds
	// both due for renewal while every certificate issued is valid now.
	clock := clocktesting.NewFakeClock(time.Now().Add(-50 * time.Minute))
	name := "e2e-provision-" + e.namespace
	provisioner, err := provision.New(provision.Options{
		Kube: e.clientset, APIExtensions: extensions, SecretNamespace: e.namespace, SecretName: "webhook-tls",
		Names: []string{"127.0.0.1"}, WebhookConfigurations: []string{name},
		// Converting with None, this CRD must be left alone.
		ConversionCRDs: []string{"alertmanagerconfigs.monitoring.coreos.com"},
		CertFile:       filepath.Join(dir, "tls.crt"), KeyFile: filepath.Join(dir, "tls.key"),
		CALifetime: 70 * time.Minute, CertificateLifetime: time.Hour, Clock: clock,
	})
	require.NoError(t, err)
	require.NoError(t, provisioner.Sync(t.Context()))
	secret, err := e.clientset.CoreV1().Secrets(e.namespace).Get(t.Context(), "webhook-tls", metav1.GetOptions{})
	require.NoError(t, err, "the Secret is created")
	firstCertificate := secret.Data[provision.TLSCertKey]

	bundle := func() []byte {
		secret, err := e.clientset.CoreV1().Secrets(e.namespace).Get(t.Context(), "webhook-tls", metav1.GetOptions{})
		if err != nil {
			return nil
		}
		return secret.Data[provision.CACertKey]
	}
	w := startWebhook(t, e, dir, bundle)
	registerWebhooks(t, e, w, nil, name)
	require.NoError(t, provisioner.Sync(t.Context()))
	assert.Equal(t, bundle(), injectedBundle(t, e, name), "the CA bundle is injected")
	e.eventuallyRefused(t, brokenServiceMonitor, "scrapeTimeout")
	crd, err := extensions.ApiextensionsV1().CustomResourceDefinitions().Get(t.Context(), "alertmanagerconfigs.monitoring.coreos.com", metav1.GetOptions{})
	require.NoError(t, err)
	if crd.Spec.Conversion != nil && crd.Spec.Conversion.Webhook != nil && crd.Spec.Conversion.Webhook.ClientConfig != nil {
		assert.Empty(t, crd.Spec.Conversion.Webhook.ClientConfig.CABundle, "a CRD converting with None gets no bundle")
	}

	clock.Step(50 * time.Minute) // Now: 20 of the CA's 75 minutes left.
	require.NoError(t, provisioner.Sync(t.Context()))
	injected := injectedBundle(t, e, name)
	assert.Equal(t, 2, certificatesIn(injected), "the new CA and the previous one, still valid, are trusted")
	assert.Equal(t, bundle(), injected)
	renewed, err := os.ReadFile(filepath.Join(dir, "tls.crt"))
	require.NoError(t, err)
	require.False(t, bytes.Equal(firstCertificate, renewed), "a new serving certificate is written")
	require.Eventually(t, func() bool {
		served, err := w.servedCertificatePEM(bundle())
		return err == nil && bytes.Equal(served, renewed)
	}, 20*time.Second, 100*time.Millisecond, "the webhook serves the renewed certificate without a restart")
	e.eventuallyRefused(t, brokenServiceMonitor, "scrapeTimeout")
}

// TestWebhookProvisionsItsOwnCertificates runs the binary with the
// --tls-provisioning-* flags of the example Deployment.
func TestWebhookProvisionsItsOwnCertificates(t *testing.T) {
	e := newEnv(t)
	installCRDsOnce(t, e)
	name := "e2e-self-" + e.namespace
	bundle := func() []byte {
		secret, err := e.clientset.CoreV1().Secrets(e.namespace).Get(t.Context(), "self-tls", metav1.GetOptions{})
		if err != nil {
			return nil
		}
		return secret.Data[provision.CACertKey]
	}
	w := startWebhook(t, e, t.TempDir(), bundle,
		"--tls-provisioning-secret="+e.namespace+"/self-tls",
		"--tls-provisioning-service="+e.namespace+"/admission-webhook",
		"--tls-provisioning-extra-names=127.0.0.1",
		"--tls-provisioning-webhook-configurations="+name,
		"--tls-provisioning-conversion-crds=",
		"--tls-provisioning-check-interval=200ms",
	)
	registerWebhooks(t, e, w, nil, name)
	require.Eventually(t, func() bool {
		configuration, err := e.clientset.AdmissionregistrationV1().ValidatingWebhookConfigurations().Get(t.Context(), name, metav1.GetOptions{})
		return err == nil && bytes.Equal(configuration.Webhooks[0].ClientConfig.CABundle, bundle())
	}, 30*time.Second, 100*time.Millisecond, "the webhook injects its CA into its configuration")
	e.eventuallyRefused(t, brokenServiceMonitor, "scrapeTimeout")
}
