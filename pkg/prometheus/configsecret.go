// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
)

// configOutput is a generated configuration as the config Secret stores
// it: the gzipped bytes and the hex SHA-256 of the uncompressed YAML. The
// digest lets the writer tell an unchanged configuration without
// decompressing anything.
type configOutput struct {
	// Compressed is the gzip stream written to the Secret.
	Compressed []byte
	// Digest is the hex SHA-256 of the uncompressed configuration.
	Digest string
}

// newConfigOutput compresses config and digests it.
func newConfigOutput(config []byte) (configOutput, error) {
	compressed, err := gzipped.Compress(config)
	if err != nil {
		return configOutput{}, fmt.Errorf("compress the configuration: %w", err)
	}
	return configOutput{Compressed: compressed, Digest: configDigest(config)}, nil
}

// configDigest is the hex SHA-256 of an uncompressed configuration.
func configDigest(config []byte) string {
	sum := sha256.Sum256(config)
	return hex.EncodeToString(sum[:])
}

// readConfig returns the configuration a config Secret holds, failing
// with gzipped.ErrTooLarge rather than inflating a hostile stream.
func readConfig(compressed []byte) ([]byte, error) {
	return gzipped.Decompress(compressed, gzipped.MaxSize)
}

// sameConfig reports whether stored, the gzip stream a Secret holds,
// carries the configuration out describes, however it was compressed.
func sameConfig(stored []byte, out configOutput) bool {
	if bytes.Equal(stored, out.Compressed) {
		return true
	}
	plain, err := readConfig(stored)
	return err == nil && configDigest(plain) == out.Digest
}

// syncConfigSecret writes the generated configuration into the Secret the
// reloader reads. A Secret already holding the same configuration (however
// it was compressed) keeps its bytes; only its metadata is brought in line.
func (c *workloadController) syncConfigSecret(ctx context.Context, p monitoringv1.PrometheusInterface, out configOutput) error {
	client := c.operator.kubeClient.CoreV1().Secrets(p.GetNamespace())
	meta := c.operator.generatedMeta(p, manifests.ConfigSecretName(p), nil)
	desired := &corev1.Secret{ObjectMeta: meta, Data: map[string][]byte{manifests.ConfigFileName: out.Compressed}}
	_, err := kube.CreateOrUpdate(ctx, client, desired, func(existing, desired *corev1.Secret) (*corev1.Secret, bool) {
		if stored := existing.Data[manifests.ConfigFileName]; sameConfig(stored, out) {
			// Same configuration: keep the stored bytes, compare the rest.
			desired = desired.DeepCopy()
			desired.Data[manifests.ConfigFileName] = stored
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
