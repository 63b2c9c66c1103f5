// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package rules

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// Pack splits the files over ConfigMaps of at most MaxConfigMapDataSize
// bytes, first fit in file name order, and returns one data map per
// ConfigMap: at least one, maybe empty.
func Pack(files map[string]string) ([]map[string]string, error) {
	buckets := []map[string]string{{}}
	size := 0
	for _, name := range slices.Sorted(maps.Keys(files)) {
		content := files[name]
		if len(content) > MaxConfigMapDataSize {
			return nil, fmt.Errorf("rule file %q is too large for a ConfigMap", name)
		}
		if size+len(content) > MaxConfigMapDataSize {
			buckets = append(buckets, map[string]string{})
			size = 0
		}
		buckets[len(buckets)-1][name] = content
		size += len(content)
	}
	return buckets, nil
}

// ConfigMapName is the i-th rule ConfigMap of a workload, "<prefix>-rulefiles-<i>".
func ConfigMapName(prefix string, index int) string {
	return fmt.Sprintf("%s-rulefiles-%d", prefix, index)
}

// ConfigMapOptions say how one workload's rule ConfigMaps are written.
type ConfigMapOptions struct {
	// Client writes in the workload's namespace.
	Client corev1client.ConfigMapInterface
	// Prefix starts the names: "prometheus-<name>", "thanos-ruler-<name>".
	Prefix string
	// Label ties the ConfigMaps to the workload ("prometheus-name: <name>").
	Label map[string]string
	// Metadata returns the metadata of the named ConfigMap (owner, labels
	// including Label, annotations).
	Metadata func(name string) metav1.ObjectMeta
	// OwnerUID is the workload's UID: only ConfigMaps it controls are deleted.
	OwnerUID string
	// MinimumNames pads the returned names: the pods mount them (optional
	// volumes), so that a little growth does not change the pod template.
	// ThanosRuler uses 1 (exactly the real ones), Prometheus 3.
	MinimumNames int
	// Memo, when set, spares the requests for ConfigMaps known to be
	// converged, and the list of excess ones when the set written did not
	// change (see kube.WriteMemo). Owner groups its entries.
	Memo  *kube.WriteMemo
	Owner string
}

// writtenNote is the write memo's note of the ConfigMaps written last.
const writtenNote = "rule-configmaps"

// SyncConfigMaps packs the files into the workload's rule ConfigMaps,
// writes those that changed, deletes those no longer needed and returns the
// names to mount.
func SyncConfigMaps(ctx context.Context, files map[string]string, opts ConfigMapOptions) ([]string, error) {
	buckets, err := Pack(files)
	if err != nil {
		return nil, err
	}
	wanted := map[string]bool{}
	for index, data := range buckets {
		name := ConfigMapName(opts.Prefix, index)
		wanted[name] = true
		configMap := &corev1.ConfigMap{ObjectMeta: opts.Metadata(name), Data: data}
		memo := kube.Remembered{Memo: opts.Memo, Owner: opts.Owner}
		if _, err := kube.CreateOrUpdateRemembered(ctx, opts.Client, configMap, kube.MergeConfigMap, memo); err != nil {
			return nil, fmt.Errorf("rule ConfigMap: %w", err)
		}
	}
	// Excess ConfigMaps go once the new ones are in place, so that the
	// reloader never sees rules missing; none appeared since the same set
	// was written last.
	written := strconv.Itoa(len(buckets)) + " " + opts.OwnerUID
	if previous, known := opts.Memo.Note(opts.Owner, writtenNote); !known || previous != written {
		if err := deleteExcess(ctx, wanted, opts); err != nil {
			return nil, err
		}
		opts.Memo.SetNote(opts.Owner, writtenNote, written)
	}
	names := make([]string, 0, max(len(buckets), opts.MinimumNames))
	for index := range max(len(buckets), opts.MinimumNames) {
		names = append(names, ConfigMapName(opts.Prefix, index))
	}
	return names, nil
}

// deleteExcess deletes the workload's rule ConfigMaps not in wanted.
func deleteExcess(ctx context.Context, wanted map[string]bool, opts ConfigMapOptions) error {
	existing, err := opts.Client.List(ctx, metav1.ListOptions{LabelSelector: labels.SelectorFromSet(opts.Label).String()})
	if err != nil {
		return fmt.Errorf("list rule ConfigMaps: %w", err)
	}
	for _, configMap := range existing.Items {
		owner := metav1.GetControllerOf(&configMap)
		if wanted[configMap.Name] || owner == nil || string(owner.UID) != opts.OwnerUID {
			continue
		}
		opts.Memo.Forget(opts.Owner, cache.NewObjectName(configMap.Namespace, configMap.Name))
		if err := kube.DeleteIgnoringNotFound(ctx, opts.Client, configMap.Name, metav1.DeleteOptions{}); err != nil {
			return fmt.Errorf("excess rule ConfigMap: %w", err)
		}
	}
	return nil
}
