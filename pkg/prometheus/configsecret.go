// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/configparts"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
)

// configOutput is a generated configuration as the config Secret stores
// it: the gzipped bytes and their hex SHA-256. Equal configurations
// compress to equal bytes, so the digest identifies the content without
// decompressing anything.
type configOutput struct {
	// Compressed is the gzip stream written to the Secret(s).
	Compressed []byte
	// Digest is the hex SHA-256 of Compressed.
	Digest string
}

// newConfigOutput compresses config and digests it.
func newConfigOutput(config []byte) (configOutput, error) {
	compressed, err := gzipped.Compress(config)
	if err != nil {
		return configOutput{}, fmt.Errorf("compress the configuration: %w", err)
	}
	sum := sha256.Sum256(compressed)
	return configOutput{Compressed: compressed, Digest: hex.EncodeToString(sum[:])}, nil
}

// readConfig returns the configuration a config Secret holds, failing
// with gzipped.ErrTooLarge rather than inflating a hostile stream.
func readConfig(compressed []byte) ([]byte, error) {
	return gzipped.Decompress(compressed, gzipped.MaxSize)
}

// sameConfig reports whether stored, the gzip stream an unsplit Secret
// holds, carries the configuration of out, however it was compressed (by
// upstream's operator before a migration, say). It only runs when the
// write memo cannot vouch for the Secret: after a restart or an edit.
func sameConfig(stored []byte, out configOutput) bool {
	if bytes.Equal(stored, out.Compressed) {
		return true
	}
	current, err := readConfig(stored)
	if err != nil {
		return false
	}
	wanted, err := readConfig(out.Compressed)
	return err == nil && bytes.Equal(current, wanted)
}

// siblingsNote is the write memo's note of how many sibling Secrets the
// configuration was last stored with.
const siblingsNote = "config-siblings"

// syncConfigSecret stores the configuration for the reloader and returns
// how many sibling Secrets it takes (0 for a configuration that fits in
// one Secret; see package configparts for the layout). The siblings are
// written first and the configuration Secret, whose manifest announces
// them, last; siblings no longer needed go afterwards. Each object the
// write memo knows to be converged costs no request at all.
func (c *workloadController) syncConfigSecret(ctx context.Context, p monitoringv1.PrometheusInterface, out configOutput) (int, error) {
	o := c.operator
	client := o.kubeClient.CoreV1().Secrets(p.GetNamespace())
	mainName := manifests.ConfigSecretName(p)
	layout := configparts.Split(manifests.ConfigFileName, out.Compressed, o.configChunkSize)
	parts := strconv.Itoa(len(layout.Siblings) + 1)
	for index, data := range layout.Siblings {
		name := configparts.SiblingName(mainName, index+1)
		desired := &corev1.Secret{ObjectMeta: o.generatedMeta(p, name, nil), Data: data}
		memo := c.remembered(p, kube.Digest(desired.ObjectMeta, out.Digest, parts, index+1))
		merge, foreign := mergeSibling(p)
		if _, err := kube.CreateOrUpdateRemembered(ctx, client, desired, merge, memo); err != nil {
			return 0, fmt.Errorf("configuration Secret %s: %w", name, err)
		}
		if *foreign {
			o.secretMemo.Forget(memo.Owner, cache.NewObjectName(p.GetNamespace(), name))
			return 0, fmt.Errorf("%w: Secret %s/%s is not controlled by %s; rename or delete it", errForeignSibling, p.GetNamespace(), name, p.GetName())
		}
	}
	desired := &corev1.Secret{ObjectMeta: o.generatedMeta(p, mainName, nil), Data: layout.Main}
	memo := c.remembered(p, kube.Digest(desired.ObjectMeta, out.Digest, parts, 0))
	// Bytes this operator wrote itself differ only if the configuration
	// does: decompressing to compare (tens of MiB at scale) is for Secrets
	// written elsewhere, or before a restart.
	lookForEquivalent := len(layout.Siblings) == 0 && !o.secretMemo.Vouched(memo.Owner, cache.NewObjectName(p.GetNamespace(), mainName))
	_, err := kube.CreateOrUpdateRemembered(ctx, client, desired, func(existing, desired *corev1.Secret) (*corev1.Secret, bool) {
		if stored := existing.Data[manifests.ConfigFileName]; lookForEquivalent && sameConfig(stored, out) {
			// Same configuration: keep the stored bytes, compare the rest.
			desired = desired.DeepCopy()
			desired.Data[manifests.ConfigFileName] = stored
		}
		return kube.MergeSecret(existing, desired)
	}, memo)
	if err != nil {
		return 0, fmt.Errorf("configuration Secret: %w", err)
	}
	if err := c.deleteStaleSiblings(ctx, p, len(layout.Siblings)); err != nil {
		return 0, err
	}
	return len(layout.Siblings), nil
}

// mergeSibling merges a sibling Secret, leaving alone one that p does not
// control, and reporting it through foreign: a sibling's name could be
// another workload's configuration Secret ("prometheus-a-config-1" is also
// Prometheus "a-config-1"'s).
func mergeSibling(p monitoringv1.PrometheusInterface) (merge kube.MergeFunc[*corev1.Secret], foreign *bool) {
	foreign = new(bool)
	return func(existing, desired *corev1.Secret) (*corev1.Secret, bool) {
		*foreign = !ownedBy(existing, p)
		if *foreign {
			return existing, false
		}
		return kube.MergeSecret(existing, desired)
	}, foreign
}

// deleteStaleSiblings deletes the sibling Secrets past the first
// siblings. The memo's note says how many there were; after a restart the
// operator looks for them one by one, stopping at the first missing one
// (they are numbered without gaps).
func (c *workloadController) deleteStaleSiblings(ctx context.Context, p monitoringv1.PrometheusInterface, siblings int) error {
	o := c.operator
	client := o.kubeClient.CoreV1().Secrets(p.GetNamespace())
	owner := c.memoOwner(p)
	mainName := manifests.ConfigSecretName(p)
	previous, known := o.secretMemo.Note(owner, siblingsNote)
	last, err := strconv.Atoi(previous)
	if known && err == nil {
		for index := siblings + 1; index <= last; index++ {
			name := configparts.SiblingName(mainName, index)
			o.secretMemo.Forget(owner, cache.NewObjectName(p.GetNamespace(), name))
			if err := kube.DeleteIgnoringNotFound(ctx, client, name, metav1.DeleteOptions{}); err != nil {
				return fmt.Errorf("stale configuration Secret: %w", err)
			}
		}
		o.secretMemo.SetNote(owner, siblingsNote, strconv.Itoa(siblings))
		return nil
	}
	for index := siblings + 1; ; index++ {
		name := configparts.SiblingName(mainName, index)
		existing, err := client.Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			break
		}
		if err != nil {
			return fmt.Errorf("read configuration Secret %s: %w", name, err)
		}
		// Someone else's Secret: not a sibling of ours, and ours stop here.
		if !ownedBy(existing, p) {
			break
		}
		if err := kube.DeleteIgnoringNotFound(ctx, client, name, metav1.DeleteOptions{}); err != nil {
			return fmt.Errorf("stale configuration Secret: %w", err)
		}
	}
	o.secretMemo.SetNote(owner, siblingsNote, strconv.Itoa(siblings))
	return nil
}

// ensureUnmanagedConfigSecret creates an empty configuration Secret when
// none exists, for workloads whose configuration the user manages. A
// Secret the informer cache holds needs no read.
func (c *workloadController) ensureUnmanagedConfigSecret(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	// A configuration this operator split before goes with its siblings.
	if err := c.deleteStaleSiblings(ctx, p, 0); err != nil {
		return err
	}
	if c.operator.secretMemo.Cached(p.GetNamespace(), manifests.ConfigSecretName(p)) {
		return nil
	}
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

// errForeignSibling is wrapped when a sibling's name is taken: retrying
// will not free it.
var errForeignSibling = fmt.Errorf("%w: a configuration sibling's name is taken", controller.ErrPermanent)
