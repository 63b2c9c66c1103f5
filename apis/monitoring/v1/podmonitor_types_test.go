// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestPodMonitorManifestsRoundTrip(t *testing.T) {
	assertConfigResourceRoundTrips(t, "podmonitor", func() any { return &PodMonitor{} })
}

func TestPodMonitorManifestsCoverEveryField(t *testing.T) {
	assertManifestsCoverType(t, "podmonitor", &PodMonitor{})
}

func TestPodMonitorDecodesEndpointPorts(t *testing.T) {
	var monitor PodMonitor
	decodeConfigResourceStrictly(t, "testdata/podmonitor-full.yaml", &monitor)
	require.Len(t, monitor.Spec.PodMetricsEndpoints, 3)

	byName, byNumber, byTarget := monitor.Spec.PodMetricsEndpoints[0], monitor.Spec.PodMetricsEndpoints[1], monitor.Spec.PodMetricsEndpoints[2]
	assert.Equal(t, "http-metrics", *byName.Port)
	assert.Nil(t, byName.PortNumber)
	assert.Equal(t, int32(9404), *byNumber.PortNumber)
	assert.Equal(t, intstr.FromString("jmx"), *byTarget.TargetPort)

	assert.Equal(t, Scheme("HTTP"), *byName.Scheme)
	assert.Equal(t, RelabelActionKeep, byName.RelabelConfigs[0].Action.Normalized())
	assert.Equal(t, "ingest-token", byNumber.BearerTokenSecret.Name)
	assert.Equal(t, "ingest-ca", byNumber.TLSConfig.CA.Secret.Name)
	assert.Equal(t, RelabelActionUppercase, byTarget.MetricRelabelConfigs[0].Action.Normalized())
	assert.True(t, monitor.Spec.NamespaceSelector.Any)
}

func TestPodMonitorDeepCopyIsIndependent(t *testing.T) {
	var original PodMonitor
	decodeConfigResourceStrictly(t, "testdata/podmonitor-full.yaml", &original)
	copied := original.DeepCopy()
	*copied.Spec.PodMetricsEndpoints[0].Port = "changed"
	copied.Spec.Selector.MatchLabels["app"] = "changed"
	assert.Equal(t, "http-metrics", *original.Spec.PodMetricsEndpoints[0].Port)
	assert.Equal(t, "ingest-worker", original.Spec.Selector.MatchLabels["app"])
}
