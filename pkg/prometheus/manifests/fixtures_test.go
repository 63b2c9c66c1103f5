// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// option changes a fixture; options meant for servers only do nothing on agents.
type option func(monitoringv1.PrometheusInterface)

// newPrometheus returns the Prometheus "main" in namespace "default", changed by options.
func newPrometheus(options ...option) *monitoringv1.Prometheus {
	p := &monitoringv1.Prometheus{ObjectMeta: metav1.ObjectMeta{
		Name: "main", Namespace: "default", UID: types.UID("prometheus-uid"), Generation: 1,
	}}
	for _, apply := range options {
		apply(p)
	}
	return p
}

// newAgent returns the PrometheusAgent "main" in namespace "default", changed by options.
func newAgent(options ...option) *monitoringv1alpha1.PrometheusAgent {
	p := &monitoringv1alpha1.PrometheusAgent{ObjectMeta: metav1.ObjectMeta{
		Name: "main", Namespace: "default", UID: types.UID("agent-uid"), Generation: 1,
	}}
	for _, apply := range options {
		apply(p)
	}
	return p
}

// newDaemonSetAgent is newAgent in DaemonSet mode.
func newDaemonSetAgent(options ...option) *monitoringv1alpha1.PrometheusAgent {
	mode := monitoringv1alpha1.DaemonSetPrometheusAgentMode
	agent := newAgent(options...)
	agent.Spec.Mode = &mode
	return agent
}

// withCommon changes the fields shared by servers and agents.
func withCommon(change func(*monitoringv1.CommonPrometheusFields)) option {
	return func(p monitoringv1.PrometheusInterface) { change(p.GetCommonPrometheusFields()) }
}

// withServer changes the server-only spec.
func withServer(change func(*monitoringv1.PrometheusSpec)) option {
	return func(p monitoringv1.PrometheusInterface) {
		if server, ok := p.(*monitoringv1.Prometheus); ok {
			change(&server.Spec)
		}
	}
}

func withVersion(version string) option {
	return withCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Version = version })
}

func withShards(shards int32) option {
	return withCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Shards = &shards })
}

func withMetadata(labels, annotations map[string]string) option {
	return func(p monitoringv1.PrometheusInterface) {
		p.SetLabels(labels)
		p.SetAnnotations(annotations)
	}
}

func withAdditionalArgs(args ...monitoringv1.Argument) option {
	return withCommon(func(c *monitoringv1.CommonPrometheusFields) { c.AdditionalArgs = args })
}

func withThanos(thanos monitoringv1.ThanosSpec) option {
	return withServer(func(s *monitoringv1.PrometheusSpec) { s.Thanos = &thanos })
}

// testConfig is the operator's default configuration with a fixed reloader image.
func testConfig(change ...func(*operator.Config)) *operator.Config {
	config := operator.NewConfig()
	config.Reloader.Image = "reloader:test"
	for _, apply := range change {
		apply(config)
	}
	return config
}

// buildStatefulSet builds shard 0 with the test configuration and fails the test on error.
func buildStatefulSet(t *testing.T, p monitoringv1.PrometheusInterface, opts ...func(*Options)) *appsv1.StatefulSet {
	t.Helper()
	options := Options{Config: testConfig()}
	for _, apply := range opts {
		apply(&options)
	}
	set, err := StatefulSet(p, options)
	require.NoError(t, err)
	return set
}

func container(t *testing.T, pod corev1.PodSpec, name string) corev1.Container {
	t.Helper()
	for _, candidate := range append(pod.InitContainers, pod.Containers...) {
		if candidate.Name == name {
			return candidate
		}
	}
	require.FailNow(t, "container not found", name)
	return corev1.Container{}
}

func volume(t *testing.T, pod corev1.PodSpec, name string) corev1.Volume {
	t.Helper()
	for _, candidate := range pod.Volumes {
		if candidate.Name == name {
			return candidate
		}
	}
	require.FailNow(t, "volume not found", name)
	return corev1.Volume{}
}

func containerNames(containers []corev1.Container) []string {
	names := make([]string, 0, len(containers))
	for _, c := range containers {
		names = append(names, c.Name)
	}
	return names
}

func volumeNames(volumes []corev1.Volume) []string {
	names := make([]string, 0, len(volumes))
	for _, v := range volumes {
		names = append(names, v.Name)
	}
	return names
}

func prometheusArgs(t *testing.T, set *appsv1.StatefulSet) []string {
	t.Helper()
	return container(t, set.Spec.Template.Spec, PrometheusContainerName).Args
}
