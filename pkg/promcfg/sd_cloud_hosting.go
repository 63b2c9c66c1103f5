// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"regexp"
	"strings"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// The hosting providers: DigitalOcean, Linode, Hetzner, OVHcloud, Scaleway
// and IONOS Cloud.

var digitalOceanFamily = newFamily("digitalocean_sd_configs", "digitalOceanSDConfigs", "2.20.0",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.DigitalOceanSDConfig {
		return spec.DigitalOceanSDConfigs
	}, buildDigitalOceanSD)

var linodeFamily = newFamily("linode_sd_configs", "linodeSDConfigs", "2.28.0",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.LinodeSDConfig {
		return spec.LinodeSDConfigs
	}, buildLinodeSD)

var hetznerFamily = newFamily("hetzner_sd_configs", "hetznerSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.HetznerSDConfig {
		return spec.HetznerSDConfigs
	}, buildHetznerSD)

var ovhcloudFamily = newFamily("ovhcloud_sd_configs", "ovhcloudSDConfigs", "2.40.0",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.OVHCloudSDConfig {
		return spec.OVHCloudSDConfigs
	}, buildOVHCloudSD)

var scalewayFamily = newFamily("scaleway_sd_configs", "scalewaySDConfigs", "2.26.0",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.ScalewaySDConfig {
		return spec.ScalewaySDConfigs
	}, buildScalewaySD)

var ionosFamily = newFamily("ionos_sd_configs", "ionosSDConfigs", "2.36.0",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.IonosSDConfig {
		return spec.IonosSDConfigs
	}, buildIonosSD)

func buildDigitalOceanSD(e *sdEntry, config *monitoringv1alpha1.DigitalOceanSDConfig) {
	e.port(config.Port)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(bearerClient(config.SDBearerClientConfig))
}

func buildLinodeSD(e *sdEntry, config *monitoringv1alpha1.LinodeSDConfig) {
	e.token("region", config.Region, regionPattern)
	e.port(config.Port)
	optionalText(e, "tag_separator", config.TagSeparator)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(bearerClient(config.SDBearerClientConfig))
}

// hetznerRoles spells the API's roles the way Prometheus does.
var hetznerRoles = map[string]string{"hcloud": "hcloud", "robot": "robot"}

func buildHetznerSD(e *sdEntry, config *monitoringv1alpha1.HetznerSDConfig) {
	e.oneOf("role", strings.ToLower(string(config.Role)), hetznerRoles)
	e.port(config.Port)
	if config.LabelSelector != nil {
		e.require("3.5.0", "labelSelector")
		e.text("label_selector", *config.LabelSelector)
	}
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}

// ovhcloudServices spells the API's products the way Prometheus does.
var ovhcloudServices = map[string]string{
	string(monitoringv1alpha1.OVHCloudServiceVPS):             "vps",
	string(monitoringv1alpha1.OVHCloudServiceDedicatedServer): "dedicated_server",
}

func buildOVHCloudSD(e *sdEntry, config *monitoringv1alpha1.OVHCloudSDConfig) {
	if strings.TrimSpace(config.ApplicationKey) == "" {
		e.failf("applicationKey: must not be empty")
	}
	e.text("application_key", config.ApplicationKey)
	e.add("application_secret", e.requiredSecret("applicationSecret", config.ApplicationSecret))
	e.add("consumer_key", e.requiredSecret("consumerKey", config.ConsumerKey))
	e.oneOf("service", string(config.Service), ovhcloudServices)
	if config.Endpoint != nil {
		if strings.TrimSpace(*config.Endpoint) == "" {
			e.failf("endpoint: must not be empty")
		}
		e.text("endpoint", *config.Endpoint)
	}
	e.refreshInterval(config.RefreshInterval)
}

// scalewayRoles spells the API's roles the way Prometheus does.
var scalewayRoles = map[string]string{
	string(monitoringv1alpha1.ScalewayRoleInstance):  "instance",
	string(monitoringv1alpha1.ScalewayRoleBaremetal): "baremetal",
}

// The formats the Scaleway client checks when Prometheus loads the entry.
var (
	scalewayAccessKeyPattern = regexp.MustCompile(`^SCW[A-Z0-9]{17}$`)
	scalewayZonePattern      = regexp.MustCompile(`^[a-z]{2}-[a-z]{3,7}-[0-9]{1,2}$`)
	uuidPattern              = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

func buildScalewaySD(e *sdEntry, config *monitoringv1alpha1.ScalewaySDConfig) {
	e.token("access_key", &config.AccessKey, scalewayAccessKeyPattern)
	secretKey := e.requiredSecret("secretKey", config.SecretKey)
	if secretKey != "" && !uuidPattern.MatchString(secretKey) {
		e.failf("secretKey: the Secret key %s/%s does not hold a UUID", config.SecretKey.Name, config.SecretKey.Key)
	}
	e.add("secret_key", secretKey)
	e.token("project_id", &config.ProjectID, uuidPattern)
	e.oneOf("role", string(config.Role), scalewayRoles)
	e.port(config.Port)
	if config.APIURL != nil {
		e.httpURL("api_url", *config.APIURL)
		if strings.HasSuffix(*config.APIURL, "/") {
			e.failf("api_url: %q must not end with a slash", *config.APIURL)
		}
	}
	e.token("zone", config.Zone, scalewayZonePattern)
	optionalText(e, "name_filter", config.NameFilter)
	e.doc = e.doc.AddIf(len(config.TagsFilter) > 0, "tags_filter", config.TagsFilter)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(transportClient(config.SDTransportConfig))
}

// buildIonosSD writes an IONOS Cloud entry. Its API takes either the
// authorization token or OAuth2; OAuth2 wins when both are set.
func buildIonosSD(e *sdEntry, config *monitoringv1alpha1.IonosSDConfig) {
	if strings.TrimSpace(config.DataCenterID) == "" {
		e.failf("datacenterID: must not be empty")
	}
	e.text("datacenter_id", config.DataCenterID)
	e.port(config.Port)
	e.refreshInterval(config.RefreshInterval)
	client := transportClient(config.SDTransportConfig)
	if config.OAuth2 != nil {
		client.oauth2 = config.OAuth2
	} else {
		client.authorization = &config.Authorization
	}
	e.httpClient(client)
}
