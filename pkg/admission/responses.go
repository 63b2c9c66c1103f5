// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"fmt"
	"net/http"
	"strings"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Kubernetes shows at most this many warnings per response, each cut at
// maxWarningLength characters; we keep within both.
const (
	maxWarnings      = 32
	maxWarningLength = 256
)

// allowed admits the object, with warnings kubectl prints.
func allowed(warnings []string) *admissionv1.AdmissionResponse {
	return &admissionv1.AdmissionResponse{Allowed: true, Warnings: trimWarnings(warnings)}
}

// failed refuses a request that could not be understood: the object is
// not refused for its content but because the webhook cannot judge it.
func failed(err error) *admissionv1.AdmissionResponse {
	return &admissionv1.AdmissionResponse{
		Allowed: false,
		Result: &metav1.Status{
			Status:  metav1.StatusFailure,
			Code:    http.StatusBadRequest,
			Reason:  metav1.StatusReasonBadRequest,
			Message: err.Error(),
		},
	}
}

// denied refuses the object as upstream does (422, reason Invalid, one
// cause per error), with the errors in the message too. The details name
// the object's kind and name (upstream puts the resource plural there), so
// that kubectl prints `The ServiceMonitor "web" is invalid: spec: ...`.
func denied(summary, kind, name string, errs []error) *admissionv1.AdmissionResponse {
	causes := make([]metav1.StatusCause, 0, len(errs))
	messages := make([]string, 0, len(errs))
	for _, err := range errs {
		causes = append(causes, metav1.StatusCause{Type: metav1.CauseTypeFieldValueInvalid, Field: "spec", Message: err.Error()})
		messages = append(messages, err.Error())
	}
	return &admissionv1.AdmissionResponse{
		Allowed: false,
		Result: &metav1.Status{
			Status:  metav1.StatusFailure,
			Code:    http.StatusUnprocessableEntity,
			Reason:  metav1.StatusReasonInvalid,
			Message: summary + ": " + strings.Join(messages, "; "),
			Details: &metav1.StatusDetails{Group: monitoringGroup, Kind: kind, Name: name, Causes: causes},
		},
	}
}

// monitoringGroup is the API group of every reviewed kind.
const monitoringGroup = "monitoring.coreos.com"

// unexpectedResource refuses a review of a resource an endpoint does not
// handle, a webhook configuration mistake.
func unexpectedResource(got metav1.GroupVersionResource, want ...schema.GroupVersionResource) *admissionv1.AdmissionResponse {
	names := make([]string, 0, len(want))
	for _, resource := range want {
		names = append(names, resource.String())
	}
	return failed(fmt.Errorf("unexpected resource %s/%s/%s: this endpoint reviews %s",
		got.Group, got.Version, got.Resource, strings.Join(names, " or ")))
}

// trimWarnings keeps the warnings within what the API server relays.
func trimWarnings(warnings []string) []string {
	if len(warnings) == 0 {
		return nil
	}
	out := make([]string, 0, min(len(warnings), maxWarnings))
	for i, warning := range warnings {
		if i == maxWarnings-1 && len(warnings) > maxWarnings {
			out = append(out, fmt.Sprintf("and %d more warnings", len(warnings)-i))
			break
		}
		if len(warning) > maxWarningLength {
			warning = warning[:maxWarningLength-3] + "..."
		}
		out = append(out, warning)
	}
	return out
}

// splitErrors flattens joined errors into one error per cause.
func splitErrors(errs ...error) []error {
	var out []error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			out = append(out, splitErrors(joined.Unwrap()...)...)
			continue
		}
		out = append(out, err)
	}
	return out
}
