// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"encoding/json"
	"fmt"
	"net/http"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	monitoringv1beta1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1beta1"
)

// serveConversion answers a ConversionReview for AlertmanagerConfig with
// the conversion functions of the v1beta1 API package (v1alpha1 is the hub
// and the storage version). One object that cannot be converted fails the
// whole review, as the API server requires.
func (w *Webhook) serveConversion(response http.ResponseWriter, request *http.Request) {
	body, ok := readBody(response, request)
	if !ok {
		return
	}
	var review apiextensionsv1.ConversionReview
	if err := json.Unmarshal(body, &review); err != nil || review.Request == nil {
		if err == nil {
			err = fmt.Errorf("the ConversionReview has no request")
		}
		w.logger.Error("undecodable ConversionReview", "err", err)
		http.Error(response, err.Error(), http.StatusBadRequest)
		return
	}
	answer := &apiextensionsv1.ConversionResponse{UID: review.Request.UID, Result: metav1.Status{Status: metav1.StatusSuccess}}
	converted, err := convertAll(review.Request.Objects, review.Request.DesiredAPIVersion)
	if err != nil {
		w.logger.Warn("conversion failed", "desiredAPIVersion", review.Request.DesiredAPIVersion, "err", err)
		answer.Result = metav1.Status{Status: metav1.StatusFailure, Message: err.Error()}
	} else {
		answer.ConvertedObjects = converted
		if writer, ok := response.(*resultWriter); ok {
			writer.result = resultAllowed
		}
	}
	if review.APIVersion == "" {
		review.APIVersion = apiextensionsv1.SchemeGroupVersion.String()
	}
	if review.Kind == "" {
		review.Kind = "ConversionReview"
	}
	writeJSON(response, apiextensionsv1.ConversionReview{TypeMeta: review.TypeMeta, Response: answer}, w.logger)
}

// convertAll converts every object to desired.
func convertAll(objects []runtime.RawExtension, desired string) ([]runtime.RawExtension, error) {
	converted := make([]runtime.RawExtension, 0, len(objects))
	for i, object := range objects {
		out, err := convertAlertmanagerConfig(object.Raw, desired)
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", i, err)
		}
		converted = append(converted, runtime.RawExtension{Raw: out})
	}
	return converted, nil
}

// convertAlertmanagerConfig converts one AlertmanagerConfig to desired;
// an object already in that version is returned unchanged.
func convertAlertmanagerConfig(raw []byte, desired string) ([]byte, error) {
	var meta metav1.TypeMeta
	if err := json.Unmarshal(raw, &meta); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if meta.Kind != monitoringv1alpha1.AlertmanagerConfigKind {
		return nil, fmt.Errorf("cannot convert a %q: only AlertmanagerConfig is converted", meta.Kind)
	}
	alpha, beta := monitoringv1alpha1.SchemeGroupVersion.String(), monitoringv1beta1.SchemeGroupVersion.String()
	if desired != alpha && desired != beta {
		return nil, fmt.Errorf("unknown desired version %q: want %s or %s", desired, alpha, beta)
	}
	switch {
	case meta.APIVersion == desired:
		return raw, nil
	case meta.APIVersion == alpha:
		var hub monitoringv1alpha1.AlertmanagerConfig
		if err := json.Unmarshal(raw, &hub); err != nil {
			return nil, fmt.Errorf("decode %s: %w", alpha, err)
		}
		var out monitoringv1beta1.AlertmanagerConfig
		if err := out.ConvertFrom(&hub); err != nil {
			return nil, err
		}
		return json.Marshal(&out)
	case meta.APIVersion == beta:
		var in monitoringv1beta1.AlertmanagerConfig
		if err := json.Unmarshal(raw, &in); err != nil {
			return nil, fmt.Errorf("decode %s: %w", beta, err)
		}
		var hub monitoringv1alpha1.AlertmanagerConfig
		if err := in.ConvertTo(&hub); err != nil {
			return nil, err
		}
		return json.Marshal(&hub)
	}
	return nil, fmt.Errorf("unknown source version %q", meta.APIVersion)
}
