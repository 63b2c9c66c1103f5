// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProbeManifestsRoundTrip(t *testing.T) {
	assertConfigResourceRoundTrips(t, "probe", func() any { return &Probe{} })
}

func TestProbeManifestsCoverEveryField(t *testing.T) {
	assertManifestsCoverType(t, "probe", &Probe{})
}

func TestProbeDecodesTargetsAndProber(t *testing.T) {
	var probe Probe
	decodeConfigResourceStrictly(t, "testdata/probe-full.yaml", &probe)

	assert.Equal(t, "blackbox-exporter.monitoring.svc:9115", probe.Spec.ProberSpec.URL)
	assert.Equal(t, "socks5://egress-proxy:1080", *probe.Spec.ProberSpec.ProxyURL)
	require.NotNil(t, probe.Spec.Targets.StaticConfig)
	assert.Len(t, probe.Spec.Targets.StaticConfig.Targets, 2)
	assert.Equal(t, "prod", probe.Spec.Targets.StaticConfig.Labels["env"])
	require.NotNil(t, probe.Spec.Targets.Ingress)
	assert.Equal(t, []string{"web"}, probe.Spec.Targets.Ingress.NamespaceSelector.MatchNames)
	assert.Equal(t, []ProbeParam{{Name: "hostname", Values: []string{"www.example.com"}}}, probe.Spec.Params)
	assert.Equal(t, "prober-token", probe.Spec.Authorization.Credentials.Name)
	assert.Equal(t, uint64(50), *probe.Spec.TargetLimit)
}

func TestProbeWithoutOptionalObjectsEncodesMinimally(t *testing.T) {
	probe := Probe{Spec: ProbeSpec{Module: "icmp"}}
	encoded, err := json.Marshal(probe)
	require.NoError(t, err)
	assert.JSONEq(t, `{"spec":{"module":"icmp"}}`, string(encoded),
		"unset prober, targets, TLS parts, metadata and status should be left out")
}
