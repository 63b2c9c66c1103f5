// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// webhookWithHTTP is a webhook receiver using config as its HTTP client.
func webhookWithHTTP(config *monitoringv1alpha1.HTTPConfig) []*monitoringv1alpha1.AlertmanagerConfig {
	return configsFor(monitoringv1alpha1.Receiver{Name: "r", WebhookConfigs: []monitoringv1alpha1.WebhookConfig{{
		URL: ptr("https://hook.example/"), HTTPConfig: config,
	}}})
}

func TestHTTPClientConfig(t *testing.T) {
	oauth2 := &monitoringv1.OAuth2{
		ClientID:     monitoringv1.SecretOrConfigMap{Secret: secretRef("client-id")},
		ClientSecret: *secretRef("password"), TokenURL: "https://auth.example/token",
		ProxyConfig: monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy.example:3128")},
		TLSConfig:   &monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: secretRef("ca.crt")}},
	}
	runGoldenCases(t, map[string]goldenCase{
		"authorization defaults to the Bearer type": {
			configs:  webhookWithHTTP(&monitoringv1alpha1.HTTPConfig{Authorization: &monitoringv1.SafeAuthorization{Credentials: secretRef("token")}}),
			contains: []string{"type: Bearer"},
		},
		"authorization with empty credentials is left out": {
			configs: webhookWithHTTP(&monitoringv1alpha1.HTTPConfig{Authorization: &monitoringv1.SafeAuthorization{Credentials: secretRef("empty")}}),
			absent:  []string{"authorization"},
		},
		"basic auth with both values empty is left out": {
			configs: webhookWithHTTP(&monitoringv1alpha1.HTTPConfig{BasicAuth: &monitoringv1.BasicAuth{Username: *secretRef("empty"), Password: *secretRef("empty")}}),
			absent:  []string{"basic_auth"},
		},
		"a bearer token from a Secret": {
			configs:  webhookWithHTTP(&monitoringv1alpha1.HTTPConfig{BearerTokenSecret: secretRef("token")}),
			contains: []string{"bearer_token: " + secretToken},
		},
		"oauth2 with proxy, without its TLS settings": {
			configs:  webhookWithHTTP(&monitoringv1alpha1.HTTPConfig{OAuth2: oauth2}),
			contains: []string{"proxy_url: http://proxy.example:3128"},
			absent:   []string{"ca_file"},
		},
		"oauth2 proxy settings are dropped before 0.25": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.24.0")),
			configs:      webhookWithHTTP(&monitoringv1alpha1.HTTPConfig{OAuth2: oauth2}),
			warnings:     []string{"oauth2.proxy_url"},
			absent:       []string{"proxy_url"},
		},
		"the deprecated proxyURL wins over proxyUrl": {
			configs: webhookWithHTTP(&monitoringv1alpha1.HTTPConfig{ProxyURLOriginal: ptr("http://old.example:1"),
				ProxyConfig: monitoringv1.ProxyConfig{ProxyURL: ptr("http://new.example:2")}}),
			contains: []string{"proxy_url: http://old.example:1"},
			absent:   []string{"new.example"},
		},
		"TLS files come from the tls-assets Secret": {
			configs: webhookWithHTTP(&monitoringv1alpha1.HTTPConfig{TLSConfig: &monitoringv1.SafeTLSConfig{
				CA:   monitoringv1.SecretOrConfigMap{ConfigMap: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "cm"}, Key: "ca.crt"}},
				Cert: monitoringv1.SecretOrConfigMap{Secret: secretRef("tls.crt")}, KeySecret: secretRef("tls.key"),
			}}),
			contains: []string{"ca_file: /etc/alertmanager/certs/1_ns1_cm_ca.crt", "insecure_skip_verify: false"},
			assets:   []string{"1_ns1_cm_ca.crt", "0_ns1_creds_tls.crt", "0_ns1_creds_tls.key"},
		},
		"every client field before 0.25 keeps only what the version knows": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.25.0")),
			configs:      webhookWithHTTP(fullHTTPConfig()),
			warnings:     []string{"http_config.proxy_connect_header", "http_config.no_proxy"},
		},
	})
}
