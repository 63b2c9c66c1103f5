// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/admission"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg"
)

// admissionChecks are the admission webhook's checks. PrometheusRules are
// parsed for the default Prometheus version (UTF-8 names), as the
// controller does for a workload without spec.version.
var admissionChecks = admission.NewChecks(admission.RuleOptions{NameValidationScheme: admission.NameValidationUTF8})

// admissionRejections runs the admission webhook's checks on the input
// objects no controller rejected: an object no workload selects is judged
// too, as the webhook would at apply time. Referenced Secrets are not read
// here (the controllers do that for the selected objects).
func admissionRejections(objects []runtime.Object, already []Rejection) []Rejection {
	rejected := map[[3]string]bool{}
	for _, rejection := range already {
		rejected[[3]string{rejection.Kind, rejection.Namespace, rejection.Name}] = true
	}
	var found []Rejection
	for _, obj := range objects {
		kind, err := checkObject(obj)
		if err == nil {
			continue
		}
		accessor := obj.(metav1.Object)
		if rejected[[3]string{kind, accessor.GetNamespace(), accessor.GetName()}] {
			continue
		}
		found = append(found, Rejection{Kind: kind, Namespace: accessor.GetNamespace(), Name: accessor.GetName(), Reason: err.Error()})
	}
	return found
}

// checkObject returns the kind of obj and why the webhook refuses it.
func checkObject(obj runtime.Object) (string, error) {
	switch typed := obj.(type) {
	case *monitoringv1.PrometheusRule:
		return monitoringv1.PrometheusRuleKind, errors.Join(admissionChecks.PrometheusRule(typed)...)
	case *monitoringv1alpha1.AlertmanagerConfig:
		return monitoringv1alpha1.AlertmanagerConfigKind, errors.Join(admissionChecks.AlertmanagerConfig(typed)...)
	case *monitoringv1.ServiceMonitor:
		return monitoringv1.ServiceMonitorsKind, monitorRejection(typed)
	case *monitoringv1.PodMonitor:
		return monitoringv1.PodMonitorsKind, monitorRejection(typed)
	case *monitoringv1.Probe:
		return monitoringv1.ProbesKind, monitorRejection(typed)
	case *monitoringv1alpha1.ScrapeConfig:
		return monitoringv1alpha1.ScrapeConfigsKind, monitorRejection(typed)
	}
	return "", nil
}

func monitorRejection(obj any) error {
	result, err := promcfg.CheckObject(obj, promcfg.CheckOptions{})
	if err != nil {
		return err
	}
	return result.Rejection
}
