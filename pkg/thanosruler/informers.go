// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"

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
	// SharedInformers, when set, lets the controllers share the metadata
	// informers of Secrets and ConfigMaps that they build alike.
	SharedInformers *kube.SharedInformers
}

// NewInformers creates the informers, scoped by the operator's namespace
// flags: ThanosRulers, their StatefulSets, rule ConfigMaps and Secrets in
// --thanos-ruler-instance-namespaces, PrometheusRules in --namespaces.
func NewInformers(kubeClient kubernetes.Interface, monitoringClient versioned.Interface, metadataClient metadata.Interface, opts InformerOptions) *Informers {
	config := opts.Config
	builder := kube.InformerBuilder{Resync: config.ResyncPeriod, Metrics: opts.ListWatchMetrics, Controller: metricsName, Shared: opts.SharedInformers}
	deny := config.DenyNamespaces.Sorted()
	instances := kube.NewScope(config.InstanceNamespaces(config.ThanosRulerInstanceNamespaces).Sorted(), deny)
	v1, apps := monitoringClient.MonitoringV1(), kubeClient.AppsV1()
	informers := &Informers{
		ThanosRulers: kube.NewInformers(builder, kube.InformerSpec[*monitoringv1.ThanosRulerList]{
			Scope: instances, Tweak: kube.LabelSelectorTweak(config.ThanosRulerInstanceSelector), Resource: monitoringv1.ThanosRulerName,
			Example: &monitoringv1.ThanosRuler{}, Clientset: monitoringClient,
			Client: func(ns string) kube.ListWatchClient[*monitoringv1.ThanosRulerList] { return v1.ThanosRulers(ns) },
		}),
		PrometheusRules: kube.NewInformers(builder, kube.InformerSpec[*monitoringv1.PrometheusRuleList]{
			Scope: kube.NewScope(config.Namespaces.Sorted(), deny), Resource: monitoringv1.PrometheusRuleName,
			Transform: kube.StripApplyBookkeeping, Example: &monitoringv1.PrometheusRule{}, Clientset: monitoringClient,
			Client: func(ns string) kube.ListWatchClient[*monitoringv1.PrometheusRuleList] { return v1.PrometheusRules(ns) },
		}),
		StatefulSets: kube.NewInformers(builder, kube.InformerSpec[*appsv1.StatefulSetList]{
			Scope: instances, Tweak: kube.LabelSelectorTweak(StatefulSetListSelector()), Resource: "statefulsets",
			Example: &appsv1.StatefulSet{}, Clientset: kubeClient,
			Client: func(ns string) kube.ListWatchClient[*appsv1.StatefulSetList] { return apps.StatefulSets(ns) },
		}),
		RuleConfigMaps: kube.NewMetadataInformers(builder, instances, metadataClient, "configmaps", kube.MetadataSelectors{Labels: RuleConfigMapLabel}),
		Secrets: kube.NewMetadataInformers(builder, instances, metadataClient, "secrets",
			kube.MetadataSelectors{Labels: config.SecretLabelSelector, Fields: config.SecretFieldSelector}),
	}
	if !opts.NoNamespaceAccess {
		core := kubeClient.CoreV1()
		informers.Namespaces = kube.NewInformers(builder, kube.InformerSpec[*corev1.NamespaceList]{
			Scope: kube.AllNamespaces, Resource: "namespaces", Example: &corev1.Namespace{}, Clientset: kubeClient,
			Client: func(string) kube.ListWatchClient[*corev1.NamespaceList] { return core.Namespaces() },
		})
	}
	return informers
}

// Group lists the informers, to start them and wait for them.
func (i *Informers) Group() kube.InformerGroup {
	return kube.InformerGroup{i.ThanosRulers, i.PrometheusRules, i.RuleConfigMaps, i.StatefulSets, i.Namespaces, i.Secrets}
}

// Start runs every informer until ctx is done.
func (i *Informers) Start(ctx context.Context) { i.Group().Start(ctx) }

// HasSynced reports whether every informer has listed its objects once.
func (i *Informers) HasSynced() bool { return i.Group().HasSynced() }
