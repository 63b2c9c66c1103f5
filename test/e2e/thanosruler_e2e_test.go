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
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
)

// newThanosRulerEnv is an operator env whose ThanosRulers are deleted
// (and awaited) while the operator still runs, so that it withdraws its
// finalizer.
func newThanosRulerEnv(t *testing.T) *operatorEnv {
	t.Helper()
	e := newOperatorEnv(t)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		rulers := e.monitoring.MonitoringV1().ThanosRulers(e.namespace)
		err := rulers.DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{})
		if err == nil {
			err = poll.Until(ctx, 60*time.Second, func(ctx context.Context) error {
				list, err := rulers.List(ctx, metav1.ListOptions{})
				if err == nil && len(list.Items) > 0 {
					err = fmt.Errorf("%d ThanosRulers still exist", len(list.Items))
				}
				return err
			})
		}
		if err != nil {
			t.Logf("cleaning up ThanosRulers of %s: %v", e.namespace, err)
		}
	})
	return e
}

// TestThanosRulerWalkthrough applies the user guide's ThanosRuler and its
// PrometheusRule and checks what the operator makes of them on a real API
// server, then that a rule change reaches the rule ConfigMap.
func TestThanosRulerWalkthrough(t *testing.T) {
	e := newThanosRulerEnv(t)
	e.applyUserGuide(t, nil, "thanos-ruler.yaml")
	rule, err := e.monitoring.MonitoringV1().PrometheusRules(e.namespace).Get(t.Context(), "thanos-example-rules", metav1.GetOptions{})
	require.NoError(t, err)
	ruleFile := fmt.Sprintf("%s-thanos-example-rules-%s.yaml", e.namespace, rule.UID)

	t.Run("rule ConfigMap keeps the Thanos fields", func(t *testing.T) {
		content := e.waitForRuleFile(t, "thanos-ruler-thanos-ruler-rulefiles-0", ruleFile, "sum by (job) (up)")
		assert.Contains(t, content, "partial_response_strategy: warn")
		configMap, err := e.clientset.CoreV1().ConfigMaps(e.namespace).Get(t.Context(), "thanos-ruler-thanos-ruler-rulefiles-0", metav1.GetOptions{})
		require.NoError(t, err)
		assert.Equal(t, "thanos-ruler", configMap.Labels["thanos-ruler-name"])
		assertOwnedBy(t, configMap.ObjectMeta, "ThanosRuler", "thanos-ruler", true)
	})
	t.Run("configuration Secrets", func(t *testing.T) {
		var config *corev1.Secret
		poll.Eventually(t, reconcileTimeout, "ruler config Secret", func(ctx context.Context) error {
			config, err = e.clientset.CoreV1().Secrets(e.namespace).Get(ctx, "thanos-ruler-thanos-ruler-config", metav1.GetOptions{})
			return err
		})
		assert.Equal(t, "remote_write: []\n", string(config.Data["remote-write.yaml"]))
		assertOwnedBy(t, config.ObjectMeta, "ThanosRuler", "thanos-ruler", false)
		for _, name := range []string{"thanos-ruler-thanos-ruler-web-config", "thanos-ruler-thanos-ruler-tls-assets-0"} {
			assertOwnedBy(t, e.secretMeta(t, name), "ThanosRuler", "thanos-ruler", true)
		}
	})
	t.Run("StatefulSet and Service", func(t *testing.T) {
		set := e.waitForStatefulSet(t, "thanos-ruler-thanos-ruler")
		assertOwnedBy(t, set.ObjectMeta, "ThanosRuler", "thanos-ruler", true)
		assert.Equal(t, "thanos-ruler-operated", set.Spec.ServiceName)
		require.Equal(t, []string{"thanos-ruler", "config-reloader"}, containerNames(set.Spec.Template.Spec.Containers))
		ruler := set.Spec.Template.Spec.Containers[0]
		assert.Equal(t, "quay.io/thanos/thanos:v0.42.4", ruler.Image)
		assert.Equal(t, "rule", ruler.Args[0])
		assert.Contains(t, ruler.Args, "--query=http://prometheus-operated:9090")
		assert.Contains(t, set.Spec.Template.Spec.Containers[1].Args, "--watched-dir=/etc/thanos/rules/thanos-ruler-thanos-ruler-rulefiles-0")
		service := e.waitForService(t, "thanos-ruler-operated")
		assert.Equal(t, map[string]string{"app.kubernetes.io/name": "thanos-ruler"}, service.Spec.Selector)
		assert.Equal(t, "true", service.Labels["operated-thanos-ruler"])
	})
	t.Run("status and bindings", func(t *testing.T) {
		e.waitForWorkloadConditions(t, "ThanosRuler thanos-ruler", func(ctx context.Context) ([]monitoringv1.Condition, error) {
			tr, err := e.monitoring.MonitoringV1().ThanosRulers(e.namespace).Get(ctx, "thanos-ruler", metav1.GetOptions{})
			if err != nil {
				return nil, err
			}
			return tr.Status.Conditions, nil
		})
		poll.Eventually(t, reconcileTimeout, "PrometheusRule binding to the ThanosRuler", func(ctx context.Context) error {
			rule, err := e.monitoring.MonitoringV1().PrometheusRules(e.namespace).Get(ctx, "thanos-example-rules", metav1.GetOptions{})
			if err != nil {
				return err
			}
			for _, binding := range rule.Status.Bindings {
				if binding.Resource == "thanosrulers" && binding.Name == "thanos-ruler" && len(binding.Conditions) == 1 &&
					binding.Conditions[0].Status == monitoringv1.ConditionTrue {
					return nil
				}
			}
			return fmt.Errorf("no accepted thanosrulers binding in %+v", rule.Status.Bindings)
		})
		row := kubectlRow(t, e.kubectl(t, "get", "-n", e.namespace, "thanosruler/thanos-ruler"))
		assert.Equal(t, []string{"NAME", "VERSION", "REPLICAS", "READY", "RECONCILED", "AVAILABLE", "AGE"}, row.header)
		assert.Equal(t, "v0.42.4", row.cells["VERSION"])
		assert.Equal(t, "True", row.cells["RECONCILED"])
		assert.Equal(t, "False", row.cells["AVAILABLE"])
	})
	t.Run("a rule change updates the ConfigMap", func(t *testing.T) {
		patch := []byte(`[{"op":"replace","path":"/spec/groups/0/rules/0/expr","value":"count by (job) (up)"}]`)
		_, err := e.monitoring.MonitoringV1().PrometheusRules(e.namespace).Patch(t.Context(), "thanos-example-rules", types.JSONPatchType, patch, metav1.PatchOptions{})
		require.NoError(t, err)
		content := e.waitForRuleFile(t, "thanos-ruler-thanos-ruler-rulefiles-0", ruleFile, "count by (job) (up)")
		assert.NotContains(t, content, "sum by (job) (up)")
	})
}

// TestThanosRulerWithoutQueryIsRefused checks that a ThanosRuler with
// neither queryEndpoints nor queryConfig gets upstream's message in its
// Reconciled condition and a Warning Event, and no StatefulSet.
func TestThanosRulerWithoutQueryIsRefused(t *testing.T) {
	e := newThanosRulerEnv(t)
	tr := &monitoringv1.ThanosRuler{
		ObjectMeta: metav1.ObjectMeta{Name: "no-query", Namespace: e.namespace},
		Spec:       monitoringv1.ThanosRulerSpec{RuleSelector: &metav1.LabelSelector{}},
	}
	_, err := e.monitoring.MonitoringV1().ThanosRulers(e.namespace).Create(t.Context(), tr, metav1.CreateOptions{})
	require.NoError(t, err)
	const message = "no-query: thanos ruler requires query config or at least one query endpoint to be specified"
	poll.Eventually(t, reconcileTimeout, "Reconciled False with upstream's message", func(ctx context.Context) error {
		current, err := e.monitoring.MonitoringV1().ThanosRulers(e.namespace).Get(ctx, "no-query", metav1.GetOptions{})
		if err != nil {
			return err
		}
		condition := workload.FindCondition(current.Status.Conditions, monitoringv1.ConditionReconciled)
		if condition == nil || condition.Status != monitoringv1.ConditionFalse || !strings.Contains(condition.Message, message) {
			return fmt.Errorf("Reconciled condition is %+v", condition)
		}
		events, err := e.warningEvents(ctx, "ThanosRuler", "no-query")
		if err != nil {
			return err
		}
		for _, event := range events {
			if strings.Contains(event.Message, message) {
				return nil
			}
		}
		return errors.New("no Warning Event with the message yet")
	})
	_, err = e.clientset.AppsV1().StatefulSets(e.namespace).Get(t.Context(), "thanos-ruler-no-query", metav1.GetOptions{})
	assert.Error(t, err, "no StatefulSet for a refused ThanosRuler")
}

// waitForRuleFile waits until key of the rule ConfigMap contains want and
// returns its content.
func (e *env) waitForRuleFile(t *testing.T, configMapName, key, want string) string {
	t.Helper()
	var content string
	poll.Eventually(t, reconcileTimeout, fmt.Sprintf("ConfigMap %s key %s with %q", configMapName, key, want), func(ctx context.Context) error {
		configMap, err := e.clientset.CoreV1().ConfigMaps(e.namespace).Get(ctx, configMapName, metav1.GetOptions{})
		if err != nil {
			return err
		}
		content = configMap.Data[key]
		if !strings.Contains(content, want) {
			return fmt.Errorf("keys %v; %s holds:\n%s", mapKeys(configMap.Data), key, content)
		}
		return nil
	})
	return content
}
