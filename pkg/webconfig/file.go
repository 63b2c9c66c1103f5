// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package webconfig renders the web configuration file of Prometheus,
// Alertmanager and Thanos (the exporter-toolkit format: TLS server and
// HTTP server settings), keeps it in the workload's "*-web-config" Secret
// and mounts it and the TLS credentials it refers to.
package webconfig

import (
	"context"
	"fmt"
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// File renders the web configuration file. Credentials held in Secrets or
// ConfigMaps point into the folders Volumes mounts them in; *File fields
// pass through. It is empty when fields set nothing.
func (l Layout) File(fields *monitoringv1.WebConfigFileFields) ([]byte, error) {
	if fields == nil || (fields.TLSConfig == nil && fields.HTTPConfig == nil) {
		return []byte{}, nil
	}
	doc := yamldoc.Map{}
	if tls := fields.TLSConfig; tls != nil {
		doc = doc.Add("tls_server_config", l.tlsServerConfig(tls))
	}
	if httpConfig := fields.HTTPConfig; httpConfig != nil {
		doc = doc.Add("http_server_config", httpServerConfig(httpConfig))
	}
	content, err := yamldoc.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", l.FileName, err)
	}
	return content, nil
}

// SyncSecret renders the file and writes it into the Secret of the layout,
// with meta as its metadata (meta.Name is set to the layout's SecretName).
func (l Layout) SyncSecret(ctx context.Context, client corev1client.SecretInterface, meta metav1.ObjectMeta, fields *monitoringv1.WebConfigFileFields) error {
	return l.SyncSecretRemembered(ctx, client, meta, fields, kube.Remembered{})
}

// SyncSecretRemembered is SyncSecret asking memo first: a Secret it knows
// converged costs no request (see kube.WriteMemo).
func (l Layout) SyncSecretRemembered(ctx context.Context, client corev1client.SecretInterface, meta metav1.ObjectMeta, fields *monitoringv1.WebConfigFileFields, memo kube.Remembered) error {
	content, err := l.File(fields)
	if err != nil {
		return err
	}
	meta.Name = l.SecretName
	desired := &corev1.Secret{ObjectMeta: meta, Data: map[string][]byte{l.FileName: content}}
	if _, err := kube.CreateOrUpdateRemembered(ctx, client, desired, kube.MergeSecret, memo); err != nil {
		return fmt.Errorf("web-config Secret: %w", err)
	}
	return nil
}

func (l Layout) tlsServerConfig(tls *monitoringv1.WebTLSConfig) yamldoc.Map {
	server := yamldoc.Map{}
	fileOr := func(file *string, mountDir, key string) string {
		if file != nil && *file != "" {
			return *file
		}
		if mountDir == "" {
			return ""
		}
		return path.Join(mountDir, key)
	}
	if certFile := fileOr(tls.CertFile, l.CertPath(tls), sourceKey(tls.Cert)); certFile != "" {
		server = server.Add("cert_file", certFile)
	}
	keyDir := ""
	if tls.KeySecret.Name != "" {
		keyDir = l.KeyPath(tls)
	}
	if keyFile := fileOr(tls.KeyFile, keyDir, tls.KeySecret.Key); keyFile != "" {
		server = server.Add("key_file", keyFile)
	}
	if tls.ClientAuthType != nil && *tls.ClientAuthType != "" {
		server = server.Add("client_auth_type", *tls.ClientAuthType)
	}
	if caFile := fileOr(tls.ClientCAFile, l.ClientCAPath(tls), sourceKey(tls.ClientCA)); caFile != "" {
		server = server.Add("client_ca_file", caFile)
	}
	if tls.MinVersion != nil && *tls.MinVersion != "" {
		server = server.Add("min_version", *tls.MinVersion)
	}
	if tls.MaxVersion != nil && *tls.MaxVersion != "" {
		server = server.Add("max_version", *tls.MaxVersion)
	}
	server = server.AddIf(len(tls.CipherSuites) > 0, "cipher_suites", tls.CipherSuites)
	if tls.PreferServerCipherSuites != nil {
		server = server.Add("prefer_server_cipher_suites", *tls.PreferServerCipherSuites)
	}
	return server.AddIf(len(tls.CurvePreferences) > 0, "curve_preferences", tls.CurvePreferences)
}

func httpServerConfig(config *monitoringv1.WebHTTPConfig) yamldoc.Map {
	server := yamldoc.Map{}
	if config.HTTP2 != nil {
		server = server.Add("http2", *config.HTTP2)
	}
	headers := config.Headers
	if headers == nil {
		return server
	}
	rendered := yamldoc.Map{}
	rendered = rendered.AddIf(headers.ContentSecurityPolicy != "", "Content-Security-Policy", headers.ContentSecurityPolicy)
	rendered = rendered.AddIf(headers.StrictTransportSecurity != "", "Strict-Transport-Security", headers.StrictTransportSecurity)
	rendered = rendered.AddIf(headers.XContentTypeOptions != "", "X-Content-Type-Options", strings.ToLower(headers.XContentTypeOptions))
	rendered = rendered.AddIf(headers.XFrameOptions != "", "X-Frame-Options", strings.ToLower(headers.XFrameOptions))
	rendered = rendered.AddIf(headers.XXSSProtection != "", "X-XSS-Protection", headers.XXSSProtection)
	return server.Add("headers", rendered)
}

// sourceKey is the key a Secret or ConfigMap credential is read from.
func sourceKey(source monitoringv1.SecretOrConfigMap) string {
	switch {
	case source.Secret != nil:
		return source.Secret.Key
	case source.ConfigMap != nil:
		return source.ConfigMap.Key
	}
	return ""
}
