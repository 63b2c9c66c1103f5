// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestServerStatefulSetMetadata(t *testing.T) {
	p := fixtures.Prometheus("main", fixtures.WithShards(2), fixtures.WithLabels(map[string]string{"team": "frontend", operator.ShardLabel: "spoofed"}), fixtures.WithAnnotations(map[string]string{"note": "kept", "kubectl.kubernetes.io/last-applied-configuration": "{}"}))
	config := testConfig(func(c *operator.Config) {
		c.Labels = operator.StringMap{"env": "prod"}
		c.Annotations = operator.StringMap{"owner": "platform"}
	})
	set, err := StatefulSet(p, Options{Config: config, Shard: 1})
	require.NoError(t, err)

	assert.Equal(t, "prometheus-main-shard-1", set.Name)
	assert.Equal(t, "default", set.Namespace)
	assert.Equal(t, map[string]string{
		"managed-by":                   "prometheus-operator",
		"app.kubernetes.io/managed-by": "prometheus-operator",
		"app.kubernetes.io/name":       "prometheus",
		"app.kubernetes.io/instance":   "main",
		"operator.prometheus.io/name":  "main",
		"operator.prometheus.io/shard": "1",
		"operator.prometheus.io/mode":  "server",
		"prometheus":                   "main",
		"team":                         "frontend",
		"env":                          "prod",
	}, set.Labels, "the selector labels win over the object's own labels")

	assert.Equal(t, "kept", set.Annotations["note"])
	assert.Equal(t, "platform", set.Annotations["owner"])
	assert.NotContains(t, set.Annotations, "kubectl.kubernetes.io/last-applied-configuration")
	assert.NotEmpty(t, set.Annotations[operator.InputHashAnnotation])

	require.Len(t, set.OwnerReferences, 1)
	owner := set.OwnerReferences[0]
	assert.Equal(t, metav1.OwnerReference{
		APIVersion: "monitoring.coreos.com/v1", Kind: "Prometheus", Name: "main", UID: "main-uid",
		Controller: ptrTo(true), BlockOwnerDeletion: ptrTo(true),
	}, owner)
}

func TestSelectorAndPodLabels(t *testing.T) {
	p := fixtures.Prometheus("main", fixtures.WithVersion("v2.53.1"), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.PodMetadata = &monitoringv1.EmbeddedObjectMetadata{
			Labels:      map[string]string{"tier": "monitoring", "prometheus": "hijack"},
			Annotations: map[string]string{"scrape": "yes"},
		}
	}))
	config := testConfig(func(c *operator.Config) { c.Labels = operator.StringMap{"env": "prod"} })
	set, err := StatefulSet(p, Options{Config: config})
	require.NoError(t, err)

	wantSelector := map[string]string{
		"app.kubernetes.io/managed-by": "prometheus-operator",
		"app.kubernetes.io/name":       "prometheus",
		"app.kubernetes.io/instance":   "main",
		"operator.prometheus.io/name":  "main",
		"operator.prometheus.io/shard": "0",
		"prometheus":                   "main",
		"env":                          "prod",
	}
	assert.Equal(t, wantSelector, set.Spec.Selector.MatchLabels)

	podLabels := set.Spec.Template.Labels
	for key, value := range wantSelector {
		assert.Equal(t, value, podLabels[key], "pods must match the selector (%s)", key)
	}
	assert.Equal(t, "2.53.1", podLabels["app.kubernetes.io/version"])
	assert.Equal(t, "monitoring", podLabels["tier"])
	assert.Equal(t, map[string]string{"kubectl.kubernetes.io/default-container": "prometheus", "scrape": "yes"}, set.Spec.Template.Annotations)
}

func TestAgentLabelsDoNotOverlapServerLabels(t *testing.T) {
	agentSet := buildStatefulSet(t, fixtures.PrometheusAgent("main"))
	serverSet := buildStatefulSet(t, fixtures.Prometheus("main"))

	assert.Equal(t, "agent", agentSet.Labels[operator.ModeLabel])
	assert.Equal(t, "prometheus-agent", agentSet.Spec.Selector.MatchLabels[AppNameLabel])
	assert.NotContains(t, agentSet.Spec.Selector.MatchLabels, PrometheusLabel)

	selectsOther := func(selector, labels map[string]string) bool {
		for key, value := range selector {
			if labels[key] != value {
				return false
			}
		}
		return true
	}
	assert.False(t, selectsOther(agentSet.Spec.Selector.MatchLabels, serverSet.Spec.Template.Labels), "the agent must not select the server's pods")
	assert.False(t, selectsOther(serverSet.Spec.Selector.MatchLabels, agentSet.Spec.Template.Labels), "the server must not select the agent's pods")
	assert.Equal(t, "PrometheusAgent", agentSet.OwnerReferences[0].Kind)
	assert.Equal(t, "monitoring.coreos.com/v1alpha1", agentSet.OwnerReferences[0].APIVersion)
}

func TestStatefulSetListSelector(t *testing.T) {
	assert.Equal(t,
		"managed-by in (prometheus-operator),operator.prometheus.io/shard,operator.prometheus.io/name,operator.prometheus.io/mode in (server)",
		StatefulSetListSelector(ModeServer))
	assert.Equal(t, operator.StatefulSetSelectorBase+",operator.prometheus.io/mode in (agent)", StatefulSetListSelector(ModeAgent))
}

func TestStatusSelector(t *testing.T) {
	assert.Equal(t,
		"app.kubernetes.io/instance=main,app.kubernetes.io/managed-by=prometheus-operator,app.kubernetes.io/name=prometheus,operator.prometheus.io/name=main,prometheus=main",
		StatusSelector(fixtures.Prometheus("main")))
	assert.Equal(t,
		"app.kubernetes.io/instance=main,app.kubernetes.io/managed-by=prometheus-operator,app.kubernetes.io/name=prometheus-agent,operator.prometheus.io/name=main",
		StatusSelector(fixtures.PrometheusAgent("main")))
}
