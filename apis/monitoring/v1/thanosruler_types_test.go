// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
)

const thanosRulerFullManifest = "testdata/thanosruler-full.yaml"

func TestThanosRulerManifestsRoundTrip(t *testing.T) {
	assertConfigResourceRoundTrips(t, "thanosruler", func() any { return &ThanosRuler{} })
}

func TestThanosRulerManifestsCoverEveryField(t *testing.T) {
	assertManifestsCoverType(t, "thanosruler", &ThanosRuler{})
}

func TestThanosRulerDecodesTypedValues(t *testing.T) {
	var ruler ThanosRuler
	decodeConfigResourceStrictly(t, thanosRulerFullManifest, &ruler)
	spec := ruler.Spec

	assert.Equal(t, Duration("30s"), spec.EvaluationInterval)
	assert.Equal(t, Duration("48h"), spec.Retention)
	assert.Equal(t, Duration("1m"), *spec.ResendDelay)
	assert.Equal(t, int32(4), *spec.RuleConcurrentEval)
	assert.Equal(t, []EnableFeature{"promql-experimental-functions"}, spec.EnableFeatures)
	assert.Equal(t, []string{"X25519"}, spec.GRPCServerTLSConfig.Curves)
	assert.Equal(t, "thanos-grpc", spec.GRPCServerTLSConfig.KeySecret.Name)
	assert.Equal(t, "https://remote.example.com/api/v1/write", spec.RemoteWrite[0].URL)
	assert.Equal(t, "prometheusrules", spec.ExcludedFromEnforcement[0].Resource)
	assert.Equal(t, "legacy-rules", spec.PrometheusRulesExcludedFromEnforce[0].RuleName)
	assert.Equal(t, "2Gi", spec.Storage.EmptyDir.SizeLimit.String())
	require.NotNil(t, spec.RuleNamespaceSelector, "an empty selector must stay distinct from an absent one")
	assert.Empty(t, spec.RuleNamespaceSelector.MatchLabels)
}

func TestThanosRulerStatusKeepsZeroCounters(t *testing.T) {
	encoded, err := json.Marshal(ThanosRulerStatus{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"paused":false,"replicas":0,"updatedReplicas":0,"availableReplicas":0,"unavailableReplicas":0}`, string(encoded))
}

func TestThanosRulerExpectedReplicas(t *testing.T) {
	two := int32(2)
	tests := map[string]struct {
		replicas *int32
		want     int
	}{
		"unset replicas means one pod":   {replicas: nil, want: 1},
		"explicit replicas are honoured": {replicas: &two, want: 2},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			ruler := &ThanosRuler{Spec: ThanosRulerSpec{Replicas: test.replicas}}
			assert.Equal(t, test.want, ruler.ExpectedReplicas())
		})
	}
}

func TestThanosRulerRegisteredInScheme(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, AddToScheme(scheme))

	for _, kind := range []string{ThanosRulerKind, ThanosRulerKind + "List"} {
		object, err := scheme.New(SchemeGroupVersion.WithKind(kind))
		require.NoError(t, err, kind)
		assert.Equal(t, kind, reflect.TypeOf(object).Elem().Name())
	}
}

func TestThanosRulerDeepCopyIsIndependent(t *testing.T) {
	var original ThanosRuler
	decodeConfigResourceStrictly(t, thanosRulerFullManifest, &original)

	copied := original.DeepCopyObject().(*ThanosRuler)
	require.Equal(t, &original, copied)
	copied.Spec.Labels["cluster"] = "changed"
	*copied.Spec.RemoteWrite[0].Name = "changed"
	assert.Equal(t, "eu-west-1", original.Spec.Labels["cluster"])
	assert.Equal(t, "central", *original.Spec.RemoteWrite[0].Name)
}
