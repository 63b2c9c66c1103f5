// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"
)

// readAlertmanagerConfigFixture loads a manifest from testdata and decodes it
// strictly, so an unknown JSON name fails the test instead of being dropped.
func readAlertmanagerConfigFixture(t *testing.T, name string) ([]byte, *AlertmanagerConfig) {
	t.Helper()
	manifest, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	var config AlertmanagerConfig
	require.NoError(t, yaml.UnmarshalStrict(manifest, &config))
	return manifest, &config
}

func TestAlertmanagerConfigManifestRoundTrips(t *testing.T) {
	manifest, config := readAlertmanagerConfigFixture(t, "alertmanagerconfig-full.yaml")

	encoded, err := json.Marshal(config)
	require.NoError(t, err)
	source, err := yaml.YAMLToJSON(manifest)
	require.NoError(t, err)
	// metadata.creationTimestamp is written as null by ObjectMeta; drop it
	// before comparing.
	var decoded map[string]any
	require.NoError(t, json.Unmarshal(encoded, &decoded))
	delete(decoded["metadata"].(map[string]any), "creationTimestamp")
	reencoded, err := json.Marshal(decoded)
	require.NoError(t, err)

	require.JSONEq(t, string(source), string(reencoded))
}

func TestAlertmanagerConfigDecodesTypedFields(t *testing.T) {
	_, config := readAlertmanagerConfigFixture(t, "alertmanagerconfig-full.yaml")
	spec := config.Spec

	require.NotNil(t, spec.Route)
	require.Equal(t, "pager", spec.Route.Receiver)
	require.Len(t, spec.Route.Routes, 2, "child routes are kept as raw JSON")
	require.Equal(t, MatchEqual, spec.Route.Matchers[0].MatchType)
	require.True(t, spec.Route.Matchers[1].Regex)

	require.Len(t, spec.Receivers, 4)
	pager := spec.Receivers[0]
	require.Equal(t, "routing-key", pager.PagerDutyConfigs[0].RoutingKey.Key)
	require.Equal(t, "restart,page", pager.OpsGenieConfigs[0].Actions)
	require.Equal(t, "team", pager.OpsGenieConfigs[0].Responders[0].Type)
	httpConfig := pager.PagerDutyConfigs[0].HTTPConfig
	require.Equal(t, "http://proxy.example:3128", *httpConfig.ProxyURL, "proxyUrl comes from the inlined proxy settings")
	require.Equal(t, "http://old-proxy.example:3128", *httpConfig.ProxyURLOriginal)
	require.Equal(t, "header", httpConfig.ProxyConnectHeader["X-Proxy-Auth"][0].Key)

	chat := spec.Receivers[1]
	require.Equal(t, int64(-1001234567890), chat.TelegramConfigs[0].ChatID)
	require.Equal(t, int64(42), *chat.TelegramConfigs[0].MessageThreadID)
	require.Equal(t, "Sure?", chat.SlackConfigs[0].Actions[0].ConfirmField.Text)

	hooks := spec.Receivers[3]
	require.Equal(t, int32(10), hooks.WebhookConfigs[0].MaxAlerts)
	require.Equal(t, "payments", *hooks.SNSConfigs[0].Sigv4.ExternalID)

	require.Equal(t, -3, spec.MuteTimeIntervals[0].TimeIntervals[0].DaysOfMonth[1].Start)
	require.Equal(t, ClockTime("24:00"), spec.MuteTimeIntervals[0].TimeIntervals[0].Times[0].EndTime)
	require.Equal(t, "alertmanagers", config.Status.Bindings[0].Resource)
}

func TestAlertmanagerConfigDeepCopyIsIndependent(t *testing.T) {
	_, config := readAlertmanagerConfigFixture(t, "alertmanagerconfig-full.yaml")
	copied := config.DeepCopy()
	require.Equal(t, config, copied)

	copied.Spec.Receivers[0].PagerDutyConfigs[0].Details[0].Value = "changed"
	copied.Spec.Route.GroupBy[0] = "changed"
	require.Equal(t, "payments", config.Spec.Receivers[0].PagerDutyConfigs[0].Details[0].Value)
	require.Equal(t, "alertname", config.Spec.Route.GroupBy[0])
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

// AlertmanagerConfig is the conversion hub of its kind.
var _ interface{ Hub() } = &AlertmanagerConfig{}
