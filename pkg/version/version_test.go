// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package version

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

func TestParse(t *testing.T) {
	cases := map[string]struct {
		spec      string
		wantMajor uint64
		wantErr   string
	}{
		"an empty spec means the default version":       {spec: "", wantMajor: 3},
		"a leading v is accepted":                       {spec: "v2.45.0", wantMajor: 2},
		"a short version is completed":                  {spec: "2.45", wantMajor: 2},
		"a pre-release of version 3 is accepted":        {spec: "v3.0.0-rc.0", wantMajor: 3},
		"version 1 is refused":                          {spec: "v1.8.2", wantErr: "unsupported Prometheus version"},
		"version 4 is refused":                          {spec: "4.0.0", wantErr: "unsupported Prometheus version"},
		"a string that is no version at all is refused": {spec: "latest", wantErr: "parse Prometheus version"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			target, err := Parse(tc.spec)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.wantMajor, target.Major())
		})
	}
	require.Equal(t, Default, MustParse("").String())
}

func TestGates(t *testing.T) {
	target := MustParse("v2.45.0").For("serviceMonitor default/app")

	doc := yamldoc.Map{}
	doc = target.AtLeast("2.45.0").Set(doc, "native_histogram_bucket_limit", 10)
	doc = target.AtLeast("2.47.0").Set(doc, "keep_dropped_targets", 5)
	doc = target.Below("2.11.0").Set(doc, "max_retries", 3)
	doc = target.Below("3.0.0").Set(doc, "scrape_classic_histograms", true)
	doc = target.Always().Set(doc, "honor_labels", false)

	require.Equal(t, []string{"native_histogram_bucket_limit", "scrape_classic_histograms", "honor_labels"}, doc.Keys())
	warnings := target.Warnings().List()
	require.Len(t, warnings, 2)
	require.Equal(t, "keep_dropped_targets", warnings[0].Field)
	require.Equal(t, "serviceMonitor default/app", warnings[0].Subject)
	require.Contains(t, warnings[0].String(), "needs Prometheus >= 2.47.0, target is v2.45.0")
	require.Contains(t, warnings[1].Reason, "< 2.11.0")
}

func TestPreReleaseIsOlderThanTheRelease(t *testing.T) {
	target := MustParse("v3.0.0-beta.0")
	require.False(t, target.Supports("3.0.0"))
	require.True(t, target.Supports("2.55.0"))
	require.True(t, target.Supports("3.0.0-beta.0"))
}

func TestWithoutChecksLetsEverythingThrough(t *testing.T) {
	target := MustParse("v2.0.0").WithoutChecks()
	require.True(t, target.AtLeast("3.13.0").Allowed())
	require.True(t, target.Below("2.0.0").Allowed())
	require.Empty(t, target.Warnings().List())
}

func TestWarnRecordsNonVersionReasons(t *testing.T) {
	target := MustParse("")
	target.Warn("external_labels.prometheus", "reserved label")
	require.Equal(t, `ignoring "external_labels.prometheus": reserved label`, target.Warnings().List()[0].String())
}

func TestComponents(t *testing.T) {
	cases := map[string]struct {
		component Component
		spec      string
		want      string
		wantErr   string
	}{
		"Alertmanager defaults to upstream's version":   {component: Alertmanager, want: "v0.33.1"},
		"Alertmanager 0.15 is the oldest accepted":      {component: Alertmanager, spec: "v0.15.0", want: "v0.15.0"},
		"Alertmanager 0.14 is refused":                  {component: Alertmanager, spec: "v0.14.0", wantErr: "the oldest supported version is 0.15.0"},
		"Alertmanager 1.0 is refused":                   {component: Alertmanager, spec: "v1.0.0", wantErr: "unsupported Alertmanager version \"v1.0.0\": only major version 0 is supported"},
		"Thanos defaults to upstream's version":         {component: Thanos, want: "v0.42.4"},
		"Thanos 1.0 is refused":                         {component: Thanos, spec: "1.0.0", wantErr: "unsupported Thanos version"},
		"Prometheus names both majors in its refusal":   {component: Prometheus, spec: "v1.0.0", wantErr: "only major versions 2 and 3 are supported"},
		"a Thanos string that is no version is refused": {component: Thanos, spec: "main", wantErr: "parse Thanos version"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			target, err := tc.component.Parse(tc.spec)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, target.String())
		})
	}
}

func TestGateWarningsNameTheComponent(t *testing.T) {
	target := Thanos.MustParse("v0.30.0")
	require.False(t, target.AtLeast("0.34.0").Check("keep_firing_for"))
	require.Equal(t, `ignoring "keep_firing_for": needs Thanos >= 0.34.0, target is v0.30.0`, target.Warnings().List()[0].String())
}
