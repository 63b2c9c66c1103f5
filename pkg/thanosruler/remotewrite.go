// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"fmt"

	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// thanosRemoteWriteFields lists the remote-write settings by the Thanos
// version that first reads them (Thanos embeds a Prometheus library, so
// its support lags Prometheus'). clear drops the setting from an endpoint
// and reports whether it was set.
var thanosRemoteWriteFields = []struct {
	field   string
	minimum string
	clear   func(*monitoringv1.RemoteWriteSpec) bool
}{
	// Thanos 0.38 embeds Prometheus 3.1.
	{"roundRobinDNS", "0.38.0", func(rw *monitoringv1.RemoteWriteSpec) bool { return clearPointer(&rw.RoundRobinDNS) }},
	// Thanos 0.37 embeds Prometheus 2.55.
	{"messageVersion", "0.37.0", func(rw *monitoringv1.RemoteWriteSpec) bool { return clearPointer(&rw.MessageVersion) }},
	// Thanos 0.36 embeds Prometheus 2.52.
	{"azureAd.sdk", "0.36.0", func(rw *monitoringv1.RemoteWriteSpec) bool {
		return rw.AzureAD != nil && clearPointer(&rw.AzureAD.SDK)
	}},
	// Thanos 0.32 embeds Prometheus 2.48.
	{"queueConfig.sampleAgeLimit", "0.32.0", func(rw *monitoringv1.RemoteWriteSpec) bool {
		return rw.QueueConfig != nil && clearPointer(&rw.QueueConfig.SampleAgeLimit)
	}},
	{"noProxy", "0.32.0", func(rw *monitoringv1.RemoteWriteSpec) bool { return clearPointer(&rw.NoProxy) }},
	{"proxyFromEnvironment", "0.32.0", func(rw *monitoringv1.RemoteWriteSpec) bool { return clearPointer(&rw.ProxyFromEnvironment) }},
	{"proxyConnectHeader", "0.32.0", func(rw *monitoringv1.RemoteWriteSpec) bool {
		set := rw.ProxyConnectHeader != nil
		rw.ProxyConnectHeader = nil
		return set
	}},
	// Thanos 0.31 embeds Prometheus 2.42, before Azure AD.
	{"azureAd", "0.31.0", func(rw *monitoringv1.RemoteWriteSpec) bool { return clearPointer(&rw.AzureAD) }},
	// Thanos 0.30 embeds Prometheus 2.40.
	{"tlsConfig.maxVersion", "0.30.0", func(rw *monitoringv1.RemoteWriteSpec) bool {
		return rw.TLSConfig != nil && clearPointer(&rw.TLSConfig.MaxVersion)
	}},
	{"sendNativeHistograms", "0.30.0", func(rw *monitoringv1.RemoteWriteSpec) bool { return clearPointer(&rw.SendNativeHistograms) }},
	// Thanos 0.28 embeds Prometheus 2.38.
	{"tlsConfig.minVersion", "0.28.0", func(rw *monitoringv1.RemoteWriteSpec) bool {
		return rw.TLSConfig != nil && clearPointer(&rw.TLSConfig.MinVersion)
	}},
}

// clearPointer sets *field to nil and reports whether it was set.
func clearPointer[T any](field **T) bool {
	set := *field != nil
	*field = nil
	return set
}

// thanosRemoteWrite returns a copy of the remote-write endpoints with the
// settings the ruler's Thanos version cannot read removed, each named in a
// warning of target. Endpoints Thanos cannot use at all are an error.
func thanosRemoteWrite(endpoints []monitoringv1.RemoteWriteSpec, target version.Target) ([]monitoringv1.RemoteWriteSpec, error) {
	if len(endpoints) == 0 {
		return nil, nil
	}
	if !target.Supports(remoteWriteMinimumVersion) {
		return nil, fmt.Errorf("remoteWrite needs Thanos %s or later, the ruler runs %s", remoteWriteMinimumVersion, target)
	}
	stripped := make([]monitoringv1.RemoteWriteSpec, 0, len(endpoints))
	for i := range endpoints {
		endpoint := *endpoints[i].DeepCopy()
		subject := target.For(fmt.Sprintf("remoteWrite/%d", i))
		// No Thanos release reads these, whatever its version.
		if azure := endpoint.AzureAD; azure != nil {
			if clearPointer(&azure.WorkloadIdentity) {
				subject.Warn("azureAd.workloadIdentity", "not supported by Thanos")
			}
			if clearPointer(&azure.Scope) {
				subject.Warn("azureAd.scope", "not supported by Thanos")
			}
			if managed := azure.ManagedIdentity; managed != nil && ptr.Deref(managed.ClientID, "") == "" && !target.Supports("0.40.0") {
				return nil, fmt.Errorf("remoteWrite[%d]: azureAd.managedIdentity.clientId is required with Thanos before 0.40.0, the ruler runs %s", i, target)
			}
		}
		if endpoint.Sigv4 != nil && clearPointer(&endpoint.Sigv4.ExternalID) {
			subject.Warn("sigv4.externalId", "not supported by Thanos")
		}
		for _, gated := range thanosRemoteWriteFields {
			if target.Supports(gated.minimum) {
				continue
			}
			if gated.clear(&endpoint) {
				subject.AtLeast(gated.minimum).Check(gated.field)
			}
		}
		stripped = append(stripped, endpoint)
	}
	return stripped, nil
}
