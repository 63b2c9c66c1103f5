// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// RemoteWriteFile renders remote-write.yaml for tr: the remote-write
// endpoints, stripped of what its Thanos version cannot read, written by
// the same code as Prometheus' remote_write section (Thanos reads the same
// format), with TLS files under the ruler's tls-assets folder. Credentials
// are read through store. It returns the file and the TLS files to put in
// the tls-assets Secrets.
func RemoteWriteFile(tr *monitoringv1.ThanosRuler, store assets.KeyReader) ([]byte, assets.TLSAssets, []version.Warning, error) {
	target, err := version.Thanos.Parse(ptr.Deref(tr.Spec.Version, ""))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("spec.version: %w", err)
	}
	endpoints, err := thanosRemoteWrite(tr.Spec.RemoteWrite, target)
	if err != nil {
		return nil, nil, nil, invalid(err)
	}
	result, err := promcfg.RemoteWriteFile(promcfg.RemoteWriteFileOptions{
		Namespace: tr.Namespace, Endpoints: endpoints, Store: store, TLSAssetsDir: tlsAssetsDir,
	})
	if err != nil {
		return nil, nil, nil, invalid(fmt.Errorf("spec.remoteWrite: %w", err))
	}
	return result.Config, result.TLSAssets, target.Warnings().List(), nil
}

// syncConfigSecret writes "thanos-ruler-<name>-config" (always, even
// without remote write) and the tls-assets Secrets, and returns the names
// of the latter. As upstream, the config Secret's owner reference does not
// mark the ThanosRuler as its controller. It also returns the file.
func (c *Controller) syncConfigSecret(ctx context.Context, tr *monitoringv1.ThanosRuler, view *assets.View) ([]string, []byte, error) {
	content, tlsAssets, warnings, err := RemoteWriteFile(tr, view)
	if err != nil {
		return nil, nil, err
	}
	// A credential read through an outage: keep the last good file and retry.
	if err := view.Err(); err != nil {
		return nil, nil, fmt.Errorf("read the remote-write credentials: %w", err)
	}
	for _, warning := range warnings {
		c.Logger.Warn(warning.String(), "namespace", tr.Namespace, "thanosruler", tr.Name)
	}
	secret := &corev1.Secret{
		ObjectMeta: c.generatedMeta(tr, ConfigSecretName(tr), nil, false),
		Data:       map[string][]byte{RemoteWriteFileName: content},
	}
	if _, err := kube.CreateOrUpdate(ctx, c.KubeClient.CoreV1().Secrets(tr.Namespace), secret, kube.MergeSecret); err != nil {
		return nil, nil, fmt.Errorf("config Secret: %w", err)
	}
	names, err := assets.SyncTLSAssetSecrets(ctx, tlsAssets.Sorted(), assets.TLSSecretsOptions{
		Client:   c.KubeClient.CoreV1().Secrets(tr.Namespace),
		BaseName: TLSAssetsSecretName(tr),
		Metadata: func(name string) metav1.ObjectMeta { return c.generatedMeta(tr, name, nil, true) },
	})
	return names, content, err
}
