// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"strconv"

	"k8s.io/apimachinery/pkg/util/validation"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// probeJobs builds one job per Probe.
func (env *Environment) probeJobs(probes []*monitoringv1.Probe) []yamldoc.Map {
	return jobsOf(env, monitoringv1.ProbesKind, probes, func(probe *monitoringv1.Probe) ([]yamldoc.Map, error) {
		job, err := env.probe(probe)
		if err != nil {
			return nil, err
		}
		return []yamldoc.Map{job}, nil
	})
}

func (env *Environment) probe(probe *monitoringv1.Probe) (yamldoc.Map, error) {
	m, err := env.newMonitorJob(monitoringv1.ProbesKind, monitoringv1.ProbeName, "probe", probe, probe.Spec.ScrapeClassName)
	if err != nil {
		return nil, err
	}
	if err := m.checkProbe(probe); err != nil {
		return nil, err
	}
	spec := &probe.Spec
	honor := true
	job := yamldoc.Map{}.Add("job_name", "probe/"+probe.Namespace+"/"+probe.Name)
	job = m.honorTimestamps(job, &honor)
	job = job.Add("metrics_path", spec.ProberSpec.Path)
	job = job.AddIf(spec.Interval != "", "scrape_interval", string(spec.Interval))
	job = job.AddIf(spec.ScrapeTimeout != "", "scrape_timeout", string(spec.ScrapeTimeout))
	job = m.scheme(job, spec.ProberSpec.Scheme)
	job = job.AddIf(spec.Module != "" || len(spec.Params) > 0, "params", probeParams(spec))
	job = m.limits(job, &spec.ScrapeLimits)
	job = m.histograms(job, &spec.NativeHistogramConfig)
	job = m.protocols(job, &spec.MonitorScrapeSettings)
	if enforced := env.common.EnforcedBodySizeLimit; enforced != "" {
		job = m.target.AtLeast("2.28.0").Set(job, "body_size_limit", string(enforced))
	}
	job = m.client.Proxy(job, spec.ProberSpec.ProxyConfig)
	job = m.client.FollowRedirects(job, spec.FollowRedirects)
	job = m.client.EnableHTTP2(job, spec.EnableHTTP2)
	job = m.client.TLS(job, m.mergedSafeTLS(spec.TLSConfig))
	rules := []relabel.Rule{relabel.JobNameCapture()}
	if spec.JobName != "" {
		rules = append(rules, relabel.Set("job", spec.JobName))
	}
	if static := spec.Targets.StaticConfig; static != nil {
		job = job.Add("static_configs", []yamldoc.Map{probeStaticConfig(probe.Namespace, static)})
		rules = append(rules,
			relabel.Copy(relabel.HashAddress, relabel.HashProbeTarget),
			relabel.Copy(relabel.HashProbeTarget, "instance"),
			relabel.Set(relabel.HashAddress, spec.ProberSpec.URL),
		)
		rules = m.userRelabelings(rules, static.RelabelConfigs)
	} else {
		ingress := spec.Targets.Ingress
		rules = append(rules, relabel.SelectorRules(relabel.ObjectIngress, ingress.Selector)...)
		if job, err = m.kubernetesSD(job, kubernetesSD{role: roleIngress, namespaceSelector: ingress.NamespaceSelector}); err != nil {
			return nil, err
		}
		rules = append(rules, ingressProbeRules(spec.ProberSpec.URL)...)
		rules = m.userRelabelings(rules, ingress.RelabelConfigs)
	}
	rules = append(rules, env.probeSharding...)
	job = job.Add("relabel_configs", relabel.ToDocument(rules))
	job = m.client.BearerTokenSecret(job, spec.BearerTokenSecret)
	job = m.client.BasicAuth(job, spec.BasicAuth)
	job = m.client.OAuth2(job, spec.OAuth2)
	job = m.client.Authorization(job, m.mergedAuthorization(spec.Authorization))
	job = m.metricRelabelings(job, spec.MetricRelabelConfigs)
	job, err = m.finish(job)
	if err != nil {
		return nil, err
	}
	m.accept()
	return job, nil
}

// probeParams puts the module first, then the other parameters in order,
// skipping a "module" parameter that the module field already sets.
func probeParams(spec *monitoringv1.ProbeSpec) yamldoc.Map {
	params := yamldoc.Map{}
	if spec.Module != "" {
		params = params.Add("module", []string{spec.Module})
	}
	for _, param := range spec.Params {
		if spec.Module != "" && param.Name == "module" {
			continue
		}
		params = params.Add(param.Name, param.Values)
	}
	return params
}

// probeStaticConfig lists the static targets; they get the Probe's
// namespace as "namespace" label unless the labels set one.
func probeStaticConfig(namespace string, static *monitoringv1.ProbeTargetStaticConfig) yamldoc.Map {
	labels := maps.Clone(static.Labels)
	if labels == nil {
		labels = map[string]string{}
	}
	if _, ok := labels["namespace"]; !ok {
		labels["namespace"] = namespace
	}
	targets := static.Targets
	if targets == nil {
		targets = []string{}
	}
	return yamldoc.Map{}.Add("targets", targets).Add("labels", labels)
}

// ingressProbeRules turn a discovered Ingress into a probed URL.
func ingressProbeRules(proberURL string) []relabel.Rule {
	return []relabel.Rule{
		relabel.ReplaceRegexFirst([]string{"__meta_kubernetes_ingress_scheme", relabel.HashAddress, "__meta_kubernetes_ingress_path"},
			"(.+);(.+);(.+)", relabel.HashProbeTarget, "${1}://${2}${3}"),
		relabel.Copy(relabel.MetaNamespace, "namespace"),
		relabel.Copy("__meta_kubernetes_ingress_name", "ingress"),
		relabel.ReplaceRegexFirst([]string{relabel.HashAddress}, "(.*)", "__tmp_ingress_address", "$1"),
		relabel.Copy(relabel.HashProbeTarget, "instance"),
		relabel.Set(relabel.HashAddress, proberURL),
	}
}

// checkProbe validates what the generic client and job writers do not.
func (m *monitorJob) checkProbe(probe *monitoringv1.Probe) error {
	spec := &probe.Spec
	if spec.Targets.StaticConfig == nil && spec.Targets.Ingress == nil {
		return errors.New("at least one of targets.staticConfig and targets.ingress is required")
	}
	if spec.Interval != "" {
		if _, err := parseDuration("interval", spec.Interval); err != nil {
			return err
		}
	}
	if err := m.checkIntervals(spec.Interval, spec.ScrapeTimeout); err != nil {
		return err
	}
	if err := checkScheme(spec.ProberSpec.Scheme); err != nil {
		return fmt.Errorf("prober: %w", err)
	}
	if err := checkProberURL(spec.ProberSpec.URL); err != nil {
		return fmt.Errorf("prober.url %q must be a host or host:port: %w", spec.ProberSpec.URL, err)
	}
	if err := m.checkMonitorSettings(&spec.MonitorScrapeSettings, nil); err != nil {
		return err
	}
	if err := m.checkRelabelings("metricRelabelings", spec.MetricRelabelConfigs); err != nil {
		return err
	}
	if static := spec.Targets.StaticConfig; static != nil {
		for name := range static.Labels {
			if !m.env.validator.ValidLabelName(name) {
				return fmt.Errorf("targets.staticConfig.labels: invalid label name %q", name)
			}
		}
		return m.checkRelabelings("targets.staticConfig.relabelingConfigs", static.RelabelConfigs)
	}
	if err := m.checkMonitorSelector(spec.Targets.Ingress.Selector, nil); err != nil {
		return fmt.Errorf("targets.ingress: %w", err)
	}
	return m.checkRelabelings("targets.ingress.relabelingConfigs", spec.Targets.Ingress.RelabelConfigs)
}

// checkProberURL accepts a host name or IP address with an optional port.
func checkProberURL(address string) error {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		host, port = address, ""
	}
	if net.ParseIP(host) == nil && len(validation.IsDNS1123Subdomain(host)) > 0 {
		return fmt.Errorf("invalid host %q", host)
	}
	if port == "" {
		return nil
	}
	if number, err := strconv.Atoi(port); err != nil || number < 1 || number > 65535 {
		return fmt.Errorf("invalid port %q", port)
	}
	return nil
}
