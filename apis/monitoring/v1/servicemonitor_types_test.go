// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestServiceMonitorManifestsRoundTrip(t *testing.T) {
	assertConfigResourceRoundTrips(t, "servicemonitor", func() any { return &ServiceMonitor{} })
}

func TestServiceMonitorManifestsCoverEveryField(t *testing.T) {
	assertManifestsCoverType(t, "servicemonitor", &ServiceMonitor{})
}

func TestServiceMonitorDecodesInlineSettings(t *testing.T) {
	var monitor ServiceMonitor
	decodeConfigResourceStrictly(t, "testdata/servicemonitor-full.yaml", &monitor)
	require.Len(t, monitor.Spec.Endpoints, 3)

	first := monitor.Spec.Endpoints[0]
	assert.Equal(t, Duration("15s"), first.Interval)
	assert.Equal(t, SchemeHTTPS, *first.Scheme)
	require.NotNil(t, first.Authorization)
	assert.Equal(t, "payments-token", first.Authorization.Credentials.Name)
	assert.Equal(t, "http://proxy.internal:3128", *first.ProxyURL)
	require.NotNil(t, first.TLSConfig)
	assert.Equal(t, "payments-ca", first.TLSConfig.CA.ConfigMap.Name)
	assert.Equal(t, TLSVersion12, *first.TLSConfig.MinVersion)
	assert.Equal(t, RelabelActionLabelMap, first.RelabelConfigs[1].Action.Normalized())
	assert.Equal(t, uint64(4), first.MetricRelabelConfigs[1].Modulus)

	second := monitor.Spec.Endpoints[1]
	assert.Equal(t, intstr.FromInt32(9102), *second.TargetPort)
	assert.Equal(t, "/etc/prometheus/secrets/ca.crt", second.TLSConfig.CAFile)
	assert.True(t, second.TLSConfig.CA.IsEmpty())

	third := monitor.Spec.Endpoints[2]
	assert.Equal(t, "basic-auth", third.BasicAuth.Password.Name)
	assert.Equal(t, "https://auth.example.com/token", third.OAuth2.TokenURL)
	assert.True(t, *third.OAuth2.ProxyFromEnvironment)

	assert.Equal(t, uint64(50000), *monitor.Spec.SampleLimit)
	assert.Equal(t, 2.0, monitor.Spec.NativeHistogramMinBucketFactor.AsApproximateFloat64())
	assert.Equal(t, "tls-internal", *monitor.Spec.ScrapeClassName)
	assert.Equal(t, ServiceDiscoveryRoleEndpointSlice, *monitor.Spec.ServiceDiscoveryRole)
	require.Len(t, monitor.Status.Bindings, 1)
	assert.Equal(t, ConditionTrue, monitor.Status.Bindings[0].Conditions[0].Status)
}

func TestServiceMonitorRegisteredInScheme(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, AddToScheme(scheme))
	for _, object := range []runtime.Object{&ServiceMonitor{}, &ServiceMonitorList{}} {
		kinds, _, err := scheme.ObjectKinds(object)
		require.NoError(t, err)
		assert.Equal(t, SchemeGroupVersion, kinds[0].GroupVersion())
	}
}

func TestServiceMonitorDeepCopyIsIndependent(t *testing.T) {
	var original ServiceMonitor
	decodeConfigResourceStrictly(t, "testdata/servicemonitor-full.yaml", &original)
	copied := original.DeepCopy()
	copied.Spec.Endpoints[0].TLSConfig.CA.ConfigMap.Name = "changed"
	copied.Spec.Endpoints[0].ProxyConnectHeader["Proxy-Authorization"][0].Key = "changed"
	assert.Equal(t, "payments-ca", original.Spec.Endpoints[0].TLSConfig.CA.ConfigMap.Name)
	assert.Equal(t, "header", original.Spec.Endpoints[0].ProxyConnectHeader["Proxy-Authorization"][0].Key)
}

func TestMinBucketFactorAcceptsDecimalFractions(t *testing.T) {
	var settings MonitorScrapeSettings
	require.NoError(t, json.Unmarshal([]byte(`{"nativeHistogramMinBucketFactor":"1.1"}`), &settings))
	assert.InDelta(t, 1.1, settings.NativeHistogramMinBucketFactor.AsApproximateFloat64(), 1e-9)
}
