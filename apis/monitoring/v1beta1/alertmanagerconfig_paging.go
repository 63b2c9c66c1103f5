// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1beta1

import (
	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// This file holds the integrations of incident-management and push-notification services.

// PagerDutyConfig opens incidents in PagerDuty.
type PagerDutyConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// RoutingKey refers to the secret key holding the Events API v2 integration key.
	// One of RoutingKey and ServiceKey is needed.
	// +optional
	RoutingKey *SecretKeySelector `json:"routingKey,omitempty"`
	// ServiceKey refers to the secret key holding the Events API v1 integration key.
	// +optional
	ServiceKey *SecretKeySelector `json:"serviceKey,omitempty"`
	// URL is the PagerDuty events endpoint.
	// +optional
	URL *URL `json:"url,omitempty"`
	// Client names the monitoring client in the incident.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Client *string `json:"client,omitempty"`
	// ClientURL links back to the monitoring client.
	// +optional
	ClientURL *string `json:"clientURL,omitempty"`
	// Description is the incident summary.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Description *string `json:"description,omitempty"`
	// Severity is the incident severity.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Severity *string `json:"severity,omitempty"`
	// Class is the kind of event.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Class *string `json:"class,omitempty"`
	// Group is a logical grouping of components.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Group *string `json:"group,omitempty"`
	// Component is the affected part of the system.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Component *string `json:"component,omitempty"`
	// Details are extra key/value pairs attached to the incident.
	// +listType=atomic
	// +optional
	Details []KeyValue `json:"details,omitempty"`
	// PagerDutyImageConfigs are images attached to the incident.
	// +listType=atomic
	// +optional
	PagerDutyImageConfigs []PagerDutyImageConfig `json:"pagerDutyImageConfigs,omitempty"`
	// PagerDutyLinkConfigs are links attached to the incident.
	// +listType=atomic
	// +optional
	PagerDutyLinkConfigs []PagerDutyLinkConfig `json:"pagerDutyLinkConfigs,omitempty"`
	// Source is the unique location of the affected system.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Source *string `json:"source,omitempty"`
	// Timeout bounds each request to PagerDuty.
	// +optional
	Timeout *monitoringv1.Duration `json:"timeout,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// PagerDutyImageConfig is an image shown in a PagerDuty incident.
type PagerDutyImageConfig struct {
	// Src is the image address.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Src string `json:"src,omitempty"`
	// Href makes the image a link to this address.
	// +optional
	Href string `json:"href,omitempty"`
	// Alt is the text shown when the image cannot be.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Alt string `json:"alt,omitempty"`
}

// PagerDutyLinkConfig is a link shown in a PagerDuty incident.
type PagerDutyLinkConfig struct {
	// Href is the link target.
	// +optional
	Href string `json:"href,omitempty"`
	// Text is the link label.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Text string `json:"alt,omitempty"`
}

// OpsGenieConfig creates alerts in Opsgenie.
type OpsGenieConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// APIKey refers to the secret key holding the Opsgenie API key.
	// +optional
	APIKey *SecretKeySelector `json:"apiKey,omitempty"`
	// APIURL is the Opsgenie API address.
	// +optional
	APIURL *URL `json:"apiURL,omitempty"`
	// Message is the alert title.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Message string `json:"message,omitempty"`
	// Description is the alert body.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Description string `json:"description,omitempty"`
	// Source is where the alert comes from.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Source string `json:"source,omitempty"`
	// Tags is a comma-separated list of tags.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Tags string `json:"tags,omitempty"`
	// Note is extra text attached to the alert.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Note string `json:"note,omitempty"`
	// Priority is the alert priority, P1 to P5.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Priority string `json:"priority,omitempty"`
	// Details are extra key/value pairs attached to the alert.
	// +optional
	Details []KeyValue `json:"details,omitempty"`
	// Responders are the teams, users, escalations or schedules notified.
	// +optional
	Responders []OpsGenieConfigResponder `json:"responders,omitempty"`
	// Entity is the domain of the alert, such as a service or host.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Entity string `json:"entity,omitempty"`
	// Actions is a comma-separated list of custom actions offered on the alert.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Actions string `json:"actions,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// OpsGenieConfigResponder names one Opsgenie responder; one of ID, Name or Username is needed.
type OpsGenieConfigResponder struct {
	// ID is the responder's identifier.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ID string `json:"id,omitempty"`
	// Name is the responder's name.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Name string `json:"name,omitempty"`
	// Username is the responder's user name.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Username string `json:"username,omitempty"`
	// Type is the kind of responder.
	// +kubebuilder:validation:Enum=team;teams;user;escalation;schedule
	// +kubebuilder:validation:MinLength=1
	// +required
	Type string `json:"type"`
}

// VictorOpsConfig creates incidents in VictorOps (Splunk On-Call).
type VictorOpsConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// APIKey refers to the secret key holding the API key.
	// +optional
	APIKey *SecretKeySelector `json:"apiKey,omitempty"`
	// APIURL is the VictorOps API address.
	// +optional
	APIURL *URL `json:"apiUrl,omitempty"`
	// RoutingKey selects the team that gets the incident.
	// +kubebuilder:validation:MinLength=1
	// +required
	RoutingKey string `json:"routingKey"`
	// MessageType is the incident behaviour, such as CRITICAL or WARNING.
	// +kubebuilder:validation:MinLength=1
	// +optional
	MessageType *string `json:"messageType,omitempty"`
	// EntityDisplayName is the incident summary.
	// +kubebuilder:validation:MinLength=1
	// +optional
	EntityDisplayName *string `json:"entityDisplayName,omitempty"`
	// StateMessage is the incident body.
	// +kubebuilder:validation:MinLength=1
	// +optional
	StateMessage *string `json:"stateMessage,omitempty"`
	// MonitoringTool names the sender.
	// +kubebuilder:validation:MinLength=1
	// +optional
	MonitoringTool *string `json:"monitoringTool,omitempty"`
	// CustomFields are extra key/value pairs attached to the incident.
	// +listType=atomic
	// +optional
	CustomFields []KeyValue `json:"customFields,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// PushoverConfig sends push notifications through Pushover.
type PushoverConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// UserKey refers to the secret key holding the recipient's user key.
	// Exactly one of UserKey and UserKeyFile is needed.
	// +optional
	UserKey *SecretKeySelector `json:"userKey,omitempty"`
	// UserKeyFile is a path, inside the Alertmanager container, of a file
	// holding the user key.
	// +optional
	UserKeyFile *string `json:"userKeyFile,omitempty"`
	// Token refers to the secret key holding the application token.
	// Exactly one of Token and TokenFile is needed.
	// +optional
	Token *SecretKeySelector `json:"token,omitempty"`
	// TokenFile is a path, inside the Alertmanager container, of a file
	// holding the application token.
	// +optional
	TokenFile *string `json:"tokenFile,omitempty"`
	// Title is the notification title.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Title *string `json:"title,omitempty"`
	// Message is the notification body.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Message *string `json:"message,omitempty"`
	// URL is a link shown with the notification.
	// +optional
	URL *string `json:"url,omitempty"`
	// URLTitle is the label of the link.
	// +kubebuilder:validation:MinLength=1
	// +optional
	URLTitle *string `json:"urlTitle,omitempty"`
	// TTL is how long the notification stays valid before being discarded.
	// +optional
	TTL *monitoringv1.Duration `json:"ttl,omitempty"`
	// Device sends only to this device of the user.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Device *string `json:"device,omitempty"`
	// Sound is the notification sound.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Sound *string `json:"sound,omitempty"`
	// Priority is the notification priority.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Priority *string `json:"priority,omitempty"`
	// Retry is how often an emergency notification is resent until acknowledged.
	// +kubebuilder:validation:Pattern=`^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$`
	// +optional
	Retry string `json:"retry,omitempty"`
	// Expire is how long an emergency notification keeps being resent.
	// +kubebuilder:validation:Pattern=`^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$`
	// +optional
	Expire string `json:"expire,omitempty"`
	// HTML renders the message as HTML.
	// +optional
	HTML *bool `json:"html,omitempty"`
	// Monospace renders the message in a fixed-width font.
	// +optional
	Monospace *bool `json:"monospace,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// SNSConfig publishes notifications to an AWS SNS topic, phone number or target.
type SNSConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// APIURL is the SNS endpoint; the regional endpoint is used when unset.
	// +optional
	APIURL *string `json:"apiURL,omitempty"`
	// Sigv4 signs requests with AWS credentials.
	// +optional
	Sigv4 *monitoringv1.Sigv4 `json:"sigv4,omitempty"`
	// TopicARN is the topic to publish to. One of TopicARN, PhoneNumber and
	// TargetARN is needed.
	// +kubebuilder:validation:MinLength=1
	// +optional
	TopicARN *string `json:"topicARN,omitempty"`
	// Subject is the message subject, for email subscriptions.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Subject *string `json:"subject,omitempty"`
	// PhoneNumber sends an SMS to this number.
	// +kubebuilder:validation:MinLength=1
	// +optional
	PhoneNumber *string `json:"phoneNumber,omitempty"`
	// TargetARN is a mobile platform endpoint to publish to.
	// +kubebuilder:validation:MinLength=1
	// +optional
	TargetARN *string `json:"targetARN,omitempty"`
	// Message is the message body.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Message *string `json:"message,omitempty"`
	// Attributes are SNS message attributes.
	// +optional
	Attributes map[string]string `json:"attributes,omitempty"`
	// UseAWSHTTPClient sends requests with the AWS SDK's own HTTP client
	// instead of the one built from HTTPConfig.
	// +optional
	UseAWSHTTPClient *bool `json:"useAWSHTTPClient,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}
