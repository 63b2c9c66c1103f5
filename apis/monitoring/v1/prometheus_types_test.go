// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// assertPrometheusManifestRoundTrips decodes a Prometheus manifest strictly
// and checks that encoding it again gives the same JSON document, with two
// known, checked exceptions: a manifest without status gets the all-zero
// status back (the counters are always written), and the fields listed in
// droppedFalseFields, which the manifest sets to false, are left out because
// they are plain booleans with omitempty.
func assertPrometheusManifestRoundTrips(t *testing.T, file string, droppedFalseFields ...string) *Prometheus {
	t.Helper()
	var prometheus Prometheus
	decodeConfigResourceStrictly(t, file, &prometheus)
	encoded, err := json.Marshal(&prometheus)
	require.NoError(t, err)

	var want, got map[string]any
	require.NoError(t, json.Unmarshal(readManifestAsJSON(t, file), &want))
	require.NoError(t, json.Unmarshal(encoded, &got))
	if _, hasStatus := want["status"]; !hasStatus {
		zeroStatus, err := json.Marshal(PrometheusStatus{})
		require.NoError(t, err)
		gotStatus, err := json.Marshal(got["status"])
		require.NoError(t, err)
		assert.JSONEq(t, string(zeroStatus), string(gotStatus), "a manifest without status must decode to the zero status")
		delete(got, "status")
	}
	for _, path := range droppedFalseFields {
		parent, key := documentParent(t, want, path)
		require.Equal(t, false, parent[key], "%s must be false in the manifest", path)
		delete(parent, key)
	}
	assert.JSONEq(t, mustMarshal(t, want), mustMarshal(t, got))
	return &prometheus
}

// documentParent walks a dotted path of object keys and returns the object
// holding the last key.
func documentParent(t *testing.T, document map[string]any, path string) (map[string]any, string) {
	t.Helper()
	keys := strings.Split(path, ".")
	current := document
	for _, key := range keys[:len(keys)-1] {
		next, ok := current[key].(map[string]any)
		require.True(t, ok, "%s is not an object path of the manifest", path)
		current = next
	}
	return current, keys[len(keys)-1]
}

// mustMarshal encodes a decoded JSON document again.
func mustMarshal(t *testing.T, value any) string {
	t.Helper()
	encoded, err := json.Marshal(value)
	require.NoError(t, err)
	return string(encoded)
}

func TestPrometheusManifestsRoundTrip(t *testing.T) {
	for _, file := range configResourceManifests(t, "prometheus") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			assertPrometheusManifestRoundTrips(t, file)
		})
	}
}

func TestPrometheusManifestsCoverEveryField(t *testing.T) {
	assertManifestsCoverType(t, "prometheus", &Prometheus{})
}

func TestWalkthroughPrometheusDecodes(t *testing.T) {
	// enableAdminAPI: false is the only field the walkthrough sets that does
	// not come back: false is the default and is not written.
	prometheus := assertPrometheusManifestRoundTrips(t, filepath.Join("testdata", "walkthrough-prometheus.yaml"), "spec.enableAdminAPI")
	spec := prometheus.Spec

	assert.Equal(t, "quay.io/prometheus/prometheus:v2.53.0", *spec.Image)
	assert.Equal(t, "prometheus", spec.ServiceAccountName)
	assert.Equal(t, map[string]string{"team": "frontend"}, spec.ServiceMonitorSelector.MatchLabels)
	assert.Equal(t, map[string]string{"team": "frontend"}, spec.PodMonitorSelector.MatchLabels)
	assert.Nil(t, spec.ProbeSelector, "an absent selector must stay nil (it selects nothing)")
	assert.True(t, resource.MustParse("400Mi").Equal(spec.Resources.Requests[corev1.ResourceMemory]))
	assert.False(t, spec.EnableAdminAPI)
	assert.Nil(t, spec.Shards, "the CRD default for shards is applied by the API server, not by decoding")
}

func TestPrometheusDecodesTypedValues(t *testing.T) {
	var prometheus Prometheus
	decodeConfigResourceStrictly(t, filepath.Join("testdata", "prometheus-full.yaml"), &prometheus)
	spec := prometheus.Spec

	assert.Equal(t, int32(2), *spec.Shards)
	assert.Equal(t, intstr.FromString("web"), spec.Alerting.Alertmanagers[0].Port)
	assert.Equal(t, intstr.FromInt32(9093), spec.Alerting.Alertmanagers[1].Port)
	assert.Equal(t, AlertmanagerAPIVersion("v2"), *spec.Alerting.Alertmanagers[0].APIVersion)
	assert.Equal(t, intstr.FromInt32(1), *spec.UpdateStrategy.RollingUpdate.MaxUnavailable)
	assert.Equal(t, ShardAndResourceNameLabelSelector, *spec.TopologySpreadConstraints[0].AdditionalLabelSelectors)
	assert.Equal(t, "topology.kubernetes.io/zone", spec.TopologySpreadConstraints[0].TopologyKey,
		"the core constraint fields must decode inline")
	assert.InDelta(t, 0.1, spec.TracingConfig.SamplingFraction.AsApproximateFloat64(), 1e-9)
	assert.InDelta(t, 0.5, spec.TSDB.StaleSeriesCompactionThreshold.AsApproximateFloat64(), 1e-9)
	assert.Equal(t, RemoteWriteMessageVersion2_0, *spec.RemoteWrite[0].MessageVersion)
	assert.Equal(t, "http://proxy.example.com:3128", *spec.RemoteWrite[0].ProxyURL, "the proxy fields must decode inline")
	assert.Equal(t, "client-secret", spec.RemoteWrite[0].OAuth2.ClientSecret.Key)
	assert.Equal(t, "ws-1", strings.Split(spec.RemoteWrite[1].URL, "/")[4])
	assert.Equal(t, "00000000-0000-0000-0000-000000000006", spec.RemoteWrite[5].AzureAD.WorkloadIdentity.TenantID)
	assert.Equal(t, []string{"X25519", "CurveP256"}, spec.Thanos.GRPCServerTLSConfig.Curves)
	assert.Equal(t, "/etc/thanos/tls/ca.crt", spec.Thanos.GRPCServerTLSConfig.CAFile, "the TLS file fields must decode inline")
	assert.Equal(t, Duration("2h"), spec.Thanos.BlockDuration)
	assert.Equal(t, uint64(100000), *spec.EnforcedSampleLimit)
	assert.Equal(t, ProcessSignalReloadStrategyType, *spec.ReloadStrategy)
	assert.Equal(t, RetainWhenScaledRetentionType, *spec.ShardRetentionPolicy.WhenScaled)
	assert.Equal(t, Duration("3d"), spec.ShardRetentionPolicy.Retain.RetentionPeriod)
	assert.Equal(t, "Platform Prometheus", *spec.Web.PageTitle)
	assert.Equal(t, "prometheus-web-tls", spec.Web.TLSConfig.KeySecret.Name, "the web config file fields must decode inline")
	assert.Len(t, prometheus.Status.ShardStatuses, 2)
	assert.Equal(t, int32(1), prometheus.Status.ShardStatuses[1].UnavailableReplicas)
}

func TestPrometheusStatusKeepsZeroCounters(t *testing.T) {
	// The counters are always written so that a Prometheus scaled to zero
	// reports 0 pods rather than an absent field.
	encoded, err := json.Marshal(PrometheusStatus{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"paused":false,"replicas":0,"updatedReplicas":0,"availableReplicas":0,"unavailableReplicas":0}`, string(encoded))
}

func TestPrometheusReplicaAndShardCounts(t *testing.T) {
	int32Pointer := func(value int32) *int32 { return &value }
	tests := map[string]struct {
		shards, replicas         *int32
		wantShards, wantPerShard int32
		wantExpectedPods         int
	}{
		"unset counts mean one shard of one pod": {wantShards: 1, wantPerShard: 1, wantExpectedPods: 1},
		"explicit counts are multiplied": {
			shards: int32Pointer(3), replicas: int32Pointer(2), wantShards: 3, wantPerShard: 2, wantExpectedPods: 6,
		},
		"zero replicas scale every shard to nothing": {
			shards: int32Pointer(2), replicas: int32Pointer(0), wantShards: 2, wantPerShard: 0, wantExpectedPods: 0,
		},
		"zero or negative shards mean one shard": {
			shards: int32Pointer(0), replicas: int32Pointer(2), wantShards: 1, wantPerShard: 2, wantExpectedPods: 2,
		},
		"negative replicas mean one pod": {
			shards: int32Pointer(-1), replicas: int32Pointer(-3), wantShards: 1, wantPerShard: 1, wantExpectedPods: 1,
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			prometheus := &Prometheus{}
			prometheus.Spec.Shards = test.shards
			prometheus.Spec.Replicas = test.replicas
			assert.Equal(t, test.wantShards, prometheus.Spec.ShardCount())
			assert.Equal(t, test.wantPerShard, prometheus.Spec.ReplicaCount())
			assert.Equal(t, test.wantExpectedPods, prometheus.ExpectedReplicas())
		})
	}
}

func TestUsesTopologySharding(t *testing.T) {
	topology := TopologyShardingStrategyMode
	address := AddressShardingStrategyMode
	tests := map[string]struct {
		strategy *ShardingStrategy
		want     bool
	}{
		"no strategy hashes addresses":             {strategy: nil, want: false},
		"a strategy without mode hashes addresses": {strategy: &ShardingStrategy{}, want: false},
		"Address mode hashes addresses":            {strategy: &ShardingStrategy{Mode: &address}, want: false},
		"Topology mode shards by zone":             {strategy: &ShardingStrategy{Mode: &topology}, want: true},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			fields := CommonPrometheusFields{ShardingStrategy: test.strategy}
			assert.Equal(t, test.want, fields.UsesTopologySharding())
		})
	}
}

func TestPrometheusThroughTheSharedInterface(t *testing.T) {
	prometheus := &Prometheus{}
	var workload PrometheusInterface = prometheus

	workload.GetCommonPrometheusFields().Version = "v3.5.0"
	workload.GetStatus().Shards = 4
	assert.Equal(t, "v3.5.0", prometheus.Spec.Version, "changes through the interface must reach the object")
	assert.Equal(t, int32(4), prometheus.Status.Shards)

	workload.SetCommonPrometheusFields(CommonPrometheusFields{LogLevel: "warn"})
	assert.Equal(t, "warn", prometheus.Spec.LogLevel)
	assert.Empty(t, prometheus.Spec.Version, "setting the shared fields replaces them all")
}

func TestPrometheusRegisteredInScheme(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, AddToScheme(scheme))

	for _, kind := range []string{PrometheusesKind, PrometheusesKind + "List"} {
		object, err := scheme.New(SchemeGroupVersion.WithKind(kind))
		require.NoError(t, err, kind)
		assert.Equal(t, kind, reflect.TypeOf(object).Elem().Name())
	}
}

func TestPrometheusDeepCopyIsIndependent(t *testing.T) {
	var original Prometheus
	decodeConfigResourceStrictly(t, filepath.Join("testdata", "prometheus-full.yaml"), &original)

	copied := original.DeepCopyObject().(*Prometheus)
	require.Equal(t, &original, copied)
	copied.Spec.RemoteWrite[0].QueueConfig.MaxShards = 1
	copied.Spec.Thanos.GRPCServerTLSConfig.Curves[0] = "changed"
	copied.Spec.TopologySpreadConstraints[0].TopologyKey = "changed"
	copied.Status.ShardStatuses[0].Replicas = 9
	assert.Equal(t, 50, original.Spec.RemoteWrite[0].QueueConfig.MaxShards)
	assert.Equal(t, "X25519", original.Spec.Thanos.GRPCServerTLSConfig.Curves[0])
	assert.Equal(t, "topology.kubernetes.io/zone", original.Spec.TopologySpreadConstraints[0].TopologyKey)
	assert.Equal(t, int32(2), original.Status.ShardStatuses[0].Replicas)
}
