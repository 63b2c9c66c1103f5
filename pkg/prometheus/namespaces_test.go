// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metadatafake "k8s.io/client-go/metadata/fake"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func withMonitorNamespaces(selector *metav1.LabelSelector) fixtures.Option {
	return fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.ServiceMonitorNamespaceSelector = selector })
}

func selectedMonitorNames(t *testing.T, f *fixture, p *monitoringv1.Prometheus) []string {
	t.Helper()
	selected, err := f.operator.selectResources(p)
	require.NoError(t, err)
	var names []string
	for _, monitor := range selected.serviceMonitors {
		names = append(names, monitor.Namespace+"/"+monitor.Name)
	}
	return names
}

func TestWithoutNamespaceAccessSelectorsMatchNamespaceNames(t *testing.T) {
	f := newFixtureWith(t, InformerOptions{NoNamespaceAccess: true})
	require.Nil(t, f.informers.Namespaces, "no informer that could never sync")
	f.add(namespace("team-a", map[string]string{"monitored": "yes"}), namespace("team-b", map[string]string{"monitored": "yes"}),
		fixtures.ServiceMonitor("a", frontendTeam, fixtures.InNamespace("team-a")), fixtures.ServiceMonitor("b", frontendTeam, fixtures.InNamespace("team-b")), fixtures.ServiceMonitor("own", frontendTeam))

	byName := fixtures.Prometheus("by-name", selectsFrontend, fixtures.With(withMonitorNamespaces(&metav1.LabelSelector{
		MatchLabels: map[string]string{"kubernetes.io/metadata.name": "team-a"},
	})))
	byExpression := fixtures.Prometheus("by-expression", selectsFrontend, fixtures.With(withMonitorNamespaces(&metav1.LabelSelector{
		MatchExpressions: []metav1.LabelSelectorRequirement{{
			Key: "kubernetes.io/metadata.name", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"team-a"},
		}},
	})))
	byOtherLabel := fixtures.Prometheus("by-label", selectsFrontend, fixtures.With(withMonitorNamespaces(&metav1.LabelSelector{
		MatchLabels: map[string]string{"monitored": "yes"},
	})))
	everywhere := fixtures.Prometheus("everywhere", selectsFrontend, fixtures.With(withMonitorNamespaces(&metav1.LabelSelector{})))
	own := fixtures.Prometheus("own", selectsFrontend)
	f.add(byName, byExpression, byOtherLabel, everywhere, own)

	require.Equal(t, []string{"team-a/a"}, selectedMonitorNames(t, f, byName))
	require.Equal(t, []string{"default/own", "team-b/b"}, selectedMonitorNames(t, f, byExpression))
	require.Empty(t, selectedMonitorNames(t, f, byOtherLabel), "other namespace labels cannot be read")
	require.Equal(t, []string{"default/own", "team-a/a", "team-b/b"}, selectedMonitorNames(t, f, everywhere))
	require.Equal(t, []string{"default/own"}, selectedMonitorNames(t, f, own))

	require.Equal(t, []string{"prometheus:default/by-name", "prometheus:default/everywhere"},
		refNames(f.operator.workloadsForResource(serviceMonitorKind, "team-a")))

	f.sync("prometheus", "default", "by-name")
	require.Contains(t, f.generatedConfig("default", "prometheus-by-name"), "job_name: serviceMonitor/team-a/a/0")
}

func TestMissingNamespaceAccessIsLogged(t *testing.T) {
	f := newFixtureWith(t, InformerOptions{NoNamespaceAccess: true}, func(c *operator.Config) {
		c.Namespaces = operator.StringSet{"team-b": {}, "team-a": {}}
	})
	var logs bytes.Buffer
	_, err := New(Options{
		KubeClient: f.kubeClient, MonitoringClient: f.monitoringClient, Informers: f.informers, Config: f.config,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	require.NoError(t, err)
	require.Contains(t, logs.String(), "not allowed to list and watch namespaces")
	require.Contains(t, logs.String(), "namespaces=team-a,team-b")

	logs.Reset()
	_, err = New(Options{
		KubeClient: f.kubeClient, MonitoringClient: f.monitoringClient, Informers: newFixture(t).informers, Config: f.config,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	require.NoError(t, err)
	require.NotContains(t, logs.String(), "namespaces")
}

func TestInformersCountTheirListsAndWatches(t *testing.T) {
	f := newFixture(t)
	registry := prometheusclient.NewRegistry()
	metrics, err := kube.NewListWatchMetrics(registry)
	require.NoError(t, err)
	scheme, err := kube.Scheme()
	require.NoError(t, err)
	require.NoError(t, metav1.AddMetaToScheme(scheme))
	informers := NewInformers(f.kubeClient, f.monitoringClient, metadatafake.NewSimpleMetadataClient(scheme), InformerOptions{
		Config: f.config, ServePrometheuses: true, ServeAgents: true, ListWatchMetrics: metrics,
	})
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	informers.Start(ctx)
	require.True(t, cache.WaitForCacheSync(ctx.Done(), informers.HasSynced))

	expected := ""
	for _, series := range []string{
		`controller="prometheus",resource="configmaps"`, `controller="prometheus",resource="namespaces"`,
		`controller="prometheus",resource="podmonitors"`, `controller="prometheus",resource="probes"`,
		`controller="prometheus",resource="prometheuses"`, `controller="prometheus",resource="prometheusrules"`,
		`controller="prometheus",resource="secrets"`, `controller="prometheus",resource="servicemonitors"`,
		`controller="prometheus",resource="statefulsets"`, `controller="prometheus-agent",resource="prometheusagents"`,
	} {
		expected += "prometheus_operator_list_operations_total{" + series + "} 1\n"
	}
	require.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(
		"# HELP prometheus_operator_list_operations_total List calls made by the informers, by controller and resource.\n"+
			"# TYPE prometheus_operator_list_operations_total counter\n"+expected), "prometheus_operator_list_operations_total"))
}
