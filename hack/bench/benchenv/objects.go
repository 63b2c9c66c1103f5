//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package benchenv

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"sync/atomic"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
)

// MonitorLabel is the label every benchmark ServiceMonitor carries and the
// benchmark Prometheus selects.
const MonitorLabel = "bench-team"

// MarkerLabel is the target label whose value (a marker) the propagation
// benchmark changes, so that each change is visible in the generated
// configuration and in the one Prometheus serves.
const MarkerLabel = "bench_generation"

// ServiceMonitorName returns the name of the i-th benchmark ServiceMonitor.
func ServiceMonitorName(i int) string { return fmt.Sprintf("sm-%04d", i) }

// ServiceMonitor returns a ServiceMonitor for port "web" of the Services
// labelled app=<name>. A non-empty marker adds a relabeling that writes it
// into MarkerLabel.
func ServiceMonitor(namespace, name, marker string) *monitoringv1.ServiceMonitor {
	endpoint := monitoringv1.Endpoint{Port: "web"}
	SetMarker(&endpoint, marker)
	return &monitoringv1.ServiceMonitor{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace, Labels: map[string]string{MonitorLabel: "bench"}},
		Spec: monitoringv1.ServiceMonitorSpec{
			Selector:  metav1.LabelSelector{MatchLabels: map[string]string{"app": name}},
			Endpoints: []monitoringv1.Endpoint{endpoint},
		},
	}
}

// SetMarker replaces the endpoint's relabelings by one that writes marker
// into MarkerLabel (none when marker is empty).
func SetMarker(endpoint *monitoringv1.Endpoint, marker string) {
	endpoint.RelabelConfigs = nil
	if marker == "" {
		return
	}
	endpoint.RelabelConfigs = []monitoringv1.RelabelConfig{{
		Action: "replace", TargetLabel: MarkerLabel, Replacement: ptr.To(marker),
	}}
}

// Prometheus returns a one-replica Prometheus selecting every benchmark
// ServiceMonitor of its own namespace.
func Prometheus(namespace, name string) *monitoringv1.Prometheus {
	return &monitoringv1.Prometheus{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace},
		Spec: monitoringv1.PrometheusSpec{
			CommonPrometheusFields: monitoringv1.CommonPrometheusFields{
				ServiceMonitorSelector: &metav1.LabelSelector{MatchLabels: map[string]string{MonitorLabel: "bench"}},
			},
		},
	}
}

// CreateNamespace creates a namespace.
func CreateNamespace(ctx context.Context, client kubernetes.Interface, name string) error {
	namespace := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := client.CoreV1().Namespaces().Create(ctx, namespace, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", name, err)
	}
	return nil
}

// CreateServiceMonitors creates count ServiceMonitors named
// ServiceMonitorName(0..count-1) with workers requests in flight; the first
// one carries firstMarker.
func CreateServiceMonitors(ctx context.Context, client versioned.Interface, namespace string, count, workers int, firstMarker string) error {
	return CreateMonitors(ctx, client, namespace, count, workers, func(i int) *monitoringv1.ServiceMonitor {
		marker := ""
		if i == 0 {
			marker = firstMarker
		}
		return ServiceMonitor(namespace, ServiceMonitorName(i), marker)
	})
}

// CreateMonitors creates the ServiceMonitors build(0..count-1) with workers
// requests in flight.
func CreateMonitors(ctx context.Context, client versioned.Interface, namespace string, count, workers int, build func(i int) *monitoringv1.ServiceMonitor) error {
	monitors := client.MonitoringV1().ServiceMonitors(namespace)
	return Parallel(ctx, count, workers, func(ctx context.Context, i int) error {
		if _, err := monitors.Create(ctx, build(i), metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating ServiceMonitor %d: %w", i, err)
		}
		return nil
	})
}

// MonitorShape is what a scale ServiceMonitor holds beyond ServiceMonitor's
// single endpoint.
type MonitorShape struct {
	// Endpoints is the number of endpoints (ports "web", "web-1", ...),
	// each one a scrape job.
	Endpoints int
	// BasicAuthSecret, when set, names a Secret (keys BasicAuthUserKey and
	// BasicAuthPasswordKey) every endpoint authenticates with.
	BasicAuthSecret string
}

// Keys of the basic-auth Secrets.
const (
	BasicAuthUserKey     = "user"
	BasicAuthPasswordKey = "password"
)

// ShapedServiceMonitor returns ServiceMonitor(namespace, name, marker) with
// the endpoints and authentication of shape.
func ShapedServiceMonitor(namespace, name, marker string, shape MonitorShape) *monitoringv1.ServiceMonitor {
	monitor := ServiceMonitor(namespace, name, marker)
	for i := 1; i < shape.Endpoints; i++ {
		monitor.Spec.Endpoints = append(monitor.Spec.Endpoints, monitoringv1.Endpoint{Port: fmt.Sprintf("web-%d", i)})
	}
	if shape.BasicAuthSecret == "" {
		return monitor
	}
	selector := func(key string) corev1.SecretKeySelector {
		return corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: shape.BasicAuthSecret}, Key: key}
	}
	for i := range monitor.Spec.Endpoints {
		monitor.Spec.Endpoints[i].BasicAuth = &monitoringv1.BasicAuth{
			Username: selector(BasicAuthUserKey), Password: selector(BasicAuthPasswordKey),
		}
	}
	return monitor
}

// CreateBasicAuthSecrets creates the Secrets name(0..count-1), each with a
// user and a password, with workers requests in flight.
func CreateBasicAuthSecrets(ctx context.Context, client kubernetes.Interface, namespace string, count, workers int, name func(i int) string) error {
	secrets := client.CoreV1().Secrets(namespace)
	return Parallel(ctx, count, workers, func(ctx context.Context, i int) error {
		secret := &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Name: name(i), Labels: map[string]string{"bench": "basic-auth"}},
			Type:       corev1.SecretTypeOpaque,
			Data: map[string][]byte{
				BasicAuthUserKey:     fmt.Appendf(nil, "user-%d", i),
				BasicAuthPasswordKey: fmt.Appendf(nil, "password-%d", i),
			},
		}
		if _, err := secrets.Create(ctx, secret, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating basic-auth Secret %d: %w", i, err)
		}
		return nil
	})
}

// CreateUnrelatedSecrets creates count Opaque Secrets of size random bytes
// each, referenced by nothing, with workers requests in flight.
func CreateUnrelatedSecrets(ctx context.Context, client kubernetes.Interface, namespace string, count, size, workers int) error {
	// One random payload per worker slot would do as well: etcd and the
	// API server store every object in full, whatever its content.
	payload := make([]byte, size)
	if _, err := rand.Read(payload); err != nil {
		return fmt.Errorf("making payload: %w", err)
	}
	secrets := client.CoreV1().Secrets(namespace)
	return Parallel(ctx, count, workers, func(ctx context.Context, i int) error {
		secret := &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("unrelated-%05d", i), Labels: map[string]string{"bench": "unrelated"}},
			Type:       corev1.SecretTypeOpaque,
			Data:       map[string][]byte{"payload": payload},
		}
		if _, err := secrets.Create(ctx, secret, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("creating Secret %d: %w", i, err)
		}
		return nil
	})
}

// Parallel calls do(ctx, i) for i in [0, count) from workers goroutines and
// returns the first error, after which the remaining calls are skipped.
func Parallel(ctx context.Context, count, workers int, do func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var firstErr error
	var errOnce sync.Once
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= count || ctx.Err() != nil {
					return
				}
				if err := do(ctx, i); err != nil {
					errOnce.Do(func() { firstErr = err; cancel() })
					return
				}
			}
		})
	}
	wg.Wait()
	return firstErr
}
