//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
)

// TestInvalidServiceMonitorsAreRejected checks that ServiceMonitors the
// operator cannot use are left out with a Warning Event and an
// Accepted=False binding, while a valid one keeps its job; and that fixing
// the cause (creating the missing Secret) brings the job in.
func TestInvalidServiceMonitorsAreRejected(t *testing.T) {
	// Bindings are only written with this gate (on by default here, off
	// upstream): the test says what it relies on.
	e := newOperatorEnv(t, "--feature-gates=StatusForConfigurationResources=true")
	e.applyUserGuide(t, nil, "prometheus-service-account.yaml", "example-app-service.yaml",
		"example-app-service-monitor.yaml", "prometheus.yaml")
	e.applyTestdata(t, "invalid-servicemonitors.yaml", nil)
	job := func(name string) string { return fmt.Sprintf("serviceMonitor/%s/%s/0", e.namespace, name) }

	for _, name := range []string{"bad-regex", "missing-secret"} {
		e.waitForRejection(t, name)
	}
	e.waitForBinding(t, "example-app", monitoringv1.ConditionTrue)
	config := e.waitForConfig(t, "prometheus-prometheus", "only the valid job",
		hasJobs([]string{job("example-app")}, job("bad-regex"), job("missing-secret")))
	assert.NotContains(t, config, "(unclosed")
	// The status is written by its own queue after the reconcile: wait for it.
	poll.Eventually(t, reconcileTimeout, "Reconciled=True: rejected monitors do not fail the reconciliation", func(ctx context.Context) error {
		p, err := e.monitoring.MonitoringV1().Prometheuses(e.namespace).Get(ctx, "prometheus", metav1.GetOptions{})
		if err != nil {
			return err
		}
		return expectCondition(p.Status.Conditions, monitoringv1.ConditionReconciled, monitoringv1.ConditionTrue, "")
	})

	t.Run("creating the missing Secret admits the monitor", func(t *testing.T) {
		e.applyTestdata(t, "scrape-credentials.yaml", nil)
		e.waitForConfig(t, "prometheus-prometheus", "the admitted job", hasJobs([]string{job("missing-secret")}, job("bad-regex")))
		e.waitForBinding(t, "missing-secret", monitoringv1.ConditionTrue)
	})
}

// waitForRejection waits for the Warning Event and the Accepted=False
// binding of a rejected ServiceMonitor.
func (e *operatorEnv) waitForRejection(t *testing.T, name string) {
	t.Helper()
	poll.Eventually(t, reconcileTimeout, "a Warning Event about ServiceMonitor "+name, func(ctx context.Context) error {
		events, err := e.warningEvents(ctx, "ServiceMonitor", name)
		if err != nil {
			return err
		}
		for _, event := range events {
			if event.Reason == "InvalidConfiguration" {
				return nil
			}
		}
		return fmt.Errorf("no InvalidConfiguration event among %d warnings", len(events))
	})
	e.waitForBinding(t, name, monitoringv1.ConditionFalse)
}

// waitForBinding waits until the ServiceMonitor's status holds a binding to
// the walkthrough's Prometheus whose Accepted condition has the status.
func (e *operatorEnv) waitForBinding(t *testing.T, name string, status monitoringv1.ConditionStatus) {
	t.Helper()
	poll.Eventually(t, reconcileTimeout, fmt.Sprintf("ServiceMonitor %s Accepted=%s", name, status), func(ctx context.Context) error {
		monitor, err := e.monitoring.MonitoringV1().ServiceMonitors(e.namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, binding := range monitor.Status.Bindings {
			if binding.Resource != "prometheuses" || binding.Name != "prometheus" || binding.Namespace != e.namespace {
				continue
			}
			for _, condition := range binding.Conditions {
				if condition.Type != monitoringv1.ConditionAccepted {
					continue
				}
				if condition.Status != status {
					return fmt.Errorf("Accepted is %s (%s: %s)", condition.Status, condition.Reason, condition.Message)
				}
				if status == monitoringv1.ConditionFalse && condition.Message == "" {
					return errors.New("a rejection without a message")
				}
				return nil
			}
			return fmt.Errorf("binding without Accepted condition: %+v", binding)
		}
		return fmt.Errorf("no binding to the Prometheus in %+v", monitor.Status.Bindings)
	})
}

// TestOperatorSurvivesAPIServerRestart restarts kube-apiserver under a
// running operator and checks that later changes still reach the
// generated objects.
func TestOperatorSurvivesAPIServerRestart(t *testing.T) {
	e := newOperatorEnv(t)
	if !e.cluster.Local {
		t.Skip("restarting the API server needs the local control plane; KUBECONFIG names another cluster")
	}
	e.applyUserGuide(t, nil, "prometheus-service-account.yaml", "example-app-service.yaml",
		"example-app-service-monitor.yaml", "prometheus.yaml")
	e.waitForConfig(t, "prometheus-prometheus", "the first job",
		hasJobs([]string{fmt.Sprintf("serviceMonitor/%s/example-app/0", e.namespace)}))

	require.NoError(t, e.cluster.RestartAPIServer(t.Context()))
	e.operator.RequireRunning(t)

	e.applyUserGuide(t, func(object *unstructured.Unstructured) { object.SetName("after-restart") }, "example-app-service-monitor.yaml")
	e.waitForConfig(t, "prometheus-prometheus", "a job added after the restart",
		hasJobs([]string{fmt.Sprintf("serviceMonitor/%s/after-restart/0", e.namespace)}))
	e.kubectl(t, "scale", "-n", e.namespace, "prometheus/prometheus", "--replicas=2")
	e.waitForStatefulSet(t, "prometheus-prometheus-shard-1")
	e.operator.RequireRunning(t)
}
