// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

func TestWalkthroughAgentWritesRemotelyAndRunsAsAStatefulSet(t *testing.T) {
	f := newFixture(t)
	agent := &monitoringv1alpha1.PrometheusAgent{}
	loadYAML(t, "../../example/user-guide/prometheus-agent.yaml", agent)
	_, serviceMonitor, podMonitor := walkthrough(t)
	f.add(agent, serviceMonitor, podMonitor)

	f.sync("prometheus-agent", "default", "prometheus-agent")

	config := f.generatedConfig("default", "prom-agent-prometheus-agent")
	require.Empty(t, missingFrom(config,
		"job_name: serviceMonitor/default/example-app/0",
		"remote_write:",
		"url: http://my-greptimedb-frontend.default:4000/v1/prometheus/write?db=public",
	), config)
	// Agents have no rules, no alerting and no evaluation interval.
	for _, absent := range []string{"rule_files", "alerting:", "evaluation_interval", "podMonitor/"} {
		require.NotContains(t, config, absent)
	}
	require.Equal(t, []string{"prom-agent-prometheus-agent"}, f.statefulSetNames("default"))
	service, err := f.kubeClient.CoreV1().Services("default").Get(f.ctx, "prometheus-agent-operated", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, "prometheus-agent", service.Spec.Selector["app.kubernetes.io/name"])
	statefulSet, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, "prom-agent-prometheus-agent", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, "agent", statefulSet.Labels[operator.ModeLabel])
	_, err = f.kubeClient.CoreV1().ConfigMaps("default").Get(f.ctx, "prom-agent-prometheus-agent-rulefiles-0", metav1.GetOptions{})
	require.Error(t, err, "agents get no rule ConfigMaps")

	binding := f.serviceMonitorStatus("example-app").Bindings
	require.Len(t, binding, 1)
	require.Equal(t, "prometheusagents", binding[0].Resource)
	require.Empty(t, f.podMonitorStatus("example-app").Bindings, "the agent does not select PodMonitors")

	f.sync("prometheus-agent", "default", "prometheus-agent")
	f.clearActions()
	f.sync("prometheus-agent", "default", "prometheus-agent")
	require.Empty(t, f.writes())
}

func TestAgentInDaemonSetModeRunsADaemonSetScrapingPodMonitorsOnly(t *testing.T) {
	f := newFixture(t)
	agent := fixtures.PrometheusAgent("node", frontendAgent(monitoringv1alpha1.DaemonSetPrometheusAgentMode))
	_, serviceMonitor, podMonitor := walkthrough(t)
	f.add(agent, serviceMonitor, podMonitor)

	f.sync("prometheus-agent", "default", "node")

	daemonSet, err := f.kubeClient.AppsV1().DaemonSets("default").Get(f.ctx, "prom-agent-node", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, agent.UID, metav1.GetControllerOf(daemonSet).UID)
	require.Empty(t, f.statefulSetNames("default"))
	config := f.generatedConfig("default", "prom-agent-node")
	require.Contains(t, config, "podMonitor/default/example-app/0")
	require.NotContains(t, config, "serviceMonitor/")

	// Status follows the DaemonSet's counts.
	daemonSet.Status = appsv1.DaemonSetStatus{DesiredNumberScheduled: 3, CurrentNumberScheduled: 3, UpdatedNumberScheduled: 3, NumberAvailable: 2}
	_, err = f.kubeClient.AppsV1().DaemonSets("default").UpdateStatus(f.ctx, daemonSet, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.sync("prometheus-agent", "default", "node")
	stored, err := f.monitoringClient.MonitoringV1alpha1().PrometheusAgents("default").Get(f.ctx, "node", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, int32(2), stored.Status.AvailableReplicas)
	require.Equal(t, workload.ConditionDegraded, findCondition(stored.Status.Conditions, monitoringv1.ConditionAvailable).Status)

	f.clearActions()
	f.sync("prometheus-agent", "default", "node")
	require.Empty(t, f.writes())
}

func TestAgentLeavingDaemonSetModeDeletesItsDaemonSet(t *testing.T) {
	f := newFixture(t)
	agent := fixtures.PrometheusAgent("node", frontendAgent(monitoringv1alpha1.DaemonSetPrometheusAgentMode))
	f.add(agent)
	f.sync("prometheus-agent", "default", "node")

	stored, err := f.monitoringClient.MonitoringV1alpha1().PrometheusAgents("default").Get(f.ctx, "node", metav1.GetOptions{})
	require.NoError(t, err)
	mode := monitoringv1alpha1.StatefulSetPrometheusAgentMode
	stored.Spec.Mode = &mode
	_, err = f.monitoringClient.MonitoringV1alpha1().PrometheusAgents("default").Update(f.ctx, stored, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.sync("prometheus-agent", "default", "node")

	_, err = f.kubeClient.AppsV1().DaemonSets("default").Get(f.ctx, "prom-agent-node", metav1.GetOptions{})
	require.Error(t, err)
	require.Equal(t, []string{"prom-agent-node"}, f.statefulSetNames("default"))
}

func TestPrometheusAndAgentOfOneNameDoNotCollide(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("same", selectsFrontend)
	agent := fixtures.PrometheusAgent("same", frontendAgent(monitoringv1alpha1.StatefulSetPrometheusAgentMode))
	f.add(p, agent, fixtures.ServiceMonitor("app", frontendTeam))

	f.sync("prometheus", "default", "same")
	f.sync("prometheus-agent", "default", "same")
	f.sync("prometheus", "default", "same")
	f.sync("prometheus-agent", "default", "same")

	require.Equal(t, []string{"prom-agent-same", "prometheus-same"}, f.statefulSetNames("default"))
	server, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, "prometheus-same", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, p.UID, metav1.GetControllerOf(server).UID)
	agentSet, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, "prom-agent-same", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, agent.UID, metav1.GetControllerOf(agentSet).UID)

	f.secret("default", "prometheus-same")
	f.secret("default", "prom-agent-same")
	bindings := f.serviceMonitorStatus("app").Bindings
	require.Len(t, bindings, 2, "one binding per workload kind")

	// Each controller sees only its own StatefulSet.
	agentSet.Status = appsv1.StatefulSetStatus{Replicas: 1, UpdatedReplicas: 1, AvailableReplicas: 1, ReadyReplicas: 1}
	_, err = f.kubeClient.AppsV1().StatefulSets("default").UpdateStatus(f.ctx, agentSet, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.sync("prometheus", "default", "same")
	f.sync("prometheus-agent", "default", "same")
	storedServer, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Get(f.ctx, "same", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, int32(0), storedServer.Status.AvailableReplicas)
	storedAgent, err := f.monitoringClient.MonitoringV1alpha1().PrometheusAgents("default").Get(f.ctx, "same", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, int32(1), storedAgent.Status.AvailableReplicas)

	// Both converge without writing each other's objects back and forth.
	f.clearActions()
	f.sync("prometheus", "default", "same")
	f.sync("prometheus-agent", "default", "same")
	require.Empty(t, f.writes())
}
