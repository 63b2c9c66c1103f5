// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/build"
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
}

// Controller names in the list and watch metrics: the informers are shared
// by both controllers, apart from each one's own kind.
const (
	serverMetricsName = "prometheus"
	agentMetricsName  = "prometheus-agent"
)

// informerBuilder holds what every informer is built with.
type informerBuilder struct {
	resync  time.Duration
	metrics *kube.ListWatchMetrics
}

// newInformers builds the informers of one resource over scope, with a
// counted ListerWatcher per namespace. client gives the resource's client
// in a namespace; clientset is where it comes from.
func newInformers[L runtime.Object](b informerBuilder, scope kube.Scope, tweak func(*metav1.ListOptions), controllerName, resource string,
	example runtime.Object, clientset any, client func(namespace string) kube.ListWatchClient[L], transform cache.TransformFunc,
) *kube.InformerSet {
	return kube.NewInformerSet(scope, tweak, func(namespace string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		listWatch := b.metrics.Instrument(kube.NewListWatch(client(namespace), tweak, clientset), controllerName, resource)
		informer := cache.NewSharedIndexInformer(listWatch, example, b.resync,
			cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
		_ = informer.SetTransform(transform)
		return informer
	})
}

// NewInformers creates the informers, scoped by the operator's namespace
// flags. They are started by Start.
func NewInformers(kubeClient kubernetes.Interface, monitoringClient versioned.Interface, metadataClient metadata.Interface, opts InformerOptions) *Informers {
	config := opts.Config
	b := informerBuilder{resync: config.ResyncPeriod, metrics: opts.ListWatchMetrics}
	monitors := kube.NewScope(config.Namespaces.Sorted(), config.DenyNamespaces.Sorted())
	instances := kube.NewScope(config.InstanceNamespaces(config.PrometheusInstanceNamespaces).Sorted(), config.DenyNamespaces.Sorted())
	instanceSelector := withLabelSelector(config.PrometheusInstanceSelector)
	v1, v1alpha1 := monitoringClient.MonitoringV1(), monitoringClient.MonitoringV1alpha1()

	informers := &Informers{}
	if opts.ServePrometheuses {
		informers.Prometheuses = newInformers(b, instances, instanceSelector, serverMetricsName, monitoringv1.PrometheusName, &monitoringv1.Prometheus{}, monitoringClient,
			func(ns string) kube.ListWatchClient[*monitoringv1.PrometheusList] { return v1.Prometheuses(ns) }, stripManagedFields)
		informers.PrometheusRules = newInformers(b, monitors, nil, serverMetricsName, monitoringv1.PrometheusRuleName, &monitoringv1.PrometheusRule{}, monitoringClient,
			func(ns string) kube.ListWatchClient[*monitoringv1.PrometheusRuleList] { return v1.PrometheusRules(ns) }, stripManagedFields)
	}
	if opts.ServeAgents {
		informers.PrometheusAgents = newInformers(b, instances, instanceSelector, agentMetricsName, monitoringv1alpha1.PrometheusAgentName,
			&monitoringv1alpha1.PrometheusAgent{}, monitoringClient,
			func(ns string) kube.ListWatchClient[*monitoringv1alpha1.PrometheusAgentList] {
				return v1alpha1.PrometheusAgents(ns)
			}, stripManagedFields)
	}
	informers.ServiceMonitors = newInformers(b, monitors, nil, serverMetricsName, monitoringv1.ServiceMonitorName, &monitoringv1.ServiceMonitor{}, monitoringClient,
		func(ns string) kube.ListWatchClient[*monitoringv1.ServiceMonitorList] { return v1.ServiceMonitors(ns) }, stripManagedFields)
	informers.PodMonitors = newInformers(b, monitors, nil, serverMetricsName, monitoringv1.PodMonitorName, &monitoringv1.PodMonitor{}, monitoringClient,
		func(ns string) kube.ListWatchClient[*monitoringv1.PodMonitorList] { return v1.PodMonitors(ns) }, stripManagedFields)
	informers.Probes = newInformers(b, monitors, nil, serverMetricsName, monitoringv1.ProbeName, &monitoringv1.Probe{}, monitoringClient,
		func(ns string) kube.ListWatchClient[*monitoringv1.ProbeList] { return v1.Probes(ns) }, stripManagedFields)
	if opts.ServeScrapeConfigs {
		informers.ScrapeConfigs = newInformers(b, monitors, nil, serverMetricsName, monitoringv1alpha1.ScrapeConfigName, &monitoringv1alpha1.ScrapeConfig{}, monitoringClient,
			func(ns string) kube.ListWatchClient[*monitoringv1alpha1.ScrapeConfigList] {
				return v1alpha1.ScrapeConfigs(ns)
			}, stripManagedFields)
	}
	addCoreInformers(informers, b, kubeClient, metadataClient, opts)
	return informers
}

// addCoreInformers adds the informers of Kubernetes' own kinds: the
// generated workloads, namespaces, and the metadata of Secrets and
// ConfigMaps.
func addCoreInformers(informers *Informers, b informerBuilder, kubeClient kubernetes.Interface, metadataClient metadata.Interface, opts InformerOptions) {
	config := opts.Config
	instances := kube.NewScope(config.InstanceNamespaces(config.PrometheusInstanceNamespaces).Sorted(), config.DenyNamespaces.Sorted())
	apps, core := kubeClient.AppsV1(), kubeClient.CoreV1()
	informers.StatefulSets = newInformers(b, instances, withLabelSelector(workloadListSelector()), serverMetricsName, "statefulsets", &appsv1.StatefulSet{}, kubeClient,
		func(ns string) kube.ListWatchClient[*appsv1.StatefulSetList] { return apps.StatefulSets(ns) }, stripManagedFields)
	if opts.AgentDaemonSets && opts.ServeAgents {
		informers.DaemonSets = newInformers(b, instances, withLabelSelector(daemonSetListSelector()), agentMetricsName, "daemonsets", &appsv1.DaemonSet{}, kubeClient,
			func(ns string) kube.ListWatchClient[*appsv1.DaemonSetList] { return apps.DaemonSets(ns) }, stripManagedFields)
	}
	if !opts.NoNamespaceAccess {
		informers.Namespaces = newInformers(b, kube.AllNamespaces, nil, serverMetricsName, "namespaces", &corev1.Namespace{}, kubeClient,
			func(string) kube.ListWatchClient[*corev1.NamespaceList] { return core.Namespaces() }, stripManagedFields)
	}
	referenced := referencedScope(config)
	for _, target := range []struct {
		set                          **kube.InformerSet
		resource, labels, fieldsSpec string
	}{
		{&informers.Secrets, "secrets", config.SecretLabelSelector, config.SecretFieldSelector},
		{&informers.ConfigMaps, "configmaps", config.ConfigMapLabelSelector, config.ConfigMapFieldSelector},
	} {
		gvr := schema.GroupVersionResource{Version: "v1", Resource: target.resource}
		base := func(options *metav1.ListOptions) {
			options.LabelSelector, options.FieldSelector = target.labels, target.fieldsSpec
		}
		*target.set = newInformers(b, referenced, base, serverMetricsName, target.resource, &metav1.PartialObjectMetadata{}, metadataClient,
			func(ns string) kube.ListWatchClient[*metav1.PartialObjectMetadataList] {
				return metadataClient.Resource(gvr).Namespace(ns)
			}, slimMetadata)
	}
}

// workloadListSelector matches the StatefulSets and DaemonSets generated for
// servers and agents alike; ownership tells them apart.
func workloadListSelector() string {
	return operator.StatefulSetSelectorBase + "," + operator.ModeLabel + " in (" + build.ModeServer + "," + build.ModeAgent + ")"
}

// daemonSetListSelector matches the agent DaemonSets, which have no shard label.
func daemonSetListSelector() string {
	return operator.ManagedByLabel + " in (" + operator.ManagedByValue + ")," + operator.NameLabel + "," +
		operator.ModeLabel + " in (" + build.ModeAgent + ")"
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

func withLabelSelector(selector string) func(*metav1.ListOptions) {
	if selector == "" {
		return nil
	}
	return func(options *metav1.ListOptions) { options.LabelSelector = selector }
}

// stripManagedFields drops the server-side apply bookkeeping, which the
// operator never reads, from cached objects.
func stripManagedFields(obj any) (any, error) {
	if accessor, ok := obj.(metav1.Object); ok {
		accessor.SetManagedFields(nil)
	}
	return obj, nil
}

// slimMetadata keeps of a Secret's or ConfigMap's metadata only what the
// operator reads: kubectl's last-applied annotation alone can hold a copy of
// the whole object, which would defeat watching metadata only.
func slimMetadata(obj any) (any, error) {
	partial, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		return obj, nil
	}
	return &metav1.PartialObjectMetadata{
		TypeMeta: partial.TypeMeta,
		ObjectMeta: metav1.ObjectMeta{
			Namespace:       partial.Namespace,
			Name:            partial.Name,
			UID:             partial.UID,
			ResourceVersion: partial.ResourceVersion,
			Labels:          partial.Labels,
		},
	}, nil
}

// Start runs every informer until ctx is done.
func (i *Informers) Start(ctx context.Context) {
	for _, set := range i.all() {
		set.Start(ctx)
	}
}

// HasSynced reports whether every informer has listed its objects once.
func (i *Informers) HasSynced() bool {
	for _, set := range i.all() {
		if !set.HasSynced() {
			return false
		}
	}
	return true
}

func (i *Informers) all() []*kube.InformerSet {
	var sets []*kube.InformerSet
	for _, set := range []*kube.InformerSet{
		i.Prometheuses, i.PrometheusAgents, i.ServiceMonitors, i.PodMonitors, i.Probes, i.ScrapeConfigs,
		i.PrometheusRules, i.StatefulSets, i.DaemonSets, i.Namespaces, i.Secrets, i.ConfigMaps,
	} {
		if set != nil {
			sets = append(sets, set)
		}
	}
	return sets
}
