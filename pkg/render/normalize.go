// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// serverSetMetadata are the metadata fields the API server sets; they say
// nothing about what the operator wrote.
var serverSetMetadata = []string{
	"uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink",
	"deletionTimestamp", "deletionGracePeriodSeconds",
}

// Normalize strips what the API server sets from obj, in place, and
// returns it: the server-set metadata, the owner references' UIDs, the
// status, and every empty creationTimestamp (typed objects carry one in
// each embedded ObjectMeta, templates included). The live objects of
// --diff-cluster go through the same function.
func Normalize(obj *unstructured.Unstructured) *unstructured.Unstructured {
	for _, field := range serverSetMetadata {
		unstructured.RemoveNestedField(obj.Object, "metadata", field)
	}
	if owners, found, _ := unstructured.NestedSlice(obj.Object, "metadata", "ownerReferences"); found {
		for _, owner := range owners {
			if owner, ok := owner.(map[string]any); ok {
				delete(owner, "uid")
			}
		}
		_ = unstructured.SetNestedSlice(obj.Object, owners, "metadata", "ownerReferences")
	}
	delete(obj.Object, "status")
	dropNullTimestamps(obj.Object)
	if metadata, ok := obj.Object["metadata"].(map[string]any); ok && len(metadata) == 0 {
		delete(obj.Object, "metadata")
	}
	return obj
}

func dropNullTimestamps(value any) {
	switch typed := value.(type) {
	case map[string]any:
		if timestamp, found := typed["creationTimestamp"]; found && timestamp == nil {
			delete(typed, "creationTimestamp")
		}
		for _, nested := range typed {
			dropNullTimestamps(nested)
		}
	case []any:
		for _, item := range typed {
			dropNullTimestamps(item)
		}
	}
}
