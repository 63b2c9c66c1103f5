// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package bindings

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// StatusClient is the part of a typed client of one namespace the writer
// needs; every generated client of a kind with a status subresource has it.
type StatusClient[T Object] interface {
	Get(ctx context.Context, name string, options metav1.GetOptions) (T, error)
	UpdateStatus(ctx context.Context, object T, options metav1.UpdateOptions) (T, error)
}

// TypedKind describes a kind of configuration resource by its typed client
// and its cache, for NewKind.
type TypedKind[T Object] struct {
	// Name names the kind in errors, for example "PrometheusRule".
	Name string
	// Status returns the object's status.
	Status func(T) *monitoringv1.ConfigResourceStatus
	// Client returns the typed client of a namespace.
	Client func(namespace string) StatusClient[T]
	// Cache holds the objects of the kind.
	Cache *kube.InformerSet
}

// Kind builds the writer's Kind from the typed client and cache.
func (k TypedKind[T]) Kind() *Kind {
	return &Kind{
		Name:   k.Name,
		Status: func(object Object) *monitoringv1.ConfigResourceStatus { return k.Status(object.(T)) },
		UpdateStatus: func(ctx context.Context, object Object) error {
			_, err := k.Client(object.GetNamespace()).UpdateStatus(ctx, object.(T), metav1.UpdateOptions{})
			return err
		},
		Fetch: func(ctx context.Context, namespace, name string) (Object, error) {
			return k.Client(namespace).Get(ctx, name, metav1.GetOptions{})
		},
		Cached: func(namespace, name string) (Object, bool) {
			cached, found, err := kube.GetAs[T](k.Cache, namespace, name)
			return cached, err == nil && found
		},
	}
}

// Cached lists every cached object of the kind.
func (k TypedKind[T]) Cached() []Object {
	var objects []Object
	for _, object := range kube.ListAs[T](k.Cache, metav1.NamespaceAll, labels.Everything()) {
		objects = append(objects, object)
	}
	return objects
}
