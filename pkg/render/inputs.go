// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	monitoringv1beta1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1beta1"
)

// coreKinds are the Kubernetes kinds the controllers read: everything else
// that is not a monitoring.coreos.com kind is ignored.
var coreKinds = map[schema.GroupVersionKind]bool{
	corev1.SchemeGroupVersion.WithKind("Namespace"):       true,
	corev1.SchemeGroupVersion.WithKind("Secret"):          true,
	corev1.SchemeGroupVersion.WithKind("ConfigMap"):       true,
	corev1.SchemeGroupVersion.WithKind("Service"):         true,
	storagev1.SchemeGroupVersion.WithKind("StorageClass"): true,
}

// clusterScoped are the kinds read that have no namespace.
var clusterScoped = map[string]bool{"Namespace": true, "StorageClass": true}

// inputs are the manifests as the API server would store them, split by
// the fake clientset that holds them.
type inputs struct {
	kube       []runtime.Object
	monitoring []runtime.Object
	// warnings are printed on stderr; they do not fail the render.
	warnings []string
	// ignored counts the objects of kinds the controllers do not read.
	ignored int
}

// storedObject is one input after defaulting, keyed for deduplication.
type storedObject struct {
	key    string
	object runtime.Object
}

// prepareInputs converts the manifests into typed objects the way the API
// server stores them: the namespace defaults to "default", custom resources
// get their CRD's defaults and unknown fields pruned, a v1beta1
// AlertmanagerConfig is converted to v1alpha1, Secrets' stringData is
// merged into data, and every Namespace carries the
// kubernetes.io/metadata.name label. A later object of the same kind,
// namespace and name replaces an earlier one, as a later apply would.
func prepareInputs(objects []*unstructured.Unstructured, scheme *runtime.Scheme, uids map[string]types.UID) (*inputs, error) {
	var stored []storedObject
	index := map[string]int{}
	result := &inputs{}
	for _, source := range objects {
		obj := source.DeepCopy()
		gvk := obj.GroupVersionKind()
		custom, err := applySchema(obj)
		if err != nil {
			return nil, err
		}
		if !custom && !coreKinds[gvk] {
			result.ignored++
			continue
		}
		if !clusterScoped[gvk.Kind] && obj.GetNamespace() == "" {
			obj.SetNamespace(metav1.NamespaceDefault)
		}
		typed, err := toTyped(obj, scheme)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", gvk.Kind, describe(obj), err)
		}
		key := gvk.GroupKind().String() + "/" + obj.GetNamespace() + "/" + obj.GetName()
		if at, ok := index[key]; ok {
			stored[at].object = typed
			continue
		}
		index[key] = len(stored)
		stored = append(stored, storedObject{key: key, object: typed})
	}
	addMissingNamespaces(&stored, result)
	for _, item := range stored {
		accessor := item.object.(metav1.Object)
		accessor.SetUID(uidFor(item.key, uids))
		switch item.object.(type) {
		case *corev1.Namespace, *corev1.Secret, *corev1.ConfigMap, *corev1.Service, *storagev1.StorageClass:
			result.kube = append(result.kube, item.object)
		default:
			accessor.SetGeneration(1)
			result.monitoring = append(result.monitoring, item.object)
		}
	}
	return result, nil
}

// ObjectKey is how Options.UIDs names an input object:
// "<kind>.<group>/<namespace>/<name>" ("<kind>/..." for the core group).
func ObjectKey(obj *unstructured.Unstructured) string {
	namespace := obj.GetNamespace()
	if namespace == "" && !clusterScoped[obj.GetKind()] {
		namespace = metav1.NamespaceDefault
	}
	return obj.GroupVersionKind().GroupKind().String() + "/" + namespace + "/" + obj.GetName()
}

// uidFor is the UID of the input object of key: the one given (the live
// object's), or else a UUID derived from key, so that it does not change
// when other objects are added. Rule file names carry the PrometheusRule's
// UID, which only the API server assigns.
func uidFor(key string, uids map[string]types.UID) types.UID {
	if uid, ok := uids[key]; ok {
		return uid
	}
	sum := sha256.Sum256([]byte(key))
	hexSum := hex.EncodeToString(sum[:16])
	return types.UID(hexSum[0:8] + "-" + hexSum[8:12] + "-" + hexSum[12:16] + "-" + hexSum[16:20] + "-" + hexSum[20:32])
}

// toTyped converts obj into its Go type, with the defaulting the API server
// applies to the few fields the controllers read.
func toTyped(obj *unstructured.Unstructured, scheme *runtime.Scheme) (runtime.Object, error) {
	if obj.GroupVersionKind() == monitoringv1beta1.SchemeGroupVersion.WithKind(monitoringv1alpha1.AlertmanagerConfigKind) {
		var beta monitoringv1beta1.AlertmanagerConfig
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, &beta); err != nil {
			return nil, err
		}
		hub := &monitoringv1alpha1.AlertmanagerConfig{}
		if err := beta.ConvertTo(hub); err != nil {
			return nil, fmt.Errorf("convert to v1alpha1: %w", err)
		}
		hub.SetGroupVersionKind(monitoringv1alpha1.SchemeGroupVersion.WithKind(monitoringv1alpha1.AlertmanagerConfigKind))
		return hub, nil
	}
	typed, err := scheme.New(obj.GroupVersionKind())
	if err != nil {
		return nil, err
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(obj.Object, typed); err != nil {
		return nil, err
	}
	switch typed := typed.(type) {
	case *corev1.Namespace:
		typed.Labels = withNameLabel(typed.Labels, typed.Name)
	case *corev1.Secret:
		if typed.Type == "" {
			typed.Type = corev1.SecretTypeOpaque
		}
		for key, value := range typed.StringData {
			if typed.Data == nil {
				typed.Data = map[string][]byte{}
			}
			typed.Data[key] = []byte(value)
		}
		typed.StringData = nil
	}
	return typed, nil
}

func withNameLabel(labels map[string]string, name string) map[string]string {
	if labels == nil {
		labels = map[string]string{}
	}
	labels[corev1.LabelMetadataName] = name
	return labels
}

// addMissingNamespaces adds each namespace an object lives in that the
// input does not define: with no labels but kubernetes.io/metadata.name
// (which the API server sets on every namespace), and a warning. "default"
// exists in every cluster and is added silently.
func addMissingNamespaces(stored *[]storedObject, result *inputs) {
	defined := map[string]bool{}
	var referenced []string
	for _, item := range *stored {
		accessor := item.object.(metav1.Object)
		if _, ok := item.object.(*corev1.Namespace); ok {
			defined[accessor.GetName()] = true
		} else if namespace := accessor.GetNamespace(); namespace != "" {
			referenced = append(referenced, namespace)
		}
	}
	referenced = append(referenced, metav1.NamespaceDefault)
	slices.Sort(referenced)
	for _, namespace := range slices.Compact(referenced) {
		if defined[namespace] {
			continue
		}
		if namespace != metav1.NamespaceDefault {
			result.warnings = append(result.warnings, fmt.Sprintf(
				"namespace %s is referenced but not in the input: it is treated as having no labels (but %s)",
				namespace, corev1.LabelMetadataName))
		}
		*stored = append(*stored, storedObject{key: "Namespace//" + namespace, object: &corev1.Namespace{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
			ObjectMeta: metav1.ObjectMeta{Name: namespace, Labels: withNameLabel(nil, namespace)},
		}})
	}
}

// describe names an object in an error: namespace/name or name.
func describe(obj metav1.Object) string {
	if obj.GetNamespace() == "" {
		return obj.GetName()
	}
	return obj.GetNamespace() + "/" + obj.GetName()
}
