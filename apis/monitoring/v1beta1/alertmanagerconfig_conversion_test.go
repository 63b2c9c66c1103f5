// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1beta1

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"

	"github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// The two fixtures describe the same configuration: the v1beta1 one is what
// the v1alpha1 one must become once its v1alpha1-only details are dropped.
var (
	betaFixture  = filepath.Join("testdata", "alertmanagerconfig-full.yaml")
	alphaFixture = filepath.Join("..", "v1alpha1", "testdata", "alertmanagerconfig-full.yaml")
)

func TestConversionRoundTripThroughHubKeepsEverything(t *testing.T) {
	var original AlertmanagerConfig
	readFixture(t, betaFixture, &original)

	var hub v1alpha1.AlertmanagerConfig
	require.NoError(t, original.ConvertTo(&hub))
	require.Equal(t, "monitoring.coreos.com/v1alpha1", hub.APIVersion)
	require.Equal(t, v1alpha1.AlertmanagerConfigKind, hub.Kind)
	require.Equal(t, "payments", hub.Namespace)
	require.Len(t, hub.Spec.MuteTimeIntervals, 2, "timeIntervals become muteTimeIntervals")
	require.Equal(t, v1alpha1.MatchRegexp, hub.Spec.Route.Matchers[1].MatchType)
	require.Equal(t, "routing-key", hub.Spec.Receivers[0].PagerDutyConfigs[0].RoutingKey.Key)
	require.Len(t, hub.Status.Bindings, 1)

	var back AlertmanagerConfig
	require.NoError(t, back.ConvertFrom(&hub))
	require.JSONEq(t, comparableJSON(t, &original, false), comparableJSON(t, &back, false))
}

func TestConversionFromHubDropsOnlyDocumentedFields(t *testing.T) {
	var hub v1alpha1.AlertmanagerConfig
	readFixture(t, alphaFixture, &hub)
	var expected AlertmanagerConfig
	readFixture(t, betaFixture, &expected)

	var converted AlertmanagerConfig
	require.NoError(t, converted.ConvertFrom(&hub))
	require.Equal(t, "monitoring.coreos.com/v1beta1", converted.APIVersion)
	require.JSONEq(t, comparableJSON(t, &expected, true), comparableJSON(t, &converted, true))
}

func TestConversionFromHubFoldsRegexIntoMatchType(t *testing.T) {
	child, err := json.Marshal(v1alpha1.Route{
		Receiver: "child",
		Matchers: []v1alpha1.Matcher{{Name: "team", Value: "a|b", Regex: true}},
	})
	require.NoError(t, err)
	hub := v1alpha1.AlertmanagerConfig{Spec: v1alpha1.AlertmanagerConfigSpec{
		Route: &v1alpha1.Route{
			Receiver: "top",
			Matchers: []v1alpha1.Matcher{
				{Name: "plain", Value: "x"},
				{Name: "flagged", Value: "x.*", Regex: true},
				{Name: "explicit", Value: "y", Regex: true, MatchType: v1alpha1.MatchNotEqual},
			},
			Routes: []apiextensionsv1.JSON{{Raw: child}},
		},
		InhibitRules: []v1alpha1.InhibitRule{{
			SourceMatch: []v1alpha1.Matcher{{Name: "severity", Value: "crit.*", Regex: true}},
		}},
	}}

	var converted AlertmanagerConfig
	require.NoError(t, converted.ConvertFrom(&hub))

	matchers := converted.Spec.Route.Matchers
	require.Equal(t, MatchType(""), matchers[0].MatchType, "no flag and no type stays the default")
	require.Equal(t, MatchRegexp, matchers[1].MatchType)
	require.Equal(t, MatchNotEqual, matchers[2].MatchType, "an explicit type wins over the flag")
	require.Equal(t, MatchRegexp, converted.Spec.InhibitRules[0].SourceMatch[0].MatchType)

	var convertedChild Route
	require.NoError(t, json.Unmarshal(converted.Spec.Route.Routes[0].Raw, &convertedChild))
	require.Equal(t, "child", convertedChild.Receiver)
	require.Equal(t, MatchRegexp, convertedChild.Matchers[0].MatchType)
	require.NotContains(t, string(converted.Spec.Route.Routes[0].Raw), "regex")
}

func TestConversionReportsUnreadableChildRoute(t *testing.T) {
	hub := v1alpha1.AlertmanagerConfig{Spec: v1alpha1.AlertmanagerConfigSpec{
		Route: &v1alpha1.Route{
			Receiver: "top",
			Routes: []apiextensionsv1.JSON{
				{Raw: []byte(`{"receiver":"fine"}`)},
				{Raw: []byte(`{"matchers":"not a list"}`)},
			},
		},
	}}
	var converted AlertmanagerConfig
	err := converted.ConvertFrom(&hub)
	require.ErrorContains(t, err, "routes[1]")
}

func TestConversionDoesNotShareSlicesWithSource(t *testing.T) {
	original := AlertmanagerConfig{Spec: AlertmanagerConfigSpec{
		Route:        &Route{Receiver: "top", GroupBy: []string{"alertname"}},
		InhibitRules: []InhibitRule{{Equal: []string{"cluster"}}},
	}}
	var hub v1alpha1.AlertmanagerConfig
	require.NoError(t, original.ConvertTo(&hub))

	hub.Spec.Route.GroupBy[0] = "changed"
	hub.Spec.InhibitRules[0].Equal[0] = "changed"
	require.Equal(t, "alertname", original.Spec.Route.GroupBy[0])
	require.Equal(t, "cluster", original.Spec.InhibitRules[0].Equal[0])
}

func TestTranscodeStrictRejectsFieldsWithoutRoom(t *testing.T) {
	type wide struct {
		Kept    string `json:"kept"`
		Dropped string `json:"dropped"`
	}
	type narrow struct {
		Kept string `json:"kept"`
	}
	var out narrow
	require.Error(t, transcode(wide{Kept: "a", Dropped: "b"}, &out, true))
	require.NoError(t, transcode(wide{Kept: "a", Dropped: "b"}, &out, false))
	require.Equal(t, "a", out.Kept)
}
