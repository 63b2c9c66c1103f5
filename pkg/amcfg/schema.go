// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"strings"
)

// The layout of alertmanager.yaml: for each section, its keys in the order
// upstream's generator writes them (the field order of its output types).
// Both the base configuration and the converted AlertmanagerConfigs are
// normalised against it, so key order, omitted zero values and strict
// unknown-key errors follow one description.
//
// Each entry is "key" optionally followed by ":kind" and a presence suffix:
//
//	kind:   "" scalar, "@name" section, "[@name]" list of sections,
//	        "dur" Prometheus duration (re-printed normalised), "map" mapping
//	        emitted sorted by key, "list" list of scalars, "raw" kept as is,
//	        "intervals" time intervals (re-printed by Alertmanager's marshalers)
//	suffix: none   omitted when zero,
//	        "?"    a pointer field: kept when present, even if zero,
//	        "!s"   always emitted, "" when absent,
//	        "!b"   always emitted, false when absent,
//	        "!n"   always emitted, null when absent.
var layoutText = map[string]string{
	"config": "global:@global route:@route inhibit_rules:[@inhibit_rule] receivers:[@receiver] " +
		"mute_time_intervals:[@time_interval] time_intervals:[@time_interval] templates:list!l",
	"global": "resolve_timeout:dur http_config:@http smtp_from smtp_hello smtp_smarthost smtp_auth_username " +
		"smtp_auth_password smtp_auth_password_file smtp_auth_secret smtp_auth_secret_file smtp_auth_identity " +
		"smtp_require_tls? smtp_tls_config:@tls smtp_force_implicit_tls? slack_api_url slack_api_url_file " +
		"pagerduty_url hipchat_api_url hipchat_auth_token opsgenie_api_url opsgenie_api_key opsgenie_api_key_file " +
		"wechat_api_url wechat_api_secret wechat_api_corp_id victorops_api_url victorops_api_key " +
		"victorops_api_key_file telegram_api_url telegram_bot_token telegram_bot_token_file webex_api_url " +
		"jira_api_url rocketchat_api_url rocketchat_token rocketchat_token_file rocketchat_token_id " +
		"rocketchat_token_id_file slack_app_token slack_app_token_file slack_app_url wechat_api_secret_file " +
		"mattermost_webhook_url mattermost_webhook_url_file",
	"route": "receiver group_by:list match:map match_re:map matchers:list continue routes:[@route] " +
		"group_wait group_interval repeat_interval mute_time_intervals:list active_time_intervals:list",
	"inhibit_rule": "target_match:map target_match_re:map target_matchers:list source_match:map " +
		"source_match_re:map source_matchers:list equal:list",
	"receiver": "name!s opsgenie_configs:[@opsgenie] pagerduty_configs:[@pagerduty] slack_configs:[@slack] " +
		"webhook_configs:[@webhook] wechat_configs:[@wechat] email_configs:[@email] " +
		"pushover_configs:[@pushover] victorops_configs:[@victorops] sns_configs:[@sns] " +
		"telegram_configs:[@telegram] discord_configs:[@discord] webex_configs:[@webex] " +
		"msteams_configs:[@msteams] msteamsv2_configs:[@msteamsv2] jira_configs:[@jira] " +
		"rocketchat_configs:[@rocketchat] mattermost_configs:[@mattermost] incidentio_configs:[@incidentio]",
	"time_interval": "name time_intervals:intervals",
	"http": "authorization:@authorization basic_auth:@basic_auth oauth2:@oauth2 bearer_token bearer_token_file " +
		"tls_config:@tls follow_redirects? enable_http2? http_headers:map proxy_url no_proxy " +
		"proxy_from_environment proxy_connect_header:map",
	"tls":           "ca_file cert_file key_file server_name insecure_skip_verify!b min_version max_version",
	"authorization": "type credentials credentials_file",
	"basic_auth":    "username password password_file",
	"oauth2": "client_id!s client_secret!s client_secret_file scopes:list token_url!s endpoint_params:map " +
		"proxy_url no_proxy proxy_from_environment proxy_connect_header:map tls_config:@tls",
	"webhook": "send_resolved? url url_file http_config:@http max_alerts timeout:dur payload:raw",
	"pagerduty": "send_resolved? http_config:@http service_key service_key_file routing_key routing_key_file " +
		"url client client_url description details:map images:[@pagerduty_image] links:[@pagerduty_link] " +
		"severity class component group source timeout:dur",
	"pagerduty_image": "src alt href",
	"pagerduty_link":  "href text",
	"opsgenie": "send_resolved? http_config:@http api_key api_key_file api_url message description source " +
		"details:map responders:[@opsgenie_responder] tags note priority update_alerts? entity actions",
	"opsgenie_responder": "id name username type",
	"wechat": "send_resolved? api_secret api_url corp_id agent_id to_user to_party to_tag message message_type " +
		"http_config:@http api_secret_file",
	"slack": "send_resolved? http_config:@http api_url api_url_file app_token app_token_file app_url channel " +
		"username color title title_link pretext text fields:[@slack_field] short_fields footer fallback " +
		"callback_id icon_emoji icon_url image_url thumb_url link_names mrkdwn_in:list " +
		"actions:[@slack_action] timeout:dur message_text update_message?",
	"slack_field":   "title value short",
	"slack_action":  "type text url style name value confirm:@slack_confirm",
	"slack_confirm": "text title ok_text dismiss_text",
	"email": "send_resolved? to from hello smarthost auth_username auth_password auth_password_file auth_secret " +
		"auth_secret_file auth_identity headers:map html? text? require_tls? tls_config:@tls " +
		"force_implicit_tls? threading:@email_threading",
	"email_threading": "enabled? thread_by_date",
	"pushover": "send_resolved? http_config:@http user_key user_key_file token token_file title message url " +
		"url_title ttl device sound priority retry:dur expire:dur html? monospace?",
	"sns": "send_resolved? http_config:@http api_url sigv4:@sigv4 topic_arn phone_number target_arn subject " +
		"message attributes:map use_aws_http_client",
	"sigv4": "region access_key secret_key profile role_arn external_id",
	"telegram": "send_resolved? api_url bot_token bot_token_file chat_id chat_id_file message_thread_id message " +
		"disable_notifications parse_mode http_config:@http",
	"victorops": "send_resolved? http_config:@http api_key api_key_file api_url routing_key message_type " +
		"state_message entity_display_name monitoring_tool custom_fields:map",
	"discord":   "send_resolved? http_config:@http webhook_url title message content username avatar_url",
	"webex":     "send_resolved? http_config:@http api_url message room_id!s",
	"msteams":   "send_resolved? webhook_url!s title summary text http_config:@http",
	"msteamsv2": "send_resolved? webhook_url webhook_url_file title text http_config:@http",
	"jira": "http_config:@http send_resolved? api_url project summary description labels:list priority " +
		"issue_type reopen_transition resolve_transition wont_fix_resolution reopen_duration:dur fields:map api_type",
	"rocketchat": "send_resolved? http_config:@http api_url token_id? token_id_file token? token_file channel " +
		"color title title_link text fields:[@rocketchat_field] short_fields!b emoji icon_url image_url " +
		"thumb_url link_names!b actions:[@rocketchat_action]",
	"rocketchat_field": "short!n title value",
	// Alertmanager reads the action keys by their lower-cased Go field names
	// (the type has JSON tags only); upstream's is_webview spelling makes its
	// loader fail, so the loader's spelling is used and zero values omitted.
	"rocketchat_action": "type text url imageurl iswebview webviewheightratio msg msginchatwindow msgprocessingtype",
	"mattermost": "send_resolved? webhook_url webhook_url_file channel username text icon_url icon_emoji " +
		"attachments:[@mattermost_attachment] props:@mattermost_props priority:@mattermost_priority fallback color " +
		"pretext author_name author_link author_icon title title_link fields:[@mattermost_field] thumb_url " +
		"footer footer_icon image_url http_config:@http",
	"mattermost_attachment": "fallback color pretext text author_name author_link author_icon title title_link " +
		"fields:[@mattermost_field] thumb_url footer footer_icon image_url",
	"mattermost_field":    "title value short",
	"mattermost_props":    "card?",
	"mattermost_priority": "priority requested_ack? persistent_notifications?",
	"incidentio": "send_resolved? http_config:@http url url_file alert_source_token alert_source_token_file " +
		"max_alerts? timeout:dur",
}

// fieldKind is how a key's value is normalised.
type fieldKind int

const (
	kindScalar fieldKind = iota
	kindSection
	kindSectionList
	kindDuration
	kindMap
	kindList
	kindRaw
	kindIntervals
)

// presence says when a key is emitted.
type presence int

const (
	// omitZero drops the key when its value is the zero value.
	omitZero presence = iota
	// keepPresent keeps the key whenever it is present (pointer fields).
	keepPresent
	// always emits the key, with the default value when absent.
	always
)

// field describes one key of a section.
type field struct {
	key      string
	kind     fieldKind
	section  string
	presence presence
	fallback any
}

// layout maps a section name to its fields in output order.
var layout = parseLayout(layoutText)

func parseLayout(text map[string]string) map[string][]field {
	out := make(map[string][]field, len(text))
	for name, spec := range text {
		for _, token := range strings.Fields(spec) {
			out[name] = append(out[name], parseField(token))
		}
	}
	return out
}

func parseField(token string) field {
	f := field{}
	switch {
	case strings.HasSuffix(token, "?"):
		f.presence, token = keepPresent, strings.TrimSuffix(token, "?")
	case strings.Contains(token, "!"):
		index := strings.LastIndex(token, "!")
		f.presence = always
		f.fallback = map[string]any{"s": "", "b": false, "n": nil, "l": []string{}}[token[index+1:]]
		token = token[:index]
	}
	key, kind, _ := strings.Cut(token, ":")
	f.key = key
	switch {
	case strings.HasPrefix(kind, "[@"):
		f.kind, f.section = kindSectionList, strings.TrimSuffix(strings.TrimPrefix(kind, "[@"), "]")
	case strings.HasPrefix(kind, "@"):
		f.kind, f.section = kindSection, strings.TrimPrefix(kind, "@")
	default:
		f.kind = map[string]fieldKind{"": kindScalar, "dur": kindDuration, "map": kindMap, "list": kindList,
			"raw": kindRaw, "intervals": kindIntervals}[kind]
	}
	return f
}
