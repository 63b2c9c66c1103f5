// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package assets

import (
	"fmt"
	"path"
	"slices"
	"strings"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// TLSAsset is one file of a workload's tls-assets Secret that a generated
// configuration refers to: the controller writes Data under Key.
type TLSAsset struct {
	// Key is the file name inside the mounted directory:
	// "<0|1>_<namespace>_<name>_<key>" where 0 marks a Secret and 1 a ConfigMap.
	Key string
	// Data is the content of the file.
	Data string
}

// TLSAssets gathers the TLS files referenced while building one part of a
// configuration, keyed by file name, so that the files of a rejected object
// can be dropped with it.
type TLSAssets map[string]string

// TLSAssetKey returns the file name of a Secret or ConfigMap key in the
// tls-assets Secret; ok is false when source names neither.
func TLSAssetKey(namespace string, source monitoringv1.SecretOrConfigMap) (key string, ok bool) {
	switch {
	case source.Secret != nil:
		return fmt.Sprintf("0_%s_%s_%s", namespace, source.Secret.Name, source.Secret.Key), true
	case source.ConfigMap != nil:
		return fmt.Sprintf("1_%s_%s_%s", namespace, source.ConfigMap.Name, source.ConfigMap.Key), true
	}
	return "", false
}

// Add reads the Secret or ConfigMap key of source, records it and returns
// the path under dir (where the tls-assets Secret is mounted) that the
// configuration uses for it. A source naming neither adds nothing and
// returns "".
func (a TLSAssets) Add(reader KeyReader, namespace, dir string, source monitoringv1.SecretOrConfigMap) (string, error) {
	key, ok := TLSAssetKey(namespace, source)
	if !ok {
		return "", nil
	}
	var data string
	var err error
	if source.Secret != nil {
		data, err = reader.SecretKey(namespace, *source.Secret)
	} else {
		data, err = reader.ConfigMapKey(namespace, *source.ConfigMap)
	}
	if err != nil {
		return "", err
	}
	a[key] = data
	return path.Join(dir, key), nil
}

// Merge copies other into a.
func (a TLSAssets) Merge(other TLSAssets) {
	for key, data := range other {
		a[key] = data
	}
}

// Sorted lists the assets by key.
func (a TLSAssets) Sorted() []TLSAsset {
	out := make([]TLSAsset, 0, len(a))
	for key, data := range a {
		out = append(out, TLSAsset{Key: key, Data: data})
	}
	slices.SortFunc(out, func(x, y TLSAsset) int { return strings.Compare(x.Key, y.Key) })
	return out
}
