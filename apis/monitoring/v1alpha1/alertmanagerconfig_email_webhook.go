// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// EmailConfig sends notifications by email over SMTP.
type EmailConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// To is the recipient address list.
	// +kubebuilder:validation:MinLength=1
	// +optional
	To string `json:"to,omitempty"`
	// From is the sender address.
	// +kubebuilder:validation:MinLength=1
	// +optional
	From string `json:"from,omitempty"`
	// Hello is the host name announced to the SMTP server.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Hello string `json:"hello,omitempty"`
	// Smarthost is the SMTP server as "host:port".
	// +kubebuilder:validation:MinLength=1
	// +optional
	Smarthost string `json:"smarthost,omitempty"`
	// AuthUsername is the SMTP user name.
	// +kubebuilder:validation:MinLength=1
	// +optional
	AuthUsername string `json:"authUsername,omitempty"`
	// AuthPassword refers to the secret key holding the SMTP password.
	// +optional
	AuthPassword *corev1.SecretKeySelector `json:"authPassword,omitempty"`
	// AuthSecret refers to the secret key holding the CRAM-MD5 secret.
	// +optional
	AuthSecret *corev1.SecretKeySelector `json:"authSecret,omitempty"`
	// AuthIdentity is the identity used with PLAIN authentication.
	// +kubebuilder:validation:MinLength=1
	// +optional
	AuthIdentity string `json:"authIdentity,omitempty"`
	// Headers are extra mail headers; they override computed ones.
	// +listType=atomic
	// +optional
	Headers []KeyValue `json:"headers,omitempty"`
	// HTML is the HTML body template.
	// +optional
	HTML *string `json:"html,omitempty"`
	// Text is the plain-text body template.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Text *string `json:"text,omitempty"`
	// RequireTLS refuses to send unless STARTTLS succeeds.
	// +optional
	RequireTLS *bool `json:"requireTLS,omitempty"`
	// TLSConfig configures TLS towards the SMTP server.
	// +optional
	TLSConfig *monitoringv1.SafeTLSConfig `json:"tlsConfig,omitempty"`
	// ForceImplicitTLS opens the connection with TLS right away (SMTPS)
	// instead of upgrading it with STARTTLS.
	// +optional
	ForceImplicitTLS *bool `json:"forceImplicitTLS,omitempty"`
	// Threading groups the mails of one alert group into a thread.
	// +optional
	Threading *EmailThreadingConfig `json:"threading,omitempty"`
}

// EmailThreadingConfig controls how notification mails are threaded.
type EmailThreadingConfig struct {
	// ThreadByDate starts a new thread every day (Daily) or never (None).
	// +kubebuilder:validation:Enum=Daily;None
	// +required
	ThreadByDate string `json:"threadByDate"`
}

// WebhookConfig posts notifications as JSON to an HTTP endpoint.
type WebhookConfig struct {
	// SendResolved also notifies when alerts resolve.
	// +optional
	SendResolved *bool `json:"sendResolved,omitempty"`
	// URL is the endpoint address. URLSecret takes precedence when both are set.
	// +optional
	URL *string `json:"url,omitempty"`
	// URLSecret refers to the secret key holding the endpoint address.
	// +optional
	URLSecret *corev1.SecretKeySelector `json:"urlSecret,omitempty"`
	// MaxAlerts caps the alerts sent in one message; 0 sends them all.
	// +kubebuilder:validation:Minimum=0
	// +optional
	MaxAlerts int32 `json:"maxAlerts,omitempty"`
	// Timeout bounds each request.
	// +optional
	Timeout *monitoringv1.Duration `json:"timeout,omitempty"`
	// Payload is a template that replaces the default JSON body.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Payload *string `json:"payload,omitempty"`
	// HTTPConfig tunes the HTTP client.
	// +optional
	HTTPConfig *HTTPConfig `json:"httpConfig,omitempty"`
}
