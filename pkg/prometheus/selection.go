// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"cmp"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/bindings"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// configObject is a selected configuration resource.
type configObject = bindings.Object

// selection is what a workload selected, by kind, with the objects left
// out and why.
type selection struct {
	serviceMonitors []*monitoringv1.ServiceMonitor
	podMonitors     []*monitoringv1.PodMonitor
	probes          []*monitoringv1.Probe
	scrapeConfigs   []*monitoringv1alpha1.ScrapeConfig
	rules           []*monitoringv1.PrometheusRule
	// rejected maps an object to the reason it was left out.
	rejected map[selectionKey]error
}

// selectionKey identifies a selected object across kinds. A struct, not a
// joined string: every sync looks up each of up to tens of thousands of
// selected objects, and building a string per lookup showed in profiles.
type selectionKey struct{ kind, namespace, name string }

// reject marks an object as left out of the configuration.
func (s *selection) reject(kind string, obj metav1.Object, reason error) {
	s.rejected = setRejection(s.rejected, selectionKey{kind, obj.GetNamespace(), obj.GetName()}, reason)
}

// rejection returns why an object was left out, nil when it was accepted.
func (s *selection) rejection(kind string, obj metav1.Object) error {
	if len(s.rejected) == 0 {
		return nil
	}
	return s.rejected[selectionKey{kind, obj.GetNamespace(), obj.GetName()}]
}

func setRejection(rejected map[selectionKey]error, key selectionKey, reason error) map[selectionKey]error {
	if rejected == nil {
		rejected = map[selectionKey]error{}
	}
	rejected[key] = reason
	return rejected
}

// objects returns the selected objects of kind.
func (s *selection) objects(kind configKind) []configObject {
	switch kind.kind {
	case serviceMonitorKind.kind:
		return asConfigObjects(s.serviceMonitors)
	case podMonitorKind.kind:
		return asConfigObjects(s.podMonitors)
	case probeKind.kind:
		return asConfigObjects(s.probes)
	case scrapeConfigKind.kind:
		return asConfigObjects(s.scrapeConfigs)
	case ruleKind.kind:
		return asConfigObjects(s.rules)
	}
	return nil
}

// total counts the selected objects of every kind.
func (s *selection) total() int {
	return len(s.serviceMonitors) + len(s.podMonitors) + len(s.probes) + len(s.scrapeConfigs) + len(s.rules)
}

func asConfigObjects[T configObject](objects []T) []configObject {
	out := make([]configObject, 0, len(objects))
	for _, obj := range objects {
		out = append(out, obj)
	}
	return out
}

// selectResources picks, for every kind, the objects the workload's
// selectors match: a nil resource selector matches nothing and {} matches
// everything; a nil namespace selector searches the workload's own
// namespace only and {} every watched namespace. An unparsable selector on
// the workload is an error.
func (o *Operator) selectResources(p monitoringv1.PrometheusInterface) (*selection, error) {
	var err error
	selected := &selection{}
	if selected.serviceMonitors, err = selectKind[*monitoringv1.ServiceMonitor](o, p, serviceMonitorKind); err != nil {
		return nil, err
	}
	if selected.podMonitors, err = selectKind[*monitoringv1.PodMonitor](o, p, podMonitorKind); err != nil {
		return nil, err
	}
	if selected.probes, err = selectKind[*monitoringv1.Probe](o, p, probeKind); err != nil {
		return nil, err
	}
	if selected.scrapeConfigs, err = selectKind[*monitoringv1alpha1.ScrapeConfig](o, p, scrapeConfigKind); err != nil {
		return nil, err
	}
	if selected.rules, err = selectKind[*monitoringv1.PrometheusRule](o, p, ruleKind); err != nil {
		return nil, err
	}
	return selected, nil
}

// selectKind applies the workload's selectors of one kind to its cache.
// Objects come back sorted by namespace and name. They are the cache's own
// objects, not copies (copying 10,000 monitors on every sync cost more than
// generating their configuration): the generator only reads them, and the
// bindings writer changes a status on a copy.
func selectKind[T configObject](o *Operator, p monitoringv1.PrometheusInterface, kind configKind) ([]T, error) {
	resourceSelector, namespaceSelector, ok := kind.selectors(p)
	set := kind.informer(o.informers)
	if !ok || resourceSelector == nil || set == nil {
		return nil, nil
	}
	selector, err := metav1.LabelSelectorAsSelector(resourceSelector)
	if err != nil {
		return nil, fmt.Errorf("invalid %s selector: %w", kind.kind, err)
	}
	search, err := o.searchedNamespaces(p, namespaceSelector)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", kind.kind, err)
	}
	var found []T
	if search.all {
		found = kube.ListAs[T](set, metav1.NamespaceAll, selector)
	} else {
		for _, namespace := range search.names {
			found = append(found, kube.ListAs[T](set, namespace, selector)...)
		}
	}
	out := make([]T, 0, len(found))
	for _, obj := range found {
		if search.keep != nil && !search.keep(obj.GetNamespace()) {
			continue
		}
		out = append(out, obj)
	}
	slices.SortFunc(out, func(a, b T) int {
		return cmp.Or(cmp.Compare(a.GetNamespace(), b.GetNamespace()), cmp.Compare(a.GetName(), b.GetName()))
	})
	return out, nil
}

// allMonitorSelectorsNil reports the deprecated "unmanaged" mode: a
// workload selecting no monitor kind at all, whose configuration the user
// writes into the Secret by hand.
func allMonitorSelectorsNil(p monitoringv1.PrometheusInterface) bool {
	common := p.GetCommonPrometheusFields()
	return common.ServiceMonitorSelector == nil && common.PodMonitorSelector == nil &&
		common.ProbeSelector == nil && common.ScrapeConfigSelector == nil
}

// reportRejections records a Warning Event on each object left out.
func (o *Operator) reportRejections(p monitoringv1.PrometheusInterface, selected *selection) {
	for _, kind := range configKinds {
		for _, obj := range selected.objects(kind) {
			reason := selected.rejection(kind.kind, obj)
			if reason == nil {
				continue
			}
			o.logger.Warn("configuration resource rejected", "kind", kind.kind, "namespace", obj.GetNamespace(),
				"name", obj.GetName(), "workload", p.GetNamespace()+"/"+p.GetName(), "err", reason)
			o.event(obj, corev1.EventTypeWarning, reasonInvalidConfiguration,
				fmt.Sprintf("%s %s was rejected due to invalid configuration: %v", kind.kind, obj.GetName(), reason))
		}
	}
}
