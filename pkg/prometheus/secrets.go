// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/build"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// maxSecretDataSize is how much data one tls-assets Secret holds: the 1 MiB
// object limit minus room for metadata.
const maxSecretDataSize = corev1.MaxSecretSize - 50_000

// gzipConfig compresses the configuration; gzip keeps large configurations
// under the Secret size limit. The header carries no name or time, so equal
// input gives equal bytes.
func gzipConfig(config []byte) ([]byte, error) {
	var buffer bytes.Buffer
	writer := gzip.NewWriter(&buffer)
	if _, err := writer.Write(config); err != nil {
		return nil, fmt.Errorf("compress the configuration: %w", err)
	}
	if err := writer.Close(); err != nil {
		return nil, fmt.Errorf("compress the configuration: %w", err)
	}
	return buffer.Bytes(), nil
}

// gunzip returns the uncompressed content of a gzip stream.
func gunzip(compressed []byte) ([]byte, error) {
	reader, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	return io.ReadAll(reader)
}

// syncConfigSecret writes the generated configuration, gzipped, into the
// Secret the reloader reads. A Secret already holding the same
// configuration (however it was compressed) is left alone, and then
// nothing is compressed at all.
func (c *workloadController) syncConfigSecret(ctx context.Context, p monitoringv1.PrometheusInterface, config []byte) error {
	client := c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace())
	meta := c.operator.generatedMeta(p, build.ConfigSecretName(p), nil)
	existing, err := client.Get(ctx, meta.Name, metav1.GetOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("read the configuration Secret: %w", err)
	}
	if err == nil {
		if current, gunzipErr := gunzip(existing.Data[build.ConfigFileName]); gunzipErr == nil && bytes.Equal(current, config) {
			sameConfig := &corev1.Secret{ObjectMeta: meta, Data: existing.Data}
			if _, changed := kube.MergeSecret(existing, sameConfig); !changed {
				return nil
			}
		}
	}
	compressed, err := gzipConfig(config)
	if err != nil {
		return err
	}
	desired := &corev1.Secret{ObjectMeta: meta, Data: map[string][]byte{build.ConfigFileName: compressed}}
	_, err = kube.CreateOrUpdate(ctx, client, desired, func(existing, desired *corev1.Secret) (*corev1.Secret, bool) {
		if current, err := gunzip(existing.Data[build.ConfigFileName]); err == nil && bytes.Equal(current, config) {
			// Same configuration: keep the stored bytes, compare the rest.
			desired = desired.DeepCopy()
			desired.Data = existing.Data
		}
		return kube.MergeSecret(existing, desired)
	})
	if err != nil {
		return fmt.Errorf("configuration Secret: %w", err)
	}
	return nil
}

// ensureUnmanagedConfigSecret creates an empty configuration Secret when
// none exists, for workloads whose configuration the user manages.
func (c *workloadController) ensureUnmanagedConfigSecret(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	client := c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace())
	_, err := client.Get(ctx, build.ConfigSecretName(p), metav1.GetOptions{})
	if err == nil {
		return nil
	}
	if !apierrors.IsNotFound(err) {
		return fmt.Errorf("read the configuration Secret: %w", err)
	}
	secret := &corev1.Secret{
		ObjectMeta: c.operator.generatedMeta(p, build.ConfigSecretName(p), nil),
		Data:       map[string][]byte{build.ConfigFileName: {}},
	}
	if _, err := client.Create(ctx, secret, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create the configuration Secret: %w", err)
	}
	return nil
}

// shardTLSAssets spreads the TLS files over as many Secrets as their size
// needs, in key order; there is always at least one (maybe empty) shard,
// since the pods mount shard 0.
func shardTLSAssets(tlsAssets []assets.TLSAsset) []map[string][]byte {
	shards := []map[string][]byte{{}}
	size := 0
	for _, asset := range tlsAssets {
		assetSize := len(asset.Key) + len(asset.Data)
		if size > 0 && size+assetSize > maxSecretDataSize {
			shards = append(shards, map[string][]byte{})
			size = 0
		}
		shards[len(shards)-1][asset.Key] = []byte(asset.Data)
		size += assetSize
	}
	return shards
}

// syncTLSAssets writes the tls-assets Secret shards, deletes the shards
// past the last one and returns the shard names for the pod volume.
func (c *workloadController) syncTLSAssets(ctx context.Context, p monitoringv1.PrometheusInterface, tlsAssets []assets.TLSAsset) ([]string, error) {
	client := c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace())
	shards := shardTLSAssets(tlsAssets)
	names := build.TLSAssetsSecretNames(p, len(shards))
	for index, data := range shards {
		desired := &corev1.Secret{ObjectMeta: c.operator.generatedMeta(p, names[index], nil), Data: data}
		if _, err := kube.CreateOrUpdate(ctx, client, desired, kube.MergeSecret); err != nil {
			return nil, fmt.Errorf("tls-assets Secret: %w", err)
		}
	}
	// Shards are numbered without gaps: stop at the first missing one.
	for index := len(shards); ; index++ {
		name := fmt.Sprintf("%s-%d", build.TLSAssetsSecretBaseName(p), index)
		_, err := client.Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read tls-assets Secret %s: %w", name, err)
		}
		if err := kube.DeleteIgnoringNotFound(ctx, client, name, metav1.DeleteOptions{}); err != nil {
			return nil, fmt.Errorf("excess tls-assets Secret: %w", err)
		}
	}
	return names, nil
}

// syncWebConfigSecret writes web-config.yaml, the web server settings
// Prometheus reads (TLS, HTTP/2, security headers); it is empty when the
// spec sets none.
func (c *workloadController) syncWebConfigSecret(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	content, err := webConfigFile(p.GetCommonPrometheusFields().Web)
	if err != nil {
		return err
	}
	desired := &corev1.Secret{
		ObjectMeta: c.operator.generatedMeta(p, build.WebConfigSecretName(p), nil),
		Data:       map[string][]byte{build.WebConfigFileName: content},
	}
	if _, err := kube.CreateOrUpdate(ctx, c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace()), desired, kube.MergeSecret); err != nil {
		return fmt.Errorf("web-config Secret: %w", err)
	}
	return nil
}

// webConfigFile renders the web configuration file. Credentials held in
// Secrets or ConfigMaps point into the folders the pod builder mounts them
// in; *File fields pass through.
func webConfigFile(web *monitoringv1.PrometheusWebSpec) ([]byte, error) {
	if web == nil || (web.TLSConfig == nil && web.HTTPConfig == nil) {
		return []byte{}, nil
	}
	doc := yamldoc.Map{}
	if tls := web.TLSConfig; tls != nil {
		doc = doc.Add("tls_server_config", tlsServerConfig(tls))
	}
	if httpConfig := web.HTTPConfig; httpConfig != nil {
		doc = doc.Add("http_server_config", httpServerConfig(httpConfig))
	}
	content, err := yamldoc.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("render web-config.yaml: %w", err)
	}
	return content, nil
}

func tlsServerConfig(tls *monitoringv1.WebTLSConfig) yamldoc.Map {
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
	if certFile := fileOr(tls.CertFile, build.WebTLSCertPath(tls), sourceKey(tls.Cert)); certFile != "" {
		server = server.Add("cert_file", certFile)
	}
	keyDir := ""
	if tls.KeySecret.Name != "" {
		keyDir = build.WebTLSKeyPath(tls)
	}
	if keyFile := fileOr(tls.KeyFile, keyDir, tls.KeySecret.Key); keyFile != "" {
		server = server.Add("key_file", keyFile)
	}
	if tls.ClientAuthType != nil && *tls.ClientAuthType != "" {
		server = server.Add("client_auth_type", *tls.ClientAuthType)
	}
	if caFile := fileOr(tls.ClientCAFile, build.WebTLSClientCAPath(tls), sourceKey(tls.ClientCA)); caFile != "" {
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

// thanosHTTPClientConfig lets the Thanos sidecar reach Prometheus over
// HTTPS without verifying its certificate, which is issued for the pod's
// external names rather than localhost.
const thanosHTTPClientConfig = "tls_config:\n  insecure_skip_verify: true\n"

// syncThanosHTTPClientSecret writes the HTTP client file the Thanos sidecar
// mounts, for servers with a sidecar.
func (c *workloadController) syncThanosHTTPClientSecret(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	server, ok := p.(*monitoringv1.Prometheus)
	if !ok || server.Spec.Thanos == nil {
		return nil
	}
	desired := &corev1.Secret{
		ObjectMeta: c.operator.generatedMeta(p, build.ThanosHTTPClientSecretName(p), nil),
		Data:       map[string][]byte{build.ThanosHTTPClientFileName: []byte(thanosHTTPClientConfig)},
	}
	if _, err := kube.CreateOrUpdate(ctx, c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace()), desired, kube.MergeSecret); err != nil {
		return fmt.Errorf("Thanos HTTP client Secret: %w", err)
	}
	return nil
}
