// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"regexp"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// The provider-independent discovery mechanisms: fixed lists, files, an
// HTTP endpoint and DNS.

var staticFamily = newFamily("static_configs", "staticConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.StaticConfig {
		return spec.StaticConfigs
	}, buildStaticConfig)

var fileFamily = newFamily("file_sd_configs", "fileSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.FileSDConfig {
		return spec.FileSDConfigs
	}, buildFileSD)

var httpFamily = newFamily("http_sd_configs", "httpSDConfigs", "2.28.0",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.HTTPSDConfig {
		return spec.HTTPSDConfigs
	}, buildHTTPSD)

var dnsFamily = newFamily("dns_sd_configs", "dnsSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.DNSSDConfig {
		return spec.DNSSDConfigs
	}, buildDNSSD)

func buildStaticConfig(e *sdEntry, config *monitoringv1alpha1.StaticConfig) {
	targets := make([]string, len(config.Targets))
	for i, target := range config.Targets {
		e.fail(checkText("targets", string(target)))
		targets[i] = string(target)
	}
	e.add("targets", targets)
	if len(config.Labels) == 0 {
		return
	}
	labels := yamldoc.FromStringMap(config.Labels)
	for _, label := range labels {
		if !e.names.IsValidLabelName(label.Key) {
			e.failf("labels: invalid label name %q", label.Key)
		}
		e.fail(checkText("labels."+label.Key, label.Value.(string)))
	}
	e.add("labels", labels)
}

// sdFilePattern is the file name pattern Prometheus accepts for file
// discovery: a JSON or YAML file, with at most one * in the last element.
var sdFilePattern = regexp.MustCompile(`^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$`)

func buildFileSD(e *sdEntry, config *monitoringv1alpha1.FileSDConfig) {
	if len(config.Files) == 0 {
		e.failf("files: at least one file is needed")
	}
	files := make([]string, len(config.Files))
	for i, file := range config.Files {
		if !sdFilePattern.MatchString(string(file)) {
			e.failf("files: %q is not a .json, .yml or .yaml path with at most one * in its file name", file)
		}
		files[i] = string(file)
	}
	e.add("files", files)
	e.refreshInterval(config.RefreshInterval)
}

func buildHTTPSD(e *sdEntry, config *monitoringv1alpha1.HTTPSDConfig) {
	e.httpURL("url", config.URL)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}

// dnsRecordMinimum gives the record types that later Prometheus versions
// added; an older target drops the type (and falls back to SRV) with a
// warning, as upstream does.
var dnsRecordMinimum = map[monitoringv1alpha1.DNSRecordType]string{
	monitoringv1alpha1.DNSRecordTypeA:    "",
	monitoringv1alpha1.DNSRecordTypeAAAA: "",
	monitoringv1alpha1.DNSRecordTypeSRV:  "",
	monitoringv1alpha1.DNSRecordTypeMX:   "2.38.0",
	monitoringv1alpha1.DNSRecordTypeNS:   "2.49.0",
}

func buildDNSSD(e *sdEntry, config *monitoringv1alpha1.DNSSDConfig) {
	if len(config.Names) == 0 {
		e.failf("names: at least one name is needed")
	}
	for _, name := range config.Names {
		if name == "" {
			e.failf("names: a name must not be empty")
		}
		e.fail(checkText("names", name))
	}
	e.add("names", config.Names)
	e.refreshInterval(config.RefreshInterval)
	if config.Type != nil {
		minimum, known := dnsRecordMinimum[*config.Type]
		switch {
		case !known:
			e.failf("type: unknown record type %q", *config.Type)
		case *config.Type != monitoringv1alpha1.DNSRecordTypeSRV && (config.Port == nil || *config.Port == 0):
			e.failf("port: record type %s needs a port, only SRV records carry their own", *config.Type)
		case minimum == "":
			e.add("type", string(*config.Type))
		default:
			e.since(minimum, "type", string(*config.Type))
		}
	}
	e.port(config.Port)
}
