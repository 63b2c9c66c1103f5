// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"k8s.io/apimachinery/pkg/util/intstr"
)

// AlertingSpec lists the Alertmanagers a Prometheus sends its alerts to.
type AlertingSpec struct {
	// alertmanagers are the Alertmanager Services to notify.
	// +required
	Alertmanagers []AlertmanagerEndpoints `json:"alertmanagers"`
}

// AlertmanagerAPIVersion is the Alertmanager API version Prometheus speaks.
//
// +kubebuilder:validation:Enum=v1;V1;v2;V2
type AlertmanagerAPIVersion string

// The Alertmanager API versions.
const (
	AlertmanagerAPIVersion1 AlertmanagerAPIVersion = "V1"
	AlertmanagerAPIVersion2 AlertmanagerAPIVersion = "V2"
)

// AlertmanagerEndpoints points Prometheus at the endpoints of one Kubernetes
// Service running Alertmanager.
type AlertmanagerEndpoints struct {
	// namespace of the Service; the Prometheus object's namespace when unset.
	// +kubebuilder:validation:MinLength=1
	// +optional
	Namespace *string `json:"namespace,omitempty"`
	// name of the Service.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// port of the Service, by name or number.
	// +required
	Port intstr.IntOrString `json:"port"`
	// scheme used to reach Alertmanager.
	// +kubebuilder:validation:Enum=http;https;HTTP;HTTPS
	// +optional
	Scheme *string `json:"scheme,omitempty"`
	// pathPrefix is prepended to the Alertmanager API paths.
	// +kubebuilder:validation:MinLength=1
	// +optional
	PathPrefix *string `json:"pathPrefix,omitempty"`
	// tlsConfig of the connection to Alertmanager.
	// +optional
	TLSConfig *TLSConfig `json:"tlsConfig,omitempty"`
	// basicAuth authenticates requests with a user name and password.
	// +optional
	BasicAuth *BasicAuth `json:"basicAuth,omitempty"`
	// bearerTokenFile is a file in the container holding a bearer token.
	// Deprecated: use authorization.
	// +optional
	BearerTokenFile string `json:"bearerTokenFile,omitempty"`
	// authorization sets the Authorization header of requests.
	// +optional
	Authorization *SafeAuthorization `json:"authorization,omitempty"`
	// sigv4 signs requests for AWS-hosted Alertmanagers.
	// +optional
	Sigv4 *Sigv4 `json:"sigv4,omitempty"`

	ProxyConfig `json:",inline"`

	// apiVersion of the Alertmanager API; recent Prometheus versions only speak v2.
	// +optional
	APIVersion *AlertmanagerAPIVersion `json:"apiVersion,omitempty"`
	// timeout bounds each push of alerts.
	// +optional
	Timeout *Duration `json:"timeout,omitempty"`
	// enableHttp2 toggles HTTP/2 for the requests.
	// +optional
	EnableHTTP2 *bool `json:"enableHttp2,omitempty"`
	// relabelings rewrite the discovered Alertmanager targets.
	// +optional
	Relabelings []RelabelConfig `json:"relabelings,omitempty"`
	// alertRelabelings rewrite or drop the alerts sent to these Alertmanagers.
	// +optional
	AlertRelabelings []RelabelConfig `json:"alertRelabelings,omitempty"`
}

// Rules tunes rule evaluation.
type Rules struct {
	// alert tunes alerting rules.
	// +optional
	Alert RulesAlert `json:"alert,omitzero"`
}

// RulesAlert tunes how alerts are held and resent.
type RulesAlert struct {
	// forOutageTolerance is how long Prometheus may have been down while an
	// alert's "for" state is still restored.
	// +optional
	ForOutageTolerance string `json:"forOutageTolerance,omitempty"`
	// forGracePeriod is the least time an alert waits after a restart before
	// firing, when its "for" is longer.
	// +optional
	ForGracePeriod string `json:"forGracePeriod,omitempty"`
	// resendDelay is the least time between two notifications of an alert.
	// +optional
	ResendDelay string `json:"resendDelay,omitempty"`
}
