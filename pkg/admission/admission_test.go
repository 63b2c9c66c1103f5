// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admission/v1"
)

func TestEveryEndpointRefusesAnEmptyBodyAndAWrongContentType(t *testing.T) {
	f := newFixture(t, nil)
	for _, path := range []string{
		PrometheusRulesValidatePath, PrometheusRulesMutatePath, AlertmanagerConfigsValidatePath, ServiceMonitorsValidatePath,
		PodMonitorsValidatePath, ProbesValidatePath, ScrapeConfigsValidatePath, ConvertPath,
	} {
		recorder := f.post(path, nil, "application/json")
		assert.Equal(t, http.StatusBadRequest, recorder.Code, path)
		assert.Contains(t, recorder.Body.String(), "request has no body", path)

		recorder = f.post(path, []byte(`{}`), "text/plain")
		assert.Equal(t, http.StatusUnsupportedMediaType, recorder.Code, path)

		recorder = f.post(path, []byte(`{}`), "application/json; charset=utf-8")
		assert.NotEqual(t, http.StatusUnsupportedMediaType, recorder.Code, "parameters of the media type are fine: %s", path)
	}
}

func TestAnUndecodableReviewIsAnsweredWithAFailure(t *testing.T) {
	f := newFixture(t, nil)
	recorder := f.post(ServiceMonitorsValidatePath, []byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":"nope"}`), "application/json")
	require.Equal(t, http.StatusOK, recorder.Code)
	var out admissionv1.AdmissionReview
	require.NoError(t, json.Unmarshal(recorder.Body.Bytes(), &out))
	require.NotNil(t, out.Response)
	assert.False(t, out.Response.Allowed)
	assert.Equal(t, int32(http.StatusBadRequest), out.Response.Result.Code)
}

func TestTheReviewVersionIsEchoed(t *testing.T) {
	f := newFixture(t, nil)
	body := strings.Replace(string(reviewBody(t, serviceMonitorResource.gvr, validServiceMonitor)), `"admission.k8s.io/v1"`, `"admission.k8s.io/v1beta1"`, 1)
	recorder := f.post(ServiceMonitorsValidatePath, []byte(body), "application/json")
	var out admissionv1.AdmissionReview
	require.NoError(t, json.Unmarshal(recorder.Body.Bytes(), &out))
	assert.Equal(t, "admission.k8s.io/v1beta1", out.APIVersion)
	assert.True(t, out.Response.Allowed)
}

func TestAnEndpointRefusesAnotherResource(t *testing.T) {
	f := newFixture(t, nil)
	for path, resource := range map[string]scrapeResource{
		ServiceMonitorsValidatePath:     podMonitorResource,
		PrometheusRulesValidatePath:     serviceMonitorResource,
		PrometheusRulesMutatePath:       probeResource,
		AlertmanagerConfigsValidatePath: scrapeConfigResource,
	} {
		response := f.review(t, path, resource.gvr, validServiceMonitor)
		assert.False(t, response.Allowed, path)
		assert.Contains(t, response.Result.Message, "unexpected resource", path)
	}
}

func TestRequestsAreCountedByEndpointAndResult(t *testing.T) {
	f := newFixture(t, nil)
	f.review(t, ServiceMonitorsValidatePath, serviceMonitorResource.gvr, validServiceMonitor)
	f.review(t, ServiceMonitorsValidatePath, serviceMonitorResource.gvr, `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: default}
spec: {selector: {}, endpoints: [{port: a, interval: 1x}]}
`)
	f.post(ServiceMonitorsValidatePath, nil, "application/json")

	expected := `
# HELP prometheus_operator_admission_webhook_requests_total Admission and conversion requests served, by endpoint and result (allowed, allowed_with_warnings, denied, error).
# TYPE prometheus_operator_admission_webhook_requests_total counter
prometheus_operator_admission_webhook_requests_total{endpoint="/admission-servicemonitors/validate",result="allowed"} 1
prometheus_operator_admission_webhook_requests_total{endpoint="/admission-servicemonitors/validate",result="denied"} 1
prometheus_operator_admission_webhook_requests_total{endpoint="/admission-servicemonitors/validate",result="error"} 1
`
	require.NoError(t, testutil.GatherAndCompare(f.registry, strings.NewReader(expected), "prometheus_operator_admission_webhook_requests_total"))
	count, err := testutil.GatherAndCount(f.registry, "prometheus_operator_admission_webhook_request_duration_seconds")
	require.NoError(t, err)
	assert.Equal(t, 1, count, "one latency histogram for the endpoint")
}

func TestWarningsStayWithinWhatTheAPIServerRelays(t *testing.T) {
	long := strings.Repeat("x", 400)
	var many []string
	for range 40 {
		many = append(many, long)
	}
	trimmed := trimWarnings(many)
	assert.Len(t, trimmed, maxWarnings)
	assert.Equal(t, "and 9 more warnings", trimmed[maxWarnings-1])
	for _, warning := range trimmed {
		assert.LessOrEqual(t, len(warning), maxWarningLength)
	}
}
