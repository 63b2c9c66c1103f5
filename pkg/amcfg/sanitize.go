// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/prometheus/common/model"

	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// droppedBefore lists the keys (as "section.key") that Alertmanager
// versions older than the given one do not know: they are dropped with a
// warning, as upstream does.
var droppedBefore = map[string]string{
	"config.mute_time_intervals":         "0.22.0",
	"config.time_intervals":              "0.24.0",
	"route.mute_time_intervals":          "0.22.0",
	"route.active_time_intervals":        "0.24.0",
	"http.follow_redirects":              "0.22.0",
	"http.enable_http2":                  "0.25.0",
	"http.http_headers":                  "0.28.0",
	"http.proxy_from_environment":        "0.26.0",
	"http.no_proxy":                      "0.26.0",
	"http.proxy_connect_header":          "0.26.0",
	"oauth2.proxy_url":                   "0.25.0",
	"oauth2.no_proxy":                    "0.25.0",
	"oauth2.proxy_from_environment":      "0.25.0",
	"oauth2.proxy_connect_header":        "0.25.0",
	"tls.min_version":                    "0.25.0",
	"tls.max_version":                    "0.25.0",
	"global.smtp_tls_config":             "0.28.0",
	"global.slack_api_url_file":          "0.22.0",
	"global.slack_app_token":             "0.30.0",
	"global.slack_app_token_file":        "0.30.0",
	"global.slack_app_url":               "0.30.0",
	"global.opsgenie_api_key_file":       "0.24.0",
	"global.smtp_auth_password_file":     "0.25.0",
	"global.victorops_api_key_file":      "0.25.0",
	"global.wechat_api_secret_file":      "0.31.0",
	"global.telegram_bot_token":          "0.31.0",
	"global.telegram_bot_token_file":     "0.31.0",
	"global.smtp_auth_secret_file":       "0.31.0",
	"global.smtp_force_implicit_tls":     "0.31.0",
	"global.mattermost_webhook_url":      "0.32.0",
	"global.mattermost_webhook_url_file": "0.32.0",
	"email.auth_password_file":           "0.25.0",
	"email.force_implicit_tls":           "0.31.0",
	"email.auth_secret_file":             "0.31.0",
	"email.threading":                    "0.30.0",
	"opsgenie.actions":                   "0.24.0",
	"opsgenie.entity":                    "0.24.0",
	"opsgenie.update_alerts":             "0.24.0",
	"opsgenie.api_key_file":              "0.24.0",
	"pagerduty.source":                   "0.25.0",
	"pagerduty.routing_key_file":         "0.25.0",
	"pagerduty.service_key_file":         "0.25.0",
	"pagerduty.timeout":                  "0.30.0",
	"pushover.user_key_file":             "0.26.0",
	"pushover.token_file":                "0.26.0",
	"pushover.device":                    "0.26.0",
	"pushover.sound":                     "0.16.0",
	"pushover.ttl":                       "0.27.0",
	"pushover.monospace":                 "0.29.0",
	"slack.timeout":                      "0.30.0",
	"slack.app_token":                    "0.30.0",
	"slack.app_token_file":               "0.30.0",
	"slack.app_url":                      "0.30.0",
	"slack.message_text":                 "0.31.0",
	"slack.update_message":               "0.32.0",
	"slack.api_url_file":                 "0.22.0",
	"webhook.url_file":                   "0.26.0",
	"webhook.timeout":                    "0.28.0",
	"webhook.payload":                    "0.32.0",
	"msteams.summary":                    "0.27.0",
	"telegram.chat_id_file":              "0.31.0",
	"telegram.bot_token_file":            "0.26.0",
	"telegram.message_thread_id":         "0.26.0",
	"discord.content":                    "0.28.0",
	"discord.username":                   "0.28.0",
	"discord.avatar_url":                 "0.28.0",
	"sigv4.external_id":                  "0.33.0",
	"sns.use_aws_http_client":            "0.33.0",
	"wechat.api_secret_file":             "0.31.0",
	"victorops.api_key_file":             "0.25.0",
	"jira.api_type":                      "0.29.0",
	"mattermost.attachments":             "0.32.0",
	"mattermost.props":                   "0.32.0",
	"mattermost.priority":                "0.32.0",
	"mattermost.fields":                  "0.32.0",
	"mattermost.fallback":                "0.32.0",
	"mattermost.color":                   "0.32.0",
	"mattermost.pretext":                 "0.32.0",
	"mattermost.author_name":             "0.32.0",
	"mattermost.author_link":             "0.32.0",
	"mattermost.author_icon":             "0.32.0",
	"mattermost.title":                   "0.32.0",
	"mattermost.title_link":              "0.32.0",
	"mattermost.thumb_url":               "0.32.0",
	"mattermost.footer":                  "0.32.0",
	"mattermost.footer_icon":             "0.32.0",
	"mattermost.image_url":               "0.32.0",
}

// failsBefore lists the keys (as "section.key") that make the whole
// configuration invalid for older Alertmanager versions: there is no way
// to express them, so upstream reports an error instead of dropping them.
var failsBefore = map[string]string{
	"http.authorization":           "0.22.0",
	"http.oauth2":                  "0.22.0",
	"route.matchers":               "0.22.0",
	"inhibit_rule.source_matchers": "0.22.0",
	"inhibit_rule.target_matchers": "0.22.0",
	"receiver.telegram_configs":    "0.24.0",
	"receiver.discord_configs":     "0.25.0",
	"receiver.webex_configs":       "0.25.0",
	"receiver.msteams_configs":     "0.26.0",
	"receiver.msteamsv2_configs":   "0.28.0",
	"receiver.jira_configs":        "0.28.0",
	"receiver.rocketchat_configs":  "0.28.0",
	"receiver.incidentio_configs":  "0.29.0",
	"receiver.mattermost_configs":  "0.30.0",
}

// applyGates drops or refuses the keys of a normalised section that the
// target version lacks.
func (n normaliser) applyGates(name string, m yamldoc.Map, path string) (yamldoc.Map, error) {
	out := m[:0:0]
	for _, item := range m {
		gateKey := name + "." + item.Key
		if minimum, ok := failsBefore[gateKey]; ok && !n.target.Supports(minimum) {
			return nil, fmt.Errorf("%s: needs Alertmanager >= %s, target is %s", joinPath(path, item.Key), minimum, n.target)
		}
		if minimum, ok := droppedBefore[gateKey]; ok && !n.target.AtLeast(minimum).Check(joinPath(path, item.Key)) {
			continue
		}
		out = append(out, item)
	}
	return out, nil
}

// sectionRule checks or rewrites a normalised section.
type sectionRule func(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error)

// sectionRules are the per-section sanitising rules beyond plain version
// gates.
var sectionRules map[string]sectionRule

func init() {
	sectionRules = map[string]sectionRule{
		"global":     sanitizeGlobal,
		"route":      sanitizeRoute,
		"http":       sanitizeHTTP,
		"tls":        sanitizeTLS,
		"email":      sanitizeEmail,
		"opsgenie":   sanitizeOpsgenie,
		"pagerduty":  sanitizePagerduty,
		"pushover":   sanitizePushover,
		"slack":      sanitizeSlack,
		"webhook":    urlRule("url", "url_file", true),
		"msteams":    urlRule("webhook_url", "", true),
		"msteamsv2":  urlRule("webhook_url", "webhook_url_file", true),
		"telegram":   sanitizeTelegram,
		"discord":    urlRule("webhook_url", "", false),
		"webex":      sanitizeWebex,
		"sns":        sanitizeSNS,
		"wechat":     urlRule("api_url", "", false),
		"victorops":  sanitizeVictorOps,
		"jira":       sanitizeJira,
		"rocketchat": sanitizeRocketChat,
		"mattermost": sanitizeMattermost,
		"incidentio": sanitizeIncidentio,
		"opsgenie_responder": func(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
			if stringValue(m, "type") == "teams" && !n.target.Supports("0.24.0") {
				return nil, fmt.Errorf("%s.type: \"teams\" needs Alertmanager >= 0.24.0, target is %s", path, n.target)
			}
			return m, nil
		},
	}
}

// dropFileTwins drops each "<key>_file" whose inline "<key>" is also set.
func (n normaliser) dropFileTwins(m yamldoc.Map, path string, keys ...string) yamldoc.Map {
	for _, key := range keys {
		if stringValue(m, key) != "" && m.Has(key+"_file") {
			n.target.Warn(joinPath(path, key+"_file"), key+" is also set")
			m = without(m, key+"_file")
		}
	}
	return m
}

func sanitizeGlobal(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	hasAppToken := stringValue(m, "slack_app_token") != "" || stringValue(m, "slack_app_token_file") != ""
	apiURL := stringValue(m, "slack_api_url")
	if hasAppToken && (apiURL != "" || stringValue(m, "slack_api_url_file") != "") && apiURL != stringValue(m, "slack_app_url") {
		return nil, fmt.Errorf("%s: slack_app_token and slack_api_url are mutually exclusive", joinPath(path, "global"))
	}
	m = n.dropFileTwins(m, path, "slack_api_url", "opsgenie_api_key", "smtp_auth_password", "smtp_auth_secret",
		"victorops_api_key", "wechat_api_secret", "telegram_bot_token", "rocketchat_token", "rocketchat_token_id",
		"slack_app_token", "mattermost_webhook_url")
	return m, nil
}

func sanitizeRoute(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	// Like upstream, the legacy maps stay usable on newer versions; the user
	// is only told.
	for _, key := range []string{"match", "match_re"} {
		if m.Has(key) && n.target.Supports("0.22.0") {
			n.target.Warn(joinPath(path, key), "deprecated since Alertmanager 0.22, use matchers")
		}
	}
	for _, key := range []string{"group_wait", "group_interval", "repeat_interval"} {
		text := stringValue(m, key)
		if text == "" {
			continue
		}
		duration, err := model.ParseDuration(text)
		if err != nil {
			return nil, fmt.Errorf("%s: invalid duration %q", joinPath(path, key), text)
		}
		if duration == 0 && key != "group_wait" {
			m = without(m, key)
		}
	}
	return m, nil
}

func sanitizeHTTP(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	if !n.target.Supports("0.26.0") {
		return m, nil
	}
	proxyURL := stringValue(m, "proxy_url")
	fromEnvironment := boolValue(m, "proxy_from_environment")
	switch {
	case m.Has("proxy_connect_header") && proxyURL == "" && !fromEnvironment:
		return nil, fmt.Errorf("%s: proxy_connect_header needs proxy_url or proxy_from_environment", path)
	case fromEnvironment && (proxyURL != "" || stringValue(m, "no_proxy") != ""):
		return nil, fmt.Errorf("%s: proxy_from_environment excludes proxy_url and no_proxy", path)
	case stringValue(m, "no_proxy") != "" && proxyURL == "":
		return nil, fmt.Errorf("%s: no_proxy needs proxy_url", path)
	}
	return m, nil
}

// tlsVersions are the names Alertmanager accepts for TLS versions.
var tlsVersions = map[string]uint16{
	"TLS10": tls.VersionTLS10, "TLS11": tls.VersionTLS11, "TLS12": tls.VersionTLS12, "TLS13": tls.VersionTLS13,
}

func sanitizeTLS(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	minimum, maximum := stringValue(m, "min_version"), stringValue(m, "max_version")
	for _, name := range []string{minimum, maximum} {
		if _, ok := tlsVersions[name]; name != "" && !ok {
			return nil, fmt.Errorf("%s: unknown TLS version %q", path, name)
		}
	}
	if minimum != "" && maximum != "" && tlsVersions[minimum] > tlsVersions[maximum] {
		return nil, fmt.Errorf("%s: max_version %s is lower than min_version %s", path, maximum, minimum)
	}
	return m, nil
}

func sanitizeEmail(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	if threading, ok := m.Get("threading"); ok {
		byDate := strings.ToLower(stringValue(threading.(yamldoc.Map), "thread_by_date"))
		if byDate != "" && byDate != "daily" && byDate != "none" {
			return nil, fmt.Errorf("%s.threading.thread_by_date: must be \"daily\" or \"none\"", path)
		}
	}
	return n.dropFileTwins(m, path, "auth_password", "auth_secret"), nil
}

func sanitizeOpsgenie(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	if err := checkURL(m, "api_url", path); err != nil {
		return nil, err
	}
	return n.dropFileTwins(m, path, "api_key"), nil
}

func sanitizePagerduty(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	if details, ok := m.Get("details"); ok && !n.target.Supports("0.30.0") {
		values, _ := details.(yamldoc.RawYAML).Value.(map[string]any)
		for key, value := range values {
			if _, isString := value.(string); !isString {
				return nil, fmt.Errorf("%s.details.%s: non-string values need Alertmanager >= 0.30.0", path, key)
			}
		}
	}
	return m, nil
}

func sanitizePushover(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	switch {
	case stringValue(m, "user_key") == "" && stringValue(m, "user_key_file") == "":
		return nil, fmt.Errorf("%s: one of user_key or user_key_file must be set", path)
	case stringValue(m, "token") == "" && stringValue(m, "token_file") == "":
		return nil, fmt.Errorf("%s: one of token or token_file must be set", path)
	case boolValue(m, "html") && boolValue(m, "monospace"):
		return nil, fmt.Errorf("%s: html and monospace are mutually exclusive", path)
	}
	if err := checkURL(m, "url", path); err != nil {
		return nil, err
	}
	return m, nil
}

// slackPostMessage is the only API URL a Slack config updating its
// messages may use.
const slackPostMessage = "https://slack.com/api/chat.postMessage"

func sanitizeSlack(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	hasAppToken := stringValue(m, "app_token") != "" || stringValue(m, "app_token_file") != ""
	if hasAppToken && (stringValue(m, "api_url") != "" || stringValue(m, "api_url_file") != "") {
		return nil, fmt.Errorf("%s: app_token and api_url are mutually exclusive", path)
	}
	apiURL := stringValue(m, "api_url")
	if boolValue(m, "update_message") && apiURL != "" && apiURL != slackPostMessage {
		return nil, fmt.Errorf("%s.update_message: needs api_url %s", path, slackPostMessage)
	}
	return n.dropFileTwins(m, path, "api_url"), nil
}

func sanitizeTelegram(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	if isZero(valueOf(m, "chat_id")) && stringValue(m, "chat_id_file") == "" {
		return nil, fmt.Errorf("%s: chat_id must be set", path)
	}
	if !n.target.Supports("0.31.0") && stringValue(m, "bot_token") == "" && stringValue(m, "bot_token_file") == "" {
		return nil, fmt.Errorf("%s: one of bot_token or bot_token_file must be set", path)
	}
	if err := checkURL(m, "api_url", path); err != nil {
		return nil, err
	}
	return n.dropFileTwins(m, path, "bot_token"), nil
}

func sanitizeWebex(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	if stringValue(m, "room_id") == "" {
		return nil, fmt.Errorf("%s: room_id must be set", path)
	}
	return m, checkURL(m, "api_url", path)
}

func sanitizeSNS(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	if sigv4, ok := m.Get("sigv4"); ok {
		if stringValue(sigv4.(yamldoc.Map), "external_id") != "" && stringValue(sigv4.(yamldoc.Map), "role_arn") == "" {
			return nil, fmt.Errorf("%s.sigv4: external_id needs role_arn", path)
		}
	}
	if text := stringValue(m, "api_url"); text != "" && !strings.Contains(text, "{{") {
		if err := checkURL(m, "api_url", path); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func sanitizeVictorOps(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	if err := checkURL(m, "api_url", path); err != nil {
		return nil, err
	}
	return n.dropFileTwins(m, path, "api_key"), nil
}

func sanitizeJira(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	switch apiType := stringValue(m, "api_type"); {
	case stringValue(m, "project") == "":
		return nil, fmt.Errorf("%s: project must be set", path)
	case stringValue(m, "issue_type") == "":
		return nil, fmt.Errorf("%s: issue_type must be set", path)
	case apiType != "" && apiType != "auto" && apiType != "cloud" && apiType != "datacenter":
		return nil, fmt.Errorf("%s.api_type: must be auto, cloud or datacenter", path)
	}
	return m, nil
}

func sanitizeRocketChat(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	for _, key := range []string{"token", "token_id"} {
		if m.Has(key) && stringValue(m, key+"_file") != "" {
			return nil, fmt.Errorf("%s: %s and %s_file are mutually exclusive", path, key, key)
		}
	}
	return m, nil
}

func sanitizeMattermost(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	if !n.target.Supports("0.32.0") && stringValue(m, "webhook_url") == "" && stringValue(m, "webhook_url_file") == "" {
		return nil, fmt.Errorf("%s: webhook_url must be set", path)
	}
	return m, checkURL(m, "webhook_url", path)
}

func sanitizeIncidentio(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
	hasURL, hasURLFile := stringValue(m, "url") != "", stringValue(m, "url_file") != ""
	hasToken, hasTokenFile := stringValue(m, "alert_source_token") != "", stringValue(m, "alert_source_token_file") != ""
	httpConfig, _ := m.Get("http_config")
	httpMap, _ := httpConfig.(yamldoc.Map)
	hasAuthorization := httpMap.Has("authorization")
	switch {
	case hasURL == hasURLFile:
		return nil, fmt.Errorf("%s: exactly one of url or url_file must be set", path)
	case hasToken && hasTokenFile:
		return nil, fmt.Errorf("%s: alert_source_token and alert_source_token_file are mutually exclusive", path)
	case (hasToken || hasTokenFile) && hasAuthorization:
		return nil, fmt.Errorf("%s: alert_source_token excludes http_config.authorization", path)
	case !hasToken && !hasTokenFile && !hasAuthorization:
		return nil, fmt.Errorf("%s: one of alert_source_token, alert_source_token_file or http_config.authorization must be set", path)
	}
	return m, checkURL(m, "url", path)
}

// urlRule requires key (or fileKey when given) and checks the URL; with
// required false an empty URL is accepted.
func urlRule(key, fileKey string, required bool) sectionRule {
	return func(n normaliser, m yamldoc.Map, path string) (yamldoc.Map, error) {
		hasURL := stringValue(m, key) != ""
		hasFile := fileKey != "" && stringValue(m, fileKey) != ""
		if required && !hasURL && !hasFile {
			return nil, fmt.Errorf("%s: %s must be set", path, key)
		}
		if fileKey != "" && hasURL && hasFile && key == "webhook_url" {
			return nil, fmt.Errorf("%s: %s and %s are mutually exclusive", path, key, fileKey)
		}
		return m, checkURL(m, key, path)
	}
}

// checkURL checks that key, when set, is an absolute http(s) URL. A URL
// holding a template is accepted as is. The value never appears in the
// error: it often comes from a Secret.
func checkURL(m yamldoc.Map, key, path string) error {
	text := stringValue(m, key)
	if text == "" || strings.Contains(text, "{{") {
		return nil
	}
	parsed, err := url.Parse(text)
	if err != nil {
		return fmt.Errorf("%s: invalid URL", joinPath(path, key))
	}
	if parsed.Scheme != "http" && parsed.Scheme != "https" {
		return fmt.Errorf("%s: unsupported URL scheme %q", joinPath(path, key), parsed.Scheme)
	}
	if parsed.Host == "" {
		return errors.New(joinPath(path, key) + ": URL has no host")
	}
	return nil
}

func valueOf(m yamldoc.Map, key string) any {
	value, _ := m.Get(key)
	return value
}
