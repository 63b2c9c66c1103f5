// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"path"
	"slices"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// TLSAssetsDir is where the tls-assets Secret is mounted in the Prometheus
// container; the configuration refers to TLS files under it.
const TLSAssetsDir = "/etc/prometheus/certs"

// Store gives the generator the values of the Secret and ConfigMap keys that
// monitors and the workload refer to. The controller implements it on top
// of its informers; tests use MapStore.
type Store interface {
	// SecretKey returns the value of a key of a Secret in namespace.
	SecretKey(namespace string, selector corev1.SecretKeySelector) (string, error)
	// ConfigMapKey returns the value of a key of a ConfigMap in namespace.
	ConfigMapKey(namespace string, selector corev1.ConfigMapKeySelector) (string, error)
}

// MapStore is a Store backed by maps keyed "<namespace>/<name>", then by key.
type MapStore struct {
	Secrets    map[string]map[string]string
	ConfigMaps map[string]map[string]string
}

// SecretKey implements Store.
func (s MapStore) SecretKey(namespace string, selector corev1.SecretKeySelector) (string, error) {
	return lookup(s.Secrets, "secret", namespace, selector.Name, selector.Key)
}

// ConfigMapKey implements Store.
func (s MapStore) ConfigMapKey(namespace string, selector corev1.ConfigMapKeySelector) (string, error) {
	return lookup(s.ConfigMaps, "configmap", namespace, selector.Name, selector.Key)
}

func lookup(objects map[string]map[string]string, kind, namespace, name, key string) (string, error) {
	data, ok := objects[namespace+"/"+name]
	if !ok {
		return "", fmt.Errorf("%s %s/%s not found", kind, namespace, name)
	}
	value, ok := data[key]
	if !ok {
		return "", fmt.Errorf("key %q not found in %s %s/%s", key, kind, namespace, name)
	}
	return value, nil
}

// TLSAsset is one file of the tls-assets Secret that the configuration
// refers to: the controller writes Data under Key.
type TLSAsset struct {
	// Key is the file name inside TLSAssetsDir: "<0|1>_<namespace>_<name>_<key>"
	// where 0 marks a Secret and 1 a ConfigMap.
	Key string
	// Data is the content of the file.
	Data string
}

// tlsAssets gathers the TLS files referenced while building one part of the
// configuration, so that the files of a rejected monitor can be dropped.
type tlsAssets map[string]string

// add records the asset of a Secret or ConfigMap key and returns the path
// the configuration uses for it.
func (a tlsAssets) add(store Store, namespace string, source monitoringv1.SecretOrConfigMap) (string, error) {
	var key, data string
	var err error
	switch {
	case source.Secret != nil:
		key = fmt.Sprintf("0_%s_%s_%s", namespace, source.Secret.Name, source.Secret.Key)
		data, err = store.SecretKey(namespace, *source.Secret)
	case source.ConfigMap != nil:
		key = fmt.Sprintf("1_%s_%s_%s", namespace, source.ConfigMap.Name, source.ConfigMap.Key)
		data, err = store.ConfigMapKey(namespace, *source.ConfigMap)
	default:
		return "", nil
	}
	if err != nil {
		return "", err
	}
	a[key] = data
	return path.Join(TLSAssetsDir, key), nil
}

// merge copies other into a.
func (a tlsAssets) merge(other tlsAssets) {
	for key, data := range other {
		a[key] = data
	}
}

// sorted lists the assets by key.
func (a tlsAssets) sorted() []TLSAsset {
	out := make([]TLSAsset, 0, len(a))
	for key, data := range a {
		out = append(out, TLSAsset{Key: key, Data: data})
	}
	slices.SortFunc(out, func(x, y TLSAsset) int {
		switch {
		case x.Key < y.Key:
			return -1
		case x.Key > y.Key:
			return 1
		}
		return 0
	})
	return out
}

// secretValue reads a Secret key and names the field in the error.
func secretValue(store Store, namespace, field string, selector corev1.SecretKeySelector) (string, error) {
	value, err := store.SecretKey(namespace, selector)
	if err != nil {
		return "", fmt.Errorf("%s: %w", field, err)
	}
	return value, nil
}

// secretOrConfigMapValue reads a Secret or ConfigMap key.
func secretOrConfigMapValue(store Store, namespace, field string, source monitoringv1.SecretOrConfigMap) (string, error) {
	switch {
	case source.Secret != nil:
		return secretValue(store, namespace, field, *source.Secret)
	case source.ConfigMap != nil:
		value, err := store.ConfigMapKey(namespace, *source.ConfigMap)
		if err != nil {
			return "", fmt.Errorf("%s: %w", field, err)
		}
		return value, nil
	}
	return "", fmt.Errorf("%s: neither a Secret nor a ConfigMap key is set", field)
}
