// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package assets

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// KeyReader gives configuration generators the values of the Secret and
// ConfigMap keys that custom resources refer to. A View implements it on
// top of the cached Store; tests and callers with the data at hand use
// MapStore.
type KeyReader interface {
	// SecretKey returns the value of a key of a Secret in namespace.
	SecretKey(namespace string, selector corev1.SecretKeySelector) (string, error)
	// ConfigMapKey returns the value of a key of a ConfigMap in namespace.
	ConfigMapKey(namespace string, selector corev1.ConfigMapKeySelector) (string, error)
}

var _ KeyReader = (*View)(nil)

// MapStore is a KeyReader backed by maps keyed "<namespace>/<name>", then
// by key.
type MapStore struct {
	Secrets    map[string]map[string]string
	ConfigMaps map[string]map[string]string
}

// SecretKey implements KeyReader.
func (s MapStore) SecretKey(namespace string, selector corev1.SecretKeySelector) (string, error) {
	return lookup(s.Secrets, "secret", namespace, selector.Name, selector.Key)
}

// ConfigMapKey implements KeyReader.
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

// SecretValue reads a Secret key and names field in the error.
func SecretValue(reader KeyReader, namespace, field string, selector corev1.SecretKeySelector) (string, error) {
	value, err := reader.SecretKey(namespace, selector)
	if err != nil {
		return "", fmt.Errorf("%s: %w", field, err)
	}
	return value, nil
}

// SecretOrConfigMapValue reads the key of a Secret or a ConfigMap, naming
// field in the error.
func SecretOrConfigMapValue(reader KeyReader, namespace, field string, source monitoringv1.SecretOrConfigMap) (string, error) {
	switch {
	case source.Secret != nil:
		return SecretValue(reader, namespace, field, *source.Secret)
	case source.ConfigMap != nil:
		value, err := reader.ConfigMapKey(namespace, *source.ConfigMap)
		if err != nil {
			return "", fmt.Errorf("%s: %w", field, err)
		}
		return value, nil
	}
	return "", fmt.Errorf("%s: neither a Secret nor a ConfigMap key is set", field)
}
