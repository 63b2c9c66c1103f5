// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"testing"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// The fixture's refresh leaves the Probe and ScrapeConfig caches alone, so
// these tests fill them by hand next to the fake API.

// staticProbe is a Probe of one static target, labelled team=<team>.
func staticProbe(namespace, name, team string) *monitoringv1.Probe {
	return fixtures.Probe(name, fixtures.InNamespace(namespace), fixtures.WithLabels(map[string]string{"team": team}),
		fixtures.WithProbeSpec(func(spec *monitoringv1.ProbeSpec) {
			spec.ProberSpec = monitoringv1.ProberSpec{URL: "blackbox-exporter.monitoring.svc:9115"}
			spec.Module = "http_2xx"
			spec.Targets.StaticConfig = &monitoringv1.ProbeTargetStaticConfig{Targets: []string{"https://" + name + ".example.com"}}
		}))
}

// staticScrapeConfig is a ScrapeConfig of one static target, labelled team=<team>.
func staticScrapeConfig(namespace, name, team string) *monitoringv1alpha1.ScrapeConfig {
	return fixtures.ScrapeConfig(name, fixtures.InNamespace(namespace), fixtures.WithLabels(map[string]string{"team": team}),
		fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
			spec.StaticConfigs = []monitoringv1alpha1.StaticConfig{{Targets: []monitoringv1alpha1.Target{monitoringv1alpha1.Target(name + ":8080")}}}
		}))
}

// addCached stores objects in the fake API and in one informer cache.
func (f *fixture) addCached(set *kube.InformerSet, objects ...runtime.Object) {
	f.t.Helper()
	f.add(objects...)
	for _, obj := range objects {
		require.NoError(f.t, set.Add(obj))
	}
}

// selectableKind is what differs between Probes and ScrapeConfigs here.
type selectableKind struct {
	kind configKind
	// set stores the resource and namespace selectors of the kind on an agent.
	set func(agent *monitoringv1alpha1.PrometheusAgent, resource, namespace *metav1.LabelSelector)
	// chosen and others list namespace/name of what s selected of the kind
	// and of the other of the two kinds.
	chosen, others func(s *selection) []string
}

func probeNames(s *selection) []string {
	var names []string
	for _, probe := range s.probes {
		names = append(names, probe.Namespace+"/"+probe.Name)
	}
	return names
}

func scrapeConfigNames(s *selection) []string {
	var names []string
	for _, scrapeConfig := range s.scrapeConfigs {
		names = append(names, scrapeConfig.Namespace+"/"+scrapeConfig.Name)
	}
	return names
}

var (
	selectableProbes = selectableKind{
		kind: probeKind,
		set: func(agent *monitoringv1alpha1.PrometheusAgent, resource, namespace *metav1.LabelSelector) {
			agent.Spec.ProbeSelector, agent.Spec.ProbeNamespaceSelector = resource, namespace
		},
		chosen: probeNames, others: scrapeConfigNames,
	}
	selectableScrapeConfigs = selectableKind{
		kind: scrapeConfigKind,
		set: func(agent *monitoringv1alpha1.PrometheusAgent, resource, namespace *metav1.LabelSelector) {
			agent.Spec.ScrapeConfigSelector, agent.Spec.ScrapeConfigNamespaceSelector = resource, namespace
		},
		chosen: scrapeConfigNames, others: probeNames,
	}
)

// probesAndScrapeConfigsFixture holds, for each of the two kinds, a
// frontend and a backend object in default and a frontend object in team-a
// (labelled monitored=yes) and in team-b.
func probesAndScrapeConfigsFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.add(namespace("team-a", map[string]string{"monitored": "yes"}), namespace("team-b", nil))
	for _, place := range []struct{ namespace, name, team string }{
		{"default", "front", "frontend"}, {"default", "back", "backend"},
		{"team-a", "front", "frontend"}, {"team-b", "front", "frontend"},
	} {
		f.addCached(f.informers.Probes, staticProbe(place.namespace, place.name, place.team))
		f.addCached(f.informers.ScrapeConfigs, staticScrapeConfig(place.namespace, place.name, place.team))
	}
	return f
}

func TestAgentProbeAndScrapeConfigSelection(t *testing.T) {
	f := probesAndScrapeConfigsFixture(t)
	frontend := &metav1.LabelSelector{MatchLabels: map[string]string{"team": "frontend"}}
	notBackend := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
		Key: "team", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"backend"},
	}}}
	tests := map[string]struct {
		mode                        monitoringv1alpha1.PrometheusAgentMode
		selector, namespaceSelector *metav1.LabelSelector
		want                        []string
	}{
		"a nil selector selects nothing":                                {selector: nil, namespaceSelector: &metav1.LabelSelector{}, want: nil},
		"an empty selector selects everything of the agent's namespace": {selector: &metav1.LabelSelector{}, want: []string{"default/back", "default/front"}},
		"a nil namespace selector means the agent's namespace":          {selector: frontend, want: []string{"default/front"}},
		"match expressions select like match labels":                    {selector: notBackend, want: []string{"default/front"}},
		"an empty namespace selector means every namespace":             {selector: frontend, namespaceSelector: &metav1.LabelSelector{}, want: []string{"default/front", "team-a/front", "team-b/front"}},
		"an empty selector in every namespace takes every object":       {selector: &metav1.LabelSelector{}, namespaceSelector: &metav1.LabelSelector{}, want: []string{"default/back", "default/front", "team-a/front", "team-b/front"}},
		"a namespace selector picks namespaces by label":                {selector: frontend, namespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"monitored": "yes"}}, want: []string{"team-a/front"}},
		"a namespace selector matching no namespace selects nothing":    {selector: frontend, namespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"monitored": "no"}}, want: nil},
		"a DaemonSet agent selects none whatever its selectors say":     {mode: monitoringv1alpha1.DaemonSetPrometheusAgentMode, selector: &metav1.LabelSelector{}, namespaceSelector: &metav1.LabelSelector{}, want: nil},
	}
	for _, selectable := range []selectableKind{selectableProbes, selectableScrapeConfigs} {
		for name, test := range tests {
			t.Run(selectable.kind.kind+"/"+name, func(t *testing.T) {
				mode := test.mode
				if mode == "" {
					mode = monitoringv1alpha1.StatefulSetPrometheusAgentMode
				}
				agent := fixtures.PrometheusAgent("agent", frontendAgent(mode))
				selectable.set(agent, test.selector, test.namespaceSelector)
				selected, err := f.operator.selectResources(agent)
				require.NoError(t, err)
				require.Equal(t, test.want, selectable.chosen(selected))
				require.Empty(t, selectable.others(selected), "the selectors of one kind select nothing of the other")
			})
		}
	}
}

func TestAgentInvalidProbeOrScrapeConfigSelectorIsAnError(t *testing.T) {
	f := probesAndScrapeConfigsFixture(t)
	invalid := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: "Near"}}}
	for _, selectable := range []selectableKind{selectableProbes, selectableScrapeConfigs} {
		t.Run(selectable.kind.kind, func(t *testing.T) {
			onResources := fixtures.PrometheusAgent("agent", frontendAgent(monitoringv1alpha1.StatefulSetPrometheusAgentMode))
			selectable.set(onResources, invalid, nil)
			_, err := f.operator.selectResources(onResources)
			require.ErrorContains(t, err, "invalid "+selectable.kind.kind+" selector")

			onNamespaces := fixtures.PrometheusAgent("agent", frontendAgent(monitoringv1alpha1.StatefulSetPrometheusAgentMode))
			selectable.set(onNamespaces, &metav1.LabelSelector{}, invalid)
			_, err = f.operator.selectResources(onNamespaces)
			require.ErrorContains(t, err, selectable.kind.kind+": invalid namespace selector")
		})
	}
}

func TestProbeAndScrapeConfigEventsReachTheAgentsSelectingThem(t *testing.T) {
	frontend := &metav1.LabelSelector{MatchLabels: map[string]string{"team": "frontend"}}
	for _, selectable := range []selectableKind{selectableProbes, selectableScrapeConfigs} {
		t.Run(selectable.kind.kind, func(t *testing.T) {
			f := probesAndScrapeConfigsFixture(t)
			agent := func(name string, mode monitoringv1alpha1.PrometheusAgentMode, resource, namespace *metav1.LabelSelector) *monitoringv1alpha1.PrometheusAgent {
				a := fixtures.PrometheusAgent(name, frontendAgent(mode))
				selectable.set(a, resource, namespace)
				return a
			}
			statefulSet, daemonSet := monitoringv1alpha1.StatefulSetPrometheusAgentMode, monitoringv1alpha1.DaemonSetPrometheusAgentMode
			f.add(
				agent("everywhere", statefulSet, frontend, &metav1.LabelSelector{}),
				agent("own", statefulSet, frontend, nil),
				agent("labelled", statefulSet, frontend, &metav1.LabelSelector{MatchLabels: map[string]string{"monitored": "yes"}}),
				agent("none", statefulSet, nil, &metav1.LabelSelector{}),
				agent("node", daemonSet, &metav1.LabelSelector{}, &metav1.LabelSelector{}),
			)

			require.Equal(t, []string{"prometheus-agent:default/everywhere", "prometheus-agent:default/own"},
				refNames(f.operator.workloadsForResource(selectable.kind, "default")))
			require.Equal(t, []string{"prometheus-agent:default/everywhere", "prometheus-agent:default/labelled"},
				refNames(f.operator.workloadsForResource(selectable.kind, "team-a")))
			require.Equal(t, []string{"prometheus-agent:default/everywhere"},
				refNames(f.operator.workloadsForResource(selectable.kind, "team-b")))

			// team-b gaining the label enters the labelled agent's namespace selector only.
			require.Equal(t, []string{"prometheus-agent:default/labelled"},
				refNames(f.operator.workloadsForNamespaceChange(namespaceRelabelled("team-b", nil, labels.Set{"monitored": "yes"}))))
		})
	}
}

// jobNames lists the job names of a generated configuration.
func jobNames(t *testing.T, config string) []string {
	t.Helper()
	var parsed struct {
		ScrapeConfigs []struct {
			JobName string `json:"job_name"`
		} `json:"scrape_configs"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(config), &parsed))
	var names []string
	for _, job := range parsed.ScrapeConfigs {
		names = append(names, job.JobName)
	}
	return names
}

func TestAgentSyncWritesTheJobsOfSelectedProbesAndScrapeConfigs(t *testing.T) {
	monitored := &metav1.LabelSelector{MatchLabels: map[string]string{"monitored": "yes"}}
	tests := map[string]struct {
		probes, scrapeConfigs bool
		want                  []string
	}{
		// Either selector alone keeps the agent out of the unmanaged mode
		// (every monitor selector nil), whose configuration Secret is empty.
		"Probes alone":        {probes: true, want: []string{"probe/team-a/front"}},
		"ScrapeConfigs alone": {scrapeConfigs: true, want: []string{"scrapeConfig/default/back", "scrapeConfig/default/front"}},
		"both kinds": {probes: true, scrapeConfigs: true,
			want: []string{"probe/team-a/front", "scrapeConfig/default/back", "scrapeConfig/default/front"}},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			f := probesAndScrapeConfigsFixture(t)
			agent := fixtures.PrometheusAgent("blackbox", frontendAgent(monitoringv1alpha1.StatefulSetPrometheusAgentMode))
			agent.Spec.ServiceMonitorSelector, agent.Spec.PodMonitorSelector = nil, nil
			if test.probes {
				selectableProbes.set(agent, &metav1.LabelSelector{MatchLabels: map[string]string{"team": "frontend"}}, monitored)
			}
			if test.scrapeConfigs {
				selectableScrapeConfigs.set(agent, &metav1.LabelSelector{}, nil)
			}
			f.add(agent)

			f.sync("prometheus-agent", "default", "blackbox")

			config := f.generatedConfig("default", "prom-agent-blackbox")
			require.Equal(t, test.want, jobNames(t, config), config)
		})
	}
}
