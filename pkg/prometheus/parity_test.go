// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func reconciledOf(conditions []monitoringv1.Condition) monitoringv1.Condition {
	return findCondition(conditions, monitoringv1.ConditionReconciled)
}

func TestAnAgentWithoutSelectorsStillGetsItsFullConfig(t *testing.T) {
	f := newFixture(t)
	agent := &monitoringv1alpha1.PrometheusAgent{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "edge"}}
	agent.Spec.RemoteWrite = []monitoringv1.RemoteWriteSpec{{URL: "http://central.example/api/v1/write"}}
	f.add(agent)
	f.sync("prometheus-agent", "default", "edge")

	config := f.generatedConfig("default", "prom-agent-edge")
	assert.Contains(t, config, "global:")
	assert.Contains(t, config, "http://central.example/api/v1/write", "an agent has no unmanaged mode")
	stored, err := f.monitoringClient.MonitoringV1alpha1().PrometheusAgents("default").Get(f.ctx, "edge", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "NoSelectedResources", reconciledOf(stored.Status.Conditions).Reason)
}

func TestShardRetentionRulesOnlyForServersWithARetentionPolicy(t *testing.T) {
	f := newFixture(t)
	retain := monitoringv1.RetainWhenScaledRetentionType
	f.add(fixtures.ServiceMonitor("web", frontendTeam),
		fixtures.Prometheus("plain", selectsFrontend, fixtures.WithShards(2)),
		fixtures.Prometheus("retained", selectsFrontend, fixtures.WithShards(2), fixtures.With(func(p *monitoringv1.Prometheus) {
			p.Spec.ShardRetentionPolicy = &monitoringv1.ShardRetentionPolicy{WhenScaled: &retain}
		})))
	agent := fixtures.PrometheusAgent("edge", frontendAgent(monitoringv1alpha1.StatefulSetPrometheusAgentMode))
	shards := int32(2)
	agent.Spec.Shards = &shards
	f.add(agent)
	f.sync("prometheus", "default", "plain")
	f.sync("prometheus", "default", "retained")
	f.sync("prometheus-agent", "default", "edge")

	assert.Contains(t, f.generatedConfig("default", "prometheus-retained"), "__tmp_current_shard")
	assert.NotContains(t, f.generatedConfig("default", "prometheus-plain"), "__tmp_current_shard", "no retention policy")
	assert.NotContains(t, f.generatedConfig("default", "prom-agent-edge"), "__tmp_current_shard", "agents have no retention policy")
}

func TestTheThanosHTTPClientSecretExistsForEveryPrometheus(t *testing.T) {
	f := newFixture(t)
	f.add(fixtures.Prometheus("main", selectsFrontend)) // No Thanos sidecar.
	f.sync("prometheus", "default", "main")
	secret := f.secret("default", "prometheus-main-thanos-prometheus-http-client-file")
	assert.Contains(t, secret.Data, "prometheus.http-client-file.yaml")
}

func TestReconciledReasonsFollowUpstreamPrecedence(t *testing.T) {
	unmanaged := fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.ServiceMonitorSelector = nil })
	deprecated := fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.Tag = "v3.0.0" })
	rules := fixtures.WithRuleSelector(&metav1.LabelSelector{MatchLabels: map[string]string{"role": "alerts"}})
	tests := map[string]struct {
		options []fixtures.Option
		rule    bool
		reason  string
	}{
		"nothing selected wins over the unmanaged configuration": {options: []fixtures.Option{unmanaged}, reason: "NoSelectedResources"},
		"nothing selected wins over deprecated fields":           {options: []fixtures.Option{deprecated}, reason: "NoSelectedResources"},
		"unmanaged with a selected rule":                         {options: []fixtures.Option{unmanaged, rules}, rule: true, reason: "ConfigurationUnmanaged"},
		"deprecated fields win over the unmanaged configuration": {options: []fixtures.Option{unmanaged, deprecated, rules}, rule: true, reason: "DeprecatedFieldsInUse"},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			if test.rule {
				f.add(fixtures.PrometheusRule("alerts", alertRules))
			}
			f.add(fixtures.Prometheus("main", append([]fixtures.Option{selectsFrontend}, test.options...)...))
			f.sync("prometheus", "default", "main")
			assert.Equal(t, test.reason, reconciledOf(f.storedPrometheus("main").Status.Conditions).Reason)
		})
	}
}
