// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"bytes"
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
)

// readConfig returns the configuration a config Secret holds, failing
// with gzipped.ErrTooLarge rather than inflating a hostile stream.
func readConfig(compressed []byte) ([]byte, error) {
	return gzipped.Decompress(compressed, gzipped.MaxSize)
}

// syncConfigSecret writes the generated configuration, gzipped, into the
// Secret the reloader reads. A Secret already holding the same
// configuration (however it was compressed) is left alone, and then
// nothing is compressed at all.
func (c *workloadController) syncConfigSecret(ctx context.Context, p monitoringv1.PrometheusInterface, config []byte) error {
	client := c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace())
	meta := c.operator.generatedMeta(p, manifests.ConfigSecretName(p), nil)
	existing, err := client.Get(ctx, meta.Name, metav1.GetOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("read the configuration Secret: %w", err)
	}
	if err == nil {
		if current, readErr := readConfig(existing.Data[manifests.ConfigFileName]); readErr == nil && bytes.Equal(current, config) {
			sameConfig := &corev1.Secret{ObjectMeta: meta, Data: existing.Data}
			if _, changed := kube.MergeSecret(existing, sameConfig); !changed {
				return nil
			}
		}
	}
	compressed, err := gzipped.Compress(config)
	if err != nil {
		return fmt.Errorf("compress the configuration: %w", err)
	}
	desired := &corev1.Secret{ObjectMeta: meta, Data: map[string][]byte{manifests.ConfigFileName: compressed}}
	_, err = kube.CreateOrUpdate(ctx, client, desired, func(existing, desired *corev1.Secret) (*corev1.Secret, bool) {
		if current, err := readConfig(existing.Data[manifests.ConfigFileName]); err == nil && bytes.Equal(current, config) {
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
	_, err := client.Get(ctx, manifests.ConfigSecretName(p), metav1.GetOptions{})
	if err == nil {
		return nil
	}
	if !apierrors.IsNotFound(err) {
		return fmt.Errorf("read the configuration Secret: %w", err)
	}
	secret := &corev1.Secret{
		ObjectMeta: c.operator.generatedMeta(p, manifests.ConfigSecretName(p), nil),
		Data:       map[string][]byte{manifests.ConfigFileName: {}},
	}
	if _, err := client.Create(ctx, secret, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create the configuration Secret: %w", err)
	}
	return nil
}

// syncTLSAssets writes the tls-assets Secret shards, deletes the shards
// past the last one and returns the shard names for the pod volume.
func (c *workloadController) syncTLSAssets(ctx context.Context, p monitoringv1.PrometheusInterface, tlsAssets []assets.TLSAsset) ([]string, error) {
	return assets.SyncTLSAssetSecrets(ctx, tlsAssets, assets.TLSSecretsOptions{
		Client:   c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace()),
		BaseName: manifests.TLSAssetsSecretBaseName(p),
		Metadata: func(name string) metav1.ObjectMeta { return c.operator.generatedMeta(p, name, nil) },
	})
}

// syncWebConfigSecret writes web-config.yaml, the web server settings
// Prometheus reads (TLS, HTTP/2, security headers); it is empty when the
// spec sets none.
func (c *workloadController) syncWebConfigSecret(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	var fields *monitoringv1.WebConfigFileFields
	if web := p.GetCommonPrometheusFields().Web; web != nil {
		fields = &web.WebConfigFileFields
	}
	layout := manifests.WebConfigLayout(p)
	return layout.SyncSecret(ctx, c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace()), c.operator.generatedMeta(p, layout.SecretName, nil), fields)
}

// thanosHTTPClientConfig lets the Thanos sidecar reach Prometheus over
// HTTPS without verifying its certificate, which is issued for the pod's
// external names rather than localhost.
const thanosHTTPClientConfig = "tls_config:\n  insecure_skip_verify: true\n"

// syncThanosHTTPClientSecret writes the HTTP client file the Thanos sidecar
// mounts, for servers with a sidecar.
func (c *workloadController) syncThanosHTTPClientSecret(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	// Every Prometheus server gets it, with or without a Thanos sidecar, as
	// upstream does; agents have no sidecar.
	if _, ok := p.(*monitoringv1.Prometheus); !ok {
		return nil
	}
	desired := &corev1.Secret{
		ObjectMeta: c.operator.generatedMeta(p, manifests.ThanosHTTPClientSecretName(p), nil),
		Data:       map[string][]byte{manifests.ThanosHTTPClientFileName: []byte(thanosHTTPClientConfig)},
	}
	if _, err := kube.CreateOrUpdate(ctx, c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace()), desired, kube.MergeSecret); err != nil {
		return fmt.Errorf("Thanos HTTP client Secret: %w", err)
	}
	return nil
}
