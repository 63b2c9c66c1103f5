// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

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
)

// Informers are the caches the Alertmanager controller reads.
type Informers struct {
	Alertmanagers *kube.InformerSet
	// AlertmanagerConfigs are read in v1alpha1, the storage version.
	AlertmanagerConfigs *kube.InformerSet
	// StatefulSets hold only the StatefulSets generated for Alertmanagers.
	StatefulSets *kube.InformerSet
	// Namespaces is nil when the operator may not list namespaces: the
	// namespace selector then matches namespace names only.
	Namespaces *kube.InformerSet
	// Secrets and ConfigMaps hold metadata only.
	Secrets    *kube.InformerSet
	ConfigMaps *kube.InformerSet
}

// InformerOptions say how to build the informers.
type InformerOptions struct {
	Config *operator.Config
	// NoNamespaceAccess leaves out the Namespace informer.
	NoNamespaceAccess bool
	// ListWatchMetrics, when set, counts list and watch calls.
	ListWatchMetrics *kube.ListWatchMetrics
	// SharedInformers, when set, lets the controllers share the metadata
	// informers of Secrets and ConfigMaps that they build alike.
	SharedInformers *kube.SharedInformers
}

// statefulSetListSelector matches the StatefulSets generated for Alertmanagers.
const statefulSetListSelector = operator.ManagedByRecommended + " in (" + operator.ManagedByValue + ")," +
	nameLabel + " in (" + ApplicationName + ")"

// NewInformers builds the informers, scoped by --alertmanager-instance-namespaces,
// --alertmanager-config-namespaces (both default to --namespaces),
// --deny-namespaces and --alertmanager-instance-selector. Referenced
// Secrets and ConfigMaps are watched in both sets of namespaces.
func NewInformers(kubeClient kubernetes.Interface, monitoringClient versioned.Interface, metadataClient metadata.Interface, opts InformerOptions) *Informers {
	config := opts.Config
	deny := config.DenyNamespaces.Sorted()
	instanceNamespaces := config.InstanceNamespaces(config.AlertmanagerInstanceNamespace)
	configNamespaces := config.InstanceNamespaces(config.AlertmanagerConfigNamespaces)
	instances := kube.NewScope(instanceNamespaces.Sorted(), deny)
	configs := kube.NewScope(configNamespaces.Sorted(), deny)
	referenced := kube.NewScope(nil, deny)
	if len(instanceNamespaces) > 0 && len(configNamespaces) > 0 && !config.WatchReferencedObjectsAllNS {
		union := operator.StringSet{}
		for namespace := range instanceNamespaces {
			union[namespace] = struct{}{}
		}
		for namespace := range configNamespaces {
			union[namespace] = struct{}{}
		}
		referenced = kube.NewScope(union.Sorted(), nil)
	}
	v1, v1alpha1, apps, core := monitoringClient.MonitoringV1(), monitoringClient.MonitoringV1alpha1(), kubeClient.AppsV1(), kubeClient.CoreV1()
	builder := kube.InformerBuilder{Resync: config.ResyncPeriod, Metrics: opts.ListWatchMetrics, Controller: metricsName, Shared: opts.SharedInformers}
	informers := &Informers{
		Alertmanagers: kube.NewInformers(builder, kube.InformerSpec[*monitoringv1.AlertmanagerList]{
			Scope: instances, Tweak: kube.LabelSelectorTweak(config.AlertmanagerInstanceSelector), Resource: monitoringv1.AlertmanagerName,
			Example: &monitoringv1.Alertmanager{}, Clientset: monitoringClient,
			Client: func(ns string) kube.ListWatchClient[*monitoringv1.AlertmanagerList] { return v1.Alertmanagers(ns) },
		}),
		AlertmanagerConfigs: kube.NewInformers(builder, kube.InformerSpec[*monitoringv1alpha1.AlertmanagerConfigList]{
			Scope: configs, Resource: AlertmanagerConfigResource, Transform: kube.StripApplyBookkeeping,
			Example: &monitoringv1alpha1.AlertmanagerConfig{}, Clientset: monitoringClient,
			Client: func(ns string) kube.ListWatchClient[*monitoringv1alpha1.AlertmanagerConfigList] {
				return v1alpha1.AlertmanagerConfigs(ns)
			},
		}),
		StatefulSets: kube.NewInformers(builder, kube.InformerSpec[*appsv1.StatefulSetList]{
			Scope: instances, Tweak: kube.LabelSelectorTweak(statefulSetListSelector), Resource: "statefulsets",
			Example: &appsv1.StatefulSet{}, Clientset: kubeClient,
			Client: func(ns string) kube.ListWatchClient[*appsv1.StatefulSetList] { return apps.StatefulSets(ns) },
		}),
		Secrets: kube.NewMetadataInformers(builder, referenced, metadataClient, "secrets",
			kube.MetadataSelectors{Labels: config.SecretLabelSelector, Fields: config.SecretFieldSelector}),
		ConfigMaps: kube.NewMetadataInformers(builder, referenced, metadataClient, "configmaps",
			kube.MetadataSelectors{Labels: config.ConfigMapLabelSelector, Fields: config.ConfigMapFieldSelector}),
	}
	if !opts.NoNamespaceAccess {
		informers.Namespaces = kube.NewInformers(builder, kube.InformerSpec[*corev1.NamespaceList]{
			Scope: kube.AllNamespaces, Resource: "namespaces", Example: &corev1.Namespace{}, Clientset: kubeClient,
			Client: func(string) kube.ListWatchClient[*corev1.NamespaceList] { return core.Namespaces() },
		})
	}
	return informers
}

// Start runs every informer until ctx is done.
func (i *Informers) Start(ctx context.Context) { i.all().Start(ctx) }

// HasSynced reports whether every informer has listed once.
func (i *Informers) HasSynced() bool { return i.all().HasSynced() }

func (i *Informers) all() kube.InformerGroup {
	return kube.InformerGroup{i.Alertmanagers, i.AlertmanagerConfigs, i.StatefulSets, i.Namespaces, i.Secrets, i.ConfigMaps}
}
