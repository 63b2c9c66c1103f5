// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// versionChecker collects the first spec field that the target version
// cannot express. Upstream refuses such resources instead of dropping the
// field, because the user asked for a behaviour Alertmanager cannot give.
type versionChecker struct {
	target version.Target
	err    error
}

// need records an error when field is used and the target is older than minimum.
func (c *versionChecker) need(used bool, minimum, field string) {
	if c.err == nil && used && !c.target.Supports(minimum) {
		c.err = fmt.Errorf("%s: needs Alertmanager >= %s, target is %s", field, minimum, c.target)
	}
}

// checkVersions applies the version requirements of a resource's fields.
func checkVersions(config *monitoringv1alpha1.AlertmanagerConfig, target version.Target) error {
	c := &versionChecker{target: target}
	for i := range config.Spec.Receivers {
		c.receiver(&config.Spec.Receivers[i])
		if c.err != nil {
			return fmt.Errorf("receiver %q: %w", config.Spec.Receivers[i].Name, c.err)
		}
	}
	if config.Spec.Route != nil {
		c.route(config.Spec.Route, "route")
	}
	for i, rule := range config.Spec.InhibitRules {
		c.need(hasMatchType(rule.SourceMatch) || hasMatchType(rule.TargetMatch), "0.22.0",
			fmt.Sprintf("inhibitRules[%d]: matchType", i))
	}
	return c.err
}

func hasMatchType(matchers []monitoringv1alpha1.Matcher) bool {
	for _, matcher := range matchers {
		if matcher.MatchType != "" {
			return true
		}
	}
	return false
}

func (c *versionChecker) route(route *monitoringv1alpha1.Route, path string) {
	c.need(hasMatchType(route.Matchers), "0.22.0", path+".matchers: matchType")
	children, err := childRoutes(route)
	if err != nil {
		return
	}
	for i := range children {
		c.route(&children[i], fmt.Sprintf("%s.routes[%d]", path, i))
	}
}

func (c *versionChecker) http(field string, in *monitoringv1alpha1.HTTPConfig) {
	if in == nil {
		return
	}
	c.need(in.Authorization != nil, "0.22.0", field+".httpConfig.authorization")
	c.need(in.OAuth2 != nil, "0.22.0", field+".httpConfig.oauth2")
	c.proxy(field+".httpConfig", in.ProxyConfig)
	if in.OAuth2 != nil {
		c.proxy(field+".httpConfig.oauth2", in.OAuth2.ProxyConfig)
	}
}

func (c *versionChecker) proxy(field string, in monitoringv1.ProxyConfig) {
	c.need(in.NoProxy != nil, "0.25.0", field+".noProxy")
	c.need(in.ProxyFromEnvironment != nil, "0.25.0", field+".proxyFromEnvironment")
	c.need(len(in.ProxyConnectHeader) > 0, "0.25.0", field+".proxyConnectHeader")
}

func (c *versionChecker) receiver(in *monitoringv1alpha1.Receiver) {
	for i, config := range in.OpsGenieConfigs {
		field := fmt.Sprintf("opsgenieConfigs[%d]", i)
		for j, responder := range config.Responders {
			c.need(responder.Type == "teams", "0.24.0", fmt.Sprintf("%s.responders[%d].type \"teams\"", field, j))
		}
		c.http(field, config.HTTPConfig)
	}
	for i, config := range in.PagerDutyConfigs {
		c.http(fmt.Sprintf("pagerdutyConfigs[%d]", i), config.HTTPConfig)
	}
	for i, config := range in.DiscordConfigs {
		c.need(true, "0.25.0", fmt.Sprintf("discordConfigs[%d]", i))
		c.http(fmt.Sprintf("discordConfigs[%d]", i), config.HTTPConfig)
	}
	for i, config := range in.RocketChatConfigs {
		c.need(true, "0.28.0", fmt.Sprintf("rocketchatConfigs[%d]", i))
		c.http(fmt.Sprintf("rocketchatConfigs[%d]", i), config.HTTPConfig)
	}
	for i, config := range in.SlackConfigs {
		field := fmt.Sprintf("slackConfigs[%d]", i)
		c.need(config.MessageText != nil, "0.31.0", field+".messageText")
		c.need(config.UpdateMessage != nil, "0.32.0", field+".updateMessage")
		c.http(field, config.HTTPConfig)
	}
	for i, config := range in.WebhookConfigs {
		field := fmt.Sprintf("webhookConfigs[%d]", i)
		c.need(config.Payload != nil, "0.32.0", field+".payload")
		c.http(field, config.HTTPConfig)
	}
	for i, config := range in.WeChatConfigs {
		c.http(fmt.Sprintf("wechatConfigs[%d]", i), config.HTTPConfig)
	}
	for i, config := range in.WebexConfigs {
		c.need(true, "0.25.0", fmt.Sprintf("webexConfigs[%d]", i))
		c.http(fmt.Sprintf("webexConfigs[%d]", i), config.HTTPConfig)
	}
	for i, config := range in.EmailConfigs {
		field := fmt.Sprintf("emailConfigs[%d]", i)
		c.need(config.ForceImplicitTLS != nil, "0.31.0", field+".forceImplicitTLS")
		c.need(config.Threading != nil, "0.30.0", field+".threading")
	}
	for i, config := range in.VictorOpsConfigs {
		c.http(fmt.Sprintf("victoropsConfigs[%d]", i), config.HTTPConfig)
	}
	for i, config := range in.PushoverConfigs {
		c.http(fmt.Sprintf("pushoverConfigs[%d]", i), config.HTTPConfig)
	}
	for i, config := range in.SNSConfigs {
		field := fmt.Sprintf("snsConfigs[%d]", i)
		c.need(config.UseAWSHTTPClient != nil, "0.33.0", field+".useAWSHTTPClient")
		c.http(field, config.HTTPConfig)
	}
	for i, config := range in.TelegramConfigs {
		field := fmt.Sprintf("telegramConfigs[%d]", i)
		c.need(true, "0.24.0", field)
		c.need(config.BotTokenFile != nil, "0.26.0", field+".botTokenFile")
		c.http(field, config.HTTPConfig)
	}
	for i, config := range in.MSTeamsConfigs {
		c.need(true, "0.26.0", fmt.Sprintf("msteamsConfigs[%d]", i))
		c.http(fmt.Sprintf("msteamsConfigs[%d]", i), config.HTTPConfig)
	}
	for i, config := range in.MSTeamsV2Configs {
		c.need(true, "0.28.0", fmt.Sprintf("msteamsv2Configs[%d]", i))
		c.http(fmt.Sprintf("msteamsv2Configs[%d]", i), config.HTTPConfig)
	}
}

// checkGlobalVersions applies the version requirements of the global
// section of spec.alertmanagerConfiguration.
func checkGlobalVersions(in *monitoringv1.AlertmanagerGlobalConfig, target version.Target) error {
	if in == nil {
		return nil
	}
	c := &versionChecker{target: target}
	c.need(in.SMTPConfig != nil && in.SMTPConfig.ForceImplicitTLS != nil, "0.31.0", "global.smtp.forceImplicitTLS")
	c.need(in.TelegramConfig != nil, "0.24.0", "global.telegram")
	c.need(in.JiraConfig != nil, "0.28.0", "global.jira")
	c.need(in.RocketChatConfig != nil, "0.28.0", "global.rocketChat")
	c.need(in.WebexConfig != nil, "0.25.0", "global.webex")
	c.need(in.MattermostConfig != nil, "0.32.0", "global.mattermost")
	return c.err
}
