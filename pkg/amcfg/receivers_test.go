// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"encoding/json"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// receiverFixture is a receiver type with a minimal and a complete
// configuration, and the oldest Alertmanager that has the type.
type receiverFixture struct {
	minimal, complete monitoringv1alpha1.Receiver
	// since is the oldest Alertmanager version with this receiver type
	// (older ones reject the resource).
	since string
	// completeSince is the oldest version accepting every field of complete.
	completeSince string
}

var pagerdutyComplete = monitoringv1alpha1.PagerDutyConfig{
	SendResolved: ptr(true), RoutingKey: secretRef("token"), URL: ptr(monitoringv1alpha1.URL("https://events.example/v2")),
	Client: ptr("am"), ClientURL: ptr("https://am.example/{{ .GroupKey }}"), Description: ptr("desc"), Severity: ptr("critical"),
	Class: ptr("cls"), Group: ptr("grp"), Component: ptr("cmp"), Source: ptr("src"), Timeout: ptr(monitoringv1.Duration("30s")),
	Details:               []monitoringv1alpha1.KeyValue{{Key: "b", Value: "2"}, {Key: "a", Value: "1"}},
	PagerDutyImageConfigs: []monitoringv1alpha1.PagerDutyImageConfig{{Src: "https://img.example/a.png", Href: "https://img.example", Alt: "alt"}},
	PagerDutyLinkConfigs:  []monitoringv1alpha1.PagerDutyLinkConfig{{Href: "https://link.example", Text: "text"}},
	HTTPConfig:            &monitoringv1alpha1.HTTPConfig{BearerTokenSecret: secretRef("token")},
}

var receiverFixtures = map[string]receiverFixture{
	"email": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", EmailConfigs: []monitoringv1alpha1.EmailConfig{{To: "ops@example.com", From: "am@example.com", Smarthost: "mail.example:587"}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", EmailConfigs: []monitoringv1alpha1.EmailConfig{{
			SendResolved: ptr(true), To: "ops@example.com", From: "am@example.com", Hello: "am.example", Smarthost: "mail.example:587",
			AuthUsername: "alice", AuthPassword: secretRef("password"), AuthSecret: secretRef("token"), AuthIdentity: "alice",
			Headers: []monitoringv1alpha1.KeyValue{{Key: "Subject", Value: "alert"}, {Key: "X-A", Value: "1"}},
			HTML:    ptr("<b>{{ .Status }}</b>"), Text: ptr("{{ .Status }}"), RequireTLS: ptr(false),
			TLSConfig: &monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: secretRef("ca.crt")}, InsecureSkipVerify: ptr(false)},
		}}},
		since: "0.15.0", completeSince: "0.15.0",
	},
	"slack": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", SlackConfigs: []monitoringv1alpha1.SlackConfig{{APIURL: secretRef("slack-url"), Channel: ptr("#alerts")}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", SlackConfigs: []monitoringv1alpha1.SlackConfig{{
			SendResolved: ptr(true), APIURL: secretRef("slack-url"), Channel: ptr("#alerts"), Username: ptr("am"), Color: ptr("danger"),
			Title: ptr("t"), TitleLink: ptr("https://t.example"), Pretext: ptr("p"), Text: ptr("x"), ShortFields: ptr(true),
			Fields: []monitoringv1alpha1.SlackField{{Title: "f", Value: "v", Short: ptr(true)}},
			Footer: ptr("f"), Fallback: ptr("fb"), CallbackID: ptr("cb"), IconEmoji: ptr(":fire:"), IconURL: ptr("https://i.example"),
			ImageURL: ptr("https://img.example"), ThumbURL: ptr("https://th.example"), LinkNames: ptr(true), MrkdwnIn: []string{"text"},
			Actions: []monitoringv1alpha1.SlackAction{{Type: "button", Text: "Runbook", URL: "https://runbook.example", Style: "primary",
				ConfirmField: &monitoringv1alpha1.SlackConfirmationField{Text: "sure?", Title: "confirm", OkText: "yes", DismissText: "no"}}},
			Timeout: ptr(monitoringv1.Duration("10s")),
		}}},
		since: "0.15.0", completeSince: "0.15.0",
	},
	"pagerduty": {
		minimal:  monitoringv1alpha1.Receiver{Name: "r", PagerDutyConfigs: []monitoringv1alpha1.PagerDutyConfig{{ServiceKey: secretRef("token")}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", PagerDutyConfigs: []monitoringv1alpha1.PagerDutyConfig{pagerdutyComplete}},
		since:    "0.15.0", completeSince: "0.15.0",
	},
	"opsgenie": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", OpsGenieConfigs: []monitoringv1alpha1.OpsGenieConfig{{APIKey: secretRef("token")}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", OpsGenieConfigs: []monitoringv1alpha1.OpsGenieConfig{{
			SendResolved: ptr(false), APIKey: secretRef("token"), APIURL: ptr(monitoringv1alpha1.URL("https://api.opsgenie.example/")),
			Message: "m", Description: "d", Source: "s", Tags: "a,b", Note: "n", Priority: "P1", UpdateAlerts: ptr(true),
			Details:    []monitoringv1alpha1.KeyValue{{Key: "k", Value: "v"}},
			Responders: []monitoringv1alpha1.OpsGenieConfigResponder{{Name: "ops", Type: "team"}, {Username: "bob", Type: "user"}},
			Entity:     "e", Actions: "act",
		}}},
		since: "0.15.0", completeSince: "0.15.0",
	},
	"webhook": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", WebhookConfigs: []monitoringv1alpha1.WebhookConfig{{URL: ptr("http://hook.example/")}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", WebhookConfigs: []monitoringv1alpha1.WebhookConfig{{
			SendResolved: ptr(true), URLSecret: secretRef("webhook-url"), URL: ptr("http://ignored.example/"), MaxAlerts: 10,
			Timeout: ptr(monitoringv1.Duration("5s")), HTTPConfig: fullHTTPConfig(),
		}}},
		since: "0.15.0", completeSince: "0.25.0",
	},
	"wechat": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", WeChatConfigs: []monitoringv1alpha1.WeChatConfig{{APISecret: secretRef("token"), CorpID: "corp"}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", WeChatConfigs: []monitoringv1alpha1.WeChatConfig{{
			SendResolved: ptr(false), APISecret: secretRef("token"), APIURL: ptr(monitoringv1alpha1.URL("https://qyapi.example/")),
			CorpID: "corp", AgentID: "agent", ToUser: "u", ToParty: "p", ToTag: "t", Message: "m", MessageType: "markdown",
			HTTPConfig: &monitoringv1alpha1.HTTPConfig{FollowRedirects: ptr(false)},
		}}},
		since: "0.15.0", completeSince: "0.15.0",
	},
	"victorops": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", VictorOpsConfigs: []monitoringv1alpha1.VictorOpsConfig{{APIKey: secretRef("token"), RoutingKey: "team"}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", VictorOpsConfigs: []monitoringv1alpha1.VictorOpsConfig{{
			SendResolved: ptr(true), APIKey: secretRef("token"), APIURL: ptr(monitoringv1alpha1.URL("https://alert.victorops.example/")),
			RoutingKey: "team", MessageType: ptr("CRITICAL"), EntityDisplayName: ptr("e"), StateMessage: ptr("s"), MonitoringTool: ptr("am"),
			CustomFields: []monitoringv1alpha1.KeyValue{{Key: "z", Value: "1"}, {Key: "a", Value: "2"}},
		}}},
		since: "0.15.0", completeSince: "0.15.0",
	},
	"pushover": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", PushoverConfigs: []monitoringv1alpha1.PushoverConfig{{UserKey: secretRef("user-key"), Token: secretRef("token")}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", PushoverConfigs: []monitoringv1alpha1.PushoverConfig{{
			SendResolved: ptr(true), UserKey: secretRef("user-key"), Token: secretRef("token"), Title: ptr("t"), Message: ptr("m"),
			URL: ptr("https://p.example"), URLTitle: ptr("ut"), TTL: ptr(monitoringv1.Duration("1h")), Device: ptr("phone"),
			Sound: ptr("siren"), Priority: ptr("2"), Retry: "1m", Expire: "2h", HTML: ptr(true),
		}}},
		since: "0.15.0", completeSince: "0.15.0",
	},
	"sns": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", SNSConfigs: []monitoringv1alpha1.SNSConfig{{TopicARN: ptr("arn:aws:sns:eu-west-1:1:t"), Sigv4: &monitoringv1.Sigv4{Region: "eu-west-1"}}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", SNSConfigs: []monitoringv1alpha1.SNSConfig{{
			SendResolved: ptr(true), APIURL: ptr("https://sns.eu-west-1.example/"), TopicARN: ptr("arn:aws:sns:eu-west-1:1:t"),
			Sigv4: &monitoringv1.Sigv4{Region: "eu-west-1", AccessKey: secretRef("access-key"), SecretKey: secretRef("secret-key"),
				Profile: "p", RoleArn: "arn:aws:iam::1:role/r", ExternalID: ptr("ext")},
			Subject: ptr("s"), Message: ptr("m"), Attributes: map[string]string{"b": "2", "a": "1"},
		}}},
		since: "0.15.0", completeSince: "0.15.0",
	},
	"telegram": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", TelegramConfigs: []monitoringv1alpha1.TelegramConfig{{BotToken: secretRef("token"), ChatID: -100}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", TelegramConfigs: []monitoringv1alpha1.TelegramConfig{{
			SendResolved: ptr(true), APIURL: ptr(monitoringv1alpha1.URL("https://api.telegram.example")), BotToken: secretRef("token"),
			ChatID: 12345, MessageThreadID: ptr(int64(7)), Message: "{{ .Status }}", DisableNotifications: ptr(true), ParseMode: "HTML",
		}}},
		since: "0.24.0", completeSince: "0.24.0",
	},
	"discord": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", DiscordConfigs: []monitoringv1alpha1.DiscordConfig{{APIURL: *secretRef("discord-url")}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", DiscordConfigs: []monitoringv1alpha1.DiscordConfig{{
			SendResolved: ptr(true), APIURL: *secretRef("discord-url"), Title: ptr("t"), Message: ptr("m"), Content: ptr("c"),
			Username: ptr("am"), AvatarURL: ptr(monitoringv1alpha1.URL("https://avatar.example/a.png")),
		}}},
		since: "0.25.0", completeSince: "0.25.0",
	},
	"webex": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", WebexConfigs: []monitoringv1alpha1.WebexConfig{{RoomID: "room",
			HTTPConfig: &monitoringv1alpha1.HTTPConfig{Authorization: &monitoringv1.SafeAuthorization{Credentials: secretRef("token")}}}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", WebexConfigs: []monitoringv1alpha1.WebexConfig{{
			SendResolved: ptr(false), APIURL: ptr(monitoringv1alpha1.URL("https://webexapis.example/v1/messages")), Message: ptr("m"), RoomID: "room",
			HTTPConfig: &monitoringv1alpha1.HTTPConfig{Authorization: &monitoringv1.SafeAuthorization{Type: "Bearer", Credentials: secretRef("token")}},
		}}},
		since: "0.25.0", completeSince: "0.25.0",
	},
	"msteams": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", MSTeamsConfigs: []monitoringv1alpha1.MSTeamsConfig{{WebhookURL: *secretRef("teams-url")}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", MSTeamsConfigs: []monitoringv1alpha1.MSTeamsConfig{{
			SendResolved: ptr(true), WebhookURL: *secretRef("teams-url"), Title: ptr("t"), Summary: ptr("s"), Text: ptr("x"),
		}}},
		since: "0.26.0", completeSince: "0.26.0",
	},
	"msteamsv2": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", MSTeamsV2Configs: []monitoringv1alpha1.MSTeamsV2Config{{WebhookURL: secretRef("teams-url")}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", MSTeamsV2Configs: []monitoringv1alpha1.MSTeamsV2Config{{
			SendResolved: ptr(true), WebhookURL: secretRef("teams-url"), Title: ptr("t"), Text: ptr("x"),
		}}},
		since: "0.28.0", completeSince: "0.28.0",
	},
	"rocketchat": {
		minimal: monitoringv1alpha1.Receiver{Name: "r", RocketChatConfigs: []monitoringv1alpha1.RocketChatConfig{{Token: *secretRef("token"), TokenID: *secretRef("token-id")}}},
		complete: monitoringv1alpha1.Receiver{Name: "r", RocketChatConfigs: []monitoringv1alpha1.RocketChatConfig{{
			SendResolved: ptr(true), APIURL: ptr(monitoringv1alpha1.URL("https://chat.example")), Channel: ptr("#c"),
			Token: *secretRef("token"), TokenID: *secretRef("token-id"), Color: ptr("red"), Emoji: ptr(":x:"), IconURL: ptr("https://i.example"),
			Text: ptr("x"), Title: ptr("t"), TitleLink: ptr("https://t.example"), ShortFields: ptr(true), ImageURL: ptr("https://img.example"),
			ThumbURL: ptr("https://th.example"), LinkNames: ptr(true),
			Fields:  []monitoringv1alpha1.RocketChatFieldConfig{{Title: ptr("f"), Value: ptr("v"), Short: ptr(true)}, {Title: ptr("g"), Value: ptr("w")}},
			Actions: []monitoringv1alpha1.RocketChatActionConfig{{Text: ptr("open"), URL: ptr("https://a.example"), Msg: ptr("m")}},
		}}},
		since: "0.28.0", completeSince: "0.28.0",
	},
}

// versionLadder spans the supported Alertmanager versions, with every
// version at which a receiver field appears or disappears.
var versionLadder = []string{"0.15.0", "0.20.0", "0.22.0", "0.24.0", "0.25.0", "0.26.0", "0.27.0", "0.28.0", "0.30.0", "0.31.0", "0.32.0", "0.33.1"}

// TestReceivers generates each receiver type, minimal and complete, at
// the default version.
func TestReceivers(t *testing.T) {
	cases := map[string]goldenCase{}
	for kind, fixture := range receiverFixtures {
		for variant, in := range map[string]monitoringv1alpha1.Receiver{"minimal": fixture.minimal, "complete": fixture.complete} {
			cases[kind+" "+variant] = goldenCase{
				alertmanager: fixtures.Alertmanager("main", parsedBase, withStrategy("None")),
				configs:      configsFor(in),
				absent:       []string{"<secret>"},
			}
		}
	}
	every := monitoringv1alpha1.Receiver{Name: "every"}
	for _, kind := range []string{"email", "slack", "pagerduty", "opsgenie", "webhook", "wechat", "victorops", "pushover",
		"sns", "telegram", "discord", "webex", "msteams", "msteamsv2", "rocketchat"} {
		minimal := receiverFixtures[kind].minimal
		minimal.Name = "every"
		if err := mergeReceiver(&every, minimal); err != nil {
			t.Fatal(err)
		}
	}
	cases["every receiver type in one receiver"] = goldenCase{configs: configsFor(every)}
	runGoldenCases(t, cases)
}

// mergeReceiver appends the integrations of from to into, by JSON.
func mergeReceiver(into *monitoringv1alpha1.Receiver, from monitoringv1alpha1.Receiver) error {
	raw, err := json.Marshal(from)
	if err != nil {
		return err
	}
	var extra map[string]json.RawMessage
	if err := json.Unmarshal(raw, &extra); err != nil {
		return err
	}
	current, err := json.Marshal(into)
	if err != nil {
		return err
	}
	var merged map[string]json.RawMessage
	if err := json.Unmarshal(current, &merged); err != nil {
		return err
	}
	for key, value := range extra {
		merged[key] = value
	}
	raw, err = json.Marshal(merged)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, into)
}

// TestReceiverVersions generates each complete receiver for every version
// of the ladder: fields the version lacks are dropped, and a type the
// version lacks rejects the resource (the golden then holds the base only).
func TestReceiverVersions(t *testing.T) {
	cases := map[string]goldenCase{}
	for kind, fixture := range receiverFixtures {
		for _, version := range versionLadder {
			tc := goldenCase{alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion(version)), configs: configsFor(fixture.complete)}
			if versionLess(version, fixture.completeSince) {
				tc.rejected = []string{"ns1/app"}
				tc.rejectReason = "needs Alertmanager >= "
			}
			cases[kind+" at "+version] = tc
		}
	}
	// A few of the drops, checked by name on top of the goldens.
	for name, warning := range map[string]string{
		"pagerduty at 0.24.0": `"receiver \"r\".pagerduty_configs[0].source": needs Alertmanager >= 0.25.0`,
		"pagerduty at 0.28.0": "pagerduty_configs[0].timeout",
		"slack at 0.28.0":     "slack_configs[0].timeout",
		"pushover at 0.26.0":  "pushover_configs[0].ttl",
		"pushover at 0.15.0":  "pushover_configs[0].sound",
		"opsgenie at 0.22.0":  "opsgenie_configs[0].update_alerts",
		"sns at 0.32.0":       "sigv4.external_id",
		"msteams at 0.26.0":   "msteams_configs[0].summary",
		"discord at 0.27.0":   "discord_configs[0].content",
		"webhook at 0.27.0":   "webhook_configs[0].timeout",
		"wechat at 0.20.0":    "http_config.follow_redirects",
	} {
		tc := cases[name]
		tc.warnings = append(tc.warnings, warning)
		cases[name] = tc
	}
	runGoldenCases(t, cases)
}

// configsFor wraps a receiver in the resource ns1/app.
func configsFor(in monitoringv1alpha1.Receiver) []*monitoringv1alpha1.AlertmanagerConfig {
	return []*monitoringv1alpha1.AlertmanagerConfig{fixtures.AlertmanagerConfig("app", fixtures.InNamespace("ns1"), fixtures.WithReceivers(*in.DeepCopy()))}
}

// versionLess compares dotted versions of the ladder.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range pa {
		if pa[i] != pb[i] {
			return atoi(pa[i]) < atoi(pb[i])
		}
	}
	return false
}

func atoi(text string) int {
	n := 0
	for _, c := range text {
		n = n*10 + int(c-'0')
	}
	return n
}

var _ = corev1.SecretKeySelector{}
