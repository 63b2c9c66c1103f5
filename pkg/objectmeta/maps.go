// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package objectmeta

import (
	"maps"
	"strings"
)

// MergeMaps returns a new map holding the entries of every layer. A key set
// in several layers takes the value of the last one, so callers list layers
// from the weakest to the strongest. The result is nil when all layers are
// empty, like an unset labels field.
func MergeMaps(layers ...map[string]string) map[string]string {
	var merged map[string]string
	for _, layer := range layers {
		if len(layer) == 0 {
			continue
		}
		if merged == nil {
			merged = make(map[string]string, len(layer))
		}
		maps.Copy(merged, layer)
	}
	return merged
}

// WithoutKeyPrefix returns a copy of entries without the keys that start with
// prefix, such as the kubectl.kubernetes.io/ annotations that must not be
// copied from a custom resource onto the objects generated from it.
func WithoutKeyPrefix(entries map[string]string, prefix string) map[string]string {
	var kept map[string]string
	for key, value := range entries {
		if strings.HasPrefix(key, prefix) {
			continue
		}
		if kept == nil {
			kept = make(map[string]string, len(entries))
		}
		kept[key] = value
	}
	return kept
}
