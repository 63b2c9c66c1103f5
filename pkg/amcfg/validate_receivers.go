// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"
	"regexp"
	"strings"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// opsgenieResponderType is what Opsgenie accepts as a responder type,
// unless the type is a template.
var opsgenieResponderType = regexp.MustCompile(`^(team|teams|user|escalation|schedule)$`)

// validatePaging checks the incident-management integrations.
func validatePaging(receiver *monitoringv1alpha1.Receiver) error {
	if err := validatePagerDuty(receiver.PagerDutyConfigs); err != nil {
		return err
	}
	for i, config := range receiver.OpsGenieConfigs {
		field := fmt.Sprintf("opsgenieConfigs[%d]", i)
		for j, responder := range config.Responders {
			if responder.ID == "" && responder.Name == "" && responder.Username == "" {
				return fmt.Errorf("%s.responders[%d]: one of id, name or username must be set", field, j)
			}
			if !strings.Contains(responder.Type, "{{") && !opsgenieResponderType.MatchString(responder.Type) {
				return fmt.Errorf("%s.responders[%d].type: %q is not one of team, teams, user, escalation, schedule", field, j, responder.Type)
			}
		}
		if err := firstError(checkLiteralURL(field+".apiURL", deref(config.APIURL)), validateHTTP(field, config.HTTPConfig)); err != nil {
			return err
		}
	}
	for i, config := range receiver.VictorOpsConfigs {
		field := fmt.Sprintf("victoropsConfigs[%d]", i)
		for _, custom := range config.CustomFields {
			if victorOpsReserved[custom.Key] {
				return fmt.Errorf("%s.customFields: key %q is reserved", field, custom.Key)
			}
		}
		if config.RoutingKey == "" {
			return fmt.Errorf("%s.routingKey: must be set", field)
		}
		if err := firstError(checkLiteralURL(field+".apiUrl", deref(config.APIURL)), validateHTTP(field, config.HTTPConfig)); err != nil {
			return err
		}
	}
	for i, config := range receiver.PushoverConfigs {
		field := fmt.Sprintf("pushoverConfigs[%d]", i)
		switch {
		case config.UserKey == nil && config.UserKeyFile == nil:
			return fmt.Errorf("%s: one of userKey or userKeyFile must be set", field)
		case config.Token == nil && config.TokenFile == nil:
			return fmt.Errorf("%s: one of token or tokenFile must be set", field)
		case config.HTML != nil && *config.HTML && config.Monospace != nil && *config.Monospace:
			return fmt.Errorf("%s: html and monospace are mutually exclusive", field)
		}
		checks := []error{checkTemplateURL(field+".url", deref(config.URL)), validateHTTP(field, config.HTTPConfig)}
		for name, text := range map[string]string{"retry": config.Retry, "expire": config.Expire, "ttl": deref(config.TTL)} {
			if text != "" {
				if err := checkDuration(text); err != nil {
					checks = append(checks, fmt.Errorf("%s.%s: %w", field, name, err))
				}
			}
		}
		if err := firstError(checks...); err != nil {
			return err
		}
	}
	for i, config := range receiver.SNSConfigs {
		field := fmt.Sprintf("snsConfigs[%d]", i)
		targets := 0
		for _, target := range []*string{config.TargetARN, config.TopicARN, config.PhoneNumber} {
			if deref(target) != "" {
				targets++
			}
		}
		if targets != 1 {
			return fmt.Errorf("%s: exactly one of targetARN, topicARN or phoneNumber must be set", field)
		}
		if err := firstError(checkTemplateURL(field+".apiURL", deref(config.APIURL)), validateHTTP(field, config.HTTPConfig)); err != nil {
			return err
		}
	}
	return nil
}

// validatePagerDuty checks the PagerDuty integrations.
func validatePagerDuty(configs []monitoringv1alpha1.PagerDutyConfig) error {
	for i, config := range configs {
		field := fmt.Sprintf("pagerdutyConfigs[%d]", i)
		if config.RoutingKey == nil && config.ServiceKey == nil {
			return fmt.Errorf("%s: one of routingKey or serviceKey must be set", field)
		}
		checks := []error{checkLiteralURL(field+".url", deref(config.URL)),
			checkTemplateURL(field+".clientURL", deref(config.ClientURL)), validateHTTP(field, config.HTTPConfig)}
		for j, link := range config.PagerDutyLinkConfigs {
			checks = append(checks, checkTemplateURL(fmt.Sprintf("%s.pagerDutyLinkConfigs[%d].href", field, j), link.Href))
		}
		for j, image := range config.PagerDutyImageConfigs {
			checks = append(checks, checkTemplateURL(fmt.Sprintf("%s.pagerDutyImageConfigs[%d].href", field, j), image.Href))
		}
		if err := firstError(checks...); err != nil {
			return err
		}
	}
	return nil
}

// validateChat checks the chat integrations.
func validateChat(receiver *monitoringv1alpha1.Receiver) error {
	for i, config := range receiver.SlackConfigs {
		field := fmt.Sprintf("slackConfigs[%d]", i)
		for j, action := range config.Actions {
			switch {
			case action.Type == "" || action.Text == "":
				return fmt.Errorf("%s.actions[%d]: type and text must be set", field, j)
			case action.URL == "" && action.Name == "":
				return fmt.Errorf("%s.actions[%d]: one of url or name must be set", field, j)
			case action.ConfirmField != nil && action.ConfirmField.Text == "":
				return fmt.Errorf("%s.actions[%d].confirm.text: must be set", field, j)
			}
		}
		for j, item := range config.Fields {
			if item.Title == "" || item.Value == "" {
				return fmt.Errorf("%s.fields[%d]: title and value must be set", field, j)
			}
		}
		if err := validateHTTP(field, config.HTTPConfig); err != nil {
			return err
		}
	}
	for i, config := range receiver.TelegramConfigs {
		field := fmt.Sprintf("telegramConfigs[%d]", i)
		switch {
		case config.BotToken == nil && config.BotTokenFile == nil:
			return fmt.Errorf("%s: one of botToken or botTokenFile must be set", field)
		case config.BotToken != nil && config.BotTokenFile != nil:
			return fmt.Errorf("%s: botToken and botTokenFile are mutually exclusive", field)
		case config.ChatID == 0:
			return fmt.Errorf("%s.chatID: must be set", field)
		}
		if err := firstError(checkLiteralURL(field+".apiURL", deref(config.APIURL)), validateHTTP(field, config.HTTPConfig)); err != nil {
			return err
		}
	}
	for i, config := range receiver.WebexConfigs {
		field := fmt.Sprintf("webexConfigs[%d]", i)
		if err := firstError(checkLiteralURL(field+".apiURL", deref(config.APIURL)), validateHTTP(field, config.HTTPConfig)); err != nil {
			return err
		}
	}
	for i, config := range receiver.RocketChatConfigs {
		field := fmt.Sprintf("rocketchatConfigs[%d]", i)
		checks := []error{checkLiteralURL(field+".apiURL", deref(config.APIURL)),
			checkTemplateURL(field+".iconURL", deref(config.IconURL)), checkTemplateURL(field+".imageURL", deref(config.ImageURL)),
			checkTemplateURL(field+".thumbURL", deref(config.ThumbURL)), validateHTTP(field, config.HTTPConfig)}
		for j, action := range config.Actions {
			checks = append(checks, checkTemplateURL(fmt.Sprintf("%s.actions[%d].url", field, j), deref(action.URL)))
		}
		if err := firstError(checks...); err != nil {
			return err
		}
	}
	for i, config := range receiver.DiscordConfigs {
		if err := validateHTTP(fmt.Sprintf("discordConfigs[%d]", i), config.HTTPConfig); err != nil {
			return err
		}
	}
	for i, config := range receiver.MSTeamsConfigs {
		if err := validateHTTP(fmt.Sprintf("msteamsConfigs[%d]", i), config.HTTPConfig); err != nil {
			return err
		}
	}
	for i, config := range receiver.MSTeamsV2Configs {
		if err := validateHTTP(fmt.Sprintf("msteamsv2Configs[%d]", i), config.HTTPConfig); err != nil {
			return err
		}
	}
	return nil
}

// validateMessaging checks email, webhook and WeChat.
func validateMessaging(receiver *monitoringv1alpha1.Receiver) error {
	for i, config := range receiver.EmailConfigs {
		field := fmt.Sprintf("emailConfigs[%d]", i)
		if config.To == "" {
			return fmt.Errorf("%s.to: must be set", field)
		}
		if err := checkSmarthost(field, config.Smarthost); err != nil {
			return err
		}
		headers := map[string]bool{}
		for _, header := range config.Headers {
			name := strings.ToLower(header.Key)
			if headers[name] {
				return fmt.Errorf("%s.headers: duplicate header %q", field, name)
			}
			headers[name] = true
		}
		if config.TLSConfig != nil {
			if err := validateTLS(field+".tlsConfig", config.TLSConfig); err != nil {
				return err
			}
		}
	}
	for i, config := range receiver.WebhookConfigs {
		field := fmt.Sprintf("webhookConfigs[%d]", i)
		if config.URL == nil && config.URLSecret == nil {
			return fmt.Errorf("%s: one of url or urlSecret must be set", field)
		}
		checks := []error{checkTemplateURL(field+".url", deref(config.URL)), validateHTTP(field, config.HTTPConfig)}
		if text := deref(config.Timeout); text != "" {
			if err := checkDuration(text); err != nil {
				checks = append(checks, fmt.Errorf("%s.timeout: %w", field, err))
			}
		}
		if err := firstError(checks...); err != nil {
			return err
		}
	}
	for i, config := range receiver.WeChatConfigs {
		field := fmt.Sprintf("wechatConfigs[%d]", i)
		if err := firstError(checkLiteralURL(field+".apiURL", deref(config.APIURL)), validateHTTP(field, config.HTTPConfig)); err != nil {
			return err
		}
	}
	return nil
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
