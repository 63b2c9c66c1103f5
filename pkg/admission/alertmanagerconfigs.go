// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	monitoringv1beta1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1beta1"
)

// alertmanagerConfigResourceName is the plural of AlertmanagerConfig.
const alertmanagerConfigResourceName = "alertmanagerconfigs"

var (
	alertmanagerConfigV1alpha1 = monitoringv1alpha1.SchemeGroupVersion.WithResource(alertmanagerConfigResourceName)
	alertmanagerConfigV1beta1  = monitoringv1beta1.SchemeGroupVersion.WithResource(alertmanagerConfigResourceName)
)

// validateAlertmanagerConfig refuses an AlertmanagerConfig that the
// Alertmanager controller would reject whatever the cluster holds. Both
// versions are judged by the same check: a v1beta1 object is first
// converted to v1alpha1, the version the check (and storage) uses.
func (w *Webhook) validateAlertmanagerConfig(request *http.Request, review *admissionv1.AdmissionRequest) *admissionv1.AdmissionResponse {
	if len(review.Object.Raw) == 0 && (sameResource(review.Resource, alertmanagerConfigV1alpha1) || sameResource(review.Resource, alertmanagerConfigV1beta1)) {
		return allowed(nil)
	}
	var config monitoringv1alpha1.AlertmanagerConfig
	switch {
	case sameResource(review.Resource, alertmanagerConfigV1alpha1):
		if err := json.Unmarshal(review.Object.Raw, &config); err != nil {
			return denied("AlertmanagerConfig is invalid", monitoringv1alpha1.AlertmanagerConfigKind, review.Name, []error{fmt.Errorf("cannot unmarshal config from spec: %w", err)})
		}
	case sameResource(review.Resource, alertmanagerConfigV1beta1):
		var beta monitoringv1beta1.AlertmanagerConfig
		if err := json.Unmarshal(review.Object.Raw, &beta); err != nil {
			return denied("AlertmanagerConfig is invalid", monitoringv1alpha1.AlertmanagerConfigKind, review.Name, []error{fmt.Errorf("cannot unmarshal config from spec: %w", err)})
		}
		if err := beta.ConvertTo(&config); err != nil {
			return denied("AlertmanagerConfig is invalid", monitoringv1alpha1.AlertmanagerConfigKind, review.Name, []error{err})
		}
	default:
		return unexpectedResource(review.Resource, alertmanagerConfigV1alpha1, alertmanagerConfigV1beta1)
	}
	defaultNamespace(&config, review)
	if w.checks.AlertmanagerConfig == nil {
		return failed(fmt.Errorf("no AlertmanagerConfig check is configured"))
	}
	if errs := splitErrors(w.checks.AlertmanagerConfig(&config)...); len(errs) > 0 {
		return denied("AlertmanagerConfig is invalid", monitoringv1alpha1.AlertmanagerConfigKind, review.Name, errs)
	}
	return allowed(w.alertmanagerConfigWarnings(request.Context(), &config))
}

// alertmanagerConfigWarnings checks the configuration for each
// Alertmanager selecting it, with its version and the cluster's Secrets.
func (w *Webhook) alertmanagerConfigWarnings(ctx context.Context, config *monitoringv1alpha1.AlertmanagerConfig) []string {
	if w.cluster == nil || w.checks.AlertmanagerConfigFor == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, clusterTimeout)
	defer cancel()
	workloads, err := w.cluster.Workloads(ctx, alertmanagerConfigResourceName, config)
	if err != nil {
		w.logger.Warn("cannot list the Alertmanagers selecting an object; no warnings", "kind", monitoringv1alpha1.AlertmanagerConfigKind,
			"namespace", config.Namespace, "name", config.Name, "err", err)
	}
	var warnings []string
	for _, workload := range workloads {
		if err := w.checks.AlertmanagerConfigFor(config, workload.Version, w.cluster.Store(ctx)); err != nil {
			warnings = append(warnings, fmt.Sprintf("%s rejects it: %v", workload, err))
		}
	}
	return warnings
}
