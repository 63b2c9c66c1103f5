// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"strconv"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// podMonitorJobs builds one job per endpoint of each PodMonitor.
func (env *Environment) podMonitorJobs(monitors []*monitoringv1.PodMonitor) []yamldoc.Map {
	return jobsOf(env, monitoringv1.PodMonitorsKind, monitors, env.podMonitor)
}

func (env *Environment) podMonitor(monitor *monitoringv1.PodMonitor) ([]yamldoc.Map, error) {
	m, err := env.newMonitorJob(monitoringv1.PodMonitorsKind, monitoringv1.PodMonitorName, "podMonitor", monitor, monitor.Spec.ScrapeClassName)
	if err != nil {
		return nil, err
	}
	if err := m.checkMonitorSelector(monitor.Spec.Selector, monitor.Spec.SelectorMechanism); err != nil {
		return nil, err
	}
	if err := m.checkMonitorSettings(&monitor.Spec.MonitorScrapeSettings, monitor.Spec.BodySizeLimit); err != nil {
		return nil, err
	}
	if err := env.checkTargetLabels("podTargetLabels", monitor.Spec.PodTargetLabels); err != nil {
		return nil, err
	}
	var selectorRules []relabel.Rule
	if !usesRoleSelector(monitor.Spec.SelectorMechanism) {
		selectorRules = relabel.SelectorRules(relabel.ObjectPod, monitor.Spec.Selector)
	}
	jobs := make([]yamldoc.Map, 0, len(monitor.Spec.PodMetricsEndpoints))
	for i := range monitor.Spec.PodMetricsEndpoints {
		job, err := m.podMonitorEndpoint(monitor, &monitor.Spec.PodMetricsEndpoints[i], i, selectorRules)
		if err != nil {
			return nil, fmt.Errorf("podMetricsEndpoints[%d]: %w", i, err)
		}
		jobs = append(jobs, job)
	}
	m.accept()
	return jobs, nil
}

func (m *monitorJob) podMonitorEndpoint(monitor *monitoringv1.PodMonitor, ep *monitoringv1.PodMetricsEndpoint, index int, selectorRules []relabel.Rule) (yamldoc.Map, error) {
	if err := m.checkEndpoint(&ep.ScrapeEndpointSettings); err != nil {
		return nil, err
	}
	spec := &monitor.Spec
	job := make(yamldoc.Map, 0, 24).Add("job_name", "podMonitor/"+monitor.Namespace+"/"+monitor.Name+"/"+strconv.Itoa(index))
	job = m.honorLabels(job, ep.HonorLabels)
	job = m.honorTimestamps(job, ep.HonorTimestamps)
	job = m.trackTimestampsStaleness(job, ep.TrackTimestampsStaleness)
	job, err := m.kubernetesSD(job, kubernetesSD{
		role: rolePod, namespaceSelector: spec.NamespaceSelector,
		attachMetadata: spec.AttachMetadata, attachMinimum: "2.35.0",
		roleSelector: roleSelectorOf(&spec.Selector, spec.SelectorMechanism), selectorRoles: []string{rolePod},
	})
	if err != nil {
		return nil, err
	}
	job = m.endpointBasics(job, &ep.ScrapeEndpointSettings)
	job = m.client.FollowRedirects(job, ep.FollowRedirects)
	job = m.client.EnableHTTP2(job, ep.EnableHTTP2)
	job = m.client.TLS(job, m.mergedSafeTLS(ep.TLSConfig))
	job = m.client.BearerTokenSecret(job, ep.BearerTokenSecret)
	job = m.client.BasicAuth(job, ep.BasicAuth)
	job = m.client.OAuth2(job, ep.OAuth2)
	job = m.client.Proxy(job, ep.ProxyConfig)
	job = m.client.Authorization(job, m.mergedAuthorization(ep.Authorization))
	job = job.Add("relabel_configs", relabel.ToDocument(m.podMonitorRelabelings(monitor, ep, selectorRules)))
	job = m.limits(job, &spec.ScrapeLimits)
	job = m.histograms(job, &spec.NativeHistogramConfig)
	job = m.protocols(job, &spec.MonitorScrapeSettings)
	job = m.bodySizeLimit(job, spec.BodySizeLimit)
	job = m.metricRelabelings(job, ep.MetricRelabelConfigs)
	return m.finish(job)
}

// podMonitorRelabelings builds the target relabeling of one endpoint. The
// running filter comes before the selector here, unlike ServiceMonitors.
func (m *monitorJob) podMonitorRelabelings(monitor *monitoringv1.PodMonitor, ep *monitoringv1.PodMetricsEndpoint, selectorRules []relabel.Rule) []relabel.Rule {
	rules := make([]relabel.Rule, 0, 14+len(selectorRules))
	rules = append(rules, relabel.JobNameCapture())
	if ep.FilterRunning == nil || *ep.FilterRunning {
		rules = append(rules, relabel.DropNotRunning())
	}
	rules = append(rules, selectorRules...)
	port := ptrValue(ep.Port)
	switch {
	case port != "":
		rules = append(rules, relabel.Keep(port, relabel.MetaPodContainerPortName))
	case ptrValue(ep.PortNumber) != 0:
		rules = append(rules, relabel.KeepNumber(int64(*ep.PortNumber), relabel.MetaPodContainerPortNumber))
	case ep.TargetPort != nil:
		rules = appendTargetPortFilter(rules, *ep.TargetPort)
	}
	rules = append(rules, podTargetRules...)
	rules = m.podTargetLabels(rules, monitor.Spec.PodTargetLabels)
	rules = append(rules, relabel.Set("job", monitor.Namespace+"/"+monitor.Name))
	if monitor.Spec.JobLabel != "" {
		rules = append(rules, relabel.CopyIfSet(relabel.LabelMeta(relabel.ObjectPod, monitor.Spec.JobLabel), "job"))
	}
	switch {
	case port != "":
		rules = append(rules, relabel.Set("endpoint", port))
	case ep.TargetPort != nil && ep.TargetPort.String() != "":
		rules = append(rules, relabel.Set("endpoint", ep.TargetPort.String()))
	}
	rules = m.userRelabelings(rules, ep.RelabelConfigs)
	if m.env.daemonSet {
		return rules
	}
	return append(rules, m.env.addressSharding...)
}

// podTargetRules copy the namespace, container and pod names.
var podTargetRules = []relabel.Rule{
	relabel.Copy(relabel.MetaNamespace, "namespace"),
	relabel.Copy(relabel.MetaPodContainerName, "container"),
	relabel.Copy(relabel.MetaPodName, "pod"),
}
