// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package objectmeta

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/utils/ptr"
)

// ControllerReference returns an owner reference marking owner as the
// managing controller of the object it is set on: deleting the owner
// deletes the object, and the owner's deletion waits for it in foreground
// propagation.
func ControllerReference(owner metav1.Object, kind schema.GroupVersionKind) metav1.OwnerReference {
	reference := OwnerReference(owner, kind)
	reference.Controller = ptr.To(true)
	reference.BlockOwnerDeletion = ptr.To(true)
	return reference
}

// OwnerReference returns a plain owner reference to owner: the object is
// garbage-collected once every owner is gone. Objects shared by several
// owners (a governing Service) carry one such reference per owner.
func OwnerReference(owner metav1.Object, kind schema.GroupVersionKind) metav1.OwnerReference {
	return metav1.OwnerReference{
		APIVersion: kind.GroupVersion().String(),
		Kind:       kind.Kind,
		Name:       owner.GetName(),
		UID:        owner.GetUID(),
	}
}

// MergeOwnerReferences returns existing with each wanted reference added, or
// replacing the existing reference with the same UID. The order of existing
// references is kept, new ones are appended.
func MergeOwnerReferences(existing, wanted []metav1.OwnerReference) []metav1.OwnerReference {
	merged := append([]metav1.OwnerReference(nil), existing...)
	for _, reference := range wanted {
		replaced := false
		for i := range merged {
			if merged[i].UID == reference.UID {
				merged[i] = reference
				replaced = true
				break
			}
		}
		if !replaced {
			merged = append(merged, reference)
		}
	}
	return merged
}
