//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
)

// userGuideFiles are the walkthrough's manifests, in the order a reader
// applies them.
var userGuideFiles = []string{
	"prometheus-service-account.yaml",
	"prometheus-cluster-role.yaml",
	"prometheus-cluster-role-binding.yaml",
	"example-app-deployment.yaml",
	"example-app-service.yaml",
	"example-app-service-monitor.yaml",
	"example-app-pod-monitor.yaml",
	"prometheus.yaml",
	"prometheus-agent.yaml",
}

// TestWalkthrough applies the user guide's manifests and checks what a
// reader of the walkthrough sees: the generated Secrets, StatefulSets and
// Services, the status conditions and kubectl's columns.
func TestWalkthrough(t *testing.T) {
	e := newOperatorEnv(t)
	e.applyUserGuide(t, nil, userGuideFiles...)
	serviceMonitorJob := fmt.Sprintf("serviceMonitor/%s/example-app/0", e.namespace)
	podMonitorJob := fmt.Sprintf("podMonitor/%s/example-app/0", e.namespace)

	t.Run("server configuration Secret", func(t *testing.T) {
		config := e.waitForConfig(t, "prometheus-prometheus", "the server's jobs",
			hasJobs([]string{serviceMonitorJob, podMonitorJob}))
		assert.Contains(t, config, "prometheus: "+e.namespace+"/prometheus", "external label naming the Prometheus")
		assertOwnedBy(t, e.secretMeta(t, "prometheus-prometheus"), "Prometheus", "prometheus", true)
	})
	t.Run("agent configuration Secret", func(t *testing.T) {
		// The agent selects ServiceMonitors only: no PodMonitor selector.
		config := e.waitForConfig(t, "prom-agent-prometheus-agent", "the agent's job",
			hasJobs([]string{serviceMonitorJob}, podMonitorJob))
		assert.Contains(t, config, "http://my-greptimedb-frontend.default:4000/v1/prometheus/write?db=public")
		assertOwnedBy(t, e.secretMeta(t, "prom-agent-prometheus-agent"), "PrometheusAgent", "prometheus-agent", true)
	})
	t.Run("server StatefulSet and Service", func(t *testing.T) {
		set := e.waitForStatefulSet(t, "prometheus-prometheus")
		assertWorkloadStatefulSet(t, set, "prometheus", "server", "prometheus-operated")
		assert.Equal(t, "quay.io/prometheus/prometheus:v2.53.0", set.Spec.Template.Spec.Containers[0].Image)
		assert.Equal(t, "prometheus", set.Labels["prometheus"])
		assertOwnedBy(t, set.ObjectMeta, "Prometheus", "prometheus", true)
		assertGoverningService(t, e.waitForService(t, "prometheus-operated"), "prometheus")
	})
	t.Run("agent StatefulSet and Service", func(t *testing.T) {
		set := e.waitForStatefulSet(t, "prom-agent-prometheus-agent")
		assertWorkloadStatefulSet(t, set, "prometheus-agent", "agent", "prometheus-agent-operated")
		assert.Contains(t, set.Spec.Template.Spec.Containers[0].Args, "--agent")
		assertOwnedBy(t, set.ObjectMeta, "PrometheusAgent", "prometheus-agent", true)
		assertGoverningService(t, e.waitForService(t, "prometheus-agent-operated"), "prometheus-agent")
	})
	t.Run("status conditions", func(t *testing.T) {
		// No kubelet runs the pods, so they stay Pending: reconciled, not available.
		e.waitForWorkloadConditions(t, "Prometheus prometheus", func(ctx context.Context) ([]monitoringv1.Condition, error) {
			p, err := e.monitoring.MonitoringV1().Prometheuses(e.namespace).Get(ctx, "prometheus", metav1.GetOptions{})
			if err != nil {
				return nil, err
			}
			return p.Status.Conditions, nil
		})
		e.waitForWorkloadConditions(t, "PrometheusAgent prometheus-agent", func(ctx context.Context) ([]monitoringv1.Condition, error) {
			p, err := e.monitoring.MonitoringV1alpha1().PrometheusAgents(e.namespace).Get(ctx, "prometheus-agent", metav1.GetOptions{})
			if err != nil {
				return nil, err
			}
			return p.Status.Conditions, nil
		})
	})
	t.Run("kubectl get columns", func(t *testing.T) {
		for _, resource := range []string{"prometheus/prometheus", "prometheusagent/prometheus-agent"} {
			row := kubectlRow(t, e.kubectl(t, "get", "-n", e.namespace, resource))
			assert.Equal(t, []string{"NAME", "VERSION", "DESIRED", "READY", "RECONCILED", "AVAILABLE", "AGE"}, row.header, resource)
			assert.Equal(t, strings.Split(resource, "/")[1], row.cells["NAME"], resource)
			assert.Equal(t, "0", row.cells["READY"], resource)
			assert.Equal(t, "True", row.cells["RECONCILED"], resource)
			assert.Equal(t, "False", row.cells["AVAILABLE"], resource)
			assert.NotEmpty(t, row.cells["AGE"], resource)
		}
		desired := kubectlRow(t, e.kubectl(t, "get", "-n", e.namespace, "prometheusagent/prometheus-agent"))
		assert.Equal(t, "1", desired.cells["DESIRED"], "the agent asks for one replica")
	})
}

// waitForWorkloadConditions waits for Reconciled True and Available False
// with reason NoPodReady, what a workload without a kubelet reports.
func (e *operatorEnv) waitForWorkloadConditions(t *testing.T, what string, read func(context.Context) ([]monitoringv1.Condition, error)) {
	t.Helper()
	poll.Eventually(t, reconcileTimeout, what+" conditions", func(ctx context.Context) error {
		conditions, err := read(ctx)
		if err != nil {
			return err
		}
		return errors.Join(
			expectCondition(conditions, monitoringv1.ConditionReconciled, monitoringv1.ConditionTrue, ""),
			expectCondition(conditions, monitoringv1.ConditionAvailable, monitoringv1.ConditionFalse, "NoPodReady"),
		)
	})
}

// secretMeta waits for a generated Secret (a reconcile writes its Secrets
// one after the other) and returns its metadata.
func (e *env) secretMeta(t *testing.T, name string) metav1.ObjectMeta {
	t.Helper()
	var secret *corev1.Secret
	poll.Eventually(t, reconcileTimeout, "Secret "+name, func(ctx context.Context) error {
		var err error
		secret, err = e.clientset.CoreV1().Secrets(e.namespace).Get(ctx, name, metav1.GetOptions{})
		return err
	})
	return secret.ObjectMeta
}

func (e *env) waitForStatefulSet(t *testing.T, name string) *appsv1.StatefulSet {
	t.Helper()
	var set *appsv1.StatefulSet
	poll.Eventually(t, reconcileTimeout, "StatefulSet "+name, func(ctx context.Context) error {
		var err error
		set, err = e.clientset.AppsV1().StatefulSets(e.namespace).Get(ctx, name, metav1.GetOptions{})
		return err
	})
	return set
}

func (e *env) waitForService(t *testing.T, name string) *corev1.Service {
	t.Helper()
	var service *corev1.Service
	poll.Eventually(t, reconcileTimeout, "Service "+name, func(ctx context.Context) error {
		var err error
		service, err = e.clientset.CoreV1().Services(e.namespace).Get(ctx, name, metav1.GetOptions{})
		return err
	})
	return service
}

// assertWorkloadStatefulSet checks the names, labels and containers every
// Prometheus or agent StatefulSet (shard 0) has.
func assertWorkloadStatefulSet(t *testing.T, set *appsv1.StatefulSet, appName, mode, serviceName string) {
	t.Helper()
	name := set.Labels["operator.prometheus.io/name"]
	for key, value := range map[string]string{
		"app.kubernetes.io/name":       appName,
		"app.kubernetes.io/instance":   name,
		"app.kubernetes.io/managed-by": "prometheus-operator",
		"managed-by":                   "prometheus-operator",
		"operator.prometheus.io/shard": "0",
		"operator.prometheus.io/mode":  mode,
	} {
		assert.Equal(t, value, set.Labels[key], "StatefulSet label %s", key)
	}
	assert.NotEmpty(t, name, "operator.prometheus.io/name label")
	assert.Equal(t, serviceName, set.Spec.ServiceName)
	for key, value := range set.Spec.Selector.MatchLabels {
		assert.Equal(t, value, set.Spec.Template.Labels[key], "pod template carries selector label %s", key)
	}
	require.Equal(t, []string{"prometheus", "config-reloader"}, containerNames(set.Spec.Template.Spec.Containers))
	assert.Equal(t, []string{"init-config-reloader"}, containerNames(set.Spec.Template.Spec.InitContainers))
	assert.Equal(t, "prometheus", set.Spec.Template.Spec.ServiceAccountName)
	reloader := set.Spec.Template.Spec.Containers[1]
	assert.Contains(t, reloader.Args, "--config-file=/etc/prometheus/config/prometheus.yaml.gz")
	assert.Contains(t, reloader.Args, "--config-envsubst-file=/etc/prometheus/config_out/prometheus.env.yaml")
	assert.Contains(t, set.Spec.Template.Spec.Containers[0].Args, "--config.file=/etc/prometheus/config_out/prometheus.env.yaml")
}

func containerNames(containers []corev1.Container) []string {
	names := make([]string, 0, len(containers))
	for _, container := range containers {
		names = append(names, container.Name)
	}
	return names
}

// assertGoverningService checks the headless Service shared by the
// workloads of a kind.
func assertGoverningService(t *testing.T, service *corev1.Service, appName string) {
	t.Helper()
	assert.Equal(t, corev1.ClusterIPNone, service.Spec.ClusterIP)
	assert.Equal(t, map[string]string{"app.kubernetes.io/name": appName}, service.Spec.Selector)
	assert.Equal(t, "true", service.Labels["operated-prometheus"])
	require.Len(t, service.Spec.Ports, 1)
	assert.Equal(t, "web", service.Spec.Ports[0].Name)
	assert.EqualValues(t, 9090, service.Spec.Ports[0].Port)
	assert.NotEmpty(t, service.OwnerReferences, "owned by the workloads it serves")
}

// assertOwnedBy checks that meta has an owner reference to the named
// object of kind, with the given controller flag.
func assertOwnedBy(t *testing.T, meta metav1.ObjectMeta, kind, name string, controller bool) {
	t.Helper()
	index := slices.IndexFunc(meta.OwnerReferences, func(ref metav1.OwnerReference) bool {
		return ref.Kind == kind && ref.Name == name
	})
	if !assert.GreaterOrEqual(t, index, 0, "%s has no owner reference to %s %s: %+v", meta.Name, kind, name, meta.OwnerReferences) {
		return
	}
	ref := meta.OwnerReferences[index]
	assert.Equal(t, controller, ref.Controller != nil && *ref.Controller, "%s: controller flag of the owner reference", meta.Name)
}

// tableRow is the header and the first row of kubectl's table output.
type tableRow struct {
	header []string
	cells  map[string]string
}

// kubectlRow reads kubectl's table output by column position, since empty
// cells (an unset spec.version) make splitting on spaces ambiguous.
func kubectlRow(t *testing.T, output string) tableRow {
	t.Helper()
	lines := strings.Split(strings.TrimRight(output, "\n"), "\n")
	require.GreaterOrEqual(t, len(lines), 2, "kubectl output:\n%s", output)
	header, row := lines[0], lines[1]
	result := tableRow{header: strings.Fields(header), cells: map[string]string{}}
	starts := make([]int, 0, len(result.header))
	offset := 0
	for _, name := range result.header {
		index := strings.Index(header[offset:], name) + offset
		starts = append(starts, index)
		offset = index + len(name)
	}
	for i, name := range result.header {
		end := len(row)
		if i+1 < len(starts) {
			end = min(starts[i+1], len(row))
		}
		if starts[i] < len(row) {
			result.cells[name] = strings.TrimSpace(row[starts[i]:end])
		}
	}
	return result
}
