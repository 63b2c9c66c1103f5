// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/yaml"
)

// reviewedName is the object name the reviews of the tests carry.
const reviewedName = "reviewed"

// fixture is a webhook behind its own mux and metrics registry.
type fixture struct {
	mux      *http.ServeMux
	registry *prometheus.Registry
}

func newFixture(t testing.TB, cluster Cluster) *fixture {
	t.Helper()
	registry := prometheus.NewRegistry()
	metrics, err := NewMetrics(registry)
	require.NoError(t, err)
	mux := http.NewServeMux()
	New(Options{Checks: NewChecks(RuleOptions{NameValidationScheme: NameValidationLegacy}), Cluster: cluster, Metrics: metrics}).Register(mux)
	return &fixture{mux: mux, registry: registry}
}

// post sends body to path as JSON and returns the recorded response.
func (f *fixture) post(path string, body []byte, contentType string) *httptest.ResponseRecorder {
	request := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	if contentType != "" {
		request.Header.Set("Content-Type", contentType)
	}
	recorder := httptest.NewRecorder()
	f.mux.ServeHTTP(recorder, request)
	return recorder
}

// toJSON turns a YAML manifest into the JSON the API server sends.
func toJSON(t testing.TB, manifest string) []byte {
	t.Helper()
	out, err := yaml.YAMLToJSON([]byte(manifest))
	require.NoError(t, err)
	return out
}

// reviewBody builds an admission.k8s.io/v1 AdmissionReview of a CREATE of
// object (YAML) as resource.
func reviewBody(t testing.TB, resource schema.GroupVersionResource, object string) []byte {
	t.Helper()
	review := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID:       types.UID("7d0d4a1e-0000-4000-8000-000000000001"),
			Resource:  metav1.GroupVersionResource{Group: resource.Group, Version: resource.Version, Resource: resource.Resource},
			Name:      reviewedName,
			Namespace: "default",
			Operation: admissionv1.Create,
			Object:    runtime.RawExtension{Raw: toJSON(t, object)},
		},
	}
	body, err := json.Marshal(review)
	require.NoError(t, err)
	return body
}

// review posts an AdmissionReview of object to path and returns the answer.
func (f *fixture) review(t *testing.T, path string, resource schema.GroupVersionResource, object string) *admissionv1.AdmissionResponse {
	t.Helper()
	recorder := f.post(path, reviewBody(t, resource, object), "application/json")
	require.Equal(t, http.StatusOK, recorder.Code, recorder.Body.String())
	var out admissionv1.AdmissionReview
	require.NoError(t, json.Unmarshal(recorder.Body.Bytes(), &out))
	require.Equal(t, "admission.k8s.io/v1", out.APIVersion)
	require.Equal(t, "AdmissionReview", out.Kind)
	require.NotNil(t, out.Response)
	require.Equal(t, types.UID("7d0d4a1e-0000-4000-8000-000000000001"), out.Response.UID, "the answer echoes the request's uid")
	return out.Response
}

// requireDenied checks an upstream-shaped denial whose message holds each
// of fragments, and returns the causes' messages.
func requireDenied(t *testing.T, response *admissionv1.AdmissionResponse, summary, kind string, fragments ...string) []string {
	t.Helper()
	require.False(t, response.Allowed)
	require.NotNil(t, response.Result)
	require.Equal(t, metav1.StatusFailure, response.Result.Status)
	require.Equal(t, int32(http.StatusUnprocessableEntity), response.Result.Code)
	require.Equal(t, metav1.StatusReasonInvalid, response.Result.Reason)
	require.Contains(t, response.Result.Message, summary)
	for _, fragment := range fragments {
		require.Contains(t, response.Result.Message, fragment)
	}
	require.NotNil(t, response.Result.Details)
	require.Equal(t, kind, response.Result.Details.Kind)
	require.Equal(t, "monitoring.coreos.com", response.Result.Details.Group)
	require.Equal(t, reviewedName, response.Result.Details.Name)
	var causes []string
	for _, cause := range response.Result.Details.Causes {
		causes = append(causes, cause.Message)
	}
	require.NotEmpty(t, causes)
	return causes
}
