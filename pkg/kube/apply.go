// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package kube holds the operator's helpers around the Kubernetes API:
// create-or-update of generated objects with conflict retries, status
// writes, the event recorder, CRD discovery and namespace-scoped informer
// sets that read like one cache.
package kube

import (
	"context"
	"fmt"
	"maps"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/util/retry"

	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
)

// Outcome says what CreateOrUpdate did.
type Outcome string

// The outcomes of CreateOrUpdate.
const (
	Unchanged Outcome = "unchanged"
	Created   Outcome = "created"
	Updated   Outcome = "updated"
)

// ObjectClient is the part of a typed client CreateOrUpdate needs; every
// typed client of client-go (Secrets(ns), ConfigMaps(ns), ...) satisfies it.
type ObjectClient[T metav1.Object] interface {
	Get(ctx context.Context, name string, options metav1.GetOptions) (T, error)
	Create(ctx context.Context, obj T, options metav1.CreateOptions) (T, error)
	Update(ctx context.Context, obj T, options metav1.UpdateOptions) (T, error)
}

// MergeFunc lays desired over a copy of existing and reports whether the
// copy differs from existing. It must not modify existing.
type MergeFunc[T metav1.Object] func(existing, desired T) (merged T, changed bool)

// CreateOrUpdate creates desired, or, when an object of that name exists,
// merges desired into it and writes it only when something changed. A
// conflict, or a creation beaten by another writer, re-reads the object
// and merges again.
func CreateOrUpdate[T metav1.Object](ctx context.Context, client ObjectClient[T], desired T, merge MergeFunc[T]) (Outcome, error) {
	outcome, _, err := createOrUpdate(ctx, client, desired, merge)
	if err != nil {
		return outcome, fmt.Errorf("create or update %s: %w", desired.GetName(), err)
	}
	return outcome, nil
}

// createOrUpdate is CreateOrUpdate returning the object as stored
// afterwards: as created, as updated, or as read when unchanged.
func createOrUpdate[T metav1.Object](ctx context.Context, client ObjectClient[T], desired T, merge MergeFunc[T]) (Outcome, T, error) {
	outcome := Unchanged
	var stored T
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		existing, err := client.Get(ctx, desired.GetName(), metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			created, err := client.Create(ctx, desired, metav1.CreateOptions{})
			if apierrors.IsAlreadyExists(err) {
				// Created by someone else since the read (another workload
				// sharing the object): read it again and merge.
				return apierrors.NewConflict(schema.GroupResource{}, desired.GetName(), err)
			}
			if err != nil {
				return err
			}
			outcome, stored = Created, created
			return nil
		}
		if err != nil {
			return err
		}
		merged, changed := merge(existing, desired)
		if !changed {
			outcome, stored = Unchanged, existing
			return nil
		}
		updated, err := client.Update(ctx, merged, metav1.UpdateOptions{})
		if err != nil {
			return err
		}
		outcome, stored = Updated, updated
		return nil
	})
	return outcome, stored, err
}

// MergeMetadata lays the labels, annotations and owner references of
// desired over those of target (a copy of the existing object), keeping
// what others added, and reports whether anything changed.
func MergeMetadata(target, desired metav1.Object) bool {
	labels := objectmeta.MergeMaps(target.GetLabels(), desired.GetLabels())
	annotations := objectmeta.MergeMaps(target.GetAnnotations(), desired.GetAnnotations())
	owners := objectmeta.MergeOwnerReferences(target.GetOwnerReferences(), desired.GetOwnerReferences())
	changed := !maps.Equal(labels, target.GetLabels()) ||
		!maps.Equal(annotations, target.GetAnnotations()) ||
		!apiequality.Semantic.DeepEqual(owners, target.GetOwnerReferences())
	target.SetLabels(labels)
	target.SetAnnotations(annotations)
	target.SetOwnerReferences(owners)
	return changed
}

// MergeSecret replaces the data and type of the existing Secret and merges
// its metadata.
func MergeSecret(existing, desired *corev1.Secret) (*corev1.Secret, bool) {
	merged := existing.DeepCopy()
	changed := MergeMetadata(merged, desired)
	if !apiequality.Semantic.DeepEqual(nonEmpty(merged.Data), nonEmpty(desired.Data)) {
		merged.Data = desired.Data
		changed = true
	}
	if len(merged.StringData) > 0 {
		merged.StringData = nil
		changed = true
	}
	if desired.Type != "" && merged.Type != desired.Type {
		merged.Type = desired.Type
		changed = true
	}
	return merged, changed
}

// MergeConfigMap replaces the data of the existing ConfigMap and merges its
// metadata.
func MergeConfigMap(existing, desired *corev1.ConfigMap) (*corev1.ConfigMap, bool) {
	merged := existing.DeepCopy()
	changed := MergeMetadata(merged, desired)
	if !apiequality.Semantic.DeepEqual(nonEmpty(merged.Data), nonEmpty(desired.Data)) {
		merged.Data = desired.Data
		changed = true
	}
	if !apiequality.Semantic.DeepEqual(nonEmpty(merged.BinaryData), nonEmpty(desired.BinaryData)) {
		merged.BinaryData = desired.BinaryData
		changed = true
	}
	return merged, changed
}

// MergeService lays the desired spec over the existing Service, keeping
// the fields the API server allocates (cluster IPs, IP families, health
// check node port), and merges its metadata.
func MergeService(existing, desired *corev1.Service) (*corev1.Service, bool) {
	merged := existing.DeepCopy()
	changed := MergeMetadata(merged, desired)
	spec := desired.Spec.DeepCopy()
	spec.ClusterIP = existing.Spec.ClusterIP
	spec.ClusterIPs = existing.Spec.ClusterIPs
	if spec.IPFamilies == nil {
		spec.IPFamilies = existing.Spec.IPFamilies
	}
	if spec.IPFamilyPolicy == nil {
		spec.IPFamilyPolicy = existing.Spec.IPFamilyPolicy
	}
	if spec.SessionAffinity == "" {
		spec.SessionAffinity = existing.Spec.SessionAffinity
	}
	if spec.Type == "" {
		spec.Type = existing.Spec.Type
	}
	if spec.InternalTrafficPolicy == nil {
		spec.InternalTrafficPolicy = existing.Spec.InternalTrafficPolicy
	}
	spec.HealthCheckNodePort = existing.Spec.HealthCheckNodePort
	for i := range spec.Ports {
		// The API server fills these in; leaving them empty would look
		// like a change on every comparison.
		if spec.Ports[i].Protocol == "" {
			spec.Ports[i].Protocol = corev1.ProtocolTCP
		}
		if spec.Ports[i].TargetPort.IntVal == 0 && spec.Ports[i].TargetPort.StrVal == "" {
			spec.Ports[i].TargetPort.IntVal = spec.Ports[i].Port
		}
	}
	if !apiequality.Semantic.DeepEqual(merged.Spec, *spec) {
		merged.Spec = *spec
		changed = true
	}
	return merged, changed
}

// nonEmpty maps an empty map to nil so that "no data" compares equal
// however it is spelled.
func nonEmpty[K comparable, V any](m map[K]V) map[K]V {
	if len(m) == 0 {
		return nil
	}
	return m
}

// DeleteIgnoringNotFound deletes name with client and treats an object that
// is already gone as deleted.
func DeleteIgnoringNotFound(ctx context.Context, deleter interface {
	Delete(ctx context.Context, name string, options metav1.DeleteOptions) error
}, name string, options metav1.DeleteOptions) error {
	if err := deleter.Delete(ctx, name, options); err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("delete %s: %w", name, err)
	}
	return nil
}

// ForegroundDeletion deletes dependents (the pods of a StatefulSet) before
// the object itself disappears.
func ForegroundDeletion() metav1.DeleteOptions {
	policy := metav1.DeletePropagationForeground
	return metav1.DeleteOptions{PropagationPolicy: &policy}
}
