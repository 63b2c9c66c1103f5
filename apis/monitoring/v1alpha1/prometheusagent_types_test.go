// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// decodePrometheusAgentManifest reads a manifest from testdata strictly, so a
// field our types do not know fails the test, and returns it as JSON too.
func decodePrometheusAgentManifest(t *testing.T, file string) (*PrometheusAgent, []byte) {
	t.Helper()
	manifest, err := os.ReadFile(filepath.Join("testdata", file))
	require.NoError(t, err)
	var agent PrometheusAgent
	require.NoError(t, yaml.UnmarshalStrict(manifest, &agent), "%s has fields the type does not know", file)
	manifestJSON, err := yaml.YAMLToJSON(manifest)
	require.NoError(t, err)
	return &agent, manifestJSON
}

func TestPrometheusAgentManifestsRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "prometheusagent-*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			agent, manifestJSON := decodePrometheusAgentManifest(t, filepath.Base(file))
			encoded, err := json.Marshal(agent)
			require.NoError(t, err)
			assert.JSONEq(t, string(manifestJSON), string(encoded))
		})
	}
}

func TestWalkthroughPrometheusAgentRoundTrips(t *testing.T) {
	agent, manifestJSON := decodePrometheusAgentManifest(t, "walkthrough-prometheusagent.yaml")

	assert.Equal(t, int32(1), *agent.Spec.Replicas)
	assert.Equal(t, "prometheus", agent.Spec.ServiceAccountName)
	assert.Equal(t, map[string]string{"team": "frontend"}, agent.Spec.ServiceMonitorSelector.MatchLabels)
	require.Len(t, agent.Spec.RemoteWrite, 1)
	assert.Equal(t, "http://my-greptimedb-frontend.default:4000/v1/prometheus/write?db=public", agent.Spec.RemoteWrite[0].URL)
	assert.Nil(t, agent.Spec.Mode, "an unset mode must stay unset (StatefulSet is the operator's default)")
	assert.False(t, agent.IsDaemonSetMode())

	// The manifest has no status; the encoded object carries the zero status,
	// whose counters are always written. Everything else must come back as is.
	encoded, err := json.Marshal(agent)
	require.NoError(t, err)
	var document map[string]any
	require.NoError(t, json.Unmarshal(encoded, &document))
	zeroStatus, err := json.Marshal(monitoringv1.PrometheusStatus{})
	require.NoError(t, err)
	encodedStatus, err := json.Marshal(document["status"])
	require.NoError(t, err)
	assert.JSONEq(t, string(zeroStatus), string(encodedStatus))
	delete(document, "status")
	withoutStatus, err := json.Marshal(document)
	require.NoError(t, err)
	assert.JSONEq(t, string(manifestJSON), string(withoutStatus))
}

func TestPrometheusAgentDecodesTypedValues(t *testing.T) {
	daemonSet, _ := decodePrometheusAgentManifest(t, "prometheusagent-daemonset.yaml")
	assert.Equal(t, DaemonSetPrometheusAgentMode, *daemonSet.Spec.Mode)
	assert.True(t, daemonSet.IsDaemonSetMode())
	assert.Equal(t, monitoringv1.RemoteWriteMessageVersion2_0, *daemonSet.Spec.RemoteWrite[0].MessageVersion)
	assert.Equal(t, "node-local", daemonSet.Spec.ScrapeClasses[0].Name)
	assert.Equal(t, monitoringv1.ConditionAvailable, daemonSet.Status.Conditions[0].Type)

	statefulSet, _ := decodePrometheusAgentManifest(t, "prometheusagent-statefulset.yaml")
	assert.Equal(t, StatefulSetPrometheusAgentMode, *statefulSet.Spec.Mode)
	assert.False(t, statefulSet.IsDaemonSetMode())
	assert.Equal(t, int32(4), statefulSet.Spec.ShardCount(), "the shared helpers must be reachable through the embedded fields")
	assert.Equal(t, int32(2), statefulSet.Spec.ReplicaCount())
	assert.Equal(t, int32(4), statefulSet.Status.Shards)
}

// describeWorkload reads and changes an object only through the interface the
// operator uses for both kinds.
func describeWorkload(workload monitoringv1.PrometheusInterface) (string, int32) {
	fields := workload.GetCommonPrometheusFields()
	fields.LogLevel = "debug"
	workload.GetStatus().Paused = fields.Paused
	return workload.GetName(), fields.ShardCount()
}

func TestBothKindsWorkThroughTheSharedInterface(t *testing.T) {
	shards := int32(3)
	agent := &PrometheusAgent{}
	agent.Name = "agent"
	agent.Spec.Shards = &shards
	agent.Spec.Paused = true
	server := &monitoringv1.Prometheus{}
	server.Name = "server"

	name, shardCount := describeWorkload(agent)
	assert.Equal(t, "agent", name)
	assert.Equal(t, int32(3), shardCount)
	assert.Equal(t, "debug", agent.Spec.LogLevel, "changes through the interface must reach the agent")
	assert.True(t, agent.Status.Paused)

	name, shardCount = describeWorkload(server)
	assert.Equal(t, "server", name)
	assert.Equal(t, int32(1), shardCount)
	assert.Equal(t, "debug", server.Spec.LogLevel)

	agent.SetCommonPrometheusFields(monitoringv1.CommonPrometheusFields{Version: "v3.5.0"})
	assert.Equal(t, "v3.5.0", agent.Spec.Version)
	assert.Nil(t, agent.Spec.Shards, "setting the shared fields replaces them all")
}

func TestPrometheusAgentRegisteredInScheme(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, AddToScheme(scheme))

	for _, kind := range []string{PrometheusAgentsKind, PrometheusAgentsKind + "List"} {
		object, err := scheme.New(SchemeGroupVersion.WithKind(kind))
		require.NoError(t, err, kind)
		assert.Equal(t, kind, reflect.TypeOf(object).Elem().Name())
	}
}

func TestPrometheusAgentDeepCopyIsIndependent(t *testing.T) {
	original, _ := decodePrometheusAgentManifest(t, "prometheusagent-daemonset.yaml")

	copied := original.DeepCopyObject().(*PrometheusAgent)
	require.Equal(t, original, copied)
	*copied.Spec.Mode = StatefulSetPrometheusAgentMode
	copied.Spec.RemoteWrite[0].URL = "https://changed.example.com"
	copied.Spec.ScrapeClasses[0].Relabelings[0].TargetLabel = "changed"
	assert.Equal(t, DaemonSetPrometheusAgentMode, *original.Spec.Mode)
	assert.Equal(t, "https://metrics.example.com/api/v1/write", original.Spec.RemoteWrite[0].URL)
	assert.Equal(t, "node", original.Spec.ScrapeClasses[0].Relabelings[0].TargetLabel)
}
