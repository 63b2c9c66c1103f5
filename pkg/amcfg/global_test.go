// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// globalResource is the AlertmanagerConfig used as the base in the global mode.
func globalResource() *monitoringv1alpha1.AlertmanagerConfig {
	return fixtures.AlertmanagerConfig("global", fixtures.InNamespace("monitoring"), fixtures.WithReceivers(webhookReceiver("default"), monitoringv1alpha1.Receiver{
		Name: "mail", EmailConfigs: []monitoringv1alpha1.EmailConfig{{To: "ops@example.com"}},
	}), fixtures.WithRoute(monitoringv1alpha1.Route{
		Receiver: "default", GroupBy: []string{"alertname"},
		Routes: children(monitoringv1alpha1.Route{Receiver: "mail", Matchers: []monitoringv1alpha1.Matcher{matcher("severity", "critical", "=")}}),
	}), fixtures.WithInhibitRules(monitoringv1alpha1.InhibitRule{
		SourceMatch: []monitoringv1alpha1.Matcher{matcher("severity", "critical", "=")},
		TargetMatch: []monitoringv1alpha1.Matcher{matcher("severity", "warning", "=")},
	}))
}

// completeGlobal sets every field of the global section.
func completeGlobal() *monitoringv1.AlertmanagerGlobalConfig {
	url := func(text string) *monitoringv1.GlobalAPIURL { value := monitoringv1.GlobalAPIURL(text); return &value }
	return &monitoringv1.AlertmanagerGlobalConfig{
		ResolveTimeout: "300s",
		SMTPConfig: &monitoringv1.GlobalSMTPConfig{
			From: ptr("am@example.com"), Hello: ptr("am.example"), SmartHost: &monitoringv1.HostPort{Host: "mail.example", Port: "587"},
			AuthUsername: ptr("alice"), AuthPassword: secretRef("password"), AuthSecret: secretRef("token"), AuthIdentity: ptr("alice"),
			RequireTLS: ptr(false), TLSConfig: &monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: secretRef("ca.crt")}},
			ForceImplicitTLS: ptr(true),
		},
		HTTPConfig: &monitoringv1.AlertmanagerGlobalHTTPConfig{
			HTTPClientConfig: monitoringv1.HTTPClientConfig{
				OAuth2: &monitoringv1.OAuth2{
					ClientID:     monitoringv1.SecretOrConfigMap{ConfigMap: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "cm"}, Key: "client-id"}},
					ClientSecret: *secretRef("password"), TokenURL: "https://auth.example/token", Scopes: []string{"a", "b"},
					EndpointParams: map[string]string{"audience": "am"},
				},
				FollowRedirects: ptr(true),
			},
			TLSConfig: &monitoringv1.SafeTLSConfig{InsecureSkipVerify: ptr(true)},
		},
		SlackAPIURL: secretRef("slack-url"), OpsGenieAPIURL: secretRef("opsgenie-url"), OpsGenieAPIKey: secretRef("token"),
		PagerdutyURL:     url("https://events.pagerduty.example/v2/enqueue"),
		TelegramConfig:   &monitoringv1.GlobalTelegramConfig{APIURL: url("https://api.telegram.example")},
		JiraConfig:       &monitoringv1.GlobalJiraConfig{APIURL: url("https://jira.example")},
		VictorOpsConfig:  &monitoringv1.GlobalVictorOpsConfig{APIURL: url("https://victorops.example/"), APIKey: secretRef("token")},
		RocketChatConfig: &monitoringv1.GlobalRocketChatConfig{APIURL: url("https://chat.example"), Token: secretRef("token"), TokenID: secretRef("token-id")},
		WebexConfig:      &monitoringv1.GlobalWebexConfig{APIURL: url("https://webex.example/v1/messages")},
		WeChatConfig:     &monitoringv1.GlobalWeChatConfig{APIURL: url("https://wechat.example/"), APISecret: secretRef("token"), APICorpID: ptr("corp")},
		MattermostConfig: &monitoringv1.GlobalMattermostConfig{WebhookURL: secretRef("webhook-url")},
	}
}

func TestGlobalAlertmanagerConfig(t *testing.T) {
	templates := []monitoringv1.SecretOrConfigMap{
		{ConfigMap: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "tmpl"}, Key: "a.tmpl"}},
		{Secret: secretRef("b.tmpl")},
	}
	smtpOnly := &monitoringv1.AlertmanagerGlobalConfig{SMTPConfig: &monitoringv1.GlobalSMTPConfig{
		From: ptr("am@example.com"), SmartHost: &monitoringv1.HostPort{Host: "mail.example", Port: "25"},
	}}
	emailWithoutSmarthost := fixtures.AlertmanagerConfig("mail", fixtures.InNamespace("ns1"), fixtures.WithReceivers(monitoringv1alpha1.Receiver{
		Name: "m", EmailConfigs: []monitoringv1alpha1.EmailConfig{{To: "team@example.com"}},
	}))
	runGoldenCases(t, map[string]goldenCase{
		"the global resource's route becomes the root, without namespace matcher": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, withGlobalConfig("global", smtpOnly)),
			global:       globalResource(),
		},
		"every global field at the default version": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, withGlobalConfig("global", completeGlobal())),
			global:       globalResource(),
			contains:     []string{"resolve_timeout: 5m", "smtp_smarthost: mail.example:587", "wechat_api_corp_id: corp"},
			assets:       []string{"0_monitoring_creds_ca.crt"},
		},
		"the global templates are listed configMap first": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, withGlobalConfig("global", smtpOnly, templates...)),
			global:       globalResource(),
			contains:     []string{"- /etc/alertmanager/templates/a.tmpl\n- /etc/alertmanager/templates/b.tmpl"},
		},
		"no global section is written when none is given": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, withGlobalConfig("global", nil)),
			global:       fixtures.AlertmanagerConfig("global", fixtures.InNamespace("monitoring"), fixtures.WithReceivers(webhookReceiver("default"))),
			absent:       []string{"global:"},
		},
		"selected resources are merged under the global root": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, withGlobalConfig("global", smtpOnly)),
			global:       globalResource(),
			configs:      []*monitoringv1alpha1.AlertmanagerConfig{routedConfig("ns1", "app"), globalResource(), emailWithoutSmarthost},
		},
		"an email receiver relies on the global smarthost": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, withGlobalConfig("global", smtpOnly)),
			global:       globalResource(),
			configs:      []*monitoringv1alpha1.AlertmanagerConfig{emailWithoutSmarthost},
		},
		"without a global smarthost such an email receiver is rejected alone": {
			raw:          "route:\n  receiver: a\nreceivers:\n- name: a\n",
			configs:      []*monitoringv1alpha1.AlertmanagerConfig{emailWithoutSmarthost, routedConfig("ns1", "app")},
			rejected:     []string{"ns1/mail"},
			rejectReason: "smarthost",
		},
		"global fields newer than Alertmanager 0.28 are dropped": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.28.0"), withGlobalConfig("global", func() *monitoringv1.AlertmanagerGlobalConfig {
				global := completeGlobal()
				global.SMTPConfig.ForceImplicitTLS = nil
				global.MattermostConfig = nil
				return global
			}())),
			global: globalResource(),
		},
		"an old Alertmanager keeps only the fields it knows": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.22.0"), withGlobalConfig("global", &monitoringv1.AlertmanagerGlobalConfig{
				ResolveTimeout: "1m", SlackAPIURL: secretRef("slack-url"),
				SMTPConfig: &monitoringv1.GlobalSMTPConfig{From: ptr("a@example.com"), SmartHost: &monitoringv1.HostPort{Host: "m", Port: "25"},
					TLSConfig: &monitoringv1.SafeTLSConfig{InsecureSkipVerify: ptr(true)}},
			})),
			global:   globalResource(),
			warnings: []string{"smtp_tls_config"},
			absent:   []string{"smtp_tls_config"},
		},
	})
}
