// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package workload holds what every workload controller (Prometheus,
// PrometheusAgent, Alertmanager, ThanosRuler) does with the StatefulSets or
// DaemonSets it generates: apply them, look at and repair their pods, and
// derive the Available and Reconciled conditions.
package workload

import (
	"context"
	"fmt"
	"log/slog"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/util/retry"

	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// ApplyOptions tune Apply.
type ApplyOptions struct {
	// Logger receives a line when an invalid update leads to a re-creation;
	// nil discards it.
	Logger *slog.Logger
	// OnRecreate is called when an update the API refused as invalid made
	// the object be deleted for re-creation (a metric, typically).
	OnRecreate func()
	// ClearAnnotations are removed from the existing object on update; an
	// existing object carrying any of them is updated even when its input
	// hash is current (for example the deletion deadline of a retained
	// shard that is wanted again).
	ClearAnnotations []string
}

// Client is the part of a typed StatefulSet or DaemonSet client Apply needs.
type Client[T metav1.Object] interface {
	kube.ObjectClient[T]
	Delete(ctx context.Context, name string, options metav1.DeleteOptions) error
}

// Object is an object Apply can write: a StatefulSet or a DaemonSet.
type Object interface {
	*appsv1.StatefulSet | *appsv1.DaemonSet
	metav1.Object
}

// Apply creates desired when existing is nil, or updates existing when its
// input hash (operator.InputHashAnnotation) differs from desired's,
// retrying on conflicts with a fresh read. An update the API refuses as
// invalid (an immutable field changed) deletes the object; its deletion
// event brings the owner back for a re-creation.
func Apply[T Object](ctx context.Context, client Client[T], desired, existing T, opts ApplyOptions) error {
	kind := kindOf(desired)
	if isNil(existing) {
		if _, err := client.Create(ctx, desired, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("create %s %s: %w", kind, desired.GetName(), err)
		}
		return nil
	}
	if !needsUpdate(existing, desired, opts.ClearAnnotations) {
		return nil
	}
	current := existing
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		updated := withSpec(current, desired)
		kube.MergeMetadata(updated, desired)
		annotations := updated.GetAnnotations()
		for _, key := range opts.ClearAnnotations {
			delete(annotations, key)
		}
		updated.SetAnnotations(annotations)
		_, err := client.Update(ctx, updated, metav1.UpdateOptions{})
		if apierrors.IsConflict(err) {
			// Re-read so that the next attempt carries the current version.
			if fresh, getErr := client.Get(ctx, desired.GetName(), metav1.GetOptions{}); getErr == nil {
				current = fresh
			}
		}
		return err
	})
	if apierrors.IsInvalid(err) {
		if opts.Logger != nil {
			opts.Logger.Info(kind+" update refused as invalid, deleting it to re-create it",
				"namespace", desired.GetNamespace(), "name", desired.GetName(), "err", err)
		}
		if opts.OnRecreate != nil {
			opts.OnRecreate()
		}
		return kube.DeleteIgnoringNotFound(ctx, client, desired.GetName(), kube.ForegroundDeletion())
	}
	if err != nil {
		return fmt.Errorf("update %s %s: %w", kind, desired.GetName(), err)
	}
	return nil
}

// needsUpdate reports whether existing differs from desired by input hash
// or carries an annotation to clear.
func needsUpdate(existing, desired metav1.Object, clear []string) bool {
	for _, key := range clear {
		if _, found := existing.GetAnnotations()[key]; found {
			return true
		}
	}
	return existing.GetAnnotations()[operator.InputHashAnnotation] != desired.GetAnnotations()[operator.InputHashAnnotation]
}

// withSpec returns a copy of existing carrying desired's spec.
func withSpec[T Object](existing, desired T) T {
	switch typed := any(existing).(type) {
	case *appsv1.StatefulSet:
		updated := typed.DeepCopy()
		updated.Spec = any(desired).(*appsv1.StatefulSet).Spec
		return any(updated).(T)
	case *appsv1.DaemonSet:
		updated := typed.DeepCopy()
		updated.Spec = any(desired).(*appsv1.DaemonSet).Spec
		return any(updated).(T)
	}
	panic(fmt.Sprintf("workload: unexpected type %T", existing))
}

// kindOf names the kind of object in messages.
func kindOf[T Object](object T) string {
	if _, ok := any(object).(*appsv1.DaemonSet); ok {
		return "DaemonSet"
	}
	return "StatefulSet"
}

// isNil reports whether object is a nil pointer.
func isNil[T Object](object T) bool {
	switch typed := any(object).(type) {
	case *appsv1.StatefulSet:
		return typed == nil
	case *appsv1.DaemonSet:
		return typed == nil
	}
	return true
}
