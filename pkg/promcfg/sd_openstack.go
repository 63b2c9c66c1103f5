// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"strings"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

var openstackFamily = newFamily("openstack_sd_configs", "openstackSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.OpenStackSDConfig {
		return spec.OpenStackSDConfigs
	}, buildOpenStackSD)

// openstackRoles spells the API's roles the way Prometheus does.
var openstackRoles = map[string]string{
	string(monitoringv1alpha1.OpenStackRoleInstance):     "instance",
	string(monitoringv1alpha1.OpenStackRoleHypervisor):   "hypervisor",
	string(monitoringv1alpha1.OpenStackRoleLoadBalancer): "loadbalancer",
}

// openstackAvailabilities are the endpoint types of the service catalog.
var openstackAvailabilities = map[string]string{"public": "public", "admin": "admin", "internal": "internal"}

func buildOpenStackSD(e *sdEntry, config *monitoringv1alpha1.OpenStackSDConfig) {
	e.oneOf("role", string(config.Role), openstackRoles)
	if config.Role == monitoringv1alpha1.OpenStackRoleLoadBalancer {
		e.require("3.2.0", "the LoadBalancer role")
	}
	if config.Region == "" {
		e.failf("region: must not be empty")
	}
	e.token("region", &config.Region, regionPattern)
	if config.IdentityEndpoint != nil {
		e.url("identity_endpoint", *config.IdentityEndpoint)
	}
	openstackCredentials(e, &config.OpenStackCredentials)
	optionalBool(e, "all_tenants", config.AllTenants)
	e.refreshInterval(config.RefreshInterval)
	e.port(config.Port)
	if config.Availability != nil {
		e.oneOf("availability", strings.ToLower(*config.Availability), openstackAvailabilities)
	}
	e.httpClient(sdClient{transport: monitoringv1alpha1.SDTransportConfig{TLSConfig: config.TLSConfig}})
}

// openstackCredentials writes the identity of the discovery, with the
// password and application credential secret inlined from Secrets.
func openstackCredentials(e *sdEntry, credentials *monitoringv1alpha1.OpenStackCredentials) {
	optionalText(e, "username", credentials.Username)
	optionalText(e, "userid", credentials.UserID)
	if credentials.Password != nil {
		e.add("password", e.secret("password", *credentials.Password))
	}
	optionalText(e, "domain_name", credentials.DomainName)
	optionalText(e, "domain_id", credentials.DomainID)
	optionalText(e, "project_name", credentials.ProjectName)
	optionalText(e, "project_id", credentials.ProjectID)
	optionalText(e, "application_credential_name", credentials.ApplicationCredentialName)
	optionalText(e, "application_credential_id", credentials.ApplicationCredentialID)
	if credentials.ApplicationCredentialSecret != nil {
		e.add("application_credential_secret", e.secret("applicationCredentialSecret", *credentials.ApplicationCredentialSecret))
	}
}
