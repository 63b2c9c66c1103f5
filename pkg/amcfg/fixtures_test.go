// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// Secret values of the test store. Rejection tests check that none of
// them appears in a message.
const (
	secretSlackURL   = "https://hooks.slack.example/services/T000/B000/XXXX"
	secretWebhookURL = "https://webhook.example/hook"
	secretToken      = "s3cr3t-token-value"
	secretPassword   = "s3cr3t-password"
	secretDiscordURL = "https://discord.example/api/webhooks/1/abc"
	secretTeamsURL   = "https://teams.example/webhook/123"
)

// testStore holds the Secrets and ConfigMaps the fixtures refer to, in
// namespaces "ns1", "ns2" and "monitoring".
func testStore() MapStore {
	data := map[string]string{
		"slack-url": secretSlackURL, "webhook-url": secretWebhookURL, "token": secretToken,
		"password": secretPassword, "username": "alice", "discord-url": secretDiscordURL,
		"teams-url": secretTeamsURL, "empty": "", "not-a-url": "::not a url " + secretToken,
		"ca.crt": testCertificate.cert, "tls.crt": testCertificate.cert, "tls.key": testCertificate.key, "client-id": "client",
		"token-id": "token-id-value", "user-key": "user-key-value", "access-key": "AKIA", "secret-key": "aws-secret",
		"opsgenie-url": "https://api.opsgenie.example/", "pagerduty-url": "https://events.pagerduty.example/v2/enqueue",
	}
	store := MapStore{Secrets: map[string]map[string]string{}, ConfigMaps: map[string]map[string]string{}}
	for _, namespace := range []string{"ns1", "ns2", "monitoring"} {
		store.Secrets[namespace+"/creds"] = data
		store.ConfigMaps[namespace+"/cm"] = map[string]string{"ca.crt": testCertificate.cert, "client-id": "cm-client"}
	}
	return store
}

// testCertificate is a self-signed certificate and its key, in PEM, for
// the TLS material the shared writer parses.
var testCertificate = func() (pair struct{ cert, key string }) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	template := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Unix(0, 0), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		panic(err)
	}
	pair.cert = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	pair.key = string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	return pair
}()

// secretRef names a key of the "creds" Secret.
func secretRef(key string) *corev1.SecretKeySelector {
	return &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "creds"}, Key: key}
}

// parsedBase puts the Alertmanager in namespace "monitoring" with an
// AlertmanagerConfig selector: the parsed-base mode.
var parsedBase = fixtures.With(func(am *monitoringv1.Alertmanager) {
	am.Namespace = "monitoring"
	am.Spec.AlertmanagerConfigSelector = &metav1.LabelSelector{}
})

func withStrategy(strategy monitoringv1.AlertmanagerConfigMatcherStrategyType) fixtures.Option {
	return fixtures.With(func(am *monitoringv1.Alertmanager) { am.Spec.AlertmanagerConfigMatcherStrategy.Type = strategy })
}

func unmanaged() fixtures.Option {
	return fixtures.With(func(am *monitoringv1.Alertmanager) { am.Spec.AlertmanagerConfigSelector = nil })
}

func withGlobalConfig(name string, global *monitoringv1.AlertmanagerGlobalConfig, templates ...monitoringv1.SecretOrConfigMap) fixtures.Option {
	return fixtures.With(func(am *monitoringv1.Alertmanager) {
		am.Spec.AlertmanagerConfiguration = &monitoringv1.AlertmanagerConfiguration{Name: name, Global: global, Templates: templates}
	})
}

// webhookReceiver is a minimal receiver named name.
func webhookReceiver(name string) monitoringv1alpha1.Receiver {
	return monitoringv1alpha1.Receiver{Name: name, WebhookConfigs: []monitoringv1alpha1.WebhookConfig{{URL: ptr("http://hook.example/" + name)}}}
}

// children encodes child routes the way the API stores them.
func children(routes ...monitoringv1alpha1.Route) []apiextensionsv1.JSON {
	out := make([]apiextensionsv1.JSON, len(routes))
	for i, route := range routes {
		raw, err := json.Marshal(route)
		if err != nil {
			panic(err)
		}
		out[i] = apiextensionsv1.JSON{Raw: raw}
	}
	return out
}

func ptr[T any](value T) *T { return &value }

func matcher(name, value string, matchType monitoringv1alpha1.MatchType) monitoringv1alpha1.Matcher {
	return monitoringv1alpha1.Matcher{Name: name, Value: value, MatchType: matchType}
}

// fullHTTPConfig sets every HTTP client field the CRD has.
func fullHTTPConfig() *monitoringv1alpha1.HTTPConfig {
	return &monitoringv1alpha1.HTTPConfig{
		BasicAuth: &monitoringv1.BasicAuth{Username: *secretRef("username"), Password: *secretRef("password")},
		TLSConfig: &monitoringv1.SafeTLSConfig{
			CA:        monitoringv1.SecretOrConfigMap{ConfigMap: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "cm"}, Key: "ca.crt"}},
			Cert:      monitoringv1.SecretOrConfigMap{Secret: secretRef("tls.crt")},
			KeySecret: secretRef("tls.key"), ServerName: ptr("server.example"), InsecureSkipVerify: ptr(true),
			MinVersion: ptr(monitoringv1.TLSVersion("TLS12")), MaxVersion: ptr(monitoringv1.TLSVersion("TLS13")),
		},
		ProxyConfig:     monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy.example:3128"), NoProxy: ptr("localhost"), ProxyConnectHeader: map[string][]corev1.SecretKeySelector{"X-Proxy": {*secretRef("token")}}},
		FollowRedirects: ptr(true),
		EnableHTTP2:     ptr(false),
	}
}
