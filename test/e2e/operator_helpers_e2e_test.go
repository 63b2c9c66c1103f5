//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/manifest"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/operator"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
)

// reconcileTimeout bounds every wait for the operator to act on a change.
// The operator reacts within a second or two; the margin absorbs a loaded
// two-core machine.
const reconcileTimeout = 90 * time.Second

// configKey is the key of the gzipped configuration in the config Secret.
const configKey = "prometheus.yaml.gz"

// operatorEnv is an env with the CRDs installed and an operator running,
// restricted to the test's namespace.
type operatorEnv struct {
	*env
	operator   *operator.Operator
	monitoring versioned.Interface
}

// newOperatorEnv installs the CRDs and starts the operator for the test's
// namespace, with further flags when given. Before the operator stops, the
// workloads of the namespace are deleted and awaited, so that the operator
// can withdraw its finalizer.
func newOperatorEnv(t *testing.T, flags ...string) *operatorEnv {
	t.Helper()
	e := newEnv(t)
	installCRDsOnce(t, e)
	monitoring, err := versioned.NewForConfig(e.cluster.Config)
	require.NoError(t, err)
	started := operator.Start(t, operator.Options{Kubeconfig: e.cluster.KubeconfigPath, Namespaces: []string{e.namespace}, Args: flags})
	oe := &operatorEnv{env: e, operator: started, monitoring: monitoring}
	t.Cleanup(func() { oe.deleteWorkloads(t) })
	return oe
}

// crdsInstalled records that installCRDsOnce succeeded on the shared
// cluster; applying the large CRDs takes seconds each time.
var crdsInstalled atomic.Bool

// installCRDsOnce installs the CRDs unless an earlier test of this binary
// already did.
func installCRDsOnce(t *testing.T, e *env) {
	t.Helper()
	if crdsInstalled.Load() {
		return
	}
	installCRDs(t, e)
	crdsInstalled.Store(true)
}

// deleteWorkloads deletes every Prometheus and PrometheusAgent of the
// namespace and waits for them to go; it only logs problems, since it runs
// after the test's own checks.
func (e *operatorEnv) deleteWorkloads(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	servers := e.monitoring.MonitoringV1().Prometheuses(e.namespace)
	agents := e.monitoring.MonitoringV1alpha1().PrometheusAgents(e.namespace)
	err := errors.Join(
		servers.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{}),
		agents.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{}),
	)
	if err == nil {
		err = poll.Until(ctx, 60*time.Second, func(ctx context.Context) error {
			serverList, err := servers.List(ctx, metav1.ListOptions{})
			if err != nil {
				return err
			}
			agentList, err := agents.List(ctx, metav1.ListOptions{})
			if err != nil {
				return err
			}
			if left := len(serverList.Items) + len(agentList.Items); left > 0 {
				return fmt.Errorf("%d workloads still exist", left)
			}
			return nil
		})
	}
	if err != nil {
		t.Logf("cleaning up workloads of %s: %v", e.namespace, err)
	}
}

// applyUserGuide applies files of example/user-guide into the test's
// namespace. Cluster-scoped objects get the namespace as a name prefix
// (and are deleted at the end), and bindings point at the namespace's
// ServiceAccount. mutate, when not nil, edits each object before it is applied.
func (e *env) applyUserGuide(t *testing.T, mutate func(*unstructured.Unstructured), files ...string) {
	t.Helper()
	for _, file := range files {
		data, err := os.ReadFile(repoPath("example", "user-guide", file))
		require.NoError(t, err)
		objects, err := manifest.Decode(data)
		require.NoError(t, err)
		for _, object := range objects {
			e.localize(t, object)
			if mutate != nil {
				mutate(object)
			}
			_, err := e.applier.Apply(t.Context(), object)
			require.NoError(t, err, "applying %s", file)
		}
	}
}

// localize moves a user-guide object into the test's namespace.
func (e *env) localize(t *testing.T, object *unstructured.Unstructured) {
	switch object.GetKind() {
	case "ClusterRole", "ClusterRoleBinding":
		object.SetName(e.namespace + "-" + object.GetName())
		if object.GetKind() == "ClusterRoleBinding" {
			require.NoError(t, unstructured.SetNestedField(object.Object, e.namespace+"-prometheus", "roleRef", "name"))
			subjects, _, _ := unstructured.NestedSlice(object.Object, "subjects")
			for _, subject := range subjects {
				subject.(map[string]any)["namespace"] = e.namespace
			}
			require.NoError(t, unstructured.SetNestedSlice(object.Object, subjects, "subjects"))
		}
		clusterObject := object.DeepCopy()
		t.Cleanup(func() {
			if err := e.applier.Delete(context.Background(), clusterObject); err != nil {
				t.Logf("deleting %s %s: %v", clusterObject.GetKind(), clusterObject.GetName(), err)
			}
		})
	default:
		object.SetNamespace(e.namespace)
	}
}

// applyTestdata applies a manifest of test/e2e/testdata into the test's
// namespace after replacing each "${KEY}" by its value.
func (e *env) applyTestdata(t *testing.T, file string, values map[string]string) []*unstructured.Unstructured {
	t.Helper()
	data, err := os.ReadFile(repoPath("test", "e2e", "testdata", file))
	require.NoError(t, err)
	text := string(data)
	for key, value := range values {
		text = strings.ReplaceAll(text, "${"+key+"}", value)
	}
	require.NotContains(t, text, "${", "%s: a placeholder has no value", file)
	objects, err := manifest.Decode([]byte(text))
	require.NoError(t, err)
	applied := make([]*unstructured.Unstructured, 0, len(objects))
	for _, object := range objects {
		object.SetNamespace(e.namespace)
		result, err := e.applier.Apply(t.Context(), object)
		require.NoError(t, err, "applying %s", file)
		applied = append(applied, result)
	}
	return applied
}

// readConfig returns the gunzipped configuration held by a config Secret.
func (e *env) readConfig(ctx context.Context, secretName string) (string, error) {
	secret, err := e.clientset.CoreV1().Secrets(e.namespace).Get(ctx, secretName, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("reading Secret %s: %w", secretName, err)
	}
	compressed, ok := secret.Data[configKey]
	if !ok {
		return "", fmt.Errorf("Secret %s has no key %s (keys: %v)", secretName, configKey, mapKeys(secret.Data))
	}
	return gunzip(compressed)
}

func gunzip(compressed []byte) (string, error) {
	reader, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return "", fmt.Errorf("opening gzip stream: %w", err)
	}
	// Close only reports the stream's own error, which the read below returns.
	defer func() { _ = reader.Close() }()
	plain, err := io.ReadAll(reader)
	if err != nil {
		return "", fmt.Errorf("decompressing: %w", err)
	}
	return string(plain), nil
}

func mapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return keys
}

// scrapeJobNames lists the job_name of every scrape_configs entry.
func scrapeJobNames(config string) ([]string, error) {
	var parsed struct {
		ScrapeConfigs []struct {
			JobName string `yaml:"job_name"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal([]byte(config), &parsed); err != nil {
		return nil, fmt.Errorf("parsing generated configuration: %w", err)
	}
	names := make([]string, 0, len(parsed.ScrapeConfigs))
	for _, job := range parsed.ScrapeConfigs {
		names = append(names, job.JobName)
	}
	return names, nil
}

// waitForConfig polls a config Secret until check accepts its
// configuration, and returns that configuration.
func (e *env) waitForConfig(t *testing.T, secretName, what string, check func(config string, jobs []string) error) string {
	t.Helper()
	var config string
	poll.Eventually(t, reconcileTimeout, what, func(ctx context.Context) error {
		var err error
		if config, err = e.readConfig(ctx, secretName); err != nil {
			return err
		}
		jobs, err := scrapeJobNames(config)
		if err != nil {
			return err
		}
		return check(config, jobs)
	})
	return config
}

// hasJobs is a waitForConfig check: every job of want is present and none
// of absent.
func hasJobs(want []string, absent ...string) func(string, []string) error {
	return func(_ string, jobs []string) error {
		for _, job := range want {
			if !slices.Contains(jobs, job) {
				return fmt.Errorf("job %q missing; jobs: %v", job, jobs)
			}
		}
		for _, job := range absent {
			if slices.Contains(jobs, job) {
				return fmt.Errorf("job %q still present; jobs: %v", job, jobs)
			}
		}
		return nil
	}
}

// expectCondition checks one condition's status and, when reason is not
// empty, its reason.
func expectCondition(conditions []monitoringv1.Condition, conditionType monitoringv1.ConditionType, status monitoringv1.ConditionStatus, reason string) error {
	condition := workload.FindCondition(conditions, conditionType)
	switch {
	case condition == nil:
		return fmt.Errorf("no %s condition in %+v", conditionType, conditions)
	case condition.Status != status:
		return fmt.Errorf("%s is %s (%s: %s), want %s", conditionType, condition.Status, condition.Reason, condition.Message, status)
	case reason != "" && condition.Reason != reason:
		return fmt.Errorf("%s reason is %q (%s), want %q", conditionType, condition.Reason, condition.Message, reason)
	}
	return nil
}

// warningEvents lists the Warning Events about one object of the namespace.
func (e *env) warningEvents(ctx context.Context, kind, name string) ([]corev1.Event, error) {
	selector := fields.Set{
		"involvedObject.kind": kind,
		"involvedObject.name": name,
		"type":                corev1.EventTypeWarning,
	}.AsSelector().String()
	list, err := e.clientset.CoreV1().Events(e.namespace).List(ctx, metav1.ListOptions{FieldSelector: selector})
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	return list.Items, nil
}
