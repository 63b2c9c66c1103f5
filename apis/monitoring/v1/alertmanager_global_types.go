// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
)

// AlertmanagerConfiguration points at the AlertmanagerConfig object that
// provides the whole Alertmanager configuration, plus the global section and
// templates that an AlertmanagerConfig cannot express.
type AlertmanagerConfiguration struct {
	// name of the AlertmanagerConfig object, in the Alertmanager's namespace.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Name string `json:"name,omitempty"`
	// global is the global section of the generated configuration.
	// +optional
	Global *AlertmanagerGlobalConfig `json:"global,omitempty"`
	// templates are notification template files read from Secrets or ConfigMaps.
	// +optional
	Templates []SecretOrConfigMap `json:"templates,omitempty"`
}

// AlertmanagerGlobalConfig is the global section of an Alertmanager
// configuration: defaults shared by every receiver.
type AlertmanagerGlobalConfig struct {
	// smtp holds the default e-mail settings.
	// +optional
	SMTPConfig *GlobalSMTPConfig `json:"smtp,omitempty"`
	// resolveTimeout is how long an alert without an end time stays firing after its last update.
	// +optional
	ResolveTimeout Duration `json:"resolveTimeout,omitempty"`
	// httpConfig is the default HTTP client setup of the receivers.
	// +optional
	HTTPConfig *AlertmanagerGlobalHTTPConfig `json:"httpConfig,omitempty"`
	// slackApiUrl is a Secret key holding the default Slack webhook URL.
	// +optional
	SlackAPIURL *corev1.SecretKeySelector `json:"slackApiUrl,omitempty"`
	// opsGenieApiUrl is a Secret key holding the default OpsGenie API URL.
	// +optional
	OpsGenieAPIURL *corev1.SecretKeySelector `json:"opsGenieApiUrl,omitempty"`
	// opsGenieApiKey is a Secret key holding the default OpsGenie API key.
	// +optional
	OpsGenieAPIKey *corev1.SecretKeySelector `json:"opsGenieApiKey,omitempty"`
	// pagerdutyUrl is the default PagerDuty API URL.
	// +optional
	PagerdutyURL *GlobalAPIURL `json:"pagerdutyUrl,omitempty"`
	// telegram holds the default Telegram settings.
	// +optional
	TelegramConfig *GlobalTelegramConfig `json:"telegram,omitempty"`
	// jira holds the default Jira settings.
	// +optional
	JiraConfig *GlobalJiraConfig `json:"jira,omitempty"`
	// victorops holds the default VictorOps settings.
	// +optional
	VictorOpsConfig *GlobalVictorOpsConfig `json:"victorops,omitempty"`
	// rocketChat holds the default Rocket.Chat settings.
	// +optional
	RocketChatConfig *GlobalRocketChatConfig `json:"rocketChat,omitempty"`
	// webex holds the default Webex settings.
	// +optional
	WebexConfig *GlobalWebexConfig `json:"webex,omitempty"`
	// wechat holds the default WeChat settings.
	// +optional
	WeChatConfig *GlobalWeChatConfig `json:"wechat,omitempty"`
	// mattermost holds the default Mattermost settings.
	// +optional
	MattermostConfig *GlobalMattermostConfig `json:"mattermost,omitempty"`
}

// GlobalAPIURL is the http or https address of a notification service API
// set in the global section of an Alertmanager configuration.
//
// +kubebuilder:validation:Pattern:="^(http|https)://.+$"
type GlobalAPIURL string

// AlertmanagerGlobalHTTPConfig is the default HTTP client of the receivers:
// authentication, TLS and proxy settings.
type AlertmanagerGlobalHTTPConfig struct {
	HTTPClientConfig `json:",inline"`
	// tlsConfig is the TLS setup of the client.
	// +optional
	TLSConfig *SafeTLSConfig `json:"tlsConfig,omitempty"`

	ProxyConfig `json:",inline"`
}

// GlobalSMTPConfig holds the default e-mail settings of every e-mail receiver.
type GlobalSMTPConfig struct {
	// from is the default sender address.
	// +optional
	From *string `json:"from,omitempty"`
	// smartHost is the SMTP relay to send through.
	// +optional
	SmartHost *HostPort `json:"smartHost,omitempty"`
	// hello is the host name announced to the SMTP server.
	// +optional
	Hello *string `json:"hello,omitempty"`
	// authUsername is the SMTP login user.
	// +optional
	AuthUsername *string `json:"authUsername,omitempty"`
	// authPassword is a Secret key holding the SMTP login password.
	// +optional
	AuthPassword *corev1.SecretKeySelector `json:"authPassword,omitempty"`
	// authIdentity is the identity used for PLAIN authentication.
	// +optional
	AuthIdentity *string `json:"authIdentity,omitempty"`
	// authSecret is a Secret key holding the CRAM-MD5 secret.
	// +optional
	AuthSecret *corev1.SecretKeySelector `json:"authSecret,omitempty"`
	// requireTLS refuses to send without STARTTLS.
	// +optional
	RequireTLS *bool `json:"requireTLS,omitempty"`
	// tlsConfig is the TLS setup towards the SMTP server.
	// +optional
	TLSConfig *SafeTLSConfig `json:"tlsConfig,omitempty"`
	// forceImplicitTLS uses TLS from the first byte (as on port 465) instead of STARTTLS.
	// +optional
	ForceImplicitTLS *bool `json:"forceImplicitTLS,omitempty"`
}

// HostPort is a host and a port, kept apart so each can be validated.
type HostPort struct {
	// host is a name or an IP address.
	// +kubebuilder:validation:MinLength=1
	// +required
	Host string `json:"host"`
	// port is a number or a service name.
	// +kubebuilder:validation:MinLength=1
	// +required
	Port string `json:"port"`
}

// GlobalTelegramConfig holds the default Telegram settings.
type GlobalTelegramConfig struct {
	// apiURL is the Telegram API endpoint.
	// +optional
	APIURL *GlobalAPIURL `json:"apiURL,omitempty"`
}

// GlobalJiraConfig holds the default Jira settings.
type GlobalJiraConfig struct {
	// apiURL is the Jira API endpoint.
	// +optional
	APIURL *GlobalAPIURL `json:"apiURL,omitempty"`
}

// GlobalRocketChatConfig holds the default Rocket.Chat settings.
type GlobalRocketChatConfig struct {
	// apiURL is the Rocket.Chat API endpoint.
	// +optional
	APIURL *GlobalAPIURL `json:"apiURL,omitempty"`
	// token is a Secret key holding the API token.
	// +optional
	Token *corev1.SecretKeySelector `json:"token,omitempty"`
	// tokenID is a Secret key holding the ID of the API token.
	// +optional
	TokenID *corev1.SecretKeySelector `json:"tokenID,omitempty"`
}

// GlobalWebexConfig holds the default Webex settings.
type GlobalWebexConfig struct {
	// apiURL is the Webex API endpoint.
	// +optional
	APIURL *GlobalAPIURL `json:"apiURL,omitempty"`
}

// GlobalWeChatConfig holds the default WeChat settings.
type GlobalWeChatConfig struct {
	// apiURL is the WeChat API endpoint.
	// +optional
	APIURL *GlobalAPIURL `json:"apiURL,omitempty"`
	// apiSecret is a Secret key holding the WeChat API secret.
	// +optional
	APISecret *corev1.SecretKeySelector `json:"apiSecret,omitempty"`
	// apiCorpID is the WeChat corporation ID.
	// +kubebuilder:validation:MinLength=1
	// +optional
	APICorpID *string `json:"apiCorpID,omitempty"`
}

// GlobalVictorOpsConfig holds the default VictorOps settings.
type GlobalVictorOpsConfig struct {
	// apiURL is the VictorOps API endpoint.
	// +optional
	APIURL *GlobalAPIURL `json:"apiURL,omitempty"`
	// apiKey is a Secret key holding the VictorOps API key.
	// +optional
	APIKey *corev1.SecretKeySelector `json:"apiKey,omitempty"`
}

// GlobalMattermostConfig holds the default Mattermost settings.
type GlobalMattermostConfig struct {
	// webhookURL is a Secret key holding the incoming webhook URL.
	// +optional
	WebhookURL *corev1.SecretKeySelector `json:"webhookURL,omitempty"`
}
