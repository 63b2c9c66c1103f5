// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
)

// syncTLSAssets writes the tls-assets Secret shards, deletes the shards
// past the last one and returns the shard names for the pod volume.
func (c *workloadController) syncTLSAssets(ctx context.Context, p monitoringv1.PrometheusInterface, tlsAssets []assets.TLSAsset) ([]string, error) {
	return assets.SyncTLSAssetSecrets(ctx, tlsAssets, assets.TLSSecretsOptions{
		Client:   c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace()),
		BaseName: manifests.TLSAssetsSecretBaseName(p),
		Metadata: func(name string) metav1.ObjectMeta { return c.operator.generatedMeta(p, name, nil) },
		Memo:     c.operator.secretMemo,
		Owner:    c.memoOwner(p),
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
	return layout.SyncSecretRemembered(ctx, c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace()),
		c.operator.generatedMeta(p, layout.SecretName, nil), fields, c.remembered(p, ""))
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
	if !traitsOf(p).hasThanosHTTPClient() {
		return nil
	}
	desired := &corev1.Secret{
		ObjectMeta: c.operator.generatedMeta(p, manifests.ThanosHTTPClientSecretName(p), nil),
		Data:       map[string][]byte{manifests.ThanosHTTPClientFileName: []byte(thanosHTTPClientConfig)},
	}
	client := c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace())
	if _, err := kube.CreateOrUpdateRemembered(ctx, client, desired, kube.MergeSecret, c.remembered(p, "")); err != nil {
		return fmt.Errorf("Thanos HTTP client Secret: %w", err)
	}
	return nil
}
