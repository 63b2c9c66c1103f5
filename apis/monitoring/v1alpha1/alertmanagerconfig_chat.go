// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// This file holds the integrations that post to chat services.

// SlackConfig posts notifications to a Slack channel.
type SlackConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// APIURL refers to the secret key holding the Slack webhook URL.
	// +optional
	APIURL *corev1.SecretKeySelector `json:"apiURL,omitempty"`
	// Channel is the channel or user to post to.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Channel *string `json:"channel,omitempty"`
	// Username is the name the message is posted under.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Username *string `json:"username,omitempty"`
	// Color is the colour of the attachment bar.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Color *string `json:"color,omitempty"`
	// Title is the attachment title.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Title *string `json:"title,omitempty"`
	// TitleLink makes the title a link to this address.
	// +optional
	TitleLink *string `json:"titleLink,omitempty"`
	// Pretext is shown above the attachment.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Pretext *string `json:"pretext,omitempty"`
	// Text is the attachment body.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Text *string `json:"text,omitempty"`
	// Fields are the attachment's table of fields.
	// +kubebuilder:validation:MinItems=1
	// +listType=atomic
	// +optional
	Fields []SlackField `json:"fields,omitempty"`
	// ShortFields lays fields out side by side by default.
	// +optional
	ShortFields *bool `json:"shortFields,omitempty"`
	// Footer is small text under the attachment.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Footer *string `json:"footer,omitempty"`
	// Fallback is the plain-text summary for clients that cannot render attachments.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Fallback *string `json:"fallback,omitempty"`
	// CallbackID identifies the attachment in interactive callbacks.
	// +kubebuilder:validation:MinLength=1
	// +optional
	CallbackID *string `json:"callbackId,omitempty"`
	// IconEmoji is the emoji shown as the poster's avatar.
	// +kubebuilder:validation:MinLength=1
	// +optional
	IconEmoji *string `json:"iconEmoji,omitempty"`
	// IconURL is the image shown as the poster's avatar.
	// +optional
	IconURL *string `json:"iconURL,omitempty"`
	// ImageURL is an image shown in the attachment.
	// +optional
	ImageURL *string `json:"imageURL,omitempty"`
	// ThumbURL is a thumbnail shown beside the attachment.
	// +optional
	ThumbURL *string `json:"thumbURL,omitempty"`
	// LinkNames turns @names and #channels into links.
	// +optional
	LinkNames *bool `json:"linkNames,omitempty"`
	// MrkdwnIn lists the attachment parts rendered as Slack markdown.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +listType=atomic
	// +optional
	MrkdwnIn []string `json:"mrkdwnIn,omitempty"`
	// Actions are interactive buttons added to the attachment.
	// +kubebuilder:validation:MinItems=1
	// +listType=atomic
	// +optional
	Actions []SlackAction `json:"actions,omitempty"`
	// MessageText is the top-level message text, outside the attachment.
	// +kubebuilder:validation:MinLength=1
	// +optional
	MessageText *string `json:"messageText,omitempty"`
	// UpdateMessage edits the earlier message of the group instead of posting a new one.
	// +optional
	UpdateMessage *bool `json:"updateMessage,omitempty"`
	// Timeout bounds each request to Slack.
	// +optional
	Timeout *monitoringv1.Duration `json:"timeout,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// SlackField is one cell of a Slack attachment's field table.
type SlackField struct {
	// Title is the field heading.
	// +kubebuilder:validation:MinLength=1
	// +required
	Title string `json:"title"`
	// Value is the field content.
	// +kubebuilder:validation:MinLength=1
	// +required
	Value string `json:"value"`
	// Short allows the field to share its row with another.
	// +optional
	Short *bool `json:"short,omitempty"`
}

// SlackAction is an interactive element of a Slack attachment.
type SlackAction struct {
	// Type is the kind of element, such as "button".
	// +kubebuilder:validation:MinLength=1
	// +required
	Type string `json:"type"`
	// Text is the label of the element.
	// +kubebuilder:validation:MinLength=1
	// +required
	Text string `json:"text"`
	// URL is opened when the element is clicked.
	// +optional
	URL string `json:"url,omitempty"`
	// Style is the visual style, such as "primary" or "danger".
	// +kubebuilder:validation:MinLength=1
	// +optional
	Style string `json:"style,omitempty"`
	// Name is sent back in interactive callbacks.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Name string `json:"name,omitempty"`
	// Value is sent back in interactive callbacks.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Value string `json:"value,omitempty"`
	// ConfirmField asks the user for confirmation before the action runs.
	// +optional
	ConfirmField *SlackConfirmationField `json:"confirm,omitempty"`
}

// SlackConfirmationField is the confirmation dialog of a Slack action.
type SlackConfirmationField struct {
	// Text is the question asked.
	// +kubebuilder:validation:MinLength=1
	// +required
	Text string `json:"text"`
	// Title is the dialog title.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Title string `json:"title,omitempty"`
	// OkText is the label of the confirming button.
	// +kubebuilder:validation:MinLength=1
	// +optional
	OkText string `json:"okText,omitempty"`
	// DismissText is the label of the cancelling button.
	// +kubebuilder:validation:MinLength=1
	// +optional
	DismissText string `json:"dismissText,omitempty"`
}

// DiscordConfig posts notifications to a Discord webhook.
type DiscordConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// APIURL refers to the secret key holding the Discord webhook URL.
	// +required
	APIURL corev1.SecretKeySelector `json:"apiURL"`
	// Title is the message title template.
	// +optional
	Title *string `json:"title,omitempty"`
	// Message is the message body template.
	// +optional
	Message *string `json:"message,omitempty"`
	// Content is plain text sent alongside the embed.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Content *string `json:"content,omitempty"`
	// Username overrides the webhook's user name.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Username *string `json:"username,omitempty"`
	// AvatarURL overrides the webhook's avatar.
	// +optional
	AvatarURL *URL `json:"avatarURL,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// RocketChatConfig posts notifications to Rocket.Chat.
type RocketChatConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// APIURL is the Rocket.Chat server address.
	// +optional
	APIURL *URL `json:"apiURL,omitempty"`
	// Channel is the channel or user to post to.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Channel *string `json:"channel,omitempty"`
	// Token refers to the secret key holding the API token.
	// +required
	Token corev1.SecretKeySelector `json:"token"`
	// TokenID refers to the secret key holding the user ID of the token.
	// +required
	TokenID corev1.SecretKeySelector `json:"tokenID"`
	// Color is the colour of the attachment.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Color *string `json:"color,omitempty"`
	// Emoji is shown as the poster's avatar.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Emoji *string `json:"emoji,omitempty"`
	// IconURL is the image shown as the poster's avatar.
	// +optional
	IconURL *string `json:"iconURL,omitempty"`
	// Text is the message body.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Text *string `json:"text,omitempty"`
	// Title is the attachment title.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Title *string `json:"title,omitempty"`
	// TitleLink makes the title a link to this address.
	// +kubebuilder:validation:MinLength=1
	// +optional
	TitleLink *string `json:"titleLink,omitempty"`
	// Fields are the attachment's table of fields.
	// +kubebuilder:validation:MinItems=1
	// +listType=atomic
	// +optional
	Fields []RocketChatFieldConfig `json:"fields,omitempty"`
	// ShortFields lays fields out side by side by default.
	// +optional
	ShortFields *bool `json:"shortFields,omitempty"`
	// ImageURL is an image shown in the attachment.
	// +optional
	ImageURL *string `json:"imageURL,omitempty"`
	// ThumbURL is a thumbnail shown beside the attachment.
	// +optional
	ThumbURL *string `json:"thumbURL,omitempty"`
	// LinkNames turns @names and #channels into links.
	// +optional
	LinkNames *bool `json:"linkNames,omitempty"`
	// Actions are buttons added to the message.
	// +kubebuilder:validation:MinItems=1
	// +listType=atomic
	// +optional
	Actions []RocketChatActionConfig `json:"actions,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// RocketChatFieldConfig is one cell of a Rocket.Chat attachment's field table.
type RocketChatFieldConfig struct {
	// Title is the field heading.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Title *string `json:"title,omitempty"`
	// Value is the field content.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Value *string `json:"value,omitempty"`
	// Short allows the field to share its row with another.
	// +optional
	Short *bool `json:"short,omitempty"`
}

// RocketChatActionConfig is a button of a Rocket.Chat message.
type RocketChatActionConfig struct {
	// Text is the button label.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Text *string `json:"text,omitempty"`
	// URL is opened when the button is clicked.
	// +optional
	URL *string `json:"url,omitempty"`
	// Msg is posted to the channel when the button is clicked.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Msg *string `json:"msg,omitempty"`
}

// TelegramConfig sends notifications through a Telegram bot.
type TelegramConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// APIURL is the Telegram Bot API address.
	// +optional
	APIURL *URL `json:"apiURL,omitempty"`
	// BotToken refers to the secret key holding the bot token.
	// Exactly one of BotToken and BotTokenFile is needed.
	// +optional
	BotToken *corev1.SecretKeySelector `json:"botToken,omitempty"`
	// BotTokenFile is a path, inside the Alertmanager container, of a file
	// holding the bot token.
	// +optional
	BotTokenFile *string `json:"botTokenFile,omitempty"`
	// ChatID is the chat to post to.
	// +required
	ChatID int64 `json:"chatID"`
	// MessageThreadID is the forum topic to post to.
	// +optional
	MessageThreadID *int64 `json:"messageThreadID,omitempty"`
	// Message is the message template.
	// +optional
	Message string `json:"message,omitempty"`
	// DisableNotifications sends messages silently.
	// +optional
	DisableNotifications *bool `json:"disableNotifications,omitempty"`
	// ParseMode is how Telegram formats the message.
	// +kubebuilder:validation:Enum=MarkdownV2;Markdown;HTML
	// +optional
	ParseMode string `json:"parseMode,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// WebexConfig posts notifications to a Cisco Webex room.
type WebexConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// APIURL is the Webex API address.
	// +optional
	APIURL *URL `json:"apiURL,omitempty"`
	// HTTPConfig tunes the HTTP client; the bot token goes in its authorization.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
	// Message is the message template.
	// +optional
	Message *string `json:"message,omitempty"`
	// RoomID is the room to post to.
	// +kubebuilder:validation:MinLength=1
	// +required
	RoomID string `json:"roomID"`
}

// MSTeamsConfig posts notifications to a Microsoft Teams incoming webhook.
type MSTeamsConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// WebhookURL refers to the secret key holding the webhook URL.
	// +required
	WebhookURL corev1.SecretKeySelector `json:"webhookUrl"`
	// Title is the card title template.
	// +optional
	Title *string `json:"title,omitempty"`
	// Summary is the card summary template.
	// +optional
	Summary *string `json:"summary,omitempty"`
	// Text is the card body template.
	// +optional
	Text *string `json:"text,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// MSTeamsV2Config posts notifications to a Microsoft Teams workflow (Power Automate) webhook.
type MSTeamsV2Config struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// WebhookURL refers to the secret key holding the workflow URL.
	// +optional
	WebhookURL *corev1.SecretKeySelector `json:"webhookURL,omitempty"`
	// Title is the card title template.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Title *string `json:"title,omitempty"`
	// Text is the card body template.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Text *string `json:"text,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}

// WeChatConfig sends notifications through the WeChat Work API.
type WeChatConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// APISecret refers to the secret key holding the application secret.
	// +optional
	APISecret *corev1.SecretKeySelector `json:"apiSecret,omitempty"`
	// APIURL is the WeChat API address.
	// +optional
	APIURL *URL `json:"apiURL,omitempty"`
	// CorpID is the corporation identifier.
	// +kubebuilder:validation:MinLength=1
	// +optional
	CorpID string `json:"corpID,omitempty"`
	// AgentID is the application identifier.
	// +kubebuilder:validation:MinLength=1
	// +optional
	AgentID string `json:"agentID,omitempty"`
	// ToUser lists recipient users.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ToUser string `json:"toUser,omitempty"`
	// ToParty lists recipient departments.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ToParty string `json:"toParty,omitempty"`
	// ToTag lists recipient tags.
	// +kubebuilder:validation:MinLength=1
	// +optional
	ToTag string `json:"toTag,omitempty"`
	// Message is the message template.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Message string `json:"message,omitempty"`
	// MessageType is the WeChat message type, such as "text" or "markdown".
	// +kubebuilder:validation:MinLength=1
	// +optional
	MessageType string `json:"messageType,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}
