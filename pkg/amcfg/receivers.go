// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"net"
	"net/url"
	"strings"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// integration converts the configs of one integration type of a receiver.
type integration struct {
	// key is the receiver key, such as "slack_configs".
	key string
	// convert returns the converted configs; field is the spec list name.
	convert func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error)
}

// convertList applies convert to each item, naming "<field>[i]" in errors.
func convertList[T any](r *resolver, field string, items []T, convert func(*resolver, string, *T) (yamldoc.Map, error)) ([]yamldoc.Map, error) {
	out := make([]yamldoc.Map, 0, len(items))
	for i := range items {
		converted, err := convert(r, fmt.Sprintf("%s[%d]", field, i), &items[i])
		if err != nil {
			return nil, err
		}
		out = append(out, converted)
	}
	return out, nil
}

// integrations lists the receiver types of the CRD in upstream's output order.
var integrations = []integration{
	{"opsgenie_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "opsgenieConfigs", in.OpsGenieConfigs, convertOpsgenie)
	}},
	{"pagerduty_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "pagerdutyConfigs", in.PagerDutyConfigs, convertPagerduty)
	}},
	{"slack_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "slackConfigs", in.SlackConfigs, convertSlack)
	}},
	{"webhook_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "webhookConfigs", in.WebhookConfigs, convertWebhook)
	}},
	{"wechat_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "wechatConfigs", in.WeChatConfigs, convertWeChat)
	}},
	{"email_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "emailConfigs", in.EmailConfigs, convertEmail)
	}},
	{"pushover_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "pushoverConfigs", in.PushoverConfigs, convertPushover)
	}},
	{"victorops_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "victoropsConfigs", in.VictorOpsConfigs, convertVictorOps)
	}},
	{"sns_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "snsConfigs", in.SNSConfigs, convertSNS)
	}},
	{"telegram_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "telegramConfigs", in.TelegramConfigs, convertTelegram)
	}},
	{"discord_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "discordConfigs", in.DiscordConfigs, convertDiscord)
	}},
	{"webex_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "webexConfigs", in.WebexConfigs, convertWebex)
	}},
	{"msteams_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "msteamsConfigs", in.MSTeamsConfigs, convertMSTeams)
	}},
	{"msteamsv2_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "msteamsv2Configs", in.MSTeamsV2Configs, convertMSTeamsV2)
	}},
	{"rocketchat_configs", func(r *resolver, in *monitoringv1alpha1.Receiver) ([]yamldoc.Map, error) {
		return convertList(r, "rocketchatConfigs", in.RocketChatConfigs, convertRocketChat)
	}},
}

// convertReceiver converts one receiver; its name is prefixed with
// "<namespace>/<resource>/".
func (r *resolver) convertReceiver(prefix string, in *monitoringv1alpha1.Receiver) (yamldoc.Map, error) {
	out := yamldoc.Map{}.Add("name", prefixed(prefix, in.Name))
	for _, kind := range integrations {
		configs, err := kind.convert(r, in)
		if err != nil {
			return nil, fmt.Errorf("receiver %q: %w", in.Name, err)
		}
		out = out.Add(kind.key, configs)
	}
	return out, nil
}

// httpParts adapts the CRD's HTTPConfig to the shared converter.
func httpParts(in *monitoringv1alpha1.HTTPConfig) httpClientParts {
	return httpClientParts{
		client: monitoringAuth(in),
		tls:    in.TLSConfig, proxy: in.ProxyConfig, proxyURLOriginal: deref(in.ProxyURLOriginal),
	}
}

// monitoringAuth gathers the authentication settings of an HTTPConfig.
func monitoringAuth(in *monitoringv1alpha1.HTTPConfig) monitoringv1.HTTPClientConfig {
	return monitoringv1.HTTPClientConfig{
		Authorization: in.Authorization, BasicAuth: in.BasicAuth, OAuth2: in.OAuth2,
		BearerTokenSecret: in.BearerTokenSecret, FollowRedirects: in.FollowRedirects, EnableHTTP2: in.EnableHTTP2,
	}
}

// withHTTP adds http_config when the spec has one.
func (r *resolver) withHTTP(out yamldoc.Map, field string, in *monitoringv1alpha1.HTTPConfig) (yamldoc.Map, error) {
	if in == nil {
		return out, nil
	}
	converted, err := r.httpConfig(field+".httpConfig", httpParts(in))
	if err != nil {
		return nil, err
	}
	return out.Add("http_config", converted), nil
}

// sendResolved adds send_resolved when set.
func sendResolved(out yamldoc.Map, value *bool) yamldoc.Map {
	if value != nil {
		out = out.Add("send_resolved", *value)
	}
	return out
}

// optionalBool adds key when value is set.
func optionalBool(out yamldoc.Map, key string, value *bool) yamldoc.Map {
	if value != nil {
		out = out.Add(key, *value)
	}
	return out
}

// keyValues turns a key/value list into a map.
func keyValues(items []monitoringv1alpha1.KeyValue) map[string]string {
	if len(items) == 0 {
		return nil
	}
	out := make(map[string]string, len(items))
	for _, item := range items {
		out[item.Key] = item.Value
	}
	return out
}

// addSecret adds key with the value of a Secret key when selector is set.
func (r *resolver) addSecret(out yamldoc.Map, key, field string, selector *corev1.SecretKeySelector) (yamldoc.Map, error) {
	if selector == nil {
		return out, nil
	}
	value, err := r.secret(field, *selector)
	if err != nil {
		return nil, err
	}
	return out.Add(key, value), nil
}

// validSecretURL reads a URL from a Secret key and checks it is an absolute
// URL, without ever putting the value into the error.
func (r *resolver) validSecretURL(field string, value string) (string, error) {
	value = strings.TrimSpace(value)
	parsed, err := url.Parse(value)
	if err != nil || parsed.Scheme == "" || parsed.Host == "" {
		return "", fmt.Errorf("%s: the Secret value is not a valid absolute URL", field)
	}
	return value, nil
}

func convertOpsgenie(r *resolver, field string, in *monitoringv1alpha1.OpsGenieConfig) (yamldoc.Map, error) {
	out, err := r.withHTTP(sendResolved(yamldoc.Map{}, in.SendResolved), field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	if out, err = r.addSecret(out, "api_key", field+".apiKey", in.APIKey); err != nil {
		return nil, err
	}
	out = out.Add("api_url", deref(in.APIURL)).Add("message", in.Message).Add("description", in.Description).
		Add("source", in.Source).Add("details", keyValues(in.Details))
	responders := make([]yamldoc.Map, 0, len(in.Responders))
	for _, responder := range in.Responders {
		responders = append(responders, yamldoc.Map{}.Add("id", responder.ID).Add("name", responder.Name).
			Add("username", responder.Username).Add("type", responder.Type))
	}
	out = out.Add("responders", responders).Add("tags", in.Tags).Add("note", in.Note).Add("priority", in.Priority)
	out = optionalBool(out, "update_alerts", in.UpdateAlerts)
	return out.Add("entity", in.Entity).Add("actions", in.Actions), nil
}

func convertPagerduty(r *resolver, field string, in *monitoringv1alpha1.PagerDutyConfig) (yamldoc.Map, error) {
	out, err := r.withHTTP(sendResolved(yamldoc.Map{}, in.SendResolved), field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	if out, err = r.addSecret(out, "service_key", field+".serviceKey", in.ServiceKey); err != nil {
		return nil, err
	}
	if out, err = r.addSecret(out, "routing_key", field+".routingKey", in.RoutingKey); err != nil {
		return nil, err
	}
	out = out.Add("url", deref(in.URL)).Add("client", deref(in.Client)).Add("client_url", deref(in.ClientURL)).
		Add("description", deref(in.Description))
	if details := keyValues(in.Details); details != nil {
		out = out.Add("details", details)
	}
	images := make([]yamldoc.Map, 0, len(in.PagerDutyImageConfigs))
	for _, image := range in.PagerDutyImageConfigs {
		images = append(images, yamldoc.Map{}.Add("src", image.Src).Add("alt", image.Alt).Add("href", image.Href))
	}
	links := make([]yamldoc.Map, 0, len(in.PagerDutyLinkConfigs))
	for _, link := range in.PagerDutyLinkConfigs {
		links = append(links, yamldoc.Map{}.Add("href", link.Href).Add("text", link.Text))
	}
	out = out.Add("images", images).Add("links", links).Add("severity", deref(in.Severity)).
		Add("class", deref(in.Class)).Add("component", deref(in.Component)).Add("group", deref(in.Group)).
		Add("source", deref(in.Source))
	return addDuration(out, "timeout", field+".timeout", deref(in.Timeout))
}

// addDuration adds a Prometheus duration, refusing one that does not parse.
func addDuration(out yamldoc.Map, key, field, text string) (yamldoc.Map, error) {
	if text == "" {
		return out, nil
	}
	if err := checkDuration(text); err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	return out.Add(key, text), nil
}

func convertSlack(r *resolver, field string, in *monitoringv1alpha1.SlackConfig) (yamldoc.Map, error) {
	out, err := r.withHTTP(sendResolved(yamldoc.Map{}, in.SendResolved), field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	if in.APIURL != nil {
		value, err := r.secret(field+".apiURL", *in.APIURL)
		if err != nil {
			return nil, err
		}
		if value, err = r.validSecretURL(field+".apiURL", value); err != nil {
			return nil, err
		}
		out = out.Add("api_url", value)
	}
	out = out.Add("channel", deref(in.Channel)).Add("username", deref(in.Username)).Add("color", deref(in.Color)).
		Add("title", deref(in.Title)).Add("title_link", deref(in.TitleLink)).Add("pretext", deref(in.Pretext)).
		Add("text", deref(in.Text))
	fields := make([]yamldoc.Map, 0, len(in.Fields))
	for _, item := range in.Fields {
		fields = append(fields, optionalBool(yamldoc.Map{}.Add("title", item.Title).Add("value", item.Value), "short", item.Short))
	}
	out = optionalBool(out.Add("fields", fields), "short_fields", in.ShortFields)
	out = out.Add("footer", deref(in.Footer)).Add("fallback", deref(in.Fallback)).Add("callback_id", deref(in.CallbackID)).
		Add("icon_emoji", deref(in.IconEmoji)).Add("icon_url", deref(in.IconURL)).Add("image_url", deref(in.ImageURL)).
		Add("thumb_url", deref(in.ThumbURL))
	out = optionalBool(out, "link_names", in.LinkNames).Add("mrkdwn_in", in.MrkdwnIn)
	actions := make([]yamldoc.Map, 0, len(in.Actions))
	for _, action := range in.Actions {
		converted := yamldoc.Map{}.Add("type", action.Type).Add("text", action.Text).Add("url", action.URL).
			Add("style", action.Style).Add("name", action.Name).Add("value", action.Value)
		if confirm := action.ConfirmField; confirm != nil {
			converted = converted.Add("confirm", yamldoc.Map{}.Add("text", confirm.Text).Add("title", confirm.Title).
				Add("ok_text", confirm.OkText).Add("dismiss_text", confirm.DismissText))
		}
		actions = append(actions, converted)
	}
	out = out.Add("actions", actions)
	if out, err = addDuration(out, "timeout", field+".timeout", deref(in.Timeout)); err != nil {
		return nil, err
	}
	return optionalBool(out.Add("message_text", deref(in.MessageText)), "update_message", in.UpdateMessage), nil
}

func convertWebhook(r *resolver, field string, in *monitoringv1alpha1.WebhookConfig) (yamldoc.Map, error) {
	out := sendResolved(yamldoc.Map{}, in.SendResolved)
	switch {
	case in.URLSecret != nil:
		value, err := r.secret(field+".urlSecret", *in.URLSecret)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(value) == "" {
			return nil, fmt.Errorf("%s.urlSecret: the Secret value is empty", field)
		}
		out = out.Add("url", strings.TrimSpace(value))
	case in.URL != nil:
		out = out.Add("url", *in.URL)
	}
	out, err := r.withHTTP(out, field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	if in.MaxAlerts > 0 {
		out = out.Add("max_alerts", in.MaxAlerts)
	}
	if out, err = addDuration(out, "timeout", field+".timeout", deref(in.Timeout)); err != nil {
		return nil, err
	}
	if in.Payload != nil {
		out = out.Add("payload", *in.Payload)
	}
	return out, nil
}

func convertWeChat(r *resolver, field string, in *monitoringv1alpha1.WeChatConfig) (yamldoc.Map, error) {
	out, err := r.addSecret(sendResolved(yamldoc.Map{}, in.SendResolved), "api_secret", field+".apiSecret", in.APISecret)
	if err != nil {
		return nil, err
	}
	out = out.Add("api_url", deref(in.APIURL)).Add("corp_id", in.CorpID).Add("agent_id", in.AgentID).
		Add("to_user", in.ToUser).Add("to_party", in.ToParty).Add("to_tag", in.ToTag).Add("message", in.Message).
		Add("message_type", in.MessageType)
	return r.withHTTP(out, field, in.HTTPConfig)
}

func convertEmail(r *resolver, field string, in *monitoringv1alpha1.EmailConfig) (yamldoc.Map, error) {
	out := sendResolved(yamldoc.Map{}, in.SendResolved).Add("to", in.To).Add("from", in.From).Add("hello", in.Hello)
	if in.Smarthost != "" {
		host, port, err := net.SplitHostPort(in.Smarthost)
		if err != nil {
			return nil, fmt.Errorf("%s.smarthost: %w", field, err)
		}
		out = out.Add("smarthost", net.JoinHostPort(host, port))
	}
	out, err := r.addSecret(out.Add("auth_username", in.AuthUsername), "auth_password", field+".authPassword", in.AuthPassword)
	if err != nil {
		return nil, err
	}
	if out, err = r.addSecret(out, "auth_secret", field+".authSecret", in.AuthSecret); err != nil {
		return nil, err
	}
	out = out.Add("auth_identity", in.AuthIdentity).Add("headers", keyValues(in.Headers))
	if in.HTML != nil {
		out = out.Add("html", *in.HTML)
	}
	if in.Text != nil {
		out = out.Add("text", *in.Text)
	}
	out = optionalBool(out, "require_tls", in.RequireTLS)
	if in.TLSConfig != nil {
		tls, err := r.tlsConfig(field+".tlsConfig", in.TLSConfig)
		if err != nil {
			return nil, err
		}
		out = out.Add("tls_config", tls)
	}
	out = optionalBool(out, "force_implicit_tls", in.ForceImplicitTLS)
	if in.Threading != nil {
		threading := yamldoc.Map{}.Add("enabled", true)
		switch in.Threading.ThreadByDate {
		case "Daily":
			threading = threading.Add("thread_by_date", "daily")
		case "None":
			threading = threading.Add("thread_by_date", "none")
		}
		out = out.Add("threading", threading)
	}
	return out, nil
}

// victorOpsReserved are the custom field keys VictorOps sets itself.
var victorOpsReserved = map[string]bool{
	"routing_key": true, "message_type": true, "state_message": true, "entity_display_name": true,
	"monitoring_tool": true, "entity_id": true, "entity_state": true,
}

func convertVictorOps(r *resolver, field string, in *monitoringv1alpha1.VictorOpsConfig) (yamldoc.Map, error) {
	out, err := r.withHTTP(sendResolved(yamldoc.Map{}, in.SendResolved), field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	if out, err = r.addSecret(out, "api_key", field+".apiKey", in.APIKey); err != nil {
		return nil, err
	}
	for _, custom := range in.CustomFields {
		if victorOpsReserved[custom.Key] {
			return nil, fmt.Errorf("%s.customFields: key %q is reserved", field, custom.Key)
		}
	}
	return out.Add("api_url", deref(in.APIURL)).Add("routing_key", in.RoutingKey).
		Add("message_type", deref(in.MessageType)).Add("state_message", deref(in.StateMessage)).
		Add("entity_display_name", deref(in.EntityDisplayName)).Add("monitoring_tool", deref(in.MonitoringTool)).
		Add("custom_fields", keyValues(in.CustomFields)), nil
}

func convertPushover(r *resolver, field string, in *monitoringv1alpha1.PushoverConfig) (yamldoc.Map, error) {
	out, err := r.withHTTP(sendResolved(yamldoc.Map{}, in.SendResolved), field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	// Unlike upstream, which drops spec.sound, the sound is passed on.
	// Upstream requires both Secrets and refuses empty values, so the
	// *File fields cannot be used on their own in a resource.
	if in.UserKey == nil {
		return nil, fmt.Errorf("%s.userKey: must be set", field)
	}
	if in.Token == nil {
		return nil, fmt.Errorf("%s.token: must be set", field)
	}
	userKey, err := r.secret(field+".userKey", *in.UserKey)
	if err != nil {
		return nil, err
	}
	if userKey == "" {
		return nil, fmt.Errorf("%s.userKey: the Secret value is empty", field)
	}
	token, err := r.secret(field+".token", *in.Token)
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, fmt.Errorf("%s.token: the Secret value is empty", field)
	}
	out = out.Add("user_key", userKey).Add("token", token).Add("title", deref(in.Title)).
		Add("message", deref(in.Message)).Add("url", deref(in.URL)).Add("url_title", deref(in.URLTitle)).
		Add("ttl", deref(in.TTL)).Add("device", deref(in.Device)).Add("sound", deref(in.Sound)).
		Add("priority", deref(in.Priority))
	if out, err = addDuration(out, "retry", field+".retry", in.Retry); err != nil {
		return nil, err
	}
	if out, err = addDuration(out, "expire", field+".expire", in.Expire); err != nil {
		return nil, err
	}
	return optionalBool(optionalBool(out, "html", in.HTML), "monospace", in.Monospace), nil
}

func convertSNS(r *resolver, field string, in *monitoringv1alpha1.SNSConfig) (yamldoc.Map, error) {
	out, err := r.withHTTP(sendResolved(yamldoc.Map{}, in.SendResolved), field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	out = out.Add("api_url", deref(in.APIURL))
	if in.Sigv4 != nil {
		// Alertmanager has no FIPS endpoint setting.
		sigv4 := *in.Sigv4
		sigv4.UseFIPSSTSEndpoint = nil
		writer := r.writer(version.Alertmanager.MustParse(""))
		out = writer.SigV4(out, writer.Target().Always(), &sigv4)
		if err := writer.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", field, err)
		}
	}
	out = out.Add("topic_arn", deref(in.TopicARN)).Add("phone_number", deref(in.PhoneNumber)).
		Add("target_arn", deref(in.TargetARN)).Add("subject", deref(in.Subject)).Add("message", deref(in.Message)).
		Add("attributes", in.Attributes)
	if in.UseAWSHTTPClient != nil {
		out = out.Add("use_aws_http_client", *in.UseAWSHTTPClient)
	}
	return out, nil
}

func convertTelegram(r *resolver, field string, in *monitoringv1alpha1.TelegramConfig) (yamldoc.Map, error) {
	out := sendResolved(yamldoc.Map{}, in.SendResolved).Add("api_url", deref(in.APIURL))
	if in.BotToken != nil {
		token, err := r.secret(field+".botToken", *in.BotToken)
		if err != nil {
			return nil, err
		}
		if token == "" {
			return nil, fmt.Errorf("%s.botToken: the Secret value is empty", field)
		}
		out = out.Add("bot_token", token)
	}
	out = out.Add("bot_token_file", deref(in.BotTokenFile)).Add("chat_id", in.ChatID)
	if in.MessageThreadID != nil {
		out = out.Add("message_thread_id", *in.MessageThreadID)
	}
	out = out.Add("message", in.Message)
	out = optionalBool(out, "disable_notifications", in.DisableNotifications).Add("parse_mode", in.ParseMode)
	return r.withHTTP(out, field, in.HTTPConfig)
}

func convertDiscord(r *resolver, field string, in *monitoringv1alpha1.DiscordConfig) (yamldoc.Map, error) {
	out, err := r.withHTTP(sendResolved(yamldoc.Map{}, in.SendResolved), field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	value, err := r.secret(field+".apiURL", in.APIURL)
	if err != nil {
		return nil, err
	}
	if value, err = r.validSecretURL(field+".apiURL", value); err != nil {
		return nil, err
	}
	return out.Add("webhook_url", value).Add("title", deref(in.Title)).Add("message", deref(in.Message)).
		Add("content", deref(in.Content)).Add("username", deref(in.Username)).Add("avatar_url", deref(in.AvatarURL)), nil
}

func convertWebex(r *resolver, field string, in *monitoringv1alpha1.WebexConfig) (yamldoc.Map, error) {
	out, err := r.withHTTP(sendResolved(yamldoc.Map{}, in.SendResolved), field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	return out.Add("api_url", deref(in.APIURL)).Add("message", deref(in.Message)).Add("room_id", in.RoomID), nil
}

func convertMSTeams(r *resolver, field string, in *monitoringv1alpha1.MSTeamsConfig) (yamldoc.Map, error) {
	out := sendResolved(yamldoc.Map{}, in.SendResolved)
	value, err := r.secret(field+".webhookUrl", in.WebhookURL)
	if err != nil {
		return nil, err
	}
	out = out.Add("webhook_url", value).Add("title", deref(in.Title)).Add("summary", deref(in.Summary)).
		Add("text", deref(in.Text))
	return r.withHTTP(out, field, in.HTTPConfig)
}

func convertMSTeamsV2(r *resolver, field string, in *monitoringv1alpha1.MSTeamsV2Config) (yamldoc.Map, error) {
	out, err := r.addSecret(sendResolved(yamldoc.Map{}, in.SendResolved), "webhook_url", field+".webhookURL", in.WebhookURL)
	if err != nil {
		return nil, err
	}
	out = out.Add("title", deref(in.Title)).Add("text", deref(in.Text))
	return r.withHTTP(out, field, in.HTTPConfig)
}

func convertRocketChat(r *resolver, field string, in *monitoringv1alpha1.RocketChatConfig) (yamldoc.Map, error) {
	out, err := r.withHTTP(sendResolved(yamldoc.Map{}, in.SendResolved), field, in.HTTPConfig)
	if err != nil {
		return nil, err
	}
	token, err := r.secret(field+".token", in.Token)
	if err != nil {
		return nil, err
	}
	tokenID, err := r.secret(field+".tokenID", in.TokenID)
	if err != nil {
		return nil, err
	}
	out = out.Add("api_url", deref(in.APIURL)).Add("token_id", tokenID).Add("token", token).
		Add("channel", deref(in.Channel)).Add("color", deref(in.Color)).Add("title", deref(in.Title)).
		Add("title_link", deref(in.TitleLink)).Add("text", deref(in.Text))
	fields := make([]yamldoc.Map, 0, len(in.Fields))
	for _, item := range in.Fields {
		converted := yamldoc.Map{}
		if item.Short != nil {
			converted = converted.Add("short", *item.Short)
		}
		fields = append(fields, converted.Add("title", deref(item.Title)).Add("value", deref(item.Value)))
	}
	out = out.Add("fields", fields).Add("short_fields", in.ShortFields != nil && *in.ShortFields).
		Add("emoji", deref(in.Emoji)).Add("icon_url", deref(in.IconURL)).Add("image_url", deref(in.ImageURL)).
		Add("thumb_url", deref(in.ThumbURL)).Add("link_names", in.LinkNames != nil && *in.LinkNames)
	actions := make([]yamldoc.Map, 0, len(in.Actions))
	for _, action := range in.Actions {
		actions = append(actions, yamldoc.Map{}.Add("text", deref(action.Text)).Add("url", deref(action.URL)).
			Add("msg", deref(action.Msg)))
	}
	return out.Add("actions", actions), nil
}
