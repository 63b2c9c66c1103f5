// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"errors"
	"fmt"
	"strconv"

	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// serviceMonitorJobs builds one job per endpoint of each ServiceMonitor.
func (env *Environment) serviceMonitorJobs(monitors []*monitoringv1.ServiceMonitor) []yamldoc.Map {
	return jobsOf(env, monitoringv1.ServiceMonitorsKind, monitors, env.serviceMonitor)
}

func (env *Environment) serviceMonitor(monitor *monitoringv1.ServiceMonitor) ([]yamldoc.Map, error) {
	m, err := env.newMonitorJob(monitoringv1.ServiceMonitorsKind, monitoringv1.ServiceMonitorName, "serviceMonitor", monitor, monitor.Spec.ScrapeClassName)
	if err != nil {
		return nil, err
	}
	if err := m.checkMonitorSelector(monitor.Spec.Selector, monitor.Spec.SelectorMechanism); err != nil {
		return nil, err
	}
	if err := m.checkMonitorSettings(&monitor.Spec.MonitorScrapeSettings, monitor.Spec.BodySizeLimit); err != nil {
		return nil, err
	}
	if err := env.checkTargetLabels("targetLabels", monitor.Spec.TargetLabels); err != nil {
		return nil, err
	}
	if err := env.checkTargetLabels("podTargetLabels", monitor.Spec.PodTargetLabels); err != nil {
		return nil, err
	}
	role := env.endpointRole(monitor.Spec.ServiceDiscoveryRole)
	var selectorRules []relabel.Rule
	if !usesRoleSelector(monitor.Spec.SelectorMechanism) {
		selectorRules = relabel.SelectorRules(relabel.ObjectService, monitor.Spec.Selector)
	}
	jobs := make([]yamldoc.Map, 0, len(monitor.Spec.Endpoints))
	for i := range monitor.Spec.Endpoints {
		job, err := m.serviceMonitorEndpoint(monitor, &monitor.Spec.Endpoints[i], i, role, selectorRules)
		if err != nil {
			return nil, fmt.Errorf("endpoints[%d]: %w", i, err)
		}
		jobs = append(jobs, job)
	}
	m.accept()
	return jobs, nil
}

func (m *monitorJob) serviceMonitorEndpoint(monitor *monitoringv1.ServiceMonitor, ep *monitoringv1.Endpoint, index int, role string, selectorRules []relabel.Rule) (yamldoc.Map, error) {
	if err := m.checkEndpoint(&ep.ScrapeEndpointSettings); err != nil {
		return nil, err
	}
	if m.env.common.ArbitraryFSAccessThroughSMs.Deny {
		if ep.BearerTokenFile != "" {
			return nil, errors.New("bearerTokenFile reads the file system of Prometheus, which the workload denies")
		}
		if ep.TLSConfig != nil && (ep.TLSConfig.CAFile != "" || ep.TLSConfig.CertFile != "" || ep.TLSConfig.KeyFile != "") {
			return nil, errors.New("tlsConfig files read the file system of Prometheus, which the workload denies")
		}
	}
	spec := &monitor.Spec
	job := make(yamldoc.Map, 0, 24).Add("job_name", "serviceMonitor/"+monitor.Namespace+"/"+monitor.Name+"/"+strconv.Itoa(index))
	job = m.honorLabels(job, ep.HonorLabels)
	job = m.honorTimestamps(job, ep.HonorTimestamps)
	job = m.trackTimestampsStaleness(job, ep.TrackTimestampsStaleness)
	job, err := m.kubernetesSD(job, kubernetesSD{
		role: role, namespaceSelector: spec.NamespaceSelector,
		attachMetadata: spec.AttachMetadata, attachMinimum: "2.37.0",
		roleSelector: roleSelectorOf(&spec.Selector, spec.SelectorMechanism), selectorRoles: []string{role, roleService},
	})
	if err != nil {
		return nil, err
	}
	job = m.endpointBasics(job, &ep.ScrapeEndpointSettings)
	job = m.client.FollowRedirects(job, ep.FollowRedirects)
	job = m.client.EnableHTTP2(job, ep.EnableHTTP2)
	job = m.client.Proxy(job, ep.ProxyConfig)
	job = m.client.OAuth2(job, ep.OAuth2)
	job = m.client.TLS(job, m.mergedTLS(ep.TLSConfig))
	job = job.AddIf(ep.BearerTokenFile != "", "bearer_token_file", ep.BearerTokenFile)
	job = m.client.BearerTokenSecret(job, ep.BearerTokenSecret)
	job = m.client.BasicAuth(job, ep.BasicAuth)
	job = m.client.Authorization(job, m.mergedAuthorization(ep.Authorization))
	job = job.Add("relabel_configs", relabel.ToDocument(m.serviceMonitorRelabelings(monitor, ep, role, selectorRules)))
	job = m.limits(job, &spec.ScrapeLimits)
	job = m.histograms(job, &spec.NativeHistogramConfig)
	job = m.protocols(job, &spec.MonitorScrapeSettings)
	job = m.bodySizeLimit(job, spec.BodySizeLimit)
	job = m.metricRelabelings(job, ep.MetricRelabelConfigs)
	return m.finish(job)
}

// serviceMonitorRelabelings builds the target relabeling of one endpoint.
func (m *monitorJob) serviceMonitorRelabelings(monitor *monitoringv1.ServiceMonitor, ep *monitoringv1.Endpoint, role string, selectorRules []relabel.Rule) []relabel.Rule {
	portLabel := "__meta_kubernetes_endpoint_port_name"
	if role == roleEndpointSlice {
		portLabel = "__meta_kubernetes_endpointslice_port_name"
	}
	rules := make([]relabel.Rule, 0, 20+len(selectorRules))
	rules = append(rules, relabel.JobNameCapture())
	rules = append(rules, selectorRules...)
	switch {
	case ep.Port != "":
		rules = append(rules, relabel.Keep(ep.Port, portLabel))
	case ep.TargetPort != nil:
		rules = appendTargetPortFilter(rules, *ep.TargetPort)
	}
	rules = append(rules, serviceTargetRules[role]...)
	if ep.FilterRunning == nil || *ep.FilterRunning {
		rules = append(rules, relabel.DropNotRunning())
	}
	for _, label := range monitor.Spec.TargetLabels {
		rules = append(rules, relabel.CopyIfSet(relabel.LabelMeta(relabel.ObjectService, label), relabel.SanitizeLabelName(label)))
	}
	rules = m.podTargetLabels(rules, monitor.Spec.PodTargetLabels)
	rules = append(rules, relabel.CopyReplacing(relabel.MetaServiceName, "job", "${1}"))
	if monitor.Spec.JobLabel != "" {
		rules = append(rules, relabel.CopyIfSet(relabel.LabelMeta(relabel.ObjectService, monitor.Spec.JobLabel), "job"))
	}
	switch {
	case ep.Port != "":
		rules = append(rules, relabel.Set("endpoint", ep.Port))
	case ep.TargetPort != nil && ep.TargetPort.String() != "":
		rules = append(rules, relabel.Set("endpoint", ep.TargetPort.String()))
	}
	rules = m.userRelabelings(rules, ep.RelabelConfigs)
	return append(rules, m.env.addressSharding...)
}

// serviceTargetRules name the node or pod behind an endpoint address and
// copy the namespace, Service, pod and container names, per role. They are
// the same for every job, so they are built once.
var serviceTargetRules = map[string][]relabel.Rule{
	roleEndpoints:     serviceTargetRulesFor("__meta_kubernetes_endpoint_address_target_kind", "__meta_kubernetes_endpoint_address_target_name"),
	roleEndpointSlice: serviceTargetRulesFor("__meta_kubernetes_endpointslice_address_target_kind", "__meta_kubernetes_endpointslice_address_target_name"),
}

func serviceTargetRulesFor(kindLabel, nameLabel string) []relabel.Rule {
	return []relabel.Rule{
		relabel.CaptureAddressTarget(kindLabel, nameLabel, "Node", "node"),
		relabel.CaptureAddressTarget(kindLabel, nameLabel, "Pod", "pod"),
		relabel.Copy(relabel.MetaNamespace, "namespace"),
		relabel.Copy(relabel.MetaServiceName, "service"),
		relabel.Copy(relabel.MetaPodName, "pod"),
		relabel.Copy(relabel.MetaPodContainerName, "container"),
	}
}

// appendTargetPortFilter keeps the container port given by name or number.
func appendTargetPortFilter(rules []relabel.Rule, port intstr.IntOrString) []relabel.Rule {
	switch {
	case port.Type == intstr.String && port.StrVal != "":
		return append(rules, relabel.Keep(port.StrVal, relabel.MetaPodContainerPortName))
	case port.Type == intstr.Int && port.IntVal != 0:
		return append(rules, relabel.KeepNumber(int64(port.IntVal), relabel.MetaPodContainerPortNumber))
	}
	return rules
}

// podTargetLabels copies the object's and the workload's pod target labels.
func (m *monitorJob) podTargetLabels(rules []relabel.Rule, own []string) []relabel.Rule {
	for _, labels := range [][]string{own, m.env.common.PodTargetLabels} {
		for _, label := range labels {
			rules = append(rules, relabel.CopyIfSet(relabel.LabelMeta(relabel.ObjectPod, label), relabel.SanitizeLabelName(label)))
		}
	}
	return rules
}
