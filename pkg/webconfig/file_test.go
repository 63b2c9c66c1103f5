// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package webconfig

import (
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

func TestWebConfigFile(t *testing.T) {
	tests := map[string]struct {
		web  *monitoringv1.WebConfigFileFields
		want string
	}{
		"no web settings give an empty file": {web: nil, want: ""},
		"TLS from Secrets and a ConfigMap points into the mounted folders": {
			web: &monitoringv1.WebConfigFileFields{
				TLSConfig: &monitoringv1.WebTLSConfig{
					Cert:           monitoringv1.SecretOrConfigMap{Secret: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "web-tls"}, Key: "tls.crt"}},
					KeySecret:      corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "web-tls"}, Key: "tls.key"},
					ClientCA:       monitoringv1.SecretOrConfigMap{ConfigMap: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}, Key: "ca.crt"}},
					ClientAuthType: ptr.To("RequireAndVerifyClientCert"),
					MinVersion:     ptr.To("TLS12"),
					CipherSuites:   []string{"TLS_AES_128_GCM_SHA256"},
				},
			},
			want: "tls_server_config:\n" +
				"  cert_file: /etc/prometheus/web_config/secret/web-tls-cert/tls.crt\n" +
				"  key_file: /etc/prometheus/web_config/secret/web-tls-key/tls.key\n" +
				"  client_auth_type: RequireAndVerifyClientCert\n" +
				"  client_ca_file: /etc/prometheus/web_config/configmap/ca-ca/ca.crt\n" +
				"  min_version: TLS12\n" +
				"  cipher_suites:\n  - TLS_AES_128_GCM_SHA256\n",
		},
		"file paths pass through and headers are rendered": {
			web: &monitoringv1.WebConfigFileFields{
				TLSConfig: &monitoringv1.WebTLSConfig{CertFile: ptr.To("/certs/tls.crt"), KeyFile: ptr.To("/certs/tls.key")},
				HTTPConfig: &monitoringv1.WebHTTPConfig{HTTP2: ptr.To(false), Headers: &monitoringv1.WebHTTPHeaders{
					XFrameOptions: "Deny", ContentSecurityPolicy: "default-src 'self'",
				}},
			},
			want: "tls_server_config:\n  cert_file: /certs/tls.crt\n  key_file: /certs/tls.key\n" +
				"http_server_config:\n  http2: false\n  headers:\n    Content-Security-Policy: default-src 'self'\n    X-Frame-Options: deny\n",
		},
	}
	layout := Layout{Dir: "/etc/prometheus/web_config", FileName: "web-config.yaml", SecretName: "prometheus-main-web-config"}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := layout.File(test.web)
			require.NoError(t, err)
			require.Equal(t, test.want, string(got))
		})
	}
}
