// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// AlertmanagerConfigKind is the kind name of AlertmanagerConfig objects.
const AlertmanagerConfigKind = "AlertmanagerConfig"

func init() { registerKinds(&AlertmanagerConfig{}, &AlertmanagerConfigList{}) }

// AlertmanagerConfig is a namespaced slice of Alertmanager configuration (a route
// subtree, receivers, inhibition rules and time intervals) that the operator merges
// into the configuration of every Alertmanager selecting it.
//
// +genclient
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
// +kubebuilder:resource:categories="prometheus-operator",shortName="amcfg"
// +kubebuilder:subresource:status
// +kubebuilder:storageversion
type AlertmanagerConfig struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the configuration fragment wanted by the user.
	Spec AlertmanagerConfigSpec `json:"spec"`
	// Status reports which workloads picked the resource up and whether they accepted it.
	// +optional
	Status monitoringv1.ConfigResourceStatus `json:"status,omitempty"`
}

// AlertmanagerConfigList is a page of AlertmanagerConfig objects.
//
// +k8s:deepcopy-gen:interfaces=k8s.io/apimachinery/pkg/runtime.Object
// +kubebuilder:object:root=true
type AlertmanagerConfigList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`

	// Items are the AlertmanagerConfig objects of this page.
	Items []AlertmanagerConfig `json:"items"`
}

// AlertmanagerConfigSpec holds the Alertmanager configuration pieces owned by one resource.
// Names of receivers and time intervals are local to the resource: the operator
// prefixes them with the namespace and resource name when merging.
type AlertmanagerConfigSpec struct {
	// Route is the routing subtree for alerts of the resource's namespace.
	// When unset, the receivers are still added but no alert is routed to them.
	// +optional
	Route *Route `json:"route,omitempty"`
	// Receivers are the notification targets that routes can point at.
	// +listType=map
	// +listMapKey=name
	// +optional
	Receivers []Receiver `json:"receivers,omitempty"`
	// InhibitRules mute alerts while other alerts fire; the operator restricts
	// both sides to the resource's namespace.
	// +listType=atomic
	// +optional
	InhibitRules []InhibitRule `json:"inhibitRules,omitempty"`
	// MuteTimeIntervals are named time windows that routes can reference to
	// mute or activate notifications.
	// +listType=atomic
	// +optional
	MuteTimeIntervals []MuteTimeInterval `json:"muteTimeIntervals,omitempty"`
}

// Route decides which receiver gets an alert and how alerts are grouped and repeated.
type Route struct {
	// Receiver is the name of a receiver of this resource. Required on the top
	// route of the resource, optional on child routes.
	// +optional
	Receiver string `json:"receiver,omitempty"`
	// GroupBy lists the labels used to bundle alerts into one notification;
	// "..." groups by every label.
	// +listType=set
	// +optional
	GroupBy []string `json:"groupBy,omitempty"`
	// GroupWait is how long to buffer the first alerts of a new group (e.g. "30s").
	// +optional
	GroupWait monitoringv1.NonEmptyDuration `json:"groupWait,omitempty"`
	// GroupInterval is how long to wait before notifying about new alerts added
	// to a group that was already notified (e.g. "5m").
	// +optional
	GroupInterval monitoringv1.NonEmptyDuration `json:"groupInterval,omitempty"`
	// RepeatInterval is how long to wait before sending a notification again (e.g. "4h").
	// +optional
	RepeatInterval monitoringv1.NonEmptyDuration `json:"repeatInterval,omitempty"`
	// Matchers select the alerts of this route. On the top route the operator
	// adds a namespace matcher itself.
	// +listType=atomic
	// +optional
	Matchers []Matcher `json:"matchers,omitempty"`
	// Continue keeps evaluating sibling routes after this one matched. The
	// operator always sets it on the top route of the resource.
	// +optional
	Continue bool `json:"continue,omitempty"`
	// Routes are child routes, each with the same shape as this Route. They are
	// kept schemaless to avoid an endlessly recursive schema.
	// +listType=atomic
	// +optional
	Routes []apiextensionsv1.JSON `json:"routes,omitempty"`
	// MuteTimeIntervals names time intervals of this resource during which the
	// route sends nothing.
	// +listType=set
	// +optional
	MuteTimeIntervals []string `json:"muteTimeIntervals,omitempty"`
	// ActiveTimeIntervals names time intervals of this resource outside of which
	// the route sends nothing.
	// +listType=set
	// +optional
	ActiveTimeIntervals []string `json:"activeTimeIntervals,omitempty"`
}

// MatchType is the comparison operator of a Matcher.
// +kubebuilder:validation:Enum="!=";"=";"=~";"!~"
type MatchType string

const (
	// MatchEqual requires the label to have exactly the value.
	MatchEqual MatchType = "="
	// MatchNotEqual requires the label to differ from the value.
	MatchNotEqual MatchType = "!="
	// MatchRegexp requires the label to fully match the regular expression.
	MatchRegexp MatchType = "=~"
	// MatchNotRegexp requires the label not to match the regular expression.
	MatchNotRegexp MatchType = "!~"
)

// Matcher compares one alert label against a value.
type Matcher struct {
	// Name is the label name.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// Value is the string or regular expression compared with the label.
	// +optional
	Value string `json:"value,omitempty"`
	// MatchType is the operator; it takes precedence over Regex when set.
	// +optional
	MatchType MatchType `json:"matchType,omitempty"`
	// Regex, when true and MatchType is empty, means "=~" instead of "=".
	// Deprecated: set MatchType instead.
	// +optional
	Regex bool `json:"regex,omitempty"`
}

// InhibitRule silences target alerts while a source alert fires.
type InhibitRule struct {
	// TargetMatch selects the alerts that get silenced.
	// +listType=atomic
	// +optional
	TargetMatch []Matcher `json:"targetMatch,omitempty"`
	// SourceMatch selects the alerts that cause the silencing.
	// +listType=atomic
	// +optional
	SourceMatch []Matcher `json:"sourceMatch,omitempty"`
	// Equal lists labels whose values must be identical on source and target
	// for the rule to apply.
	// +listType=atomic
	// +optional
	Equal []string `json:"equal,omitempty"`
}

// Receiver is a named set of notification integrations.
type Receiver struct {
	// Name identifies the receiver within the resource.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// OpsGenieConfigs send notifications to Opsgenie.
	// +listType=atomic
	// +optional
	OpsGenieConfigs []OpsGenieConfig `json:"opsgenieConfigs,omitempty"`
	// PagerDutyConfigs send notifications to PagerDuty.
	// +listType=atomic
	// +optional
	PagerDutyConfigs []PagerDutyConfig `json:"pagerdutyConfigs,omitempty"`
	// DiscordConfigs send notifications to Discord.
	// +listType=atomic
	// +optional
	DiscordConfigs []DiscordConfig `json:"discordConfigs,omitempty"`
	// SlackConfigs send notifications to Slack.
	// +listType=atomic
	// +optional
	SlackConfigs []SlackConfig `json:"slackConfigs,omitempty"`
	// WebhookConfigs post notifications to arbitrary HTTP endpoints.
	// +listType=atomic
	// +optional
	WebhookConfigs []WebhookConfig `json:"webhookConfigs,omitempty"`
	// WeChatConfigs send notifications to WeChat.
	// +listType=atomic
	// +optional
	WeChatConfigs []WeChatConfig `json:"wechatConfigs,omitempty"`
	// EmailConfigs send notifications by email.
	// +listType=atomic
	// +optional
	EmailConfigs []EmailConfig `json:"emailConfigs,omitempty"`
	// VictorOpsConfigs send notifications to VictorOps.
	// +listType=atomic
	// +optional
	VictorOpsConfigs []VictorOpsConfig `json:"victoropsConfigs,omitempty"`
	// PushoverConfigs send notifications to Pushover.
	// +listType=atomic
	// +optional
	PushoverConfigs []PushoverConfig `json:"pushoverConfigs,omitempty"`
	// SNSConfigs publish notifications to AWS SNS.
	// +listType=atomic
	// +optional
	SNSConfigs []SNSConfig `json:"snsConfigs,omitempty"`
	// TelegramConfigs send notifications to Telegram.
	// +listType=atomic
	// +optional
	TelegramConfigs []TelegramConfig `json:"telegramConfigs,omitempty"`
	// WebexConfigs send notifications to Cisco Webex.
	// +listType=atomic
	// +optional
	WebexConfigs []WebexConfig `json:"webexConfigs,omitempty"`
	// MSTeamsConfigs send notifications to Microsoft Teams incoming webhooks.
	// +listType=atomic
	// +optional
	MSTeamsConfigs []MSTeamsConfig `json:"msteamsConfigs,omitempty"`
	// MSTeamsV2Configs send notifications to Microsoft Teams Power Automate flows.
	// +listType=atomic
	// +optional
	MSTeamsV2Configs []MSTeamsV2Config `json:"msteamsv2Configs,omitempty"`
	// RocketChatConfigs send notifications to Rocket.Chat.
	// +listType=atomic
	// +optional
	RocketChatConfigs []RocketChatConfig `json:"rocketchatConfigs,omitempty"`
}

// HTTPConfig tunes the HTTP client an integration uses to reach its service.
// At most one of Authorization, BasicAuth, OAuth2 and BearerTokenSecret may be set.
type HTTPConfig struct {
	// Authorization sets the Authorization header from a secret.
	// +optional
	Authorization *monitoringv1.SafeAuthorization `json:"authorization,omitempty"`
	// BasicAuth sets HTTP basic authentication credentials.
	// +optional
	BasicAuth *monitoringv1.BasicAuth `json:"basicAuth,omitempty"`
	// OAuth2 fetches bearer tokens with the OAuth 2.0 client credentials flow.
	// +optional
	OAuth2 *monitoringv1.OAuth2 `json:"oauth2,omitempty"`
	// BearerTokenSecret reads a bearer token from a secret key in the
	// resource's namespace.
	// +optional
	BearerTokenSecret *corev1.SecretKeySelector `json:"bearerTokenSecret,omitempty"`
	// TLSConfig configures TLS towards the service.
	// +optional
	TLSConfig *monitoringv1.SafeTLSConfig `json:"tlsConfig,omitempty"`

	monitoringv1.ProxyConfig `json:",inline"`

	// ProxyURLOriginal is the older spelling of the proxy URL.
	// Deprecated: use proxyUrl.
	// +optional
	ProxyURLOriginal *string `json:"proxyURL,omitempty"`
	// FollowRedirects makes the client follow HTTP 3xx answers.
	// +optional
	FollowRedirects *bool `json:"followRedirects,omitempty"`
	// EnableHTTP2 allows the client to negotiate HTTP/2.
	// +optional
	EnableHTTP2 *bool `json:"enableHttp2,omitempty"`
}

// KeyValue is a key and a value, used where order matters or keys repeat.
type KeyValue struct {
	// Key is the name of the entry.
	// +kubebuilder:validation:MinLength=1
	// +required
	Key string `json:"key"`
	// Value is the content of the entry.
	// +required
	Value string `json:"value"`
}

// URL is an absolute http or https address.
// +kubebuilder:validation:Pattern:="^https?://.+$"
type URL string

// Hub marks v1alpha1 as the version other AlertmanagerConfig versions convert through.
func (*AlertmanagerConfig) Hub() {}
