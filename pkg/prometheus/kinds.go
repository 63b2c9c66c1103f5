// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"

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

// isDaemonSet reports whether the workload is an agent in DaemonSet mode.
func isDaemonSet(p monitoringv1.PrometheusInterface) bool {
	agent, ok := p.(*monitoringv1alpha1.PrometheusAgent)
	return ok && agent.IsDaemonSetMode()
}

// workloadMode is the operator.prometheus.io/mode value of the kind.
func workloadMode(p monitoringv1.PrometheusInterface) string {
	if _, agent := p.(*monitoringv1alpha1.PrometheusAgent); agent {
		return manifests.ModeAgent
	}
	return manifests.ModeServer
}

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
