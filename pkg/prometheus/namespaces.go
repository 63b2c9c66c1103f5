// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// configKind is one kind of configuration resource a workload selects.
type configKind struct {
	// kind names the kind ("ServiceMonitor").
	kind string
	// informer returns the kind's cache, nil when the kind is not served.
	informer func(*Informers) *kube.InformerSet
	// selectors returns the workload's resource and namespace selectors for
	// the kind; ok is false when the workload never selects the kind.
	selectors func(p monitoringv1.PrometheusInterface) (resource, namespace *metav1.LabelSelector, ok bool)
}

// The configuration kinds, in the order they are processed.
var (
	serviceMonitorKind = configKind{
		kind:     monitoringv1.ServiceMonitorsKind,
		informer: func(i *Informers) *kube.InformerSet { return i.ServiceMonitors },
		selectors: func(p monitoringv1.PrometheusInterface) (*metav1.LabelSelector, *metav1.LabelSelector, bool) {
			common := p.GetCommonPrometheusFields()
			return common.ServiceMonitorSelector, common.ServiceMonitorNamespaceSelector, !isDaemonSet(p)
		},
	}
	podMonitorKind = configKind{
		kind:     monitoringv1.PodMonitorsKind,
		informer: func(i *Informers) *kube.InformerSet { return i.PodMonitors },
		selectors: func(p monitoringv1.PrometheusInterface) (*metav1.LabelSelector, *metav1.LabelSelector, bool) {
			common := p.GetCommonPrometheusFields()
			return common.PodMonitorSelector, common.PodMonitorNamespaceSelector, true
		},
	}
	probeKind = configKind{
		kind:     monitoringv1.ProbesKind,
		informer: func(i *Informers) *kube.InformerSet { return i.Probes },
		selectors: func(p monitoringv1.PrometheusInterface) (*metav1.LabelSelector, *metav1.LabelSelector, bool) {
			common := p.GetCommonPrometheusFields()
			return common.ProbeSelector, common.ProbeNamespaceSelector, !isDaemonSet(p)
		},
	}
	scrapeConfigKind = configKind{
		kind:     monitoringv1alpha1.ScrapeConfigsKind,
		informer: func(i *Informers) *kube.InformerSet { return i.ScrapeConfigs },
		selectors: func(p monitoringv1.PrometheusInterface) (*metav1.LabelSelector, *metav1.LabelSelector, bool) {
			common := p.GetCommonPrometheusFields()
			return common.ScrapeConfigSelector, common.ScrapeConfigNamespaceSelector, !isDaemonSet(p)
		},
	}
	ruleKind = configKind{
		kind:     monitoringv1.PrometheusRuleKind,
		informer: func(i *Informers) *kube.InformerSet { return i.PrometheusRules },
		selectors: func(p monitoringv1.PrometheusInterface) (*metav1.LabelSelector, *metav1.LabelSelector, bool) {
			return traitsOf(p).ruleSelectors()
		},
	}
	configKinds = []configKind{serviceMonitorKind, podMonitorKind, probeKind, scrapeConfigKind, ruleKind}
)

// namespaceLabels returns the labels of a namespace from the cache; found
// is false when the namespace is unknown. Without the Namespace informer
// (no permission to list and watch namespaces) a namespace is known by its
// name alone.
func (o *Operator) namespaceLabels(namespace string) (labels.Set, bool) {
	if o.informers.Namespaces == nil {
		return nameOnlyLabels(namespace), true
	}
	ns, found, err := kube.GetAs[*corev1.Namespace](o.informers.Namespaces, "", namespace)
	if err != nil || !found {
		return nil, false
	}
	return ns.Labels, true
}

// nameOnlyLabels are the labels every namespace carries for sure: its
// name under kubernetes.io/metadata.name.
func nameOnlyLabels(namespace string) labels.Set {
	return labels.Set{corev1.LabelMetadataName: namespace}
}

// namespaceMatches applies a workload's namespace selector to a namespace
// with the given labels: nil selects the workload's own namespace only, {}
// every namespace.
func namespaceMatches(p monitoringv1.PrometheusInterface, selector *metav1.LabelSelector, namespace string, namespaceLabels labels.Set) (bool, error) {
	if selector == nil {
		return namespace == p.GetNamespace(), nil
	}
	parsed, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return false, fmt.Errorf("invalid namespace selector: %w", err)
	}
	return parsed.Matches(namespaceLabels), nil
}

// namespaceSearch says where a workload looks for resources of a kind.
type namespaceSearch struct {
	// all searches every watched namespace at once, names otherwise.
	all   bool
	names []string
	// keep, when set with all, keeps the objects of the namespaces it
	// accepts.
	keep func(namespace string) bool
}

// searchedNamespaces returns where p looks for resources with the
// namespace selector. Without the Namespace informer, a label selector is
// matched against each object's namespace name (nameOnlyLabels).
func (o *Operator) searchedNamespaces(p monitoringv1.PrometheusInterface, selector *metav1.LabelSelector) (namespaceSearch, error) {
	if selector == nil {
		return namespaceSearch{names: []string{p.GetNamespace()}}, nil
	}
	parsed, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return namespaceSearch{}, fmt.Errorf("invalid namespace selector: %w", err)
	}
	if parsed.Empty() {
		return namespaceSearch{all: true}, nil
	}
	if o.informers.Namespaces == nil {
		return namespaceSearch{all: true, keep: func(namespace string) bool {
			return parsed.Matches(nameOnlyLabels(namespace))
		}}, nil
	}
	var names []string
	for _, ns := range kube.ListAs[*corev1.Namespace](o.informers.Namespaces, "", parsed) {
		names = append(names, ns.Name)
	}
	return namespaceSearch{names: names}, nil
}

// workloadsForResource is the one mapping from an event of a configuration
// resource (a monitor, a ScrapeConfig or a PrometheusRule) in namespace to
// the Prometheus and PrometheusAgent objects that may select it: those
// selecting the kind at all whose namespace selector takes in namespace.
// Label selectors are not applied on purpose: an object whose labels stop
// matching must still reach the workloads that selected it before.
func (o *Operator) workloadsForResource(kind configKind, namespace string) []workloadRef {
	namespaceLabels, _ := o.namespaceLabels(namespace)
	var refs []workloadRef
	for _, c := range o.controllers {
		for _, p := range c.kind.list() {
			resourceSelector, namespaceSelector, ok := kind.selectors(p)
			if !ok || resourceSelector == nil {
				continue
			}
			if matches, err := namespaceMatches(p, namespaceSelector, namespace, namespaceLabels); err == nil && matches {
				refs = append(refs, workloadRef{controller: c, namespace: p.GetNamespace(), name: p.GetName()})
			}
		}
	}
	return refs
}

// namespaceChange is an event of one namespace: its labels before and
// after. A side where the namespace does not exist (before its creation,
// after its deletion) has exists false.
type namespaceChange struct {
	namespace     string
	before, after namespaceState
}

// namespaceState is a namespace as one side of a change sees it.
type namespaceState struct {
	exists bool
	labels labels.Set
}

// namespaceCreated is the creation of a namespace with the given labels.
func namespaceCreated(namespace string, set labels.Set) namespaceChange {
	return namespaceChange{namespace: namespace, after: namespaceState{exists: true, labels: set}}
}

// namespaceRelabelled is a label change of an existing namespace.
func namespaceRelabelled(namespace string, before, after labels.Set) namespaceChange {
	return namespaceChange{
		namespace: namespace,
		before:    namespaceState{exists: true, labels: before},
		after:     namespaceState{exists: true, labels: after},
	}
}

// namespaceDeleted is the deletion of a namespace that had the given labels.
func namespaceDeleted(namespace string, set labels.Set) namespaceChange {
	return namespaceChange{namespace: namespace, before: namespaceState{exists: true, labels: set}}
}

// workloadsForNamespaceChange maps a change of a namespace (its labels, its
// creation or its deletion) to the workloads for which the namespace
// entered or left a namespace selector.
func (o *Operator) workloadsForNamespaceChange(change namespaceChange) []workloadRef {
	var refs []workloadRef
	for _, c := range o.controllers {
		for _, p := range c.kind.list() {
			if change.changesSelectionOf(p) {
				refs = append(refs, workloadRef{controller: c, namespace: p.GetNamespace(), name: p.GetName()})
			}
		}
	}
	return refs
}

// changesSelectionOf reports whether the change takes the namespace into
// or out of one of p's namespace selectors.
func (change namespaceChange) changesSelectionOf(p monitoringv1.PrometheusInterface) bool {
	for _, kind := range configKinds {
		resourceSelector, namespaceSelector, ok := kind.selectors(p)
		if !ok || resourceSelector == nil || namespaceSelector == nil {
			continue
		}
		before, errBefore := namespaceMatches(p, namespaceSelector, change.namespace, change.before.labels)
		after, errAfter := namespaceMatches(p, namespaceSelector, change.namespace, change.after.labels)
		if errBefore != nil || errAfter != nil {
			continue
		}
		if (before && change.before.exists) != (after && change.after.exists) {
			return true
		}
	}
	return false
}
