// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"

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
}

// statefulSetListSelector matches the StatefulSets generated for Alertmanagers.
const statefulSetListSelector = operator.ManagedByRecommended + " in (" + operator.ManagedByValue + ")," +
	nameLabel + " in (" + ApplicationName + ")"

// informerSet builds the informers of one resource over scope, with a
// counted ListerWatcher per namespace.
func informerSet[L runtime.Object](opts InformerOptions, scope kube.Scope, tweak func(*metav1.ListOptions), resource string,
	example runtime.Object, clientset any, client func(namespace string) kube.ListWatchClient[L], transform cache.TransformFunc,
) *kube.InformerSet {
	return kube.NewInformerSet(scope, tweak, func(namespace string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		listWatch := opts.ListWatchMetrics.Instrument(kube.NewListWatch(client(namespace), tweak, clientset), metricsName, resource)
		informer := cache.NewSharedIndexInformer(listWatch, example, opts.Config.ResyncPeriod,
			cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
		_ = informer.SetTransform(transform)
		return informer
	})
}

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
	informers := &Informers{
		Alertmanagers: informerSet(opts, instances, labelSelector(config.AlertmanagerInstanceSelector), monitoringv1.AlertmanagerName,
			&monitoringv1.Alertmanager{}, monitoringClient,
			func(ns string) kube.ListWatchClient[*monitoringv1.AlertmanagerList] { return v1.Alertmanagers(ns) }, stripManagedFields),
		AlertmanagerConfigs: informerSet(opts, configs, nil, AlertmanagerConfigResource,
			&monitoringv1alpha1.AlertmanagerConfig{}, monitoringClient,
			func(ns string) kube.ListWatchClient[*monitoringv1alpha1.AlertmanagerConfigList] {
				return v1alpha1.AlertmanagerConfigs(ns)
			}, stripManagedFields),
		StatefulSets: informerSet(opts, instances, labelSelector(statefulSetListSelector), "statefulsets", &appsv1.StatefulSet{}, kubeClient,
			func(ns string) kube.ListWatchClient[*appsv1.StatefulSetList] { return apps.StatefulSets(ns) }, stripManagedFields),
	}
	if !opts.NoNamespaceAccess {
		informers.Namespaces = informerSet(opts, kube.AllNamespaces, nil, "namespaces", &corev1.Namespace{}, kubeClient,
			func(string) kube.ListWatchClient[*corev1.NamespaceList] { return core.Namespaces() }, stripManagedFields)
	}
	for _, target := range []struct {
		set                      **kube.InformerSet
		resource, labels, fields string
	}{
		{&informers.Secrets, "secrets", config.SecretLabelSelector, config.SecretFieldSelector},
		{&informers.ConfigMaps, "configmaps", config.ConfigMapLabelSelector, config.ConfigMapFieldSelector},
	} {
		gvr := schema.GroupVersionResource{Version: "v1", Resource: target.resource}
		tweak := func(options *metav1.ListOptions) {
			options.LabelSelector, options.FieldSelector = target.labels, target.fields
		}
		*target.set = informerSet(opts, referenced, tweak, target.resource, &metav1.PartialObjectMetadata{}, metadataClient,
			func(ns string) kube.ListWatchClient[*metav1.PartialObjectMetadataList] {
				return metadataClient.Resource(gvr).Namespace(ns)
			}, metadataOnly)
	}
	return informers
}

// metadataOnly keeps of a Secret's or ConfigMap's metadata what the
// controller reads: names and resourceVersion.
func metadataOnly(obj any) (any, error) {
	partial, ok := obj.(*metav1.PartialObjectMetadata)
	if !ok {
		return obj, nil
	}
	return &metav1.PartialObjectMetadata{TypeMeta: partial.TypeMeta, ObjectMeta: metav1.ObjectMeta{
		Namespace: partial.Namespace, Name: partial.Name, UID: partial.UID, ResourceVersion: partial.ResourceVersion,
	}}, nil
}

func labelSelector(selector string) func(*metav1.ListOptions) {
	if selector == "" {
		return nil
	}
	return func(options *metav1.ListOptions) { options.LabelSelector = selector }
}

// stripManagedFields drops server-side apply bookkeeping from cached objects.
func stripManagedFields(obj any) (any, error) {
	if accessor, ok := obj.(metav1.Object); ok {
		accessor.SetManagedFields(nil)
	}
	return obj, nil
}

// Start runs every informer until ctx is done.
func (i *Informers) Start(ctx context.Context) {
	for _, set := range i.all() {
		set.Start(ctx)
	}
}

// HasSynced reports whether every informer has listed once.
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
	for _, set := range []*kube.InformerSet{i.Alertmanagers, i.AlertmanagerConfigs, i.StatefulSets, i.Namespaces, i.Secrets, i.ConfigMaps} {
		if set != nil {
			sets = append(sets, set)
		}
	}
	return sets
}
