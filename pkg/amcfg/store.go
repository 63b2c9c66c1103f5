// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// Store gives the generator the values of the Secret and ConfigMap keys
// that objects refer to. The controller implements it on top of its
// informers; tests use MapStore. It has the method set of the shared store
// of pkg/httpconfig, so one implementation serves every generator.
type Store interface {
	// SecretKey returns the value of a key of a Secret in namespace.
	SecretKey(namespace string, selector corev1.SecretKeySelector) (string, error)
	// ConfigMapKey returns the value of a key of a ConfigMap in namespace.
	ConfigMapKey(namespace string, selector corev1.ConfigMapKeySelector) (string, error)
}

// MapStore is a Store backed by maps keyed "<namespace>/<name>", then by key.
type MapStore struct {
	// Secrets holds Secret data by "<namespace>/<name>", then by key.
	Secrets map[string]map[string]string
	// ConfigMaps holds ConfigMap data by "<namespace>/<name>", then by key.
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
