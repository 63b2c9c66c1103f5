// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"strings"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// The service registries: Consul, Eureka, Kuma, Nomad and PuppetDB.

var consulFamily = newFamily("consul_sd_configs", "consulSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.ConsulSDConfig {
		return spec.ConsulSDConfigs
	}, buildConsulSD)

var eurekaFamily = newFamily("eureka_sd_configs", "eurekaSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.EurekaSDConfig {
		return spec.EurekaSDConfigs
	}, buildEurekaSD)

var kumaFamily = newFamily("kuma_sd_configs", "kumaSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.KumaSDConfig {
		return spec.KumaSDConfigs
	}, buildKumaSD)

var nomadFamily = newFamily("nomad_sd_configs", "nomadSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.NomadSDConfig {
		return spec.NomadSDConfigs
	}, buildNomadSD)

var puppetDBFamily = newFamily("puppetdb_sd_configs", "puppetDBSDConfigs", "2.31.0",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.PuppetDBSDConfig {
		return spec.PuppetDBSDConfigs
	}, buildPuppetDBSD)

func buildConsulSD(e *sdEntry, config *monitoringv1alpha1.ConsulSDConfig) {
	if strings.TrimSpace(config.Server) == "" || strings.ContainsAny(config.Server, " \t\r\n") {
		e.failf("server: %q is not a host or host:port address", config.Server)
	}
	e.text("server", config.Server)
	if config.PathPrefix != nil {
		e.require("2.45.0", "pathPrefix")
		e.text("path_prefix", *config.PathPrefix)
	}
	if config.TokenRef != nil {
		if config.Authorization != nil || config.OAuth2 != nil {
			e.failf("tokenRef cannot be combined with authorization or oauth2")
		}
		e.add("token", e.secret("tokenRef", *config.TokenRef))
	}
	optionalText(e, "datacenter", config.Datacenter)
	if config.Namespace != nil {
		e.require("2.28.0", "namespace")
		e.text("namespace", *config.Namespace)
	}
	optionalText(e, "partition", config.Partition)
	if config.Scheme != nil {
		e.oneOf("scheme", lowerScheme(*config.Scheme), map[string]string{"http": "http", "https": "https"})
	}
	e.doc = e.doc.AddIf(len(config.Services) > 0, "services", config.Services)
	e.doc = e.doc.AddIf(len(config.Tags) > 0, "tags", config.Tags)
	optionalText(e, "tag_separator", config.TagSeparator)
	if len(config.NodeMeta) > 0 {
		e.add("node_meta", yamldoc.FromStringMap(config.NodeMeta))
	}
	if config.Filter != nil {
		e.require("3.0.0", "filter")
		e.text("filter", *config.Filter)
	}
	if config.HealthFilter != nil {
		e.require("3.11.2", "healthFilter")
		e.text("health_filter", *config.HealthFilter)
	}
	optionalBool(e, "allow_stale", config.AllowStale)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}

func buildEurekaSD(e *sdEntry, config *monitoringv1alpha1.EurekaSDConfig) {
	e.url("server", config.Server)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}

func buildKumaSD(e *sdEntry, config *monitoringv1alpha1.KumaSDConfig) {
	e.url("server", config.Server)
	e.refreshInterval(config.RefreshInterval)
	e.duration("fetch_timeout", config.FetchTimeout)
	if config.ClientID != nil {
		e.require("2.50.0", "clientID")
		e.text("client_id", *config.ClientID)
	}
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}

func buildNomadSD(e *sdEntry, config *monitoringv1alpha1.NomadSDConfig) {
	e.url("server", config.Server)
	optionalBool(e, "allow_stale", config.AllowStale)
	optionalText(e, "namespace", config.Namespace)
	e.token("region", config.Region, regionPattern)
	optionalText(e, "tag_separator", config.TagSeparator)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}

func buildPuppetDBSD(e *sdEntry, config *monitoringv1alpha1.PuppetDBSDConfig) {
	e.httpURL("url", config.URL)
	if strings.TrimSpace(config.Query) == "" {
		e.failf("query: must not be empty")
	}
	e.text("query", config.Query)
	optionalBool(e, "include_parameters", config.IncludeParameters)
	e.port(config.Port)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}
