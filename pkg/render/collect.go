// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"cmp"
	"fmt"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kubefake "k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// writtenRef names an object a controller created or changed.
type writtenRef struct {
	resource        schema.GroupVersionResource
	namespace, name string
}

// collectWritten returns the objects the controllers created, updated or
// patched through the Kubernetes clientset, as they stand at the end
// (a deleted one is left out), without server-set metadata, sorted.
func collectWritten(client *kubefake.Clientset, scheme *runtime.Scheme) ([]*unstructured.Unstructured, error) {
	seen := map[writtenRef]bool{}
	var refs []writtenRef
	for _, action := range client.Actions() {
		ref, ok := writtenBy(action)
		if ok && !seen[ref] {
			seen[ref] = true
			refs = append(refs, ref)
		}
	}
	var objects []*unstructured.Unstructured
	for _, ref := range refs {
		stored, err := client.Tracker().Get(ref.resource, ref.namespace, ref.name)
		if apierrors.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read back %s %s/%s: %w", ref.resource.Resource, ref.namespace, ref.name, err)
		}
		object, err := toUnstructured(stored, scheme)
		if err != nil {
			return nil, err
		}
		objects = append(objects, Normalize(object))
	}
	SortObjects(objects)
	return objects, nil
}

// writtenBy names the object a create, update or patch wrote; other
// actions (reads, deletes, status subresources) name none.
func writtenBy(action k8stesting.Action) (writtenRef, bool) {
	if action.GetSubresource() != "" {
		return writtenRef{}, false
	}
	ref := writtenRef{resource: action.GetResource(), namespace: action.GetNamespace()}
	switch typed := action.(type) {
	case k8stesting.CreateAction: // updates too: the same methods
		accessor, err := meta.Accessor(typed.GetObject())
		if err != nil {
			return writtenRef{}, false
		}
		ref.name = accessor.GetName()
	case k8stesting.PatchAction:
		ref.name = typed.GetName()
	default:
		return writtenRef{}, false
	}
	return ref, true
}

// toUnstructured converts a typed object, setting its apiVersion and kind.
func toUnstructured(obj runtime.Object, scheme *runtime.Scheme) (*unstructured.Unstructured, error) {
	kinds, _, err := scheme.ObjectKinds(obj)
	if err != nil || len(kinds) == 0 {
		return nil, fmt.Errorf("kind of %T: %w", obj, err)
	}
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, fmt.Errorf("convert %T: %w", obj, err)
	}
	object := &unstructured.Unstructured{Object: content}
	object.SetGroupVersionKind(kinds[0])
	return object, nil
}

// SortObjects sorts by kind, namespace and name.
func SortObjects(objects []*unstructured.Unstructured) {
	slices.SortFunc(objects, func(a, b *unstructured.Unstructured) int {
		return cmp.Or(cmp.Compare(a.GetKind(), b.GetKind()), cmp.Compare(a.GetNamespace(), b.GetNamespace()),
			cmp.Compare(a.GetName(), b.GetName()))
	})
}

// sortRejections sorts by kind, namespace, name and reason.
func sortRejections(rejections []Rejection) {
	slices.SortFunc(rejections, func(a, b Rejection) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Namespace, b.Namespace),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.Reason, b.Reason))
	})
}
