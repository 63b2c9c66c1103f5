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

const alertmanagerFullManifest = "testdata/alertmanager-full.yaml"

func TestAlertmanagerManifestsRoundTrip(t *testing.T) {
	assertConfigResourceRoundTrips(t, "alertmanager", func() any { return &Alertmanager{} })
}

func TestAlertmanagerManifestsCoverEveryField(t *testing.T) {
	assertManifestsCoverType(t, "alertmanager", &Alertmanager{})
}

func TestAlertmanagerDecodesTypedValues(t *testing.T) {
	var alertmanager Alertmanager
	decodeConfigResourceStrictly(t, alertmanagerFullManifest, &alertmanager)
	spec := alertmanager.Spec

	assert.Equal(t, GoDuration("240h"), spec.Retention)
	assert.Equal(t, OnNamespaceExceptForAlertmanagerNamespaceConfigMatcherStrategyType, spec.AlertmanagerConfigMatcherStrategy.Type)
	assert.Equal(t, uint32(10), *spec.Web.GetConcurrency)
	assert.Equal(t, ByteSize("1MB"), *spec.Limits.MaxPerSilenceBytes)
	assert.Equal(t, "am-cluster-tls", spec.ClusterTLS.ServerTLS.KeySecret.Name)
	assert.Equal(t, "smtp.example.com", spec.AlertmanagerConfiguration.Global.SMTPConfig.SmartHost.Host)
	assert.Equal(t, "587", spec.AlertmanagerConfiguration.Global.SMTPConfig.SmartHost.Port)
	assert.Equal(t, "token", spec.AlertmanagerConfiguration.Global.HTTPConfig.Authorization.Credentials.Key)
	assert.Equal(t, GlobalAPIURL("https://events.pagerduty.com/v2/enqueue"), *spec.AlertmanagerConfiguration.Global.PagerdutyURL)
	assert.Equal(t, "app.kubernetes.io/instance=main,app.kubernetes.io/name=alertmanager", alertmanager.Status.Selector)
}

func TestAlertmanagerStatusKeepsZeroCounters(t *testing.T) {
	// The status counters are always written, so that a scaled-to-zero
	// cluster reports 0 rather than an absent field.
	encoded, err := json.Marshal(AlertmanagerStatus{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"paused":false,"replicas":0,"updatedReplicas":0,"availableReplicas":0,"unavailableReplicas":0}`, string(encoded))
}

func TestAlertmanagerExpectedReplicas(t *testing.T) {
	three := int32(3)
	zero := int32(0)
	tests := map[string]struct {
		replicas *int32
		want     int
	}{
		"unset replicas means one pod":   {replicas: nil, want: 1},
		"explicit replicas are honoured": {replicas: &three, want: 3},
		"zero replicas stay zero":        {replicas: &zero, want: 0},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			alertmanager := &Alertmanager{Spec: AlertmanagerSpec{Replicas: test.replicas}}
			assert.Equal(t, test.want, alertmanager.ExpectedReplicas())
		})
	}
}

func TestAlertmanagerRegisteredInScheme(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, AddToScheme(scheme))

	for _, kind := range []string{AlertmanagersKind, AlertmanagersKind + "List"} {
		object, err := scheme.New(SchemeGroupVersion.WithKind(kind))
		require.NoError(t, err, kind)
		assert.Equal(t, kind, reflect.TypeOf(object).Elem().Name())
	}
}

func TestAlertmanagerDeepCopyIsIndependent(t *testing.T) {
	var original Alertmanager
	decodeConfigResourceStrictly(t, alertmanagerFullManifest, &original)

	copied := original.DeepCopyObject().(*Alertmanager)
	require.Equal(t, &original, copied)
	copied.Spec.AlertmanagerConfiguration.Global.SMTPConfig.SmartHost.Host = "changed"
	copied.Spec.AdditionalPeers[0] = "changed"
	assert.Equal(t, "smtp.example.com", original.Spec.AlertmanagerConfiguration.Global.SMTPConfig.SmartHost.Host)
	assert.Equal(t, "alertmanager-dr-0.example.com:9094", original.Spec.AdditionalPeers[0])
}
