// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAlertmanagerConfigsOfBothVersionsAreChecked(t *testing.T) {
	cases := map[string]struct {
		version   string
		object    string
		fragments []string // empty: admitted
	}{
		"a valid v1alpha1 configuration is admitted": {"v1alpha1", `
apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata: {name: team, namespace: default}
spec:
  route: {receiver: hook, groupBy: [alertname]}
  receivers: [{name: hook, webhookConfigs: [{url: "https://hooks.example/alert"}]}]
`, nil},
		"duplicate receivers are refused, naming the receiver": {"v1alpha1", `
apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata: {name: team, namespace: default}
spec:
  route: {receiver: hook}
  receivers: [{name: hook}, {name: hook}]
`, []string{`"hook"`}},
		"a route to an undefined receiver is refused": {"v1alpha1", `
apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata: {name: team, namespace: default}
spec:
  route: {receiver: nobody}
  receivers: [{name: hook}]
`, []string{"nobody"}},
		"a valid v1beta1 configuration is admitted": {"v1beta1", `
apiVersion: monitoring.coreos.com/v1beta1
kind: AlertmanagerConfig
metadata: {name: team, namespace: default}
spec:
  route: {receiver: hook, activeTimeIntervals: [office]}
  receivers: [{name: hook}]
  timeIntervals: [{name: office, timeIntervals: [{weekdays: [monday:friday]}]}]
`, nil},
		"a v1beta1 webhook without a URL is refused": {"v1beta1", `
apiVersion: monitoring.coreos.com/v1beta1
kind: AlertmanagerConfig
metadata: {name: team, namespace: default}
spec:
  route: {receiver: hook}
  receivers: [{name: hook, webhookConfigs: [{sendResolved: true}]}]
`, []string{"hook"}},
		"a v1beta1 route to an undefined time interval is refused": {"v1beta1", `
apiVersion: monitoring.coreos.com/v1beta1
kind: AlertmanagerConfig
metadata: {name: team, namespace: default}
spec:
  route: {receiver: hook, muteTimeIntervals: [holidays]}
  receivers: [{name: hook}]
`, []string{"holidays"}},
	}
	f := newFixture(t, nil)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource := alertmanagerConfigV1alpha1
			if tc.version == "v1beta1" {
				resource = alertmanagerConfigV1beta1
			}
			response := f.review(t, AlertmanagerConfigsValidatePath, resource, tc.object)
			if len(tc.fragments) == 0 {
				require.True(t, response.Allowed, "%+v", response.Result)
				return
			}
			requireDenied(t, response, "AlertmanagerConfig is invalid", "AlertmanagerConfig", tc.fragments...)
		})
	}
}

func TestAnAlertmanagerConfigOfAnUnknownVersionIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	resource := alertmanagerConfigV1alpha1
	resource.Version = "v2"
	response := f.review(t, AlertmanagerConfigsValidatePath, resource, `{"apiVersion": "monitoring.coreos.com/v2", "kind": "AlertmanagerConfig"}`)
	assert.False(t, response.Allowed)
	assert.Contains(t, response.Result.Message, "unexpected resource")
}

func TestAnAlertmanagerConfigWithAWronglyTypedFieldIsRefused(t *testing.T) {
	f := newFixture(t, nil)
	response := f.review(t, AlertmanagerConfigsValidatePath, alertmanagerConfigV1alpha1, `
apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata: {name: team, namespace: default}
spec: {receivers: "not a list"}
`)
	requireDenied(t, response, "AlertmanagerConfig is invalid", "AlertmanagerConfig", "cannot unmarshal config from spec")
}
