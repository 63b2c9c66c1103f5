// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	appsinformers "k8s.io/client-go/informers/apps/v1"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/tools/cache"

	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	monitoringinformers "github.com/seed-6daed11e/prometheus-operator/client/informers/externalversions/monitoring/v1"
	monitoringalphainformers "github.com/seed-6daed11e/prometheus-operator/client/informers/externalversions/monitoring/v1alpha1"
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
}

// NewInformers creates the informers, scoped by the operator's namespace
// flags. They are started by Start.
func NewInformers(kubeClient kubernetes.Interface, monitoringClient versioned.Interface, metadataClient metadata.Interface, opts InformerOptions) *Informers {
	config := opts.Config
	resync := config.ResyncPeriod
	monitors := kube.NewScope(config.Namespaces.Sorted(), config.DenyNamespaces.Sorted())
	instances := kube.NewScope(config.InstanceNamespaces(config.PrometheusInstanceNamespaces).Sorted(), config.DenyNamespaces.Sorted())
	instanceSelector := withLabelSelector(config.PrometheusInstanceSelector)
	indexers := cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}

	typed := func(scope kube.Scope, tweak func(*metav1.ListOptions), create func(string, func(*metav1.ListOptions)) cache.SharedIndexInformer) *kube.InformerSet {
		return kube.NewInformerSet(scope, tweak, func(namespace string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
			informer := create(namespace, tweak)
			_ = informer.SetTransform(stripManagedFields)
			return informer
		})
	}
	informers := &Informers{}
	if opts.ServePrometheuses {
		informers.Prometheuses = typed(instances, instanceSelector, func(ns string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
			return monitoringinformers.NewFilteredPrometheusInformer(monitoringClient, ns, resync, indexers, tweak)
		})
		informers.PrometheusRules = typed(monitors, nil, func(ns string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
			return monitoringinformers.NewFilteredPrometheusRuleInformer(monitoringClient, ns, resync, indexers, tweak)
		})
	}
	if opts.ServeAgents {
		informers.PrometheusAgents = typed(instances, instanceSelector, func(ns string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
			return monitoringalphainformers.NewFilteredPrometheusAgentInformer(monitoringClient, ns, resync, indexers, tweak)
		})
	}
	informers.ServiceMonitors = typed(monitors, nil, func(ns string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		return monitoringinformers.NewFilteredServiceMonitorInformer(monitoringClient, ns, resync, indexers, tweak)
	})
	informers.PodMonitors = typed(monitors, nil, func(ns string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		return monitoringinformers.NewFilteredPodMonitorInformer(monitoringClient, ns, resync, indexers, tweak)
	})
	informers.Probes = typed(monitors, nil, func(ns string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		return monitoringinformers.NewFilteredProbeInformer(monitoringClient, ns, resync, indexers, tweak)
	})
	if opts.ServeScrapeConfigs {
		informers.ScrapeConfigs = typed(monitors, nil, func(ns string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
			return monitoringalphainformers.NewFilteredScrapeConfigInformer(monitoringClient, ns, resync, indexers, tweak)
		})
	}
	informers.StatefulSets = typed(instances, withLabelSelector(workloadListSelector()), func(ns string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		return appsinformers.NewFilteredStatefulSetInformer(kubeClient, ns, resync, indexers, tweak)
	})
	if opts.AgentDaemonSets && opts.ServeAgents {
		informers.DaemonSets = typed(instances, withLabelSelector(daemonSetListSelector()), func(ns string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
			return appsinformers.NewFilteredDaemonSetInformer(kubeClient, ns, resync, indexers, tweak)
		})
	}
	informers.Namespaces = typed(kube.AllNamespaces, nil, func(_ string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		return coreinformers.NewFilteredNamespaceInformer(kubeClient, resync, cache.Indexers{}, tweak)
	})
	informers.Secrets = metadataInformers(metadataClient, referencedScope(config), resync, config.SecretLabelSelector, config.SecretFieldSelector, "secrets")
	informers.ConfigMaps = metadataInformers(metadataClient, referencedScope(config), resync, config.ConfigMapLabelSelector, config.ConfigMapFieldSelector, "configmaps")
	return informers
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

func metadataInformers(client metadata.Interface, scope kube.Scope, resync time.Duration, labelSelector, fieldSelector, resource string) *kube.InformerSet {
	gvr := schema.GroupVersionResource{Version: "v1", Resource: resource}
	base := func(options *metav1.ListOptions) {
		options.LabelSelector = labelSelector
		options.FieldSelector = fieldSelector
	}
	return kube.NewInformerSet(scope, base, func(namespace string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		informer := metadatainformer.NewFilteredMetadataInformer(client, gvr, namespace, resync,
			cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}, tweak).Informer()
		_ = informer.SetTransform(slimMetadata)
		return informer
	})
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
