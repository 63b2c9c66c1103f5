// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"testing"

	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// richBase is a user configuration with every top-level section, written
// in an order different from upstream's output.
const richBase = `templates:
- /etc/alertmanager/templates/*.tmpl
receivers:
- name: team-x
  slack_configs:
  - channel: '#x'
    api_url: https://hooks.slack.example/x
    send_resolved: false
- name: "null"
route:
  group_wait: 30s
  receiver: team-x
  group_by: [alertname]
  routes:
  - receiver: "null"
    matchers: ['severity="none"']
global:
  resolve_timeout: 300s
  smtp_smarthost: mail.example:25
  smtp_from: am@example.com
inhibit_rules:
- source_matchers: ['severity="critical"']
  target_matchers: ['severity="warning"']
  equal: [alertname]
time_intervals:
- name: weekends
  time_intervals:
  - weekdays: ['saturday', 'sunday']
    times:
    - start_time: '00:00'
      end_time: '24:00'
`

func TestBaseModes(t *testing.T) {
	routed := fixtures.AlertmanagerConfig("app", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("hook")))
	runGoldenCases(t, map[string]goldenCase{
		"unmanaged: the user configuration is copied verbatim": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, unmanaged()),
			raw:          "# kept as is\n" + richBase,
			configs:      []*monitoringv1alpha1.AlertmanagerConfig{routed},
			contains:     []string{"# kept as is"},
		},
		"unmanaged: an empty Secret gives the default configuration": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, unmanaged()),
		},
		"parsed base: the default configuration when the Secret is empty": {},
		"parsed base: sections reordered and durations normalised": {
			raw:      richBase,
			contains: []string{"resolve_timeout: 5m", "send_resolved: false"},
		},
		"parsed base: resources are merged before the base child routes": {
			raw:     richBase,
			configs: []*monitoringv1alpha1.AlertmanagerConfig{routed},
		},
		"parsed base: the user Secret's templates are kept": {
			raw:      "route:\n  receiver: a\nreceivers:\n- name: a\ntemplates: [/x/*.tmpl]\n",
			contains: []string{"- /x/*.tmpl"},
		},
	})
}

func TestBaseErrors(t *testing.T) {
	cases := map[string]struct {
		alertmanager *monitoringv1.Alertmanager
		raw          string
		global       *monitoringv1alpha1.AlertmanagerConfig
		want         string
	}{
		"a base Alertmanager's loader refuses": {raw: "route:\n  receiver: missing\n", want: "missing"},
		"an unknown key":                       {raw: "route:\n  receiver: a\nreceivers:\n- name: a\n  unknown_configs: []\n", want: "unknown_configs"},
		"a root route with matchers": {
			raw: "route:\n  receiver: a\n  matchers: ['a=\"b\"']\nreceivers:\n- name: a\n", want: "root route must not have any matchers",
		},
		"a root route that continues": {raw: "route:\n  receiver: a\n  continue: true\nreceivers:\n- name: a\n", want: "continue"},
		"a version older than 0.15":   {alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.14.0")), want: "oldest supported version"},
		"a version 1.x":               {alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("1.0.0")), want: "unsupported Alertmanager version"},
		"a missing global AlertmanagerConfig": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, withGlobalConfig("global", nil)), want: "global AlertmanagerConfig not found",
		},
		"a global AlertmanagerConfig whose route has matchers": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, withGlobalConfig("global", nil)),
			global: fixtures.AlertmanagerConfig("global", fixtures.InNamespace("monitoring"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{
				Receiver: "r", Matchers: []monitoringv1alpha1.Matcher{matcher("a", "b", "=")},
			})),
			want: "matchers are not permitted",
		},
		"a global telegram section for Alertmanager 0.23": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.23.0"), withGlobalConfig("global", &monitoringv1.AlertmanagerGlobalConfig{
				TelegramConfig: &monitoringv1.GlobalTelegramConfig{},
			})),
			global: fixtures.AlertmanagerConfig("global", fixtures.InNamespace("monitoring"), fixtures.WithReceivers(webhookReceiver("r"))),
			want:   "global.telegram: needs Alertmanager >= 0.24.0",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			am := tc.alertmanager
			if am == nil {
				am = fixtures.Alertmanager("main", parsedBase)
			}
			_, err := Generate(Input{Alertmanager: am, RawConfig: []byte(tc.raw), GlobalConfig: tc.global, Store: testStore()}, Options{})
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestModeOf(t *testing.T) {
	require.Equal(t, BaseUnmanaged, ModeOf(fixtures.Alertmanager("main", parsedBase, unmanaged())))
	require.Equal(t, BaseRawConfig, ModeOf(fixtures.Alertmanager("main", parsedBase)))
	require.Equal(t, BaseGlobalAlertmanagerConfig, ModeOf(fixtures.Alertmanager("main", parsedBase, unmanaged(), withGlobalConfig("g", nil))))
}
