// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	admissionv1 "k8s.io/api/admission/v1"
)

// applyPatch applies the answer's JSON patch to the reviewed object.
func applyPatch(t *testing.T, response *admissionv1.AdmissionResponse, object string) string {
	t.Helper()
	require.True(t, response.Allowed)
	require.NotNil(t, response.PatchType)
	require.Equal(t, admissionv1.PatchTypeJSONPatch, *response.PatchType)
	patch, err := jsonpatch.DecodePatch(response.Patch)
	require.NoError(t, err)
	patched, err := patch.Apply(toJSON(t, object))
	require.NoError(t, err)
	return string(patched)
}

func TestMutateTurnsNonStringLabelsAndAnnotationsIntoStrings(t *testing.T) {
	object := `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: rules, namespace: default}
spec:
  groups:
    - name: g
      rules:
        - alert: A
          expr: up == 0
          labels: {severity: page, "app.kubernetes.io/tier": 3, paged: true, unset: null}
          annotations: {ratio: 0.5, summary: down}
        - record: r
          expr: sum(up)
`
	f := newFixture(t, nil)
	response := f.review(t, PrometheusRulesMutatePath, prometheusRuleResource, object)
	expected := `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: rules
  namespace: default
  annotations: {prometheus-operator-validated: "true"}
spec:
  groups:
    - name: g
      rules:
        - alert: A
          expr: up == 0
          labels: {severity: page, "app.kubernetes.io/tier": "3", paged: "true", unset: null}
          annotations: {ratio: "0.5", summary: down}
        - record: r
          expr: sum(up)
`
	assert.JSONEq(t, string(toJSON(t, expected)), applyPatch(t, response, object))
}

func TestMutateKeepsExistingAnnotations(t *testing.T) {
	object := `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: rules, namespace: default, annotations: {owner: team-a}}
spec: {groups: [{name: g, rules: [{record: r, expr: sum(up)}]}]}
`
	f := newFixture(t, nil)
	patched := applyPatch(t, f.review(t, PrometheusRulesMutatePath, prometheusRuleResource, object), object)
	assert.JSONEq(t, string(toJSON(t, `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: rules, namespace: default, annotations: {owner: team-a, prometheus-operator-validated: "true"}}
spec: {groups: [{name: g, rules: [{record: r, expr: sum(up)}]}]}
`)), patched)
}

func TestPrometheusRulesAreCheckedByTheRulesPackage(t *testing.T) {
	cases := map[string]struct {
		object    string
		fragments []string // empty: admitted
	}{
		"valid rules are admitted": {`
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: rules, namespace: default}
spec:
  groups:
    - name: availability
      rules:
        - {alert: Down, expr: up == 0, for: 5m, labels: {severity: page}}
        - {record: "job:up:sum", expr: sum by (job) (up)}
`, nil},
		"a PromQL syntax error is refused with the parser's message": {`
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: rules, namespace: default}
spec:
  groups:
    - name: availability
      rules: [{alert: Down, expr: "sum(up"}]
`, []string{"availability", "unclosed left parenthesis"}},
		"a record name that is not a metric name is refused": {`
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: rules, namespace: default}
spec:
  groups:
    - name: recording
      rules: [{record: "not a metric", expr: sum(up)}]
`, []string{"not a metric"}},
		"a boolean label value cannot be decoded": {`
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: rules, namespace: default}
spec:
  groups: [{name: g, rules: [{alert: A, expr: up, labels: {paged: true}}]}]
`, []string{"cannot unmarshal rules from spec"}},
	}
	f := newFixture(t, nil)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			response := f.review(t, PrometheusRulesValidatePath, prometheusRuleResource, tc.object)
			if len(tc.fragments) == 0 {
				require.True(t, response.Allowed, "%+v", response.Result)
				return
			}
			requireDenied(t, response, "Rules are not valid", "PrometheusRule", tc.fragments...)
		})
	}
}
