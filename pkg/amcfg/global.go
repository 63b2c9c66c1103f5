// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"
	"net"
	"path"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// globalBase builds the base from the AlertmanagerConfig named by
// spec.alertmanagerConfiguration: its route is the root (no namespace
// matcher, no forced continue), its parts are prefixed like any resource,
// and the spec's global section and templates are added.
func (g *generation) globalBase() (*document, assets.TLSAssets, error) {
	spec := g.in.Alertmanager.Spec.AlertmanagerConfiguration
	config := g.in.GlobalConfig
	if config == nil || config.Name != spec.Name {
		return nil, nil, fmt.Errorf("AlertmanagerConfig %s/%s: %w", g.in.Alertmanager.Namespace, spec.Name, ErrMissingGlobalConfig)
	}
	fail := func(err error) (*document, assets.TLSAssets, error) {
		return nil, nil, fmt.Errorf("global AlertmanagerConfig %s/%s: %w", config.Namespace, config.Name, err)
	}
	if err := Validate(config); err != nil {
		return fail(err)
	}
	if err := checkGlobalVersions(spec.Global, g.target); err != nil {
		return fail(err)
	}
	converted, resolver, err := convertResource(config, g.target, g.in.Store, nil)
	if err != nil {
		return fail(resolver.redactError(err))
	}
	doc := &document{route: converted.route, inhibitRules: converted.inhibitRules,
		receivers: converted.receivers, muteTimeIntervals: converted.muteTimeIntervals}
	if spec.Global != nil {
		global, err := resolver.globalSection(spec.Global)
		if err == nil {
			doc.global, err = normaliser{target: g.target}.section("global", global, "global")
		}
		if err != nil {
			return fail(resolver.redactError(err))
		}
	}
	if err := checkRootRoute(doc.route); err != nil {
		return fail(err)
	}
	for _, template := range spec.Templates {
		if template.ConfigMap != nil {
			doc.templates = append(doc.templates, path.Join(TemplatesDir, template.ConfigMap.Key))
		}
		if template.Secret != nil {
			doc.templates = append(doc.templates, path.Join(TemplatesDir, template.Secret.Key))
		}
	}
	return doc, resolver.assets, nil
}

// globalSection converts spec.alertmanagerConfiguration.global.
func (r *resolver) globalSection(in *monitoringv1.AlertmanagerGlobalConfig) (yamldoc.Map, error) {
	out := yamldoc.Map{}
	if in.ResolveTimeout != "" {
		if err := checkDuration(string(in.ResolveTimeout)); err != nil {
			return nil, fmt.Errorf("global.resolveTimeout: %w", err)
		}
		out = out.Add("resolve_timeout", string(in.ResolveTimeout))
	}
	if in.HTTPConfig != nil {
		http, err := r.httpConfig("global.httpConfig", httpClientParts{
			client: in.HTTPConfig.HTTPClientConfig, tls: in.HTTPConfig.TLSConfig, proxy: in.HTTPConfig.ProxyConfig,
		})
		if err != nil {
			return nil, err
		}
		out = out.Add("http_config", http)
	}
	out, err := r.smtp(out, in.SMTPConfig)
	if err != nil {
		return nil, err
	}
	secretURLs := []globalSecret{
		{"slack_api_url", "global.slackApiUrl", in.SlackAPIURL},
		{"opsgenie_api_url", "global.opsGenieApiUrl", in.OpsGenieAPIURL},
	}
	for _, item := range secretURLs {
		if item.selector == nil {
			continue
		}
		value, err := r.secret(item.field, *item.selector)
		if err == nil {
			value, err = r.validSecretURL(item.field, value)
		}
		if err != nil {
			return nil, err
		}
		out = out.Add(item.key, value)
	}
	literalURLs, secrets := globalReceiverFields(in)
	if wechat := in.WeChatConfig; wechat != nil {
		out = out.Add("wechat_api_corp_id", deref(wechat.APICorpID))
	}
	for key, value := range literalURLs {
		if err := checkLiteralURL("global."+key, deref(value)); err != nil {
			return nil, err
		}
		out = out.Add(key, deref(value))
	}
	for _, item := range secrets {
		if item.selector == nil {
			continue
		}
		value, err := r.secret(item.field, *item.selector)
		if err != nil {
			return nil, err
		}
		out = out.Add(item.key, value)
	}
	if mattermost := in.MattermostConfig; mattermost != nil && mattermost.WebhookURL != nil {
		value, err := r.secret("global.mattermost.webhookURL", *mattermost.WebhookURL)
		if err == nil {
			value, err = r.validSecretURL("global.mattermost.webhookURL", value)
		}
		if err != nil {
			return nil, err
		}
		out = out.Add("mattermost_webhook_url", value)
	}
	return out, nil
}

// globalReceiverFields lists the receiver settings of the global section:
// the URLs written as given and the keys read from Secrets.
func globalReceiverFields(in *monitoringv1.AlertmanagerGlobalConfig) (map[string]*monitoringv1.GlobalAPIURL, []globalSecret) {
	secrets := []globalSecret{
		{"opsgenie_api_key", "global.opsGenieApiKey", in.OpsGenieAPIKey},
	}
	literalURLs := map[string]*monitoringv1.GlobalAPIURL{"pagerduty_url": in.PagerdutyURL}
	if in.TelegramConfig != nil {
		literalURLs["telegram_api_url"] = in.TelegramConfig.APIURL
	}
	if in.JiraConfig != nil {
		literalURLs["jira_api_url"] = in.JiraConfig.APIURL
	}
	if in.WebexConfig != nil {
		literalURLs["webex_api_url"] = in.WebexConfig.APIURL
	}
	if chat := in.RocketChatConfig; chat != nil {
		literalURLs["rocketchat_api_url"] = chat.APIURL
		secrets = append(secrets, globalSecret{"rocketchat_token", "global.rocketChat.token", chat.Token}, globalSecret{"rocketchat_token_id", "global.rocketChat.tokenID", chat.TokenID})
	}
	if wechat := in.WeChatConfig; wechat != nil {
		literalURLs["wechat_api_url"] = wechat.APIURL
		secrets = append(secrets, globalSecret{"wechat_api_secret", "global.wechat.apiSecret", wechat.APISecret})
	}
	if victorops := in.VictorOpsConfig; victorops != nil {
		literalURLs["victorops_api_url"] = victorops.APIURL
		secrets = append(secrets, globalSecret{"victorops_api_key", "global.victorops.apiKey", victorops.APIKey})
	}
	return literalURLs, secrets
}

// globalSecret is a key of the global section read from a Secret.
type globalSecret struct {
	key      string
	field    string
	selector *corev1.SecretKeySelector
}

// smtp adds the smtp_* keys of the global section.
func (r *resolver) smtp(out yamldoc.Map, in *monitoringv1.GlobalSMTPConfig) (yamldoc.Map, error) {
	if in == nil {
		return out, nil
	}
	out = out.Add("smtp_from", deref(in.From)).Add("smtp_hello", deref(in.Hello))
	if in.SmartHost != nil {
		out = out.Add("smtp_smarthost", net.JoinHostPort(in.SmartHost.Host, in.SmartHost.Port))
	}
	out = out.Add("smtp_auth_username", deref(in.AuthUsername)).Add("smtp_auth_identity", deref(in.AuthIdentity))
	for key, selector := range map[string]*corev1.SecretKeySelector{"smtp_auth_password": in.AuthPassword, "smtp_auth_secret": in.AuthSecret} {
		if selector == nil {
			continue
		}
		value, err := r.secret("global.smtp."+key, *selector)
		if err != nil {
			return nil, err
		}
		out = out.Add(key, value)
	}
	out = optionalBool(out, "smtp_require_tls", in.RequireTLS)
	if in.TLSConfig != nil {
		tls, err := r.tlsConfig("global.smtp.tlsConfig", in.TLSConfig)
		if err != nil {
			return nil, err
		}
		out = out.Add("smtp_tls_config", tls)
	}
	return optionalBool(out, "smtp_force_implicit_tls", in.ForceImplicitTLS), nil
}
