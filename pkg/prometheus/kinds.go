// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
)

// workloadKind is everything that differs between the Prometheus and the
// PrometheusAgent controllers. The rest of the package handles both through
// monitoringv1.PrometheusInterface.
type workloadKind interface {
	// controllerName names the controller in logs, metrics and queues.
	controllerName() string
	// groupVersionKind is the kind's API identity.
	groupVersionKind() schema.GroupVersionKind
	// resource is the plural name used in status bindings.
	resource() string
	// cache returns the informer set of the kind's objects.
	cache() *kube.InformerSet
	// get reads namespace/name from the cache.
	get(namespace, name string) (monitoringv1.PrometheusInterface, bool, error)
	// list returns every cached object of the kind.
	list() []monitoringv1.PrometheusInterface
	// patch applies a JSON merge patch to the object.
	patch(ctx context.Context, namespace, name string, patch []byte) (monitoringv1.PrometheusInterface, error)
	// updateStatus writes the status subresource.
	updateStatus(ctx context.Context, obj monitoringv1.PrometheusInterface) error
	// fetch reads the object from the API, bypassing the cache.
	fetch(ctx context.Context, namespace, name string) (monitoringv1.PrometheusInterface, error)
}

// serverKind is the Prometheus kind.
type serverKind struct {
	client   versioned.Interface
	informer *kube.InformerSet
}

func (serverKind) controllerName() string { return "prometheus" }
func (serverKind) groupVersionKind() schema.GroupVersionKind {
	return monitoringv1.SchemeGroupVersion.WithKind(monitoringv1.PrometheusesKind)
}
func (serverKind) resource() string           { return monitoringv1.PrometheusName }
func (k serverKind) cache() *kube.InformerSet { return k.informer }

func (k serverKind) get(namespace, name string) (monitoringv1.PrometheusInterface, bool, error) {
	return kube.GetAs[*monitoringv1.Prometheus](k.informer, namespace, name)
}

func (k serverKind) list() []monitoringv1.PrometheusInterface {
	return asInterfaces(kube.ListAs[*monitoringv1.Prometheus](k.informer, metav1.NamespaceAll, labels.Everything()))
}

func (k serverKind) patch(ctx context.Context, namespace, name string, patch []byte) (monitoringv1.PrometheusInterface, error) {
	return k.client.MonitoringV1().Prometheuses(namespace).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
}

func (k serverKind) updateStatus(ctx context.Context, obj monitoringv1.PrometheusInterface) error {
	typed, ok := obj.(*monitoringv1.Prometheus)
	if !ok {
		return fmt.Errorf("expected a Prometheus, got %T", obj)
	}
	_, err := k.client.MonitoringV1().Prometheuses(typed.Namespace).UpdateStatus(ctx, typed, metav1.UpdateOptions{})
	return err
}

func (k serverKind) fetch(ctx context.Context, namespace, name string) (monitoringv1.PrometheusInterface, error) {
	return k.client.MonitoringV1().Prometheuses(namespace).Get(ctx, name, metav1.GetOptions{})
}

// agentKind is the PrometheusAgent kind.
type agentKind struct {
	client   versioned.Interface
	informer *kube.InformerSet
}

func (agentKind) controllerName() string { return "prometheus-agent" }
func (agentKind) groupVersionKind() schema.GroupVersionKind {
	return monitoringv1alpha1.SchemeGroupVersion.WithKind(monitoringv1alpha1.PrometheusAgentsKind)
}
func (agentKind) resource() string           { return monitoringv1alpha1.PrometheusAgentName }
func (k agentKind) cache() *kube.InformerSet { return k.informer }

func (k agentKind) get(namespace, name string) (monitoringv1.PrometheusInterface, bool, error) {
	return kube.GetAs[*monitoringv1alpha1.PrometheusAgent](k.informer, namespace, name)
}

func (k agentKind) list() []monitoringv1.PrometheusInterface {
	return asInterfaces(kube.ListAs[*monitoringv1alpha1.PrometheusAgent](k.informer, metav1.NamespaceAll, labels.Everything()))
}

func (k agentKind) patch(ctx context.Context, namespace, name string, patch []byte) (monitoringv1.PrometheusInterface, error) {
	return k.client.MonitoringV1alpha1().PrometheusAgents(namespace).Patch(ctx, name, types.MergePatchType, patch, metav1.PatchOptions{})
}

func (k agentKind) updateStatus(ctx context.Context, obj monitoringv1.PrometheusInterface) error {
	typed, ok := obj.(*monitoringv1alpha1.PrometheusAgent)
	if !ok {
		return fmt.Errorf("expected a PrometheusAgent, got %T", obj)
	}
	_, err := k.client.MonitoringV1alpha1().PrometheusAgents(typed.Namespace).UpdateStatus(ctx, typed, metav1.UpdateOptions{})
	return err
}

func (k agentKind) fetch(ctx context.Context, namespace, name string) (monitoringv1.PrometheusInterface, error) {
	return k.client.MonitoringV1alpha1().PrometheusAgents(namespace).Get(ctx, name, metav1.GetOptions{})
}

func asInterfaces[T monitoringv1.PrometheusInterface](objects []T) []monitoringv1.PrometheusInterface {
	out := make([]monitoringv1.PrometheusInterface, 0, len(objects))
	for _, obj := range objects {
		out = append(out, obj)
	}
	return out
}

// kindTraits are what a Prometheus and a PrometheusAgent object differ in
// beyond their API (workloadKind). traitsOf is the one place that tells the
// two apart; the rest of the package asks the traits instead of asserting a
// concrete type.
type kindTraits interface {
	// mode is the operator.prometheus.io/mode label value.
	mode() string
	// ruleSelectors returns the PrometheusRule selectors; ok is false for a
	// kind that loads no rules.
	ruleSelectors() (selector, namespaceSelector *metav1.LabelSelector, ok bool)
	// ruleExclusions are the deprecated per-rule exclusions from namespace
	// enforcement.
	ruleExclusions() []monitoringv1.PrometheusRuleExcludeConfig
	// hasUnmanagedMode reports whether, without any monitor selector, the
	// configuration Secret is left to the user.
	hasUnmanagedMode() bool
	// additionalAlerting returns the Secret keys of the extra alert
	// relabelling and Alertmanager configurations.
	additionalAlerting() (relabelConfigs, alertmanagerConfigs *corev1.SecretKeySelector)
	// shardRetentionPolicy is nil for a kind that deletes removed shards.
	shardRetentionPolicy() *monitoringv1.ShardRetentionPolicy
	// hasThanosHTTPClient reports whether the kind gets the HTTP client
	// Secret of the Thanos sidecar.
	hasThanosHTTPClient() bool
	// kindDeprecations are the deprecated fields only this kind has.
	kindDeprecations() []deprecation
	// daemonSetMode reports whether the pods run as a DaemonSet.
	daemonSetMode() bool
	// daemonSetName names the DaemonSet the workload runs, or ran, as; it
	// is empty for a kind that never runs one.
	daemonSetName() string
	// daemonSet builds the DaemonSet of a workload in DaemonSet mode.
	daemonSet(opts manifests.Options) (*appsv1.DaemonSet, error)
}

// traitsOf returns the traits of p's kind.
func traitsOf(p monitoringv1.PrometheusInterface) kindTraits {
	if agent, ok := p.(*monitoringv1alpha1.PrometheusAgent); ok {
		return agentTraits{agent}
	}
	if server, ok := p.(*monitoringv1.Prometheus); ok {
		return serverTraits{server}
	}
	panic(fmt.Sprintf("unsupported Prometheus kind %T", p))
}

// serverTraits are the traits of a Prometheus.
type serverTraits struct{ *monitoringv1.Prometheus }

func (serverTraits) mode() string { return manifests.ModeServer }
func (t serverTraits) ruleSelectors() (*metav1.LabelSelector, *metav1.LabelSelector, bool) {
	return t.Spec.RuleSelector, t.Spec.RuleNamespaceSelector, true
}
func (t serverTraits) ruleExclusions() []monitoringv1.PrometheusRuleExcludeConfig {
	return t.Spec.PrometheusRulesExcludedFromEnforce
}
func (serverTraits) hasUnmanagedMode() bool { return true }
func (t serverTraits) additionalAlerting() (*corev1.SecretKeySelector, *corev1.SecretKeySelector) {
	return t.Spec.AdditionalAlertRelabelConfigs, t.Spec.AdditionalAlertManagerConfigs
}
func (t serverTraits) shardRetentionPolicy() *monitoringv1.ShardRetentionPolicy {
	return t.Spec.ShardRetentionPolicy
}
func (serverTraits) hasThanosHTTPClient() bool         { return true }
func (t serverTraits) kindDeprecations() []deprecation { return serverDeprecations(&t.Spec) }
func (serverTraits) daemonSetMode() bool               { return false }
func (serverTraits) daemonSetName() string             { return "" }
func (t serverTraits) daemonSet(manifests.Options) (*appsv1.DaemonSet, error) {
	return nil, fmt.Errorf("Prometheus %s/%s cannot run as a DaemonSet", t.Namespace, t.Name)
}

// agentTraits are the traits of a PrometheusAgent.
type agentTraits struct {
	*monitoringv1alpha1.PrometheusAgent
}

func (agentTraits) mode() string { return manifests.ModeAgent }
func (agentTraits) ruleSelectors() (*metav1.LabelSelector, *metav1.LabelSelector, bool) {
	return nil, nil, false
}
func (agentTraits) ruleExclusions() []monitoringv1.PrometheusRuleExcludeConfig { return nil }
func (agentTraits) hasUnmanagedMode() bool                                     { return false }
func (agentTraits) additionalAlerting() (*corev1.SecretKeySelector, *corev1.SecretKeySelector) {
	return nil, nil
}
func (agentTraits) shardRetentionPolicy() *monitoringv1.ShardRetentionPolicy { return nil }
func (agentTraits) hasThanosHTTPClient() bool                                { return false }
func (agentTraits) kindDeprecations() []deprecation                          { return nil }
func (t agentTraits) daemonSetMode() bool                                    { return t.IsDaemonSetMode() }
func (t agentTraits) daemonSetName() string {
	return manifests.DaemonSetName(t.PrometheusAgent)
}
func (t agentTraits) daemonSet(opts manifests.Options) (*appsv1.DaemonSet, error) {
	return manifests.DaemonSet(t.PrometheusAgent, opts)
}

// isDaemonSet reports whether the workload is an agent in DaemonSet mode.
func isDaemonSet(p monitoringv1.PrometheusInterface) bool { return traitsOf(p).daemonSetMode() }

// readerKey names a workload in the asset store.
func readerKey(kind workloadKind, namespace, name string) assets.Reader {
	return assets.Reader{Controller: kind.controllerName(), Namespace: namespace, Name: name}
}

// deepCopy copies a workload object.
func deepCopy(p monitoringv1.PrometheusInterface) monitoringv1.PrometheusInterface {
	copied, ok := p.DeepCopyObject().(monitoringv1.PrometheusInterface)
	if !ok {
		panic(fmt.Sprintf("deep copy of %T is not a PrometheusInterface", p))
	}
	return copied
}
