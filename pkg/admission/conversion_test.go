// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/randfill"
	"sigs.k8s.io/yaml"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	monitoringv1beta1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1beta1"
)

// The API packages' fixtures set every field of AlertmanagerConfig.
var (
	betaFixture  = filepath.Join("..", "..", "apis", "monitoring", "v1beta1", "testdata", "alertmanagerconfig-full.yaml")
	alphaFixture = filepath.Join("..", "..", "apis", "monitoring", "v1alpha1", "testdata", "alertmanagerconfig-full.yaml")
)

// convert posts a ConversionReview of objects (JSON) to /convert and
// returns the response.
func (f *fixture) convert(t *testing.T, desired string, objects ...[]byte) *apiextensionsv1.ConversionResponse {
	t.Helper()
	review := apiextensionsv1.ConversionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "apiextensions.k8s.io/v1", Kind: "ConversionReview"},
		Request:  &apiextensionsv1.ConversionRequest{UID: "c0ffee00-0000-4000-8000-000000000002", DesiredAPIVersion: desired},
	}
	for _, object := range objects {
		review.Request.Objects = append(review.Request.Objects, runtime.RawExtension{Raw: object})
	}
	body, err := json.Marshal(review)
	require.NoError(t, err)
	recorder := f.post(ConvertPath, body, "application/json")
	require.Equal(t, http.StatusOK, recorder.Code, recorder.Body.String())
	var out apiextensionsv1.ConversionReview
	require.NoError(t, json.Unmarshal(recorder.Body.Bytes(), &out))
	require.Equal(t, "apiextensions.k8s.io/v1", out.APIVersion)
	require.Equal(t, "ConversionReview", out.Kind)
	require.NotNil(t, out.Response)
	require.Equal(t, review.Request.UID, out.Response.UID)
	return out.Response
}

func readJSON(t *testing.T, path string) []byte {
	t.Helper()
	content, err := os.ReadFile(path)
	require.NoError(t, err)
	out, err := yaml.YAMLToJSON(content)
	require.NoError(t, err)
	return out
}

// normalized re-encodes an object through its Go type, so that two
// encodings of the same object compare equal.
func normalized[T any](t *testing.T, raw []byte) string {
	t.Helper()
	var object T
	require.NoError(t, json.Unmarshal(raw, &object))
	out, err := json.Marshal(&object)
	require.NoError(t, err)
	return string(out)
}

func TestV1beta1RoundTripsThroughTheStorageVersion(t *testing.T) {
	f := newFixture(t, nil)
	original := readJSON(t, betaFixture)

	toStorage := f.convert(t, "monitoring.coreos.com/v1alpha1", original)
	require.Equal(t, metav1.StatusSuccess, toStorage.Result.Status, toStorage.Result.Message)
	require.Len(t, toStorage.ConvertedObjects, 1)
	stored := toStorage.ConvertedObjects[0].Raw
	var hub monitoringv1alpha1.AlertmanagerConfig
	require.NoError(t, json.Unmarshal(stored, &hub))
	assert.Equal(t, "monitoring.coreos.com/v1alpha1", hub.APIVersion)
	assert.NotEmpty(t, hub.Spec.MuteTimeIntervals, "timeIntervals are stored as muteTimeIntervals")

	back := f.convert(t, "monitoring.coreos.com/v1beta1", stored)
	require.Equal(t, metav1.StatusSuccess, back.Result.Status, back.Result.Message)
	assert.JSONEq(t, normalized[monitoringv1beta1.AlertmanagerConfig](t, original),
		normalized[monitoringv1beta1.AlertmanagerConfig](t, back.ConvertedObjects[0].Raw))
}

func TestV1alpha1ToV1beta1DropsOnlyTheDocumentedFields(t *testing.T) {
	f := newFixture(t, nil)
	response := f.convert(t, "monitoring.coreos.com/v1beta1", readJSON(t, alphaFixture))
	require.Equal(t, metav1.StatusSuccess, response.Result.Status, response.Result.Message)
	converted := string(response.ConvertedObjects[0].Raw)
	assert.NotContains(t, converted, "updateAlerts", "Opsgenie updateAlerts has no v1beta1 field")
	assert.NotContains(t, converted, `"optional"`, "v1beta1 secret references have no optional flag")
	assert.NotContains(t, converted, `"regex"`, "the regex flag is folded into matchType")
	assert.Contains(t, converted, `"timeIntervals"`)
}

func TestAnObjectInTheDesiredVersionIsReturnedUnchanged(t *testing.T) {
	f := newFixture(t, nil)
	original := readJSON(t, betaFixture)
	response := f.convert(t, "monitoring.coreos.com/v1beta1", original)
	require.Equal(t, metav1.StatusSuccess, response.Result.Status)
	assert.JSONEq(t, string(original), string(response.ConvertedObjects[0].Raw))
}

func TestConversionFailuresFailTheWholeReview(t *testing.T) {
	f := newFixture(t, nil)
	good := readJSON(t, betaFixture)
	for name, tc := range map[string]struct {
		desired string
		object  []byte
		message string
	}{
		"another kind":          {"monitoring.coreos.com/v1alpha1", []byte(`{"apiVersion":"monitoring.coreos.com/v1","kind":"Prometheus"}`), "only AlertmanagerConfig"},
		"an unknown version":    {"monitoring.coreos.com/v2", good, "unknown desired version"},
		"an unreadable routing": {"monitoring.coreos.com/v1beta1", []byte(`{"apiVersion":"monitoring.coreos.com/v1alpha1","kind":"AlertmanagerConfig","spec":{"route":{"receiver":"a","routes":[{"matchers":"no"}]}}}`), "routes[0]"},
	} {
		t.Run(name, func(t *testing.T) {
			response := f.convert(t, tc.desired, good, tc.object)
			assert.Equal(t, metav1.StatusFailure, response.Result.Status)
			assert.Contains(t, response.Result.Message, tc.message)
			assert.Empty(t, response.ConvertedObjects)
		})
	}
}

// TestEveryV1beta1FieldSurvivesTheRoundTrip fills every field of random
// v1beta1 objects and converts them to the storage version and back.
func TestEveryV1beta1FieldSurvivesTheRoundTrip(t *testing.T) {
	f := newFixture(t, nil)
	filler := randfill.NewWithSeed(14).NilChance(0).NumElements(1, 2).Funcs(
		func(route *apiextensionsv1.JSON, c randfill.Continue) {
			// Child routes are schemaless JSON: fill them with a real route.
			var child monitoringv1beta1.Route
			c.Fill(&child.Receiver)
			c.Fill(&child.GroupBy)
			c.Fill(&child.Matchers)
			raw, _ := json.Marshal(child)
			route.Raw = raw
		},
	)
	for range 20 {
		original := monitoringv1beta1.AlertmanagerConfig{
			TypeMeta:   metav1.TypeMeta{APIVersion: "monitoring.coreos.com/v1beta1", Kind: "AlertmanagerConfig"},
			ObjectMeta: metav1.ObjectMeta{Name: "random", Namespace: "default"},
		}
		filler.Fill(&original.Spec)
		raw, err := json.Marshal(&original)
		require.NoError(t, err)

		stored := f.convert(t, "monitoring.coreos.com/v1alpha1", raw)
		require.Equal(t, metav1.StatusSuccess, stored.Result.Status, stored.Result.Message)
		back := f.convert(t, "monitoring.coreos.com/v1beta1", stored.ConvertedObjects[0].Raw)
		require.Equal(t, metav1.StatusSuccess, back.Result.Status, back.Result.Message)
		require.JSONEq(t, string(raw), normalized[monitoringv1beta1.AlertmanagerConfig](t, back.ConvertedObjects[0].Raw))
	}
}
