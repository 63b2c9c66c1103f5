// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"errors"
	"fmt"
	"log/slog"

	promconfig "github.com/prometheus/prometheus/config"
	// The service discoveries a user's extra job may use must be known to
	// the loader; see unregisteredDiscoveries for the others.
	_ "github.com/prometheus/prometheus/discovery/aws"
	_ "github.com/prometheus/prometheus/discovery/azure"
	_ "github.com/prometheus/prometheus/discovery/consul"
	_ "github.com/prometheus/prometheus/discovery/digitalocean"
	_ "github.com/prometheus/prometheus/discovery/dns"
	_ "github.com/prometheus/prometheus/discovery/eureka"
	_ "github.com/prometheus/prometheus/discovery/file"
	_ "github.com/prometheus/prometheus/discovery/gce"
	_ "github.com/prometheus/prometheus/discovery/hetzner"
	_ "github.com/prometheus/prometheus/discovery/http"
	_ "github.com/prometheus/prometheus/discovery/ionos"
	_ "github.com/prometheus/prometheus/discovery/kubernetes"
	_ "github.com/prometheus/prometheus/discovery/linode"
	_ "github.com/prometheus/prometheus/discovery/marathon"
	_ "github.com/prometheus/prometheus/discovery/moby"
	_ "github.com/prometheus/prometheus/discovery/nomad"
	_ "github.com/prometheus/prometheus/discovery/openstack"
	_ "github.com/prometheus/prometheus/discovery/ovhcloud"
	_ "github.com/prometheus/prometheus/discovery/puppetdb"
	_ "github.com/prometheus/prometheus/discovery/scaleway"
	_ "github.com/prometheus/prometheus/discovery/triton"
	_ "github.com/prometheus/prometheus/discovery/xds"
	yaml "go.yaml.in/yaml/v2"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// errInvalidAdditionalConfig marks a user-supplied raw configuration Secret
// that would break the configuration: it is not written, the last good
// configuration stays, and the Reconciled condition says why.
var errInvalidAdditionalConfig = errors.New("invalid additional configuration")

// checkAdditionalConfigs checks the raw snippets of additionalScrapeConfigs,
// additionalAlertRelabelConfigs and additionalAlertManagerConfigs before
// the configuration holding them is written: always for shape (lists of
// mappings; jobs with a job_name no other job uses), and with Prometheus's
// own loader when the workload runs Prometheus 3, the loader's major (a
// Prometheus 2 workload may use keys Prometheus 3 removed).
func checkAdditionalConfigs(p monitoringv1.PrometheusInterface, input promcfg.Input, generatedJobs []string) error {
	jobs, err := mappings("additionalScrapeConfigs", input.AdditionalScrapeConfigs)
	if err != nil {
		return err
	}
	relabelings, err := mappings("additionalAlertRelabelConfigs", input.AdditionalAlertRelabelConfigs)
	if err != nil {
		return err
	}
	alertmanagers, err := mappings("additionalAlertManagerConfigs", input.AdditionalAlertmanagerConfigs)
	if err != nil {
		return err
	}
	if err := checkJobNames(jobs, generatedJobs); err != nil {
		return err
	}
	// An unparsable version is reported elsewhere; Prometheus 2 keys are
	// not judged by a Prometheus 3 loader.
	if target, err := version.Parse(p.GetCommonPrometheusFields().Version); err == nil && target.Major() == 3 {
		return loadAdditional(jobs, relabelings, alertmanagers)
	}
	return nil
}

// mappings decodes a YAML list of mappings; empty input is an empty list.
func mappings(field string, data []byte) ([]yaml.MapSlice, error) {
	var items []yaml.MapSlice
	if err := yaml.Unmarshal(data, &items); err != nil {
		return nil, fmt.Errorf("%w: %s: not a YAML list of mappings: %w", errInvalidAdditionalConfig, field, err)
	}
	return items, nil
}

// checkJobNames requires a job_name on every extra job, used by no other
// job, extra or generated (generatedJobs names the latter).
func checkJobNames(jobs []yaml.MapSlice, generatedJobs []string) error {
	uses := make(map[string]int, len(jobs))
	for _, job := range jobs {
		uses[additionalJobName(job)]++
	}
	for _, name := range generatedJobs {
		if _, extra := uses[name]; extra {
			uses[name]++
		}
	}
	for i, job := range jobs {
		name := additionalJobName(job)
		if name == "" {
			return fmt.Errorf("%w: additionalScrapeConfigs[%d]: job_name is missing", errInvalidAdditionalConfig, i)
		}
		if uses[name] > 1 {
			return fmt.Errorf("%w: additionalScrapeConfigs[%d]: job_name %q is used by another job", errInvalidAdditionalConfig, i, name)
		}
	}
	return nil
}

// additionalJobName returns the job_name of an extra job, empty if none.
func additionalJobName(job yaml.MapSlice) string {
	for _, item := range job {
		if item.Key == "job_name" {
			name, _ := item.Value.(string)
			return name
		}
	}
	return ""
}

// unregisteredDiscoveries are the service discoveries whose SDK modules
// the operator does not link; jobs using them are checked for shape only.
var unregisteredDiscoveries = map[string]bool{
	"nerve_sd_configs": true, "oci_sd_configs": true, "outscale_sd_configs": true, "serverset_sd_configs": true,
	"stackit_sd_configs": true, "uyuni_sd_configs": true, "vultr_sd_configs": true,
}

// loadAdditional runs Prometheus's configuration loader over the snippets
// alone, so that its errors point at the user's input.
func loadAdditional(allJobs, relabelings, alertmanagers []yaml.MapSlice) error {
	var jobs []yaml.MapSlice
	for _, job := range allJobs {
		known := true
		for _, item := range job {
			if key, ok := item.Key.(string); ok && unregisteredDiscoveries[key] {
				known = false
			}
		}
		if known {
			jobs = append(jobs, job)
		}
	}
	doc := yaml.MapSlice{}
	if len(jobs) > 0 {
		doc = append(doc, yaml.MapItem{Key: "scrape_configs", Value: jobs})
	}
	alerting := yaml.MapSlice{}
	if len(relabelings) > 0 {
		alerting = append(alerting, yaml.MapItem{Key: "alert_relabel_configs", Value: relabelings})
	}
	if len(alertmanagers) > 0 {
		alerting = append(alerting, yaml.MapItem{Key: "alertmanagers", Value: alertmanagers})
	}
	if len(alerting) > 0 {
		doc = append(doc, yaml.MapItem{Key: "alerting", Value: alerting})
	}
	if len(doc) == 0 {
		return nil
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		return fmt.Errorf("render the additional configuration: %w", err)
	}
	if _, err := promconfig.Load(string(out), slog.New(slog.DiscardHandler)); err != nil {
		return fmt.Errorf("%w: rejected by the Prometheus 3 configuration loader: %w", errInvalidAdditionalConfig, err)
	}
	return nil
}
