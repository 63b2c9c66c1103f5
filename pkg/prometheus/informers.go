// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
)

// Informers are the caches the Prometheus and PrometheusAgent controllers
// read. A nil set means the kind is not served (its CRD is missing) or not
// needed.
type Informers struct {
	Prometheuses     *kube.InformerSet
	PrometheusAgents *kube.InformerSet
	ServiceMonitors  *kube.InformerSet
	PodMonitors      *kube.InformerSet
	Probes           *kube.InformerSet
	ScrapeConfigs    *kube.InformerSet
	PrometheusRules  *kube.InformerSet
	// StatefulSets and DaemonSets hold only the workloads the operator generates.
	StatefulSets *kube.InformerSet
	DaemonSets   *kube.InformerSet
	Namespaces   *kube.InformerSet
	// Secrets and ConfigMaps hold metadata only (PartialObjectMetadata).
	Secrets    *kube.InformerSet
	ConfigMaps *kube.InformerSet
}

// InformerOptions says which informers to create and how.
type InformerOptions struct {
	Config *operator.Config
	// Served tells which optional kinds the API server serves.
	ServePrometheuses, ServeAgents, ServeScrapeConfigs bool
	// AgentDaemonSets adds the DaemonSet informer.
	AgentDaemonSets bool
	// NoNamespaceAccess leaves out the Namespace informer, for an operator
	// not allowed to list and watch namespaces: namespace selectors then
	// match namespace names only.
	NoNamespaceAccess bool
	// ListWatchMetrics, when set, counts the informers' list and watch calls.
	ListWatchMetrics *kube.ListWatchMetrics
	// SharedInformers, when set, lets the controllers share the metadata
	// informers of Secrets and ConfigMaps that they build alike.
	SharedInformers *kube.SharedInformers
}

// Controller names in the list and watch metrics: the informers are shared
// by both controllers, apart from each one's own kind.
const (
	serverMetricsName = "prometheus"
	agentMetricsName  = "prometheus-agent"
)

// NewInformers creates the informers, scoped by the operator's namespace
// flags. They are started by Start.
func NewInformers(kubeClient kubernetes.Interface, monitoringClient versioned.Interface, metadataClient metadata.Interface, opts InformerOptions) *Informers {
	config := opts.Config
	server := kube.InformerBuilder{Resync: config.ResyncPeriod, Metrics: opts.ListWatchMetrics, Controller: serverMetricsName, Shared: opts.SharedInformers}
	agent := server
	agent.Controller = agentMetricsName
	monitors := kube.NewScope(config.Namespaces.Sorted(), config.DenyNamespaces.Sorted())
	instances := kube.NewScope(config.InstanceNamespaces(config.PrometheusInstanceNamespaces).Sorted(), config.DenyNamespaces.Sorted())
	instanceSelector := kube.LabelSelectorTweak(config.PrometheusInstanceSelector)
	v1, v1alpha1 := monitoringClient.MonitoringV1(), monitoringClient.MonitoringV1alpha1()

	informers := &Informers{}
	if opts.ServePrometheuses {
		informers.Prometheuses = kube.NewInformers(server, kube.InformerSpec[*monitoringv1.PrometheusList]{
			Scope: instances, Tweak: instanceSelector, Resource: monitoringv1.PrometheusName, Example: &monitoringv1.Prometheus{}, Clientset: monitoringClient,
			Client: func(ns string) kube.ListWatchClient[*monitoringv1.PrometheusList] { return v1.Prometheuses(ns) },
		})
		informers.PrometheusRules = kube.NewInformers(server, kube.InformerSpec[*monitoringv1.PrometheusRuleList]{
			Scope: monitors, Resource: monitoringv1.PrometheusRuleName, Transform: kube.StripApplyBookkeeping, Example: &monitoringv1.PrometheusRule{}, Clientset: monitoringClient,
			Client: func(ns string) kube.ListWatchClient[*monitoringv1.PrometheusRuleList] { return v1.PrometheusRules(ns) },
		})
	}
	if opts.ServeAgents {
		informers.PrometheusAgents = kube.NewInformers(agent, kube.InformerSpec[*monitoringv1alpha1.PrometheusAgentList]{
			Scope: instances, Tweak: instanceSelector, Resource: monitoringv1alpha1.PrometheusAgentName,
			Example: &monitoringv1alpha1.PrometheusAgent{}, Clientset: monitoringClient,
			Client: func(ns string) kube.ListWatchClient[*monitoringv1alpha1.PrometheusAgentList] {
				return v1alpha1.PrometheusAgents(ns)
			},
		})
	}
	informers.ServiceMonitors = kube.NewInformers(server, kube.InformerSpec[*monitoringv1.ServiceMonitorList]{
		Scope: monitors, Resource: monitoringv1.ServiceMonitorName, Transform: kube.StripApplyBookkeeping, Example: &monitoringv1.ServiceMonitor{}, Clientset: monitoringClient,
		Client: func(ns string) kube.ListWatchClient[*monitoringv1.ServiceMonitorList] { return v1.ServiceMonitors(ns) },
	})
	informers.PodMonitors = kube.NewInformers(server, kube.InformerSpec[*monitoringv1.PodMonitorList]{
		Scope: monitors, Resource: monitoringv1.PodMonitorName, Transform: kube.StripApplyBookkeeping, Example: &monitoringv1.PodMonitor{}, Clientset: monitoringClient,
		Client: func(ns string) kube.ListWatchClient[*monitoringv1.PodMonitorList] { return v1.PodMonitors(ns) },
	})
	informers.Probes = kube.NewInformers(server, kube.InformerSpec[*monitoringv1.ProbeList]{
		Scope: monitors, Resource: monitoringv1.ProbeName, Transform: kube.StripApplyBookkeeping, Example: &monitoringv1.Probe{}, Clientset: monitoringClient,
		Client: func(ns string) kube.ListWatchClient[*monitoringv1.ProbeList] { return v1.Probes(ns) },
	})
	if opts.ServeScrapeConfigs {
		informers.ScrapeConfigs = kube.NewInformers(server, kube.InformerSpec[*monitoringv1alpha1.ScrapeConfigList]{
			Scope: monitors, Resource: monitoringv1alpha1.ScrapeConfigName, Transform: kube.StripApplyBookkeeping, Example: &monitoringv1alpha1.ScrapeConfig{}, Clientset: monitoringClient,
			Client: func(ns string) kube.ListWatchClient[*monitoringv1alpha1.ScrapeConfigList] {
				return v1alpha1.ScrapeConfigs(ns)
			},
		})
	}
	addCoreInformers(informers, server, kubeClient, metadataClient, opts)
	return informers
}

// addCoreInformers adds the informers of Kubernetes' own kinds: the
// generated workloads, namespaces, and the metadata of Secrets and
// ConfigMaps.
func addCoreInformers(informers *Informers, server kube.InformerBuilder, kubeClient kubernetes.Interface, metadataClient metadata.Interface, opts InformerOptions) {
	config := opts.Config
	instances := kube.NewScope(config.InstanceNamespaces(config.PrometheusInstanceNamespaces).Sorted(), config.DenyNamespaces.Sorted())
	apps, core := kubeClient.AppsV1(), kubeClient.CoreV1()
	informers.StatefulSets = kube.NewInformers(server, kube.InformerSpec[*appsv1.StatefulSetList]{
		Scope: instances, Tweak: kube.LabelSelectorTweak(workloadListSelector()), Resource: "statefulsets",
		Example: &appsv1.StatefulSet{}, Clientset: kubeClient,
		Client: func(ns string) kube.ListWatchClient[*appsv1.StatefulSetList] { return apps.StatefulSets(ns) },
	})
	if opts.AgentDaemonSets && opts.ServeAgents {
		agent := server
		agent.Controller = agentMetricsName
		informers.DaemonSets = kube.NewInformers(agent, kube.InformerSpec[*appsv1.DaemonSetList]{
			Scope: instances, Tweak: kube.LabelSelectorTweak(daemonSetListSelector()), Resource: "daemonsets",
			Example: &appsv1.DaemonSet{}, Clientset: kubeClient,
			Client: func(ns string) kube.ListWatchClient[*appsv1.DaemonSetList] { return apps.DaemonSets(ns) },
		})
	}
	if !opts.NoNamespaceAccess {
		informers.Namespaces = kube.NewInformers(server, kube.InformerSpec[*corev1.NamespaceList]{
			Scope: kube.AllNamespaces, Resource: "namespaces", Example: &corev1.Namespace{}, Clientset: kubeClient,
			Client: func(string) kube.ListWatchClient[*corev1.NamespaceList] { return core.Namespaces() },
		})
	}
	referenced := referencedScope(config)
	informers.Secrets = kube.NewMetadataInformers(server, referenced, metadataClient, "secrets",
		kube.MetadataSelectors{Labels: config.SecretLabelSelector, Fields: config.SecretFieldSelector})
	informers.ConfigMaps = kube.NewMetadataInformers(server, referenced, metadataClient, "configmaps",
		kube.MetadataSelectors{Labels: config.ConfigMapLabelSelector, Fields: config.ConfigMapFieldSelector})
}

// workloadListSelector matches the StatefulSets and DaemonSets generated for
// servers and agents alike; ownership tells them apart.
func workloadListSelector() string {
	return operator.StatefulSetSelectorBase + "," + operator.ModeLabel + " in (" + manifests.ModeServer + "," + manifests.ModeAgent + ")"
}

// daemonSetListSelector matches the agent DaemonSets, which have no shard label.
func daemonSetListSelector() string {
	return operator.ManagedByLabel + " in (" + operator.ManagedByValue + ")," + operator.NameLabel + "," +
		operator.ModeLabel + " in (" + manifests.ModeAgent + ")"
}

// referencedScope is where referenced Secrets and ConfigMaps can live: the
// monitors' namespaces and the workloads' namespaces.
func referencedScope(config *operator.Config) kube.Scope {
	if config.WatchReferencedObjectsAllNS || len(config.Namespaces) == 0 {
		return kube.NewScope(nil, config.DenyNamespaces.Sorted())
	}
	allow := operator.StringSet{}
	for namespace := range config.Namespaces {
		allow[namespace] = struct{}{}
	}
	for namespace := range config.PrometheusInstanceNamespaces {
		allow[namespace] = struct{}{}
	}
	return kube.NewScope(allow.Sorted(), nil)
}

// Start runs every informer until ctx is done.
func (i *Informers) Start(ctx context.Context) { i.all().Start(ctx) }

// HasSynced reports whether every informer has listed its objects once.
func (i *Informers) HasSynced() bool { return i.all().HasSynced() }

func (i *Informers) all() kube.InformerGroup {
	return kube.InformerGroup{
		i.Prometheuses, i.PrometheusAgents, i.ServiceMonitors, i.PodMonitors, i.Probes, i.ScrapeConfigs,
		i.PrometheusRules, i.StatefulSets, i.DaemonSets, i.Namespaces, i.Secrets, i.ConfigMaps,
	}
}
