// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1beta1

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"
)

// readFixture loads a manifest from a testdata folder and decodes it strictly
// into into, so an unknown JSON name fails the test instead of being dropped.
func readFixture(t *testing.T, path string, into any) []byte {
	t.Helper()
	manifest, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, yaml.UnmarshalStrict(manifest, into))
	return manifest
}

// comparableJSON encodes object and removes what encoding adds on its own
// (metadata.creationTimestamp: null) and, when asked, the apiVersion, so that
// it can be compared with a manifest.
func comparableJSON(t *testing.T, object any, dropAPIVersion bool) string {
	t.Helper()
	encoded, err := json.Marshal(object)
	require.NoError(t, err)
	var generic map[string]any
	require.NoError(t, json.Unmarshal(encoded, &generic))
	if metadata, ok := generic["metadata"].(map[string]any); ok {
		delete(metadata, "creationTimestamp")
	}
	if dropAPIVersion {
		delete(generic, "apiVersion")
	}
	encoded, err = json.Marshal(generic)
	require.NoError(t, err)
	return string(encoded)
}

func TestAlertmanagerConfigManifestRoundTrips(t *testing.T) {
	var config AlertmanagerConfig
	manifest := readFixture(t, filepath.Join("testdata", "alertmanagerconfig-full.yaml"), &config)

	source, err := yaml.YAMLToJSON(manifest)
	require.NoError(t, err)
	require.JSONEq(t, string(source), comparableJSON(t, &config, false))
}

func TestAlertmanagerConfigDecodesTypedFields(t *testing.T) {
	var config AlertmanagerConfig
	readFixture(t, filepath.Join("testdata", "alertmanagerconfig-full.yaml"), &config)
	spec := config.Spec

	require.Equal(t, MatchRegexp, spec.Route.Matchers[1].MatchType)
	require.Len(t, spec.Route.Routes, 2)
	require.Equal(t, "pagerduty", spec.Receivers[0].PagerDutyConfigs[0].RoutingKey.Name)
	require.Equal(t, "token", spec.Receivers[1].SlackConfigs[0].HTTPConfig.BearerTokenSecret.Key)
	require.Equal(t, "password", spec.Receivers[2].EmailConfigs[0].AuthPassword.Key)
	require.Equal(t, "Daily", spec.Receivers[2].EmailConfigs[0].Threading.ThreadByDate)
	require.Equal(t, "/etc/pushover/user", *spec.Receivers[3].PushoverConfigs[1].UserKeyFile)
	require.Equal(t, "maintenance", spec.TimeIntervals[0].Name)
	require.Equal(t, MonthRange("january:march"), spec.TimeIntervals[0].TimeIntervals[0].Months[0])
}

func TestAlertmanagerConfigDeepCopyIsIndependent(t *testing.T) {
	var config AlertmanagerConfig
	readFixture(t, filepath.Join("testdata", "alertmanagerconfig-full.yaml"), &config)
	copied := config.DeepCopy()
	require.Equal(t, &config, copied)

	copied.Spec.Receivers[0].OpsGenieConfigs[0].APIKey.Key = "changed"
	copied.Spec.TimeIntervals[0].TimeIntervals[0].Weekdays[0] = "friday"
	require.Equal(t, "api-key", config.Spec.Receivers[0].OpsGenieConfigs[0].APIKey.Key)
	require.Equal(t, WeekdayRange("saturday:sunday"), config.Spec.TimeIntervals[0].TimeIntervals[0].Weekdays[0])
}

func TestAlertmanagerConfigIsRegistered(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, AddToScheme(scheme))

	object, err := scheme.New(SchemeGroupVersion.WithKind(AlertmanagerConfigKind))
	require.NoError(t, err)
	require.IsType(t, &AlertmanagerConfig{}, object)
	_, err = scheme.New(SchemeGroupVersion.WithKind(AlertmanagerConfigKind + "List"))
	require.NoError(t, err)
}
