// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

// Stand-ins for the kind-neutral helpers being moved out of pkg/prometheus
// into shared packages; each is replaced by its shared version once it lands.

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// checkCustomGoverningService verifies that the user's Service exists and
// selects the pods.
func checkCustomGoverningService(ctx context.Context, client corev1client.ServiceInterface, name string, podLabels map[string]string) error {
	service, err := client.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return fmt.Errorf("governing Service %s (spec.serviceName) not found", name)
	}
	if err != nil {
		return fmt.Errorf("read governing Service %s: %w", name, err)
	}
	if len(service.Spec.Selector) == 0 || !labels.SelectorFromSet(service.Spec.Selector).Matches(labels.Set(podLabels)) {
		return invalid(fmt.Errorf("governing Service %s does not select the pods (%s)", name, labels.Set(podLabels)))
	}
	return nil
}

// syncBindings writes the ThanosRuler's binding on every PrometheusRule it
// selected and removes it from the others.
func (c *Controller) syncBindings(ctx context.Context, tr *monitoringv1.ThanosRuler, selection *ruleSelection) error {
	now := metav1.NewTime(c.Clock.Now())
	wanted := map[string]monitoringv1.WorkloadBinding{}
	for _, rule := range selection.selected {
		condition := monitoringv1.ConfigResourceCondition{
			Type: monitoringv1.ConditionAccepted, Status: monitoringv1.ConditionTrue, Reason: "Accepted",
			LastTransitionTime: now, ObservedGeneration: rule.Generation,
		}
		if reason := selection.rejection(rule); reason != nil {
			condition.Status, condition.Reason, condition.Message = monitoringv1.ConditionFalse, reasonInvalidConfiguration, reason.Error()
		}
		wanted[rule.Namespace+"/"+rule.Name] = monitoringv1.WorkloadBinding{
			Group: monitoringv1.GroupName, Resource: monitoringv1.ThanosRulerName, Namespace: tr.Namespace, Name: tr.Name,
			Conditions: []monitoringv1.ConfigResourceCondition{condition},
		}
	}
	return c.writeBindings(ctx, tr, wanted)
}

// removeBindings drops the ThanosRuler's binding from every PrometheusRule.
func (c *Controller) removeBindings(ctx context.Context, tr *monitoringv1.ThanosRuler) error {
	return c.writeBindings(ctx, tr, nil)
}

func (c *Controller) writeBindings(ctx context.Context, tr *monitoringv1.ThanosRuler, wanted map[string]monitoringv1.WorkloadBinding) error {
	for _, rule := range kube.ListAs[*monitoringv1.PrometheusRule](c.informers.PrometheusRules, metav1.NamespaceAll, labels.Everything()) {
		binding, bound := wanted[rule.Namespace+"/"+rule.Name]
		var kept []monitoringv1.WorkloadBinding
		found := false
		for _, existing := range rule.Status.Bindings {
			if existing.Group == monitoringv1.GroupName && existing.Resource == monitoringv1.ThanosRulerName && existing.Namespace == tr.Namespace && existing.Name == tr.Name {
				found = true
				if bound && len(existing.Conditions) == 1 && existing.Conditions[0].Status == binding.Conditions[0].Status &&
					existing.Conditions[0].Message == binding.Conditions[0].Message && existing.Conditions[0].ObservedGeneration == binding.Conditions[0].ObservedGeneration {
					binding = existing
				}
				continue
			}
			kept = append(kept, existing)
		}
		if !found && !bound {
			continue
		}
		if bound {
			kept = append(kept, binding)
		}
		updated := rule.DeepCopy()
		updated.Status.Bindings = kept
		if equality.Semantic.DeepEqual(updated.Status, rule.Status) {
			continue
		}
		if _, err := c.MonitoringClient.MonitoringV1().PrometheusRules(rule.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("bindings of PrometheusRule %s/%s: %w", rule.Namespace, rule.Name, err)
		}
	}
	return nil
}
