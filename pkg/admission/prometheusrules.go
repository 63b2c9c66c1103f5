// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// ValidatedAnnotation is added by the mutating endpoint to every
// PrometheusRule it sees, as upstream does.
const ValidatedAnnotation = "prometheus-operator-validated"

var prometheusRuleResource = monitoringv1.SchemeGroupVersion.WithResource(monitoringv1.PrometheusRuleName)

// validatePrometheusRule refuses rules that Prometheus's rule loader would
// refuse (rulefmt and the PromQL parser), through the rules package the
// controllers use.
func (w *Webhook) validatePrometheusRule(request *http.Request, review *admissionv1.AdmissionRequest) *admissionv1.AdmissionResponse {
	if !sameResource(review.Resource, prometheusRuleResource) {
		return unexpectedResource(review.Resource, prometheusRuleResource)
	}
	if len(review.Object.Raw) == 0 {
		return allowed(nil)
	}
	var rule monitoringv1.PrometheusRule
	if err := json.Unmarshal(review.Object.Raw, &rule); err != nil {
		return denied("Rules are not valid", monitoringv1.PrometheusRuleKind, review.Name, []error{fmt.Errorf("cannot unmarshal rules from spec: %w", err)})
	}
	defaultNamespace(&rule, review)
	if w.checks.PrometheusRule == nil {
		return failed(fmt.Errorf("no PrometheusRule check is configured"))
	}
	if errs := splitErrors(w.checks.PrometheusRule(&rule)...); len(errs) > 0 {
		return denied("Rules are not valid", monitoringv1.PrometheusRuleKind, review.Name, errs)
	}
	return allowed(w.prometheusRuleWarnings(request.Context(), &rule))
}

// prometheusRuleWarnings renders the rules for the version of each
// Prometheus selecting them.
func (w *Webhook) prometheusRuleWarnings(ctx context.Context, rule *monitoringv1.PrometheusRule) []string {
	if w.cluster == nil || w.checks.PrometheusRuleFor == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, clusterTimeout)
	defer cancel()
	workloads, err := w.cluster.Workloads(ctx, prometheusRuleResource.Resource, rule)
	if err != nil {
		w.logger.Warn("cannot list the workloads selecting an object; no version warnings", "kind", monitoringv1.PrometheusRuleKind,
			"namespace", rule.Namespace, "name", rule.Name, "err", err)
	}
	var warnings []string
	for _, workload := range workloads {
		dropped, refused := w.checks.PrometheusRuleFor(rule, workload.Version)
		if refused != nil {
			warnings = append(warnings, fmt.Sprintf("%s rejects it: %v", workload, refused))
		}
		for _, message := range dropped {
			warnings = append(warnings, fmt.Sprintf("%s: %s", workload, message))
		}
	}
	return warnings
}

// jsonPatchOperation is one RFC 6902 operation.
type jsonPatchOperation struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value,omitempty"`
}

// mutatePrometheusRule turns the non-string label and annotation values of
// the rules (true, 42) into strings, which the typed API would otherwise
// refuse, and marks the object with ValidatedAnnotation.
func (w *Webhook) mutatePrometheusRule(_ *http.Request, review *admissionv1.AdmissionRequest) *admissionv1.AdmissionResponse {
	if !sameResource(review.Resource, prometheusRuleResource) {
		return unexpectedResource(review.Resource, prometheusRuleResource)
	}
	if len(review.Object.Raw) == 0 {
		return allowed(nil)
	}
	var object struct {
		Metadata struct {
			Annotations map[string]string `json:"annotations"`
		} `json:"metadata"`
		Spec struct {
			Groups []struct {
				Rules []struct {
					Labels      map[string]any `json:"labels"`
					Annotations map[string]any `json:"annotations"`
				} `json:"rules"`
			} `json:"groups"`
		} `json:"spec"`
	}
	if err := json.Unmarshal(review.Object.Raw, &object); err != nil {
		return failed(fmt.Errorf("cannot unmarshal the PrometheusRule: %w", err))
	}
	var patch []jsonPatchOperation
	for g, group := range object.Spec.Groups {
		for r, rule := range group.Rules {
			base := fmt.Sprintf("/spec/groups/%d/rules/%d", g, r)
			patch = append(patch, stringify(base+"/labels", rule.Labels)...)
			patch = append(patch, stringify(base+"/annotations", rule.Annotations)...)
		}
	}
	if object.Metadata.Annotations == nil {
		patch = append(patch, jsonPatchOperation{Op: "add", Path: "/metadata/annotations", Value: map[string]string{ValidatedAnnotation: "true"}})
	} else {
		patch = append(patch, jsonPatchOperation{Op: "add", Path: "/metadata/annotations/" + escapePointer(ValidatedAnnotation), Value: "true"})
	}
	body, err := json.Marshal(patch)
	if err != nil {
		return failed(fmt.Errorf("encode the patch: %w", err))
	}
	response := allowed(nil)
	patchType := admissionv1.PatchTypeJSONPatch
	response.Patch, response.PatchType = body, &patchType
	return response
}

// stringify replaces each value of values that is neither a string nor
// null with its text, in key order.
func stringify(path string, values map[string]any) []jsonPatchOperation {
	var patch []jsonPatchOperation
	for _, key := range slices.Sorted(maps.Keys(values)) {
		switch value := values[key].(type) {
		case string, nil:
			continue
		default:
			// Printed as upstream prints them: 42, 1.5, true.
			patch = append(patch, jsonPatchOperation{Op: "replace", Path: path + "/" + escapePointer(key), Value: fmt.Sprint(value)})
		}
	}
	return patch
}

// escapePointer escapes a key for a JSON pointer (RFC 6901), so that keys
// such as "app.kubernetes.io/name" address the right member.
func escapePointer(key string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}
