// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// everyGatedRemoteWriteField sets every remote-write setting some Thanos
// version cannot read.
func everyGatedRemoteWriteField() monitoringv1.RemoteWriteSpec {
	return monitoringv1.RemoteWriteSpec{
		URL:                  "https://receive.example/api/v1/receive",
		RoundRobinDNS:        ptr.To(true),
		MessageVersion:       ptr.To(monitoringv1.RemoteWriteMessageVersion2_0),
		SendNativeHistograms: ptr.To(true),
		QueueConfig:          &monitoringv1.QueueConfig{MaxShards: 10, SampleAgeLimit: ptr.To(monitoringv1.Duration("1h"))},
		ProxyConfig: monitoringv1.ProxyConfig{
			ProxyURL: ptr.To("http://proxy:3128"), NoProxy: ptr.To("10.0.0.0/8"),
			ProxyConnectHeader: map[string][]corev1.SecretKeySelector{"X-Auth": {*secretKey("proxy", "token")}},
		},
		TLSConfig: &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
			MinVersion: ptr.To(monitoringv1.TLSVersion12), MaxVersion: ptr.To(monitoringv1.TLSVersion13),
		}},
	}
}

func TestThanosRemoteWriteStripsWhatTheVersionCannotRead(t *testing.T) {
	for name, test := range map[string]struct {
		version string
		check   func(*testing.T, monitoringv1.RemoteWriteSpec)
	}{
		"the default Thanos keeps everything": {
			version: "",
			check: func(t *testing.T, rw monitoringv1.RemoteWriteSpec) {
				assert.Equal(t, everyGatedRemoteWriteField(), rw)
			},
		},
		"Thanos 0.37 has no round-robin DNS": {
			version: "v0.37.2",
			check: func(t *testing.T, rw monitoringv1.RemoteWriteSpec) {
				assert.Nil(t, rw.RoundRobinDNS)
				assert.NotNil(t, rw.MessageVersion)
			},
		},
		"Thanos 0.31 has neither message versions nor proxy settings": {
			version: "v0.31.0",
			check: func(t *testing.T, rw monitoringv1.RemoteWriteSpec) {
				assert.Nil(t, rw.MessageVersion)
				assert.Nil(t, rw.NoProxy)
				assert.Nil(t, rw.ProxyConnectHeader)
				assert.Nil(t, rw.QueueConfig.SampleAgeLimit)
				assert.Equal(t, 10, rw.QueueConfig.MaxShards)
				assert.Equal(t, "http://proxy:3128", *rw.ProxyURL)
				assert.NotNil(t, rw.SendNativeHistograms)
			},
		},
		"Thanos 0.27 has no TLS versions and no native histograms": {
			version: "v0.27.0",
			check: func(t *testing.T, rw monitoringv1.RemoteWriteSpec) {
				assert.Nil(t, rw.TLSConfig.MinVersion)
				assert.Nil(t, rw.TLSConfig.MaxVersion)
				assert.Nil(t, rw.SendNativeHistograms)
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			target := version.Thanos.MustParse(test.version)
			input := []monitoringv1.RemoteWriteSpec{everyGatedRemoteWriteField()}
			stripped, err := thanosRemoteWrite(input, target)
			require.NoError(t, err)
			require.Len(t, stripped, 1)
			test.check(t, stripped[0])
			assert.Equal(t, everyGatedRemoteWriteField(), input[0], "the spec itself is not changed")
		})
	}
}

func TestThanosRemoteWriteAlwaysDropsWhatNoThanosReads(t *testing.T) {
	target := version.Thanos.MustParse("")
	stripped, err := thanosRemoteWrite([]monitoringv1.RemoteWriteSpec{{
		URL:     "https://a",
		AzureAD: &monitoringv1.AzureAD{Scope: ptr.To("s"), WorkloadIdentity: &monitoringv1.AzureWorkloadIdentity{ClientID: "c", TenantID: "t"}, Cloud: ptr.To("AzurePublic")},
	}, {
		URL:   "https://b",
		Sigv4: &monitoringv1.Sigv4{Region: "eu-west-1", ExternalID: ptr.To("x")},
	}}, target)
	require.NoError(t, err)
	assert.Nil(t, stripped[0].AzureAD.Scope)
	assert.Nil(t, stripped[0].AzureAD.WorkloadIdentity)
	assert.Equal(t, "AzurePublic", *stripped[0].AzureAD.Cloud)
	assert.Nil(t, stripped[1].Sigv4.ExternalID)
	assert.Equal(t, "eu-west-1", stripped[1].Sigv4.Region)
	var fields []string
	for _, warning := range target.Warnings().List() {
		fields = append(fields, warning.Subject+" "+warning.Field)
	}
	assert.Equal(t, []string{"remoteWrite/0 azureAd.workloadIdentity", "remoteWrite/0 azureAd.scope", "remoteWrite/1 sigv4.externalId"}, fields)
}

func TestThanosRemoteWriteRefusals(t *testing.T) {
	_, err := thanosRemoteWrite([]monitoringv1.RemoteWriteSpec{{URL: "https://a"}}, version.Thanos.MustParse("v0.23.0"))
	assert.ErrorContains(t, err, "needs Thanos 0.24.0")

	managed := []monitoringv1.RemoteWriteSpec{{URL: "https://a", AzureAD: &monitoringv1.AzureAD{ManagedIdentity: &monitoringv1.ManagedIdentity{}}}}
	_, err = thanosRemoteWrite(managed, version.Thanos.MustParse("v0.39.0"))
	assert.ErrorContains(t, err, "azureAd.managedIdentity.clientId is required")
	_, err = thanosRemoteWrite(managed, version.Thanos.MustParse("v0.40.0"))
	assert.NoError(t, err)
}
