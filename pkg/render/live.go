// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"context"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// LiveComparison is a render next to the live objects, both as saved-render
// files (Files), ready for WriteDiff.
type LiveComparison struct {
	// Live holds the live objects of the rendered names (an object absent
	// from the cluster has no file).
	Live map[string]string
	// Rendered holds the rendered objects as the API server would store
	// them, after a server-side dry run.
	Rendered map[string]string
	// Warnings say which objects could not be dry-run (their rendered form
	// is compared as it is, so server defaults show as differences).
	Warnings []string
}

// CompareLive reads the live object of each rendered one through client and
// dry-runs the rendered one against the API server (an update carrying the
// live resourceVersion, or a create), the way kubectl diff does, so that
// the fields the server defaults do not show as differences. Both sides are
// normalized (Normalize), and the input-hash annotation is left out of both:
// its value digests the stored, server-defaulted spec after the operator's
// first write, which no offline render can know.
func CompareLive(ctx context.Context, client dynamic.Interface, objects []*unstructured.Unstructured) (*LiveComparison, error) {
	comparison := &LiveComparison{Live: map[string]string{}, Rendered: map[string]string{}}
	for _, obj := range objects {
		resource := client.Resource(resourceOf(obj.GroupVersionKind())).Namespace(obj.GetNamespace())
		live, err := resource.Get(ctx, obj.GetName(), metav1.GetOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			return nil, fmt.Errorf("read %s %s: %w", obj.GetKind(), describe(obj), err)
		}
		rendered := obj.DeepCopy()
		fillOwnerUIDs(ctx, client, rendered, live)
		var stored *unstructured.Unstructured
		if err == nil {
			rendered.SetResourceVersion(live.GetResourceVersion())
			stored, err = resource.Update(ctx, rendered, metav1.UpdateOptions{DryRun: []string{metav1.DryRunAll}})
		} else {
			live = nil
			stored, err = resource.Create(ctx, rendered, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		}
		if err != nil {
			comparison.Warnings = append(comparison.Warnings, fmt.Sprintf("%s %s: server dry run failed, comparing the render as it is: %v",
				obj.GetKind(), describe(obj), err))
			stored = obj.DeepCopy()
		}
		name := FileName(obj)
		if comparison.Rendered[name], err = comparable(stored); err != nil {
			return nil, err
		}
		if live != nil {
			if comparison.Live[name], err = comparable(live); err != nil {
				return nil, err
			}
		}
	}
	return comparison, nil
}

// fillOwnerUIDs sets the UID of each owner reference of obj, which the
// render leaves out and the API server requires: the live object's, or
// the owner's own when the object is not live yet. An owner that cannot be
// read keeps no UID, and the dry run then fails with a warning.
func fillOwnerUIDs(ctx context.Context, client dynamic.Interface, obj, live *unstructured.Unstructured) {
	owners := obj.GetOwnerReferences()
	for i, owner := range owners {
		if live != nil {
			for _, liveOwner := range live.GetOwnerReferences() {
				if liveOwner.APIVersion == owner.APIVersion && liveOwner.Kind == owner.Kind && liveOwner.Name == owner.Name {
					owners[i].UID = liveOwner.UID
				}
			}
		}
		if owners[i].UID != "" {
			continue
		}
		version, err := schema.ParseGroupVersion(owner.APIVersion)
		if err != nil {
			continue
		}
		resource := resourceOf(version.WithKind(owner.Kind))
		if stored, err := client.Resource(resource).Namespace(obj.GetNamespace()).Get(ctx, owner.Name, metav1.GetOptions{}); err == nil {
			owners[i].UID = stored.GetUID()
		}
	}
	obj.SetOwnerReferences(owners)
}

// LiveUIDs reads the UIDs of the input objects that exist in the cluster,
// by ObjectKey, for Options.UIDs: a render meant for a comparison with the
// cluster then names rule files as the operator did there.
func LiveUIDs(ctx context.Context, client dynamic.Interface, manifests []*unstructured.Unstructured) map[string]types.UID {
	uids := map[string]types.UID{}
	for _, obj := range manifests {
		if obj.GroupVersionKind().Group != "monitoring.coreos.com" {
			continue
		}
		key := ObjectKey(obj)
		live, err := client.Resource(resourceOf(obj.GroupVersionKind())).Namespace(namespaceOf(obj)).Get(ctx, obj.GetName(), metav1.GetOptions{})
		if err == nil {
			uids[key] = live.GetUID()
		}
	}
	return uids
}

func namespaceOf(obj *unstructured.Unstructured) string {
	if obj.GetNamespace() == "" {
		return metav1.NamespaceDefault
	}
	return obj.GetNamespace()
}

// comparable is the presented YAML of obj, normalized, without the
// input-hash annotation.
func comparable(obj *unstructured.Unstructured) (string, error) {
	obj = Normalize(obj.DeepCopy())
	unstructured.RemoveNestedField(obj.Object, "metadata", "annotations", operator.InputHashAnnotation)
	if annotations, found, _ := unstructured.NestedMap(obj.Object, "metadata", "annotations"); found && len(annotations) == 0 {
		unstructured.RemoveNestedField(obj.Object, "metadata", "annotations")
	}
	return YAML(obj)
}

// resourceOf names the resource of the kinds the controllers write.
func resourceOf(gvk schema.GroupVersionKind) schema.GroupVersionResource {
	resource := strings.ToLower(gvk.Kind)
	switch {
	case strings.HasSuffix(resource, "s"):
		resource += "es"
	case strings.HasSuffix(resource, "y"):
		resource = strings.TrimSuffix(resource, "y") + "ies"
	default:
		resource += "s"
	}
	return gvk.GroupVersion().WithResource(resource)
}
