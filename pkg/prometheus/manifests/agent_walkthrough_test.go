// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/prometheus/prometheus/config"
	_ "github.com/prometheus/prometheus/discovery/kubernetes" // registers kubernetes_sd_configs for config.LoadFile
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	sigsyaml "sigs.k8s.io/yaml"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg"
)

const (
	walkthroughDir       = "../../../example/user-guide"
	walkthroughRemoteURL = "http://my-greptimedb-frontend.default:4000/v1/prometheus/write?db=public"
)

// loadExample decodes a manifest of the user guide, refusing unknown fields.
func loadExample(t *testing.T, file string, obj runtime.Object) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(walkthroughDir, file))
	require.NoError(t, err)
	require.NoError(t, sigsyaml.UnmarshalStrict(data, obj))
}

// walkthroughAgent returns the user guide's PrometheusAgent and ServiceMonitor.
func walkthroughAgent(t *testing.T) (*monitoringv1alpha1.PrometheusAgent, *monitoringv1.ServiceMonitor) {
	t.Helper()
	agent, serviceMonitor := &monitoringv1alpha1.PrometheusAgent{}, &monitoringv1.ServiceMonitor{}
	loadExample(t, "prometheus-agent.yaml", agent)
	loadExample(t, "example-app-service-monitor.yaml", serviceMonitor)
	return agent, serviceMonitor
}

// loadAgentConfig checks that Prometheus's own loader accepts cfg in agent
// mode and returns it decoded.
func loadAgentConfig(t *testing.T, cfg []byte) yaml.MapSlice {
	t.Helper()
	file := filepath.Join(t.TempDir(), "prometheus.yaml")
	require.NoError(t, os.WriteFile(file, cfg, 0o600))
	_, err := config.LoadFile(file, true, slog.New(slog.DiscardHandler))
	require.NoError(t, err, "Prometheus refuses the agent configuration:\n%s", cfg)
	var doc yaml.MapSlice
	require.NoError(t, yaml.Unmarshal(cfg, &doc))
	return doc
}

// section returns a top-level section of a decoded configuration.
func section(t *testing.T, doc yaml.MapSlice, key string) any {
	t.Helper()
	for _, item := range doc {
		if item.Key == key {
			return item.Value
		}
	}
	require.FailNow(t, "section not found", key)
	return nil
}

func topLevelKeys(doc yaml.MapSlice) []any {
	keys := make([]any, 0, len(doc))
	for _, item := range doc {
		keys = append(keys, item.Key)
	}
	return keys
}

// TestWalkthroughAgentConfiguration generates the configuration of the user
// guide's PrometheusAgent (replicas 1, serviceMonitorSelector team=frontend,
// remote write to GreptimeDB) through promcfg's public API: the agent
// layout, the example-app job and the remote_write block.
func TestWalkthroughAgentConfiguration(t *testing.T) {
	agent, serviceMonitor := walkthroughAgent(t)
	selector, err := metav1.LabelSelectorAsSelector(agent.Spec.ServiceMonitorSelector)
	require.NoError(t, err)
	require.True(t, selector.Matches(labels.Set(serviceMonitor.Labels)), "the agent must select the example ServiceMonitor")

	result, err := promcfg.Generate(agent, promcfg.Input{ServiceMonitors: []*monitoringv1.ServiceMonitor{serviceMonitor}}, promcfg.Options{})
	require.NoError(t, err)
	require.Empty(t, result.Rejected)
	require.Empty(t, result.Warnings)
	doc := loadAgentConfig(t, result.Config)

	assert.Equal(t, []any{"global", "scrape_configs", "remote_write"}, topLevelKeys(doc),
		"an agent has no evaluation interval, rule files, alerting or remote read")
	global, ok := section(t, doc, "global").(yaml.MapSlice)
	require.True(t, ok)
	assert.NotContains(t, topLevelKeys(global), "evaluation_interval")
	assert.Equal(t, yaml.MapSlice{
		{Key: "prometheus", Value: "default/prometheus-agent"},
		{Key: "prometheus_replica", Value: "$(POD_NAME)"},
	}, section(t, global, "external_labels"))

	jobs, ok := section(t, doc, "scrape_configs").([]any)
	require.True(t, ok)
	require.Len(t, jobs, 1)
	job, ok := jobs[0].(yaml.MapSlice)
	require.True(t, ok)
	assert.Equal(t, "serviceMonitor/default/example-app/0", section(t, job, "job_name"))

	assert.Equal(t, []any{yaml.MapSlice{{Key: "url", Value: walkthroughRemoteURL}}}, section(t, doc, "remote_write"))
}

// TestWalkthroughAgentObjects builds the objects the user guide's agent
// yields besides its configuration: the names, the StatefulSet of its only
// shard and the governing Service.
func TestWalkthroughAgentObjects(t *testing.T) {
	agent, _ := walkthroughAgent(t)
	assert.Equal(t, "prom-agent-prometheus-agent", ConfigSecretName(agent))
	assert.Equal(t, []string{"prom-agent-prometheus-agent"}, ExpectedStatefulSetNames(agent))

	set, err := StatefulSet(agent, Options{Config: testConfig()})
	require.NoError(t, err)
	assert.Equal(t, "prom-agent-prometheus-agent", set.Name)
	assert.Equal(t, ModeAgent, set.Labels[operator.ModeLabel])
	assert.Equal(t, int32(1), *set.Spec.Replicas)
	assert.Equal(t, "prometheus-agent-operated", set.Spec.ServiceName)
	assert.Equal(t, "prometheus", set.Spec.Template.Spec.ServiceAccountName)
	assert.Equal(t, []string{configFileArg, "--web.enable-lifecycle", "--web.route-prefix=/", "--agent",
		"--storage.agent.path=/prometheus", webConfigArg}, prometheusArgs(t, set))
	assert.Equal(t, "prom-agent-prometheus-agent", volume(t, set.Spec.Template.Spec, configVolumeName).Secret.SecretName)

	service := GoverningService(agent, testConfig())
	assert.Equal(t, "prometheus-agent-operated", service.Name)
	assert.Equal(t, map[string]string{AppNameLabel: "prometheus-agent"}, service.Spec.Selector)
	assert.Equal(t, "PrometheusAgent", service.OwnerReferences[0].Kind)
}
