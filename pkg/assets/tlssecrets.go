// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package assets

import (
	"context"
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// MaxTLSAssetsShardSize is how much data one tls-assets Secret holds: the
// 1 MiB object limit minus room for metadata.
const MaxTLSAssetsShardSize = corev1.MaxSecretSize - 50_000

// TLSAssetsVolumeName is the volume that projects every tls-assets shard
// into one folder.
const TLSAssetsVolumeName = "tls-assets"

// ShardTLSAssets spreads the TLS files over as many Secrets as their size
// needs, in the given (key) order; there is always at least one (maybe
// empty) shard, since the pods mount shard 0.
func ShardTLSAssets(files []TLSAsset) []map[string][]byte {
	shards := []map[string][]byte{{}}
	size := 0
	for _, asset := range files {
		assetSize := len(asset.Key) + len(asset.Data)
		if size > 0 && size+assetSize > MaxTLSAssetsShardSize {
			shards = append(shards, map[string][]byte{})
			size = 0
		}
		shards[len(shards)-1][asset.Key] = []byte(asset.Data)
		size += assetSize
	}
	return shards
}

// TLSAssetsSecretName names the index-th tls-assets shard of a workload:
// "<baseName>-<index>", for example "prometheus-main-tls-assets-0".
func TLSAssetsSecretName(baseName string, index int) string {
	return fmt.Sprintf("%s-%d", baseName, index)
}

// TLSSecretsOptions say where a workload's tls-assets shards go.
type TLSSecretsOptions struct {
	// Client writes Secrets in the workload's namespace.
	Client corev1client.SecretInterface
	// BaseName starts every shard name (see TLSAssetsSecretName).
	BaseName string
	// Metadata returns the metadata of the shard called name: the
	// controller's labels, annotations and owner.
	Metadata func(name string) metav1.ObjectMeta
	// Memo, when set, spares the requests for shards known to be
	// converged, and the look for excess shards when their number did
	// not change (see kube.WriteMemo). Owner groups its entries.
	Memo  *kube.WriteMemo
	Owner string
}

// shardsNote is the write memo's note of how many shards were written last.
const shardsNote = "tls-assets-shards"

// SyncTLSAssetSecrets writes the tls-assets Secret shards, deletes the
// shards past the last one and returns the shard names for the pod volume.
func SyncTLSAssetSecrets(ctx context.Context, files []TLSAsset, opts TLSSecretsOptions) ([]string, error) {
	shards := ShardTLSAssets(files)
	names := make([]string, 0, len(shards))
	for index, data := range shards {
		name := TLSAssetsSecretName(opts.BaseName, index)
		desired := &corev1.Secret{ObjectMeta: opts.Metadata(name), Data: data}
		memo := kube.Remembered{Memo: opts.Memo, Owner: opts.Owner}
		if _, err := kube.CreateOrUpdateRemembered(ctx, opts.Client, desired, kube.MergeSecret, memo); err != nil {
			return nil, fmt.Errorf("tls-assets Secret: %w", err)
		}
		names = append(names, name)
	}
	// The excess shards were deleted when this many were written last.
	count := strconv.Itoa(len(shards))
	if previous, known := opts.Memo.Note(opts.Owner, shardsNote); known && previous == count {
		return names, nil
	}
	if err := deleteExcessShards(ctx, len(shards), opts); err != nil {
		return nil, err
	}
	opts.Memo.SetNote(opts.Owner, shardsNote, count)
	return names, nil
}

// deleteExcessShards deletes the shards from index first on. Shards are
// numbered without gaps: the look stops at the first missing one.
func deleteExcessShards(ctx context.Context, first int, opts TLSSecretsOptions) error {
	for index := first; ; index++ {
		name := TLSAssetsSecretName(opts.BaseName, index)
		existing, err := opts.Client.Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read tls-assets Secret %s: %w", name, err)
		}
		opts.Memo.Forget(opts.Owner, cache.NewObjectName(existing.Namespace, name))
		if err := kube.DeleteIgnoringNotFound(ctx, opts.Client, name, metav1.DeleteOptions{}); err != nil {
			return fmt.Errorf("excess tls-assets Secret: %w", err)
		}
	}
}

// TLSAssetsVolume projects every tls-assets Secret shard into one folder.
func TLSAssetsVolume(secretNames []string) corev1.Volume {
	sources := make([]corev1.VolumeProjection, 0, len(secretNames))
	for _, name := range secretNames {
		sources = append(sources, corev1.VolumeProjection{Secret: &corev1.SecretProjection{
			LocalObjectReference: corev1.LocalObjectReference{Name: name},
		}})
	}
	return corev1.Volume{Name: TLSAssetsVolumeName, VolumeSource: corev1.VolumeSource{
		Projected: &corev1.ProjectedVolumeSource{Sources: sources},
	}}
}
