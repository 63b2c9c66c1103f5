// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

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
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// metricsName names the controller in the list and watch metrics.
const metricsName = "thanos"

// Informers are the caches the ThanosRuler controller reads.
type Informers struct {
	ThanosRulers    *kube.InformerSet
	PrometheusRules *kube.InformerSet
	// RuleConfigMaps holds the metadata of the rule ConfigMaps only
	// (label thanos-ruler-name), so that a deleted or edited one is put back.
	RuleConfigMaps *kube.InformerSet
	// StatefulSets holds only the StatefulSets of ThanosRulers.
	StatefulSets *kube.InformerSet
	// Namespaces is nil when the operator may not list namespaces; rule
	// namespace selectors then match namespace names only.
	Namespaces *kube.InformerSet
	// Secrets holds the metadata of Secrets: a change to one a ThanosRuler
	// references re-runs its reconcile.
	Secrets *kube.InformerSet
}

// InformerOptions say how to build the informers.
type InformerOptions struct {
	Config *operator.Config
	// NoNamespaceAccess leaves out the Namespace informer.
	NoNamespaceAccess bool
	// ListWatchMetrics, when set, counts the informers' list and watch calls.
	ListWatchMetrics *kube.ListWatchMetrics
}

// informerFactory builds informer sets with one resync period and counted
// list and watch calls.
type informerFactory struct {
	resync  time.Duration
	metrics *kube.ListWatchMetrics
}

// set builds the informers of one resource over scope.
func set[L runtime.Object](f informerFactory, scope kube.Scope, tweak func(*metav1.ListOptions), resource string, example runtime.Object,
	clientset any, client func(namespace string) kube.ListWatchClient[L],
) *kube.InformerSet {
	return kube.NewInformerSet(scope, tweak, func(namespace string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		listWatch := f.metrics.Instrument(kube.NewListWatch(client(namespace), tweak, clientset), metricsName, resource)
		informer := cache.NewSharedIndexInformer(listWatch, example, f.resync, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
		_ = informer.SetTransform(onlyNeededMetadata)
		return informer
	})
}

// NewInformers creates the informers, scoped by the operator's namespace
// flags: ThanosRulers, their StatefulSets, rule ConfigMaps and Secrets in
// --thanos-ruler-instance-namespaces, PrometheusRules in --namespaces.
func NewInformers(kubeClient kubernetes.Interface, monitoringClient versioned.Interface, metadataClient metadata.Interface, opts InformerOptions) *Informers {
	config := opts.Config
	f := informerFactory{resync: config.ResyncPeriod, metrics: opts.ListWatchMetrics}
	deny := config.DenyNamespaces.Sorted()
	instances := kube.NewScope(config.InstanceNamespaces(config.ThanosRulerInstanceNamespaces).Sorted(), deny)
	rules := kube.NewScope(config.Namespaces.Sorted(), deny)
	v1, apps := monitoringClient.MonitoringV1(), kubeClient.AppsV1()

	informers := &Informers{
		ThanosRulers: set(f, instances, labelSelector(config.ThanosRulerInstanceSelector), monitoringv1.ThanosRulerName, &monitoringv1.ThanosRuler{}, monitoringClient,
			func(ns string) kube.ListWatchClient[*monitoringv1.ThanosRulerList] { return v1.ThanosRulers(ns) }),
		PrometheusRules: set(f, rules, nil, monitoringv1.PrometheusRuleName, &monitoringv1.PrometheusRule{}, monitoringClient,
			func(ns string) kube.ListWatchClient[*monitoringv1.PrometheusRuleList] { return v1.PrometheusRules(ns) }),
		StatefulSets: set(f, instances, labelSelector(StatefulSetListSelector()), "statefulsets", &appsv1.StatefulSet{}, kubeClient,
			func(ns string) kube.ListWatchClient[*appsv1.StatefulSetList] { return apps.StatefulSets(ns) }),
	}
	metadataOf := func(resource string) func(string) kube.ListWatchClient[*metav1.PartialObjectMetadataList] {
		gvr := schema.GroupVersionResource{Version: "v1", Resource: resource}
		return func(ns string) kube.ListWatchClient[*metav1.PartialObjectMetadataList] {
			return metadataClient.Resource(gvr).Namespace(ns)
		}
	}
	informers.RuleConfigMaps = set(f, instances, labelSelector(RuleConfigMapLabel), "configmaps", &metav1.PartialObjectMetadata{}, metadataClient, metadataOf("configmaps"))
	secretSelector := func(options *metav1.ListOptions) {
		options.LabelSelector, options.FieldSelector = config.SecretLabelSelector, config.SecretFieldSelector
	}
	informers.Secrets = set(f, instances, secretSelector, "secrets", &metav1.PartialObjectMetadata{}, metadataClient, metadataOf("secrets"))
	if !opts.NoNamespaceAccess {
		core := kubeClient.CoreV1()
		informers.Namespaces = set(f, kube.AllNamespaces, nil, "namespaces", &corev1.Namespace{}, kubeClient,
			func(string) kube.ListWatchClient[*corev1.NamespaceList] { return core.Namespaces() })
	}
	return informers
}

func labelSelector(selector string) func(*metav1.ListOptions) {
	if selector == "" {
		return nil
	}
	return func(options *metav1.ListOptions) { options.LabelSelector = selector }
}

// onlyNeededMetadata drops from cached objects what the controller never
// reads: the server-side apply bookkeeping, and for metadata-only objects
// the annotations (kubectl's last-applied one can hold the whole Secret).
func onlyNeededMetadata(obj any) (any, error) {
	if partial, ok := obj.(*metav1.PartialObjectMetadata); ok {
		partial.Annotations = nil
	}
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
	for _, set := range []*kube.InformerSet{i.ThanosRulers, i.PrometheusRules, i.RuleConfigMaps, i.StatefulSets, i.Namespaces, i.Secrets} {
		if set != nil {
			sets = append(sets, set)
		}
	}
	return sets
}
