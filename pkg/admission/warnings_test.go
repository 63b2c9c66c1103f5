// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubefake "k8s.io/client-go/kubernetes/fake"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
)

func TestPrometheusRuleWarningsNameTheSelectingPrometheusAndTheDroppedField(t *testing.T) {
	old := &monitoringv1.Prometheus{
		ObjectMeta: metav1.ObjectMeta{Name: "old", Namespace: "default"},
		Spec: monitoringv1.PrometheusSpec{
			CommonPrometheusFields: monitoringv1.CommonPrometheusFields{Version: "v2.30.0"},
			RuleSelector:           &metav1.LabelSelector{MatchLabels: map[string]string{"role": "alerts"}},
		},
	}
	current := old.DeepCopy()
	current.Name, current.Spec.Version = "current", "v3.5.0"
	cluster := &APICluster{Kube: kubefake.NewClientset(), Monitoring: monitoringfake.NewClientset(old, current)}
	f := newFixture(t, cluster)
	response := f.review(t, PrometheusRulesValidatePath, prometheusRuleResource, `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: rules, namespace: default, labels: {role: alerts}}
spec:
  groups: [{name: g, limit: 10, rules: [{alert: A, expr: up == 0}]}]
`)
	require.True(t, response.Allowed)
	require.Len(t, response.Warnings, 1, "%q", response.Warnings)
	assert.Contains(t, response.Warnings[0], "Prometheus default/old (v2.30.0)")
	assert.Contains(t, response.Warnings[0], "limit")
	assert.Contains(t, response.Warnings[0], "needs 2.31.0")
}

func TestAlertmanagerConfigWarningsComeFromTheSelectingAlertmanagers(t *testing.T) {
	alertmanager := &monitoringv1.Alertmanager{
		ObjectMeta: metav1.ObjectMeta{Name: "main", Namespace: "default"},
		Spec:       monitoringv1.AlertmanagerSpec{AlertmanagerConfigSelector: &metav1.LabelSelector{}},
	}
	kube := kubefake.NewClientset()
	cluster := &APICluster{Kube: kube, Monitoring: monitoringfake.NewClientset(alertmanager)}
	f := newFixture(t, cluster)
	object := `
apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata: {name: team, namespace: default}
spec:
  route: {receiver: hook}
  receivers: [{name: hook, webhookConfigs: [{urlSecret: {name: hook-url, key: url}}]}]
`
	response := f.review(t, AlertmanagerConfigsValidatePath, alertmanagerConfigV1alpha1, object)
	require.True(t, response.Allowed, "a missing Secret does not refuse the object")
	joined := strings.Join(response.Warnings, "\n")
	assert.Contains(t, joined, "Alertmanager default/main (default version) rejects it")
	assert.Contains(t, joined, "hook-url")

	_, err := kube.CoreV1().Secrets("default").Create(t.Context(), &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "hook-url", Namespace: "default"},
		Data:       map[string][]byte{"url": []byte("https://hooks.example/alert")},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	response = f.review(t, AlertmanagerConfigsValidatePath, alertmanagerConfigV1alpha1, object)
	require.True(t, response.Allowed)
	assert.Empty(t, response.Warnings, "no warning once the Secret exists")
}
