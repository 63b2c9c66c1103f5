// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// gatedBase uses, in a user Secret, settings that appeared in many
// Alertmanager versions; older targets get them dropped.
const gatedBase = `global:
  resolve_timeout: 2m
  http_config:
    follow_redirects: false
    enable_http2: true
    http_headers:
      X-Team:
        values: [a]
    tls_config:
      min_version: TLS12
  smtp_smarthost: mail.example:587
  smtp_from: am@example.com
  smtp_auth_password_file: /pw
  smtp_tls_config:
    insecure_skip_verify: true
  smtp_force_implicit_tls: false
  slack_api_url: https://slack.example/hook
  opsgenie_api_key_file: /opsgenie
  telegram_bot_token: tg
route:
  receiver: all
  routes:
  - receiver: all
    mute_time_intervals: [weekend]
    active_time_intervals: [office]
receivers:
- name: all
  email_configs:
  - to: a@example.com
    auth_password_file: /pw
    force_implicit_tls: true
    threading:
      enabled: true
      thread_by_date: daily
  opsgenie_configs:
  - api_key: k
    actions: a
    entity: e
    update_alerts: true
  pagerduty_configs:
  - routing_key: rk
    source: s
    timeout: 1m
  pushover_configs:
  - user_key: u
    token: t
    ttl: 1h
    device: d
    monospace: true
  slack_configs:
  - channel: '#c'
    api_url: https://slack.com/api/chat.postMessage
    timeout: 20s
    message_text: m
    update_message: true
  webhook_configs:
  - url: https://hook.example/
    timeout: 10s
  sns_configs:
  - topic_arn: arn:aws:sns:eu-west-1:1:t
    use_aws_http_client: true
    sigv4:
      region: eu-west-1
      role_arn: arn:aws:iam::1:role/r
      external_id: x
  victorops_configs:
  - api_key: v
    routing_key: r
mute_time_intervals:
- name: weekend
  time_intervals:
  - weekdays: [saturday, sunday]
time_intervals:
- name: office
  time_intervals:
  - times:
    - start_time: '09:00'
      end_time: '17:00'
    location: Europe/Paris
`

// TestBaseVersionGates generates the same user Secret for every version
// of the ladder: the base is sanitised like the resources are.
func TestBaseVersionGates(t *testing.T) {
	cases := map[string]goldenCase{}
	for _, version := range versionLadder {
		tc := goldenCase{alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion(version)), raw: gatedBase}
		if version == "0.15.0" {
			tc.warnings = []string{`"receivers[0].slack_configs[0].timeout"`, `"global.http_config.follow_redirects"`,
				`"global.smtp_tls_config"`, `"route.routes[0].mute_time_intervals"`, `"mute_time_intervals"`, `"time_intervals"`,
				`"receivers[0].email_configs[0].threading"`, `"receivers[0].sns_configs[0].sigv4.external_id"`,
				`"receivers[0].pushover_configs[0].monospace"`, `"receivers[0].opsgenie_configs[0].entity"`}
		}
		if version == "0.24.0" {
			tc.warnings = []string{`"time_intervals[0].time_intervals[0].location"`, `"global.http_config.tls_config.min_version"`}
		}
		cases["user Secret at "+version] = tc
	}
	runGoldenCases(t, cases)
}

func TestBaseSanitizeErrors(t *testing.T) {
	cases := map[string]struct {
		version, raw, want string
	}{
		"matchers before 0.22": {"0.21.0", "route:\n  receiver: a\n  routes:\n  - receiver: a\n    matchers: ['x=\"y\"']\nreceivers:\n- name: a\n",
			"route.routes[0].matchers: needs Alertmanager >= 0.22.0"},
		"inhibit matchers before 0.22": {"0.20.0", "route:\n  receiver: a\nreceivers:\n- name: a\ninhibit_rules:\n- source_matchers: ['x=\"y\"']\n",
			"inhibit_rules[0].source_matchers: needs Alertmanager >= 0.22.0"},
		"msteams before 0.26": {"0.25.0", "route:\n  receiver: a\nreceivers:\n- name: a\n  msteams_configs:\n  - webhook_url: https://t.example/\n",
			"receivers[0].msteams_configs: needs Alertmanager >= 0.26.0"},
		"an unparsable group_wait": {"", "route:\n  receiver: a\n  routes:\n  - receiver: a\n    group_wait: soon\nreceivers:\n- name: a\n", "soon"},
		"a TLS max version below the min": {"", "route:\n  receiver: a\nreceivers:\n- name: a\n  webhook_configs:\n  - url: https://h.example/\n    http_config:\n      tls_config:\n        min_version: TLS13\n        max_version: TLS12\n",
			"max_version TLS12 is lower than min_version TLS13"},
		"update_message with another API URL": {"", "route:\n  receiver: a\nreceivers:\n- name: a\n  slack_configs:\n  - api_url: https://slack.example/x\n    channel: c\n    update_message: true\n",
			"update_message"},
		"a jira receiver without issue type": {"", "route:\n  receiver: a\nreceivers:\n- name: a\n  jira_configs:\n  - api_url: https://jira.example\n    project: P\n",
			"issue_type"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Generate(Input{Alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion(tc.version)), RawConfig: []byte(tc.raw), Store: testStore()}, Options{})
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// rawOnlyReceivers uses the integrations that only a user Secret can
// configure (no AlertmanagerConfig field exists for them).
const rawOnlyReceivers = `route:
  receiver: jira
receivers:
- name: jira
  jira_configs:
  - api_url: https://jira.example
    project: OPS
    issue_type: Bug
    labels: [a, b]
    reopen_duration: 3600s
    fields:
      customfield_1: {value: x}
      assignee: bob
    api_type: cloud
- name: mattermost
  mattermost_configs:
  - webhook_url: https://mattermost.example/hooks/x
    channel: ops
    text: '{{ .Status }}'
    title: t
    fields:
    - title: f
      value: v
      short: true
- name: incidentio
  incidentio_configs:
  - url: https://api.incident.example/v2/alert_events/http/1
    alert_source_token: tok
    max_alerts: 0
    timeout: 30s
`

func TestRawOnlyReceivers(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"jira, mattermost and incident.io at the default version": {raw: rawOnlyReceivers,
			contains: []string{"reopen_duration: 1h", "max_alerts: 0"}},
		"mattermost attachment fields are dropped at 0.31": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.31.0")), raw: rawOnlyReceivers,
			warnings: []string{"mattermost_configs[0].title", "mattermost_configs[0].fields"},
			absent:   []string{"title: t"},
			contains: []string{"api_type: cloud"},
		},
	})
	_, err := Generate(Input{Alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.28.0")), RawConfig: []byte(rawOnlyReceivers)}, Options{})
	require.ErrorContains(t, err, "mattermost_configs: needs Alertmanager >= 0.30.0")
}
