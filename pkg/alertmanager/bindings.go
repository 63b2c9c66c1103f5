// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"
	"errors"
	"fmt"
	"slices"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/amcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// reasonAccepted is the reason of an Accepted binding.
const reasonAccepted = "Accepted"

// syncBindings sets the Alertmanager's binding on every AlertmanagerConfig
// it selected (Accepted True, or False with the reason of the rejection)
// and removes it from those it no longer selects. Only AlertmanagerConfigs
// whose status changes are written.
func (c *Controller) syncBindings(ctx context.Context, am *monitoringv1.Alertmanager, selected []*monitoringv1alpha1.AlertmanagerConfig, rejected []amcfg.Rejection) error {
	now := metav1.NewTime(c.Clock.Now())
	reasons := map[string]error{}
	for _, rejection := range rejected {
		reasons[rejection.Key()] = rejection.Reason
	}
	wanted := map[string]monitoringv1.WorkloadBinding{}
	for _, config := range selected {
		key := config.Namespace + "/" + config.Name
		wanted[key] = bindingFor(am, config, reasons[key], now)
	}
	var errs []error
	for _, config := range kube.ListAs[*monitoringv1alpha1.AlertmanagerConfig](c.informers.AlertmanagerConfigs, metav1.NamespaceAll, labels.Everything()) {
		binding, bound := wanted[config.Namespace+"/"+config.Name]
		errs = append(errs, c.setBinding(ctx, config, cache.NewObjectName(am.Namespace, am.Name), binding, bound))
	}
	return errors.Join(errs...)
}

// withdrawBindings removes the binding of a deleted Alertmanager from every
// AlertmanagerConfig.
func (c *Controller) withdrawBindings(ctx context.Context, key cache.ObjectName) error {
	var errs []error
	for _, config := range kube.ListAs[*monitoringv1alpha1.AlertmanagerConfig](c.informers.AlertmanagerConfigs, metav1.NamespaceAll, labels.Everything()) {
		errs = append(errs, c.setBinding(ctx, config, key, monitoringv1.WorkloadBinding{}, false))
	}
	return errors.Join(errs...)
}

// bindingFor is the binding an Alertmanager reports on a selected
// AlertmanagerConfig.
func bindingFor(am *monitoringv1.Alertmanager, config *monitoringv1alpha1.AlertmanagerConfig, rejection error, now metav1.Time) monitoringv1.WorkloadBinding {
	condition := monitoringv1.ConfigResourceCondition{
		Type: monitoringv1.ConditionAccepted, Status: monitoringv1.ConditionTrue, Reason: reasonAccepted,
		LastTransitionTime: now, ObservedGeneration: config.Generation,
	}
	if rejection != nil {
		condition.Status, condition.Reason, condition.Message = monitoringv1.ConditionFalse, reasonInvalidConfiguration, rejection.Error()
	}
	return monitoringv1.WorkloadBinding{
		Group: groupResource.Group, Resource: groupResource.Resource, Namespace: am.Namespace, Name: am.Name,
		Conditions: []monitoringv1.ConfigResourceCondition{condition},
	}
}

// setBinding makes the status of config hold binding (bound) or no binding
// of the Alertmanager named by owner, writing only a change. A conflict
// re-reads the object.
func (c *Controller) setBinding(ctx context.Context, config *monitoringv1alpha1.AlertmanagerConfig, owner cache.ObjectName, binding monitoringv1.WorkloadBinding, bound bool) error {
	client := c.MonitoringClient.MonitoringV1alpha1().AlertmanagerConfigs(config.Namespace)
	current := config
	for attempt := 0; attempt < 5; attempt++ {
		bindings, changed := mergeBinding(current.Status.Bindings, owner, binding, bound)
		if !changed {
			return nil
		}
		updated := current.DeepCopy()
		updated.Status.Bindings = bindings
		_, err := client.UpdateStatus(ctx, updated, metav1.UpdateOptions{})
		if err == nil || apierrors.IsNotFound(err) {
			return nil
		}
		if !apierrors.IsConflict(err) {
			return fmt.Errorf("status of AlertmanagerConfig %s/%s: %w", config.Namespace, config.Name, err)
		}
		if current, err = client.Get(ctx, config.Name, metav1.GetOptions{}); err != nil {
			if apierrors.IsNotFound(err) {
				return nil
			}
			return fmt.Errorf("re-read AlertmanagerConfig %s/%s: %w", config.Namespace, config.Name, err)
		}
	}
	return fmt.Errorf("status of AlertmanagerConfig %s/%s: too many conflicts", config.Namespace, config.Name)
}

// mergeBinding returns bindings with the owner's entry set to binding
// (keeping the transition time when the status is unchanged) or removed,
// and whether that changed anything.
func mergeBinding(bindings []monitoringv1.WorkloadBinding, owner cache.ObjectName, binding monitoringv1.WorkloadBinding, bound bool) ([]monitoringv1.WorkloadBinding, bool) {
	index := slices.IndexFunc(bindings, func(b monitoringv1.WorkloadBinding) bool {
		return b.Group == groupResource.Group && b.Resource == groupResource.Resource && b.Namespace == owner.Namespace && b.Name == owner.Name
	})
	switch {
	case !bound && index < 0:
		return bindings, false
	case !bound:
		return slices.Delete(slices.Clone(bindings), index, index+1), true
	case index < 0:
		return append(slices.Clone(bindings), binding), true
	}
	old := bindings[index]
	for i := range binding.Conditions {
		for _, previous := range old.Conditions {
			if previous.Type == binding.Conditions[i].Type && previous.Status == binding.Conditions[i].Status {
				binding.Conditions[i].LastTransitionTime = previous.LastTransitionTime
			}
		}
	}
	if apiequality.Semantic.DeepEqual(old, binding) {
		return bindings, false
	}
	merged := slices.Clone(bindings)
	merged[index] = binding
	return merged, true
}
