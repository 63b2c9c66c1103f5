// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/record"

	monitoringscheme "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/scheme"
)

// Scheme knows the core kinds and the monitoring.coreos.com kinds, so that
// Events can refer to both.
func Scheme() (*runtime.Scheme, error) {
	scheme := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(scheme); err != nil {
		return nil, fmt.Errorf("register core kinds: %w", err)
	}
	if err := monitoringscheme.AddToScheme(scheme); err != nil {
		return nil, fmt.Errorf("register monitoring kinds: %w", err)
	}
	return scheme, nil
}

// NewEventRecorder returns a recorder writing Events as component through
// client, and a function that stops it.
func NewEventRecorder(client kubernetes.Interface, component string) (record.EventRecorder, func(), error) {
	scheme, err := Scheme()
	if err != nil {
		return nil, nil, err
	}
	broadcaster := record.NewBroadcaster()
	broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
	recorder := broadcaster.NewRecorder(scheme, corev1.EventSource{Component: component})
	return recorder, broadcaster.Shutdown, nil
}
