// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// jobNames lists the job_name of every scrape job of cfg, in order.
func jobNames(t *testing.T, cfg []byte) []string {
	t.Helper()
	var doc struct {
		ScrapeConfigs []struct {
			JobName string `yaml:"job_name"`
		} `yaml:"scrape_configs"`
	}
	require.NoError(t, yaml.Unmarshal(cfg, &doc))
	names := make([]string, len(doc.ScrapeConfigs))
	for i, job := range doc.ScrapeConfigs {
		names[i] = job.JobName
	}
	return names
}

func TestScrapeConfigJobsComeAfterProbesAndBeforeAdditionalJobs(t *testing.T) {
	input := scrapeConfigInput(
		fixtures.ScrapeConfig("b", walkthrough, staticTargets("b:80")),
		fixtures.ScrapeConfig("z", walkthrough, staticTargets("z:80"), fixtures.InNamespace("alpha")),
		fixtures.ScrapeConfig("a", walkthrough, staticTargets("a:80")),
	)
	input.ServiceMonitors = []*monitoringv1.ServiceMonitor{fixtures.ServiceMonitor("example-app", walkthrough)}
	input.Probes = []*monitoringv1.Probe{fixtures.Probe("blackbox", walkthrough)}
	input.AdditionalScrapeConfigs = []byte("- job_name: extra\n  static_configs:\n  - targets: [extra:80]\n")
	workload := fixtures.Prometheus("example", walkthrough)
	result, err := Generate(workload, input, Options{})
	require.NoError(t, err)
	require.Equal(t, []string{
		"serviceMonitor/default/example-app/0", "probe/default/blackbox",
		"scrapeConfig/alpha/z", "scrapeConfig/default/a", "scrapeConfig/default/b", "extra",
	}, jobNames(t, result.Config))
	loadWithPrometheus(t, result.Config, workload)
}

func TestScrapeConfigJobsOfAgents(t *testing.T) {
	agent := func(mode monitoringv1alpha1.PrometheusAgentMode) *monitoringv1alpha1.PrometheusAgent {
		return &monitoringv1alpha1.PrometheusAgent{
			ObjectMeta: metav1.ObjectMeta{Name: "agent", Namespace: "default"},
			Spec:       monitoringv1alpha1.PrometheusAgentSpec{Mode: &mode},
		}
	}
	input := scrapeConfigInput(fixtures.ScrapeConfig("a", walkthrough, staticTargets("a:80")))

	statefulSet := agent(monitoringv1alpha1.StatefulSetPrometheusAgentMode)
	result, err := Generate(statefulSet, input, Options{})
	require.NoError(t, err)
	require.Equal(t, []string{"scrapeConfig/default/a"}, jobNames(t, result.Config), "a StatefulSet agent scrapes ScrapeConfigs")
	loadWithPrometheus(t, result.Config, statefulSet)

	result, err = Generate(agent(monitoringv1alpha1.DaemonSetPrometheusAgentMode), input, Options{})
	require.NoError(t, err)
	require.Empty(t, jobNames(t, result.Config), "a DaemonSet agent only scrapes PodMonitors")
}

func TestScrapeConfigRejectionsAndWarningsReachTheResult(t *testing.T) {
	input := scrapeConfigInput(
		fixtures.ScrapeConfig("gated", walkthrough, staticTargets("a:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) { spec.EnableCompression = ptr(false) })),
		fixtures.ScrapeConfig("broken", walkthrough, staticTargets("b:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) { spec.ScrapeClassName = ptr("nope") })),
	)
	result, err := Generate(fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.48.0")), input, Options{})
	require.NoError(t, err)
	require.Len(t, result.Rejected, 1)
	require.Equal(t, "ScrapeConfig", result.Rejected[0].Kind)
	require.Contains(t, result.Rejected[0].Error(), `ScrapeConfig default/broken: scrapeClass "nope" not found`)
	require.True(t, hasWarning(result.Warnings, `scrapeConfig/default/gated: ignoring "enable_compression": needs Prometheus >= 2.49.0`),
		"warnings: %v", result.Warnings)
}

// credentialKeys mark a discovery entry or job that carries credentials.
var credentialKeys = regexp.MustCompile(`(?m)^\s+-?\s*(basic_auth|authorization|oauth2|token|password|access_key|secret_key|client_secret|application_secret|consumer_key|application_credential_secret):`)

// TestScrapeConfigGoldensCoverEveryFamily checks the golden files: every
// discovery family appears in at least two, one of them with credentials
// read from Secrets.
func TestScrapeConfigGoldensCoverEveryFamily(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "TestScrapeConfig*.golden"))
	require.NoError(t, err)
	contents := make([]string, 0, len(files))
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		contents = append(contents, string(data))
	}
	for _, family := range sdFamilies {
		var uses, withCredentials int
		for _, content := range contents {
			if !strings.Contains(content, "  "+family.key+":\n") {
				continue
			}
			uses++
			if credentialKeys.MatchString(content) {
				withCredentials++
			}
		}
		require.GreaterOrEqual(t, uses, 2, "%s appears in %d golden files", family.key, uses)
		require.GreaterOrEqual(t, withCredentials, 1, "no golden file with %s has credentials", family.key)
	}
}
