// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"cmp"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// badResources are resources that must be rejected alone, with the text
// the reason must contain (the receiver or part, and the field).
var badResources = map[string]struct {
	config *monitoringv1alpha1.AlertmanagerConfig
	want   []string
	// version is the target; 0.27.0 when empty.
	version string
}{
	"a matcher whose label name Alertmanager refuses (upstream #5163)": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{
			Receiver: "r", Matchers: []monitoringv1alpha1.Matcher{matcher("bad-label", "x", "=")},
		})),
		want: []string{"route", "bad-label", "invalid label name"},
	},
	"an email receiver without smarthost and no global one": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{
			Name: "mail", EmailConfigs: []monitoringv1alpha1.EmailConfig{{To: "a@example.com", From: "b@example.com"}},
		})),
		want: []string{"smarthost"},
	},
	"a Slack API URL Secret that is not a URL": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{
			Name: "chat", SlackConfigs: []monitoringv1alpha1.SlackConfig{{APIURL: secretRef("not-a-url")}},
		})),
		want: []string{`receiver "chat"`, "slackConfigs[0].apiURL", "not a valid absolute URL"},
	},
	"a webhook URL Secret that does not parse": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{
			Name: "hook", WebhookConfigs: []monitoringv1alpha1.WebhookConfig{{URLSecret: secretRef("not-a-url")}},
		})),
		want: []string{`receiver "hook"`, "webhook_configs[0].url: invalid URL"},
	},
	"a missing Secret key": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{
			Name: "pager", PagerDutyConfigs: []monitoringv1alpha1.PagerDutyConfig{{RoutingKey: secretRef("absent")}},
		})),
		want: []string{`receiver "pager"`, "pagerdutyConfigs[0].routingKey", `key "absent" not found`},
	},
	"an empty Pushover token": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{
			Name: "push", PushoverConfigs: []monitoringv1alpha1.PushoverConfig{{UserKey: secretRef("user-key"), Token: secretRef("empty")}},
		})),
		want: []string{`receiver "push"`, "pushoverConfigs[0].token", "empty"},
	},
	"a VictorOps custom field with a reserved key": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{
			Name: "vo", VictorOpsConfigs: []monitoringv1alpha1.VictorOpsConfig{{APIKey: secretRef("token"), RoutingKey: "r",
				CustomFields: []monitoringv1alpha1.KeyValue{{Key: "entity_state", Value: "x"}}}},
		})),
		want: []string{`receiver "vo"`, "customFields", "entity_state"},
	},
	"a bad route duration": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r", GroupWait: "later"})),
		want:   []string{"route.groupWait", "later"},
	},
	"a Pushover retry that is not a duration": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{
			Name: "push", PushoverConfigs: []monitoringv1alpha1.PushoverConfig{{UserKey: secretRef("user-key"), Token: secretRef("token"), Retry: "often"}},
		})),
		want: []string{`receiver "push"`, "pushoverConfigs[0].retry"},
	},
	"a Slack update of messages without API URL, which crashes Alertmanager's loader": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{
			Name: "chat", SlackConfigs: []monitoringv1alpha1.SlackConfig{{Channel: ptr("#c"), UpdateMessage: ptr(true)}},
		})),
		want:    []string{"loader"},
		version: "0.33.1",
	},
	"a route naming an unknown receiver": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "other"})),
		want:   []string{"route.receiver", `"other" not found`},
	},
	"an unknown field in a child route": {
		config: func() *monitoringv1alpha1.AlertmanagerConfig {
			config := fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")))
			config.Spec.Route.Routes = children(monitoringv1alpha1.Route{Receiver: "r"})
			config.Spec.Route.Routes[0].Raw = []byte(`{"receiver":"r","sendTo":"x"}`)
			return config
		}(),
		want: []string{"route.routes[0]", "sendTo"},
	},
	"a type the target version lacks": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(receiverFixtures["msteamsv2"].minimal)),
		want:   []string{`receiver "r"`, "msteamsv2Configs[0]", "needs Alertmanager >= 0.28.0"},
	},
	"a time interval with its end before its start": {
		config: fixtures.AlertmanagerConfig("bad", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithMuteTimeIntervals(monitoringv1alpha1.MuteTimeInterval{
			Name: "x", TimeIntervals: []monitoringv1alpha1.TimeInterval{{Times: []monitoringv1alpha1.TimeRange{{StartTime: "10:00", EndTime: "09:00"}}}},
		})),
		want: []string{"muteTimeIntervals[0]", `"x"`, "startTime must be before endTime"},
	},
}

// TestOneBadResourceIsRejectedAlone merges each bad resource with two good
// ones: only the bad one is left out, with a reason naming the receiver
// and field and carrying no Secret value, and the good ones are merged.
func TestOneBadResourceIsRejectedAlone(t *testing.T) {
	for name, tc := range badResources {
		t.Run(name, func(t *testing.T) {
			am := fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion(cmp.Or(tc.version, "0.27.0")))
			result, err := Generate(Input{
				Alertmanager: am, Store: testStore(),
				Configs: []*monitoringv1alpha1.AlertmanagerConfig{routedConfig("ns1", "a-good"), tc.config, routedConfig("ns2", "z-good")},
			}, Options{})
			require.NoError(t, err)
			require.Len(t, result.Rejected, 1, "rejections: %v", result.Rejected)
			rejection := result.Rejected[0]
			require.Equal(t, "ns1/bad", rejection.Key())
			for _, want := range tc.want {
				require.Contains(t, rejection.Error(), want)
			}
			assertNoSecret(t, rejection.Error())
			require.Equal(t, []string{"ns1/a-good", "ns2/z-good"}, result.Accepted)
			text := string(result.Config)
			require.Contains(t, text, "ns1/a-good/default")
			require.Contains(t, text, "ns2/z-good/default")
			require.NotContains(t, text, "ns1/bad/")
		})
	}
}

// TestRejectionMessagesHideSecrets checks that a message quoting a Secret
// value read for the resource (as Alertmanager's loader may) is cleaned.
func TestRejectionMessagesHideSecrets(t *testing.T) {
	resolver := newResolver(testStore(), "ns1")
	value, err := resolver.secret("field", *secretRef("token"))
	require.NoError(t, err)
	cause := fmt.Errorf("parse %q: bad", value)
	redacted := resolver.redactError(cause)
	require.Equal(t, `parse "<secret>": bad`, redacted.Error())
	require.ErrorIs(t, redacted, cause)
	require.Equal(t, "plain", resolver.redactError(errors.New("plain")).Error())
}

func TestCheckResource(t *testing.T) {
	good := routedConfig("ns1", "good")
	require.NoError(t, CheckResource(good, CheckOptions{}))
	require.NoError(t, CheckResource(good, CheckOptions{Version: "0.27.0", Store: testStore()}))

	// The webhook's checks (no options) need neither a store nor a version.
	duplicate := fixtures.AlertmanagerConfig("dup", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r"), webhookReceiver("r")))
	require.ErrorContains(t, CheckResource(duplicate, CheckOptions{}), `receiver "r" is not unique`)
	newType := fixtures.AlertmanagerConfig("new", fixtures.InNamespace("ns1"), fixtures.WithReceivers(receiverFixtures["msteamsv2"].minimal))
	require.NoError(t, CheckResource(newType, CheckOptions{}))
	require.ErrorContains(t, CheckResource(newType, CheckOptions{Version: "0.27.0"}), "needs Alertmanager >= 0.28.0")

	for name, tc := range badResources {
		t.Run(name, func(t *testing.T) {
			err := CheckResource(tc.config, CheckOptions{Version: cmp.Or(tc.version, "0.27.0"), Store: testStore()})
			require.Error(t, err)
			for _, want := range tc.want {
				require.Contains(t, err.Error(), want)
			}
			assertNoSecret(t, err.Error())
		})
	}
}

func TestValidate(t *testing.T) {
	cases := map[string]struct {
		config *monitoringv1alpha1.AlertmanagerConfig
		want   string
	}{
		"a top route without receiver": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{GroupBy: []string{"a"}})),
			want:   "route.receiver",
		},
		"a duplicate group-by label": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r", GroupBy: []string{"a", "a"}})),
			want:   `duplicate label "a"`,
		},
		"an ellipsis with other labels": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r", GroupBy: []string{"...", "a"}})),
			want:   `"..." must be the only entry`,
		},
		"an unknown time interval": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r", MuteTimeIntervals: []string{"nope"}})),
			want:   `time interval "nope" not found`,
		},
		"a webhook without URL": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "h", WebhookConfigs: []monitoringv1alpha1.WebhookConfig{{}}})),
			want:   `receiver "h": webhookConfigs[0]: one of url or urlSecret must be set`,
		},
		"an email without recipient": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "m", EmailConfigs: []monitoringv1alpha1.EmailConfig{{Smarthost: "h:25"}}})),
			want:   `receiver "m": emailConfigs[0].to`,
		},
		"an email smarthost without port": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "m", EmailConfigs: []monitoringv1alpha1.EmailConfig{{To: "a@b", Smarthost: "h"}}})),
			want:   "emailConfigs[0].smarthost",
		},
		"duplicate email headers in another case": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "m", EmailConfigs: []monitoringv1alpha1.EmailConfig{{To: "a@b",
				Headers: []monitoringv1alpha1.KeyValue{{Key: "Subject", Value: "a"}, {Key: "subject", Value: "b"}}}}})),
			want: `duplicate header "subject"`,
		},
		"a pagerduty config without key": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "p", PagerDutyConfigs: []monitoringv1alpha1.PagerDutyConfig{{}}})),
			want:   "one of routingKey or serviceKey",
		},
		"an opsgenie responder of an unknown type": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "o", OpsGenieConfigs: []monitoringv1alpha1.OpsGenieConfig{{
				Responders: []monitoringv1alpha1.OpsGenieConfigResponder{{Name: "n", Type: "crew"}}}}})),
			want: `"crew" is not one of`,
		},
		"a slack action without url or name": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "s", SlackConfigs: []monitoringv1alpha1.SlackConfig{{
				Actions: []monitoringv1alpha1.SlackAction{{Type: "button", Text: "t"}}}}})),
			want: "actions[0]: one of url or name",
		},
		"an sns config with two targets": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "s", SNSConfigs: []monitoringv1alpha1.SNSConfig{{
				TopicARN: ptr("a"), PhoneNumber: ptr("1")}}})),
			want: "exactly one of targetARN, topicARN or phoneNumber",
		},
		"a telegram config with both token sources": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "t", TelegramConfigs: []monitoringv1alpha1.TelegramConfig{{
				BotToken: secretRef("token"), BotTokenFile: ptr("/f"), ChatID: 1}}})),
			want: "mutually exclusive",
		},
		"two authentication methods": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{Name: "w", WebhookConfigs: []monitoringv1alpha1.WebhookConfig{{URL: ptr("http://a.example"),
				HTTPConfig: &monitoringv1alpha1.HTTPConfig{BearerTokenSecret: secretRef("token"), BasicAuth: &monitoringv1.BasicAuth{}}}}})),
			want: "at most one of basicAuth",
		},
		"an invalid regular expression": {
			config: fixtures.AlertmanagerConfig("x", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r",
				Matchers: []monitoringv1alpha1.Matcher{matcher("a", "(", "=~")}})),
			want: "invalid regular expression",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			require.ErrorContains(t, Validate(tc.config), tc.want)
		})
	}
}
