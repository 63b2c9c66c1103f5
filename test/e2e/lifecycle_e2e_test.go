//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
)

// TestLifecycle follows one Prometheus through the changes a user makes:
// editing a ServiceMonitor, scaling shards, deleting the ServiceMonitor,
// pausing, and deleting the Prometheus itself.
func TestLifecycle(t *testing.T) {
	e := newOperatorEnv(t)
	e.applyUserGuide(t, nil, "prometheus-service-account.yaml", "example-app-service.yaml",
		"example-app-service-monitor.yaml", "prometheus.yaml")
	const secret = "prometheus-prometheus"
	job := fmt.Sprintf("serviceMonitor/%s/example-app/0", e.namespace)
	e.waitForConfig(t, secret, "the ServiceMonitor's job", hasJobs([]string{job}))

	t.Run("ServiceMonitor change reaches the Secret", func(t *testing.T) {
		e.patchServiceMonitor(t, "example-app", `{"spec":{"endpoints":[{"port":"web","path":"/lifecycle-metrics"}]}}`)
		e.waitForConfig(t, secret, "the new metrics path", containsText("metrics_path: /lifecycle-metrics"))
	})
	t.Run("shards scale up and down", func(t *testing.T) {
		// The scale subresource maps replicas to spec.shards.
		e.kubectl(t, "scale", "-n", e.namespace, "prometheus/prometheus", "--replicas=2")
		e.waitForStatefulSet(t, "prometheus-prometheus-shard-1")
		e.waitForConfig(t, secret, "a configuration hashing targets over two shards", containsText("modulus: 2"))
		e.kubectl(t, "scale", "-n", e.namespace, "prometheus/prometheus", "--replicas=1")
		poll.Eventually(t, reconcileTimeout, "shard 1 to be deleted", poll.Gone(func(ctx context.Context) error {
			_, err := e.clientset.AppsV1().StatefulSets(e.namespace).Get(ctx, "prometheus-prometheus-shard-1", metav1.GetOptions{})
			return err
		}))
		_, err := e.clientset.AppsV1().StatefulSets(e.namespace).Get(t.Context(), "prometheus-prometheus", metav1.GetOptions{})
		require.NoError(t, err, "shard 0 stays")
		e.waitForConfig(t, secret, "a configuration for one shard again", containsText("modulus: 1"))
	})
	t.Run("deleted ServiceMonitor loses its job", func(t *testing.T) {
		err := e.monitoring.MonitoringV1().ServiceMonitors(e.namespace).Delete(t.Context(), "example-app", metav1.DeleteOptions{})
		require.NoError(t, err)
		e.waitForConfig(t, secret, "the job to go", hasJobs(nil, job))
	})
	t.Run("pause and resume", func(t *testing.T) { e.checkPause(t, secret) })
	t.Run("deleting the Prometheus collects what it owned", func(t *testing.T) { e.checkGarbageCollection(t) })
}

// checkPause pauses the Prometheus, shows that a new ServiceMonitor reaches
// a second, unpaused Prometheus but not the paused one, then resumes it.
func (e *operatorEnv) checkPause(t *testing.T, secret string) {
	e.patchPrometheus(t, "prometheus", `{"spec":{"paused":true}}`)
	poll.Eventually(t, reconcileTimeout, "status.paused", func(ctx context.Context) error {
		p, err := e.monitoring.MonitoringV1().Prometheuses(e.namespace).Get(ctx, "prometheus", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if !p.Status.Paused {
			return errors.New("status.paused is false")
		}
		return nil
	})
	// A witness: same selectors, not paused.
	e.applyUserGuide(t, func(object *unstructured.Unstructured) { object.SetName("witness") }, "prometheus.yaml")
	e.applyUserGuide(t, func(object *unstructured.Unstructured) { object.SetName("while-paused") }, "example-app-service-monitor.yaml")
	job := fmt.Sprintf("serviceMonitor/%s/while-paused/0", e.namespace)
	e.waitForConfig(t, "prometheus-witness", "the witness to get the new job", hasJobs([]string{job}))
	config, err := e.readConfig(t.Context(), secret)
	require.NoError(t, err)
	jobs, err := scrapeJobNames(config)
	require.NoError(t, err)
	require.NotContains(t, jobs, job, "a paused Prometheus must keep its configuration")

	e.patchPrometheus(t, "prometheus", `{"spec":{"paused":false}}`)
	e.waitForConfig(t, secret, "the job after resuming", hasJobs([]string{job}))
}

// checkGarbageCollection deletes the Prometheus and waits until no object
// of the namespace names it as owner; the shared governing Service stays
// while the witness still owns it.
func (e *operatorEnv) checkGarbageCollection(t *testing.T) {
	ctx := t.Context()
	p, err := e.monitoring.MonitoringV1().Prometheuses(e.namespace).Get(ctx, "prometheus", metav1.GetOptions{})
	require.NoError(t, err)
	owned, err := e.ownedObjects(ctx, p.UID)
	require.NoError(t, err)
	for _, want := range []string{"Secret/prometheus-prometheus", "StatefulSet/prometheus-prometheus", "Service/prometheus-operated"} {
		require.Contains(t, owned, want, "objects owned before the deletion")
	}
	require.NoError(t, e.monitoring.MonitoringV1().Prometheuses(e.namespace).Delete(ctx, "prometheus", metav1.DeleteOptions{}))
	poll.Eventually(t, reconcileTimeout, "owned objects to be collected", func(ctx context.Context) error {
		left, err := e.ownedObjects(ctx, p.UID)
		if err != nil {
			return err
		}
		if len(left) > 0 {
			return fmt.Errorf("still owned: %v", left)
		}
		return nil
	})
	poll.Eventually(t, reconcileTimeout, "the Prometheus's pods to go", func(ctx context.Context) error {
		pods, err := e.clientset.CoreV1().Pods(e.namespace).List(ctx, metav1.ListOptions{LabelSelector: "operator.prometheus.io/name=prometheus"})
		if err != nil {
			return err
		}
		if len(pods.Items) > 0 {
			return fmt.Errorf("%d pods left", len(pods.Items))
		}
		return nil
	})
	_, err = e.clientset.CoreV1().Services(e.namespace).Get(ctx, "prometheus-operated", metav1.GetOptions{})
	require.NoError(t, err, "the governing Service is still owned by the witness")
	_, err = e.clientset.CoreV1().Secrets(e.namespace).Get(ctx, "prometheus-witness", metav1.GetOptions{})
	require.NoError(t, err, "the witness's objects stay")
}

// ownedObjects lists "Kind/name" of the Secrets, ConfigMaps, StatefulSets
// and Services of the namespace that have an owner reference to uid.
func (e *env) ownedObjects(ctx context.Context, uid types.UID) ([]string, error) {
	var owned []string
	add := func(kind string, meta metav1.Object) {
		for _, ref := range meta.GetOwnerReferences() {
			if ref.UID == uid {
				owned = append(owned, kind+"/"+meta.GetName())
			}
		}
	}
	options := metav1.ListOptions{}
	secrets, err := e.clientset.CoreV1().Secrets(e.namespace).List(ctx, options)
	if err != nil {
		return nil, fmt.Errorf("listing Secrets: %w", err)
	}
	for i := range secrets.Items {
		add("Secret", &secrets.Items[i])
	}
	configMaps, err := e.clientset.CoreV1().ConfigMaps(e.namespace).List(ctx, options)
	if err != nil {
		return nil, fmt.Errorf("listing ConfigMaps: %w", err)
	}
	for i := range configMaps.Items {
		add("ConfigMap", &configMaps.Items[i])
	}
	sets, err := e.clientset.AppsV1().StatefulSets(e.namespace).List(ctx, options)
	if err != nil {
		return nil, fmt.Errorf("listing StatefulSets: %w", err)
	}
	for i := range sets.Items {
		add("StatefulSet", &sets.Items[i])
	}
	services, err := e.clientset.CoreV1().Services(e.namespace).List(ctx, options)
	if err != nil {
		return nil, fmt.Errorf("listing Services: %w", err)
	}
	for i := range services.Items {
		add("Service", &services.Items[i])
	}
	return owned, nil
}

func (e *operatorEnv) patchPrometheus(t *testing.T, name, patch string) {
	t.Helper()
	_, err := e.monitoring.MonitoringV1().Prometheuses(e.namespace).Patch(t.Context(), name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	require.NoError(t, err, "patching Prometheus %s with %s", name, patch)
}

func (e *operatorEnv) patchServiceMonitor(t *testing.T, name, patch string) {
	t.Helper()
	_, err := e.monitoring.MonitoringV1().ServiceMonitors(e.namespace).Patch(t.Context(), name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
	require.NoError(t, err, "patching ServiceMonitor %s with %s", name, patch)
}

// containsText is a waitForConfig check: the configuration holds text.
func containsText(text string) func(string, []string) error {
	return func(config string, _ []string) error {
		if !strings.Contains(config, text) {
			return fmt.Errorf("%q not in the configuration", text)
		}
		return nil
	}
}
