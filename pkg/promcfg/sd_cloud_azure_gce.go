// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"strings"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// The Azure and Google Compute Engine discovery mechanisms.

var azureFamily = newFamily("azure_sd_configs", "azureSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.AzureSDConfig {
		return spec.AzureSDConfigs
	}, buildAzureSD)

var gceFamily = newFamily("gce_sd_configs", "gceSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.GCESDConfig {
		return spec.GCESDConfigs
	}, buildGCESD)

// azureEnvironments are the cloud names Azure discovery knows, upper-cased.
var azureEnvironments = map[string]bool{
	"AZURECHINACLOUD": true, "AZURECLOUD": true, "AZUREGERMANCLOUD": true, "AZUREPUBLICCLOUD": true,
	"AZUREUSGOVERNMENT": true, "AZUREUSGOVERNMENTCLOUD": true,
}

// azureMethodMinimum gives the first Prometheus version of each sign-in method.
var azureMethodMinimum = map[monitoringv1alpha1.AzureAuthenticationMethod]string{
	monitoringv1alpha1.AzureAuthenticationOAuth:            "",
	monitoringv1alpha1.AzureAuthenticationManagedIdentity:  "",
	monitoringv1alpha1.AzureAuthenticationSDK:              "2.52.0",
	monitoringv1alpha1.AzureAuthenticationWorkloadIdentity: "3.11.0",
}

func buildAzureSD(e *sdEntry, config *monitoringv1alpha1.AzureSDConfig) {
	if config.Environment != nil {
		if !azureEnvironments[strings.ToUpper(*config.Environment)] {
			e.failf("environment: unknown Azure cloud %q", *config.Environment)
		}
		e.text("environment", *config.Environment)
	}
	method := monitoringv1alpha1.AzureAuthenticationOAuth
	if config.AuthenticationMethod != nil {
		method = *config.AuthenticationMethod
		minimum, known := azureMethodMinimum[method]
		if !known {
			e.failf("authenticationMethod: unknown method %q", method)
		} else if minimum != "" {
			e.require(minimum, "the "+string(method)+" authentication method")
		}
		e.add("authentication_method", string(method))
	}
	if strings.TrimSpace(config.SubscriptionID) == "" {
		e.failf("subscriptionID: must not be empty")
	}
	e.text("subscription_id", config.SubscriptionID)
	optionalText(e, "tenant_id", config.TenantID)
	optionalText(e, "client_id", config.ClientID)
	if config.ClientSecret != nil {
		e.add("client_secret", e.secret("clientSecret", *config.ClientSecret))
	}
	if method == monitoringv1alpha1.AzureAuthenticationOAuth {
		azureOAuthCredentials(e, config)
	}
	if config.ResourceGroup != nil {
		e.require("2.35.0", "resourceGroup")
		e.text("resource_group", *config.ResourceGroup)
	}
	e.refreshInterval(config.RefreshInterval)
	e.port(config.Port)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}

// azureOAuthCredentials checks the OAuth method has what it signs in with.
func azureOAuthCredentials(e *sdEntry, config *monitoringv1alpha1.AzureSDConfig) {
	switch {
	case ptrValue(config.TenantID) == "":
		e.failf("the OAuth authentication method needs tenantID")
	case ptrValue(config.ClientID) == "":
		e.failf("the OAuth authentication method needs clientID")
	case config.ClientSecret == nil:
		e.failf("the OAuth authentication method needs clientSecret")
	default:
		e.requiredSecret("clientSecret", *config.ClientSecret)
	}
}

func buildGCESD(e *sdEntry, config *monitoringv1alpha1.GCESDConfig) {
	if strings.TrimSpace(config.Project) == "" {
		e.failf("project: must not be empty")
	}
	e.text("project", config.Project)
	e.token("zone", &config.Zone, regionPattern)
	optionalText(e, "filter", config.Filter)
	e.refreshInterval(config.RefreshInterval)
	e.port(config.Port)
	optionalText(e, "tag_separator", config.TagSeparator)
}
