// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"strings"

	"github.com/prometheus/common/model"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// ScrapeConfigs are the ScrapeConfig objects a workload selected through
// scrapeConfigSelector and scrapeConfigNamespaceSelector. Pass them in
// Input.ExtraJobs: their jobs follow the Probes' jobs, one job per object,
// ordered by "<namespace>/<name>".
type ScrapeConfigs []*monitoringv1alpha1.ScrapeConfig

// Jobs implements JobSource. A ScrapeConfig that cannot be turned into a
// valid job is left out and returned as a Rejection; the others still
// produce their jobs.
func (objects ScrapeConfigs) Jobs(env *Environment) ([]yamldoc.Map, []Rejection) {
	var jobs []yamldoc.Map
	var rejected []Rejection
	for _, object := range sortedByKey(objects) {
		if object == nil {
			continue
		}
		job, err := env.scrapeConfigJob(object)
		if err != nil {
			rejected = append(rejected, Rejection{
				Kind:      monitoringv1alpha1.ScrapeConfigsKind,
				Namespace: object.Namespace,
				Name:      object.Name,
				Reason:    err,
			})
			continue
		}
		jobs = append(jobs, job)
	}
	return jobs, rejected
}

// sdFamilies lists the service discovery mechanisms in the order their
// lists appear in a job. Each family is defined in its sd_<family>.go file.
var sdFamilies = []sdFamily{
	staticFamily, fileFamily, httpFamily, kubernetesFamily, consulFamily, dnsFamily,
	ec2Family, azureFamily, gceFamily, openstackFamily, digitalOceanFamily, kumaFamily,
	eurekaFamily, dockerFamily, linodeFamily, hetznerFamily, nomadFamily, dockerSwarmFamily,
	puppetDBFamily, lightsailFamily, ovhcloudFamily, scalewayFamily, ionosFamily,
}

// scrapeConfigJob builds the job of one ScrapeConfig, named
// scrapeConfig/<namespace>/<name> whatever spec.jobName says.
func (env *Environment) scrapeConfigJob(object *monitoringv1alpha1.ScrapeConfig) (yamldoc.Map, error) {
	m, err := env.newMonitorJob(monitoringv1alpha1.ScrapeConfigsKind, monitoringv1alpha1.ScrapeConfigName,
		"scrapeConfig", object, object.Spec.ScrapeClassName)
	if err != nil {
		return nil, err
	}
	spec := &object.Spec
	if err := m.checkScrapeConfig(spec); err != nil {
		return nil, err
	}
	job := yamldoc.Map{}.Add("job_name", "scrapeConfig/"+object.Namespace+"/"+object.Name)
	job = m.scrapeConfigSettings(job, spec)
	job = m.client.Proxy(job, spec.ProxyConfig)
	job = m.client.BasicAuth(job, spec.BasicAuth)
	job = m.client.Authorization(job, m.mergedAuthorization(spec.Authorization))
	job = m.client.OAuth2(job, spec.OAuth2)
	job = m.client.TLS(job, m.mergedSafeTLS(spec.TLSConfig))
	job = m.limits(job, &spec.ScrapeLimits)
	job = m.histograms(job, &spec.NativeHistogramConfig)
	job = m.bodySizeLimit(job, spec.BodySizeLimit)
	if job, err = m.discoveryLists(job, spec); err != nil {
		return nil, err
	}
	job = job.Add("relabel_configs", relabel.ToDocument(m.scrapeConfigRelabelings(spec)))
	job = m.metricRelabelings(job, spec.MetricRelabelConfigs)
	job = m.nameSchemes(job, spec)
	if job, err = m.finish(job); err != nil {
		return nil, err
	}
	m.accept()
	return job, nil
}

// scrapeConfigSettings writes the honor flags, path, parameters,
// compression, HTTP/2, intervals, protocols and scheme. Unlike monitors,
// a ScrapeConfig writes the honor flags only when it sets them.
func (m *monitorJob) scrapeConfigSettings(job yamldoc.Map, spec *monitoringv1alpha1.ScrapeConfigSpec) yamldoc.Map {
	if spec.HonorTimestamps != nil {
		job = m.honorTimestamps(job, spec.HonorTimestamps)
	}
	job = m.trackTimestampsStaleness(job, spec.TrackTimestampsStaleness)
	if spec.HonorLabels != nil {
		job = m.honorLabels(job, *spec.HonorLabels)
	}
	if spec.MetricsPath != nil {
		job = job.Add("metrics_path", *spec.MetricsPath)
	}
	job = job.AddIf(len(spec.Params) > 0, "params", spec.Params)
	if spec.EnableCompression != nil {
		job = m.target.AtLeast("2.49.0").Set(job, "enable_compression", *spec.EnableCompression)
	}
	job = m.client.EnableHTTP2(job, spec.EnableHTTP2)
	if spec.ScrapeInterval != nil {
		job = job.Add("scrape_interval", string(*spec.ScrapeInterval))
	}
	if spec.ScrapeTimeout != nil {
		job = job.Add("scrape_timeout", string(*spec.ScrapeTimeout))
	}
	job = m.protocols(job, &monitoringv1.MonitorScrapeSettings{
		ScrapeProtocols:        spec.ScrapeProtocols,
		FallbackScrapeProtocol: spec.FallbackScrapeProtocol,
	})
	return m.scheme(job, spec.Scheme)
}

// discoveryLists writes every service discovery list the spec uses, in
// the order of sdFamilies.
func (m *monitorJob) discoveryLists(job yamldoc.Map, spec *monitoringv1alpha1.ScrapeConfigSpec) (yamldoc.Map, error) {
	names := m.nameValidation(spec)
	for _, family := range sdFamilies {
		count := family.count(spec)
		if count == 0 {
			continue
		}
		if family.minimum != "" && !m.target.Supports(family.minimum) {
			return nil, fmt.Errorf("%s: this service discovery needs Prometheus >= %s, target is %s",
				family.field, family.minimum, m.target)
		}
		entries := make([]yamldoc.Map, 0, count)
		for i := range count {
			entry := newSDEntry(m, fmt.Sprintf("%s[%d]", family.field, i), names)
			family.build(entry, spec, i)
			built, err := entry.result()
			if err != nil {
				return nil, err
			}
			entries = append(entries, built)
		}
		job = job.Add(family.key, entries)
	}
	return job, nil
}

// scrapeConfigRelabelings returns the job's target relabeling: the job
// name capture, the scrape class's rules, the job label override, the
// object's rules followed by the enforced namespace label, then sharding
// unless a rule already shards by hash or the workload has one shard.
func (m *monitorJob) scrapeConfigRelabelings(spec *monitoringv1alpha1.ScrapeConfigSpec) []relabel.Rule {
	rules := []relabel.Rule{relabel.JobNameCapture()}
	rules = append(rules, relabel.FromAPIList(m.class.Relabelings)...)
	if spec.JobName != nil {
		rules = append(rules, relabel.SetWithAction("job", *spec.JobName))
	}
	// Like upstream, the namespace label is enforced on targets only for
	// ScrapeConfigs that have relabelings of their own; samples always get it
	// through metric_relabel_configs.
	if len(spec.RelabelConfigs) > 0 {
		rules = append(rules, relabel.FromAPIList(spec.RelabelConfigs)...)
		rules = m.env.enforcement.Append(rules, m.resource, m.namespace, m.name)
	}
	if m.env.common.ShardCount() == 1 {
		return rules
	}
	actions := make([]string, len(rules))
	for i, rule := range rules {
		actions[i] = rule.Action
	}
	if relabel.HasHashMod(actions) {
		return rules
	}
	return append(rules, m.env.sharding.Rules(relabel.HashAddress)...)
}

// nameSchemes writes the metric name validation (3.0+) and escaping (3.4+)
// schemes of the job.
func (m *monitorJob) nameSchemes(job yamldoc.Map, spec *monitoringv1alpha1.ScrapeConfigSpec) yamldoc.Map {
	if spec.NameValidationScheme != nil {
		job = m.target.AtLeast("3.0.0").Set(job, "metric_name_validation_scheme",
			strings.ToLower(string(*spec.NameValidationScheme)))
	}
	if escaping, ok := escapingSchemes[ptrValue(spec.NameEscapingScheme)]; ok {
		job = m.target.AtLeast("3.4.0").Set(job, "metric_name_escaping_scheme", escaping)
	}
	return job
}

// nameValidation returns the label name rules the job is loaded with: its
// own scheme, else the workload's, with Prometheus 2 always legacy.
func (m *monitorJob) nameValidation(spec *monitoringv1alpha1.ScrapeConfigSpec) model.ValidationScheme {
	if !m.target.Supports("3.0.0") {
		return model.LegacyValidation
	}
	scheme := spec.NameValidationScheme
	if scheme == nil {
		scheme = m.env.common.NameValidationScheme
	}
	if scheme != nil && *scheme == monitoringv1.NameValidationSchemeLegacy {
		return model.LegacyValidation
	}
	return model.UTF8Validation
}

// cachedJobs is Jobs for a generation with a cache: each object's job is
// rendered apart (or reused) by jobsOf, so none is returned.
func (objects ScrapeConfigs) cachedJobs(env *Environment) []yamldoc.Map {
	present := make([]*monitoringv1alpha1.ScrapeConfig, 0, len(objects))
	for _, object := range objects {
		if object != nil {
			present = append(present, object)
		}
	}
	return jobsOf(env, monitoringv1alpha1.ScrapeConfigsKind, present, func(object *monitoringv1alpha1.ScrapeConfig) ([]yamldoc.Map, error) {
		job, err := env.scrapeConfigJob(object)
		if err != nil {
			return nil, err
		}
		return []yamldoc.Map{job}, nil
	})
}
