// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package example

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	celconfig "k8s.io/apiserver/pkg/apis/cel"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	monitoringv1beta1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1beta1"
)

// monitoringDocuments returns every monitoring.coreos.com object in the YAML
// files below dir, as unstructured JSON maps.
func monitoringDocuments(t *testing.T, dir string) map[string]*unstructured.Unstructured {
	t.Helper()
	out := map[string]*unstructured.Unstructured{}
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	require.NoError(t, err)
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
		for i := 0; ; i++ {
			var obj map[string]any
			if err := decoder.Decode(&obj); errors.Is(err, io.EOF) {
				break
			} else {
				require.NoError(t, err, file)
			}
			u := &unstructured.Unstructured{Object: obj}
			if u.GroupVersionKind().Group != monitoringv1.GroupName {
				continue
			}
			out[filepath.Base(file)+"#"+u.GetKind()+"/"+u.GetName()] = u
		}
	}
	return out
}

// prune drops nulls and empty objects, which the Go types emit for unset
// structs (status, creationTimestamp) but a manifest leaves out, and false
// booleans, which non-pointer fields such as enableAdminAPI omit.
func prune(value any) any {
	switch v := value.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, item := range v {
			item = prune(item)
			if item == nil || item == false {
				continue
			}
			if m, ok := item.(map[string]any); ok && len(m) == 0 {
				continue
			}
			out[k] = item
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = prune(item)
		}
		return out
	}
	return value
}

func monitoringScheme(t *testing.T) *runtime.Scheme {
	t.Helper()
	scheme := runtime.NewScheme()
	require.NoError(t, monitoringv1.AddToScheme(scheme))
	require.NoError(t, monitoringv1alpha1.AddToScheme(scheme))
	require.NoError(t, monitoringv1beta1.AddToScheme(scheme))
	return scheme
}

// validateAgainstCRD runs the API server's OpenAPI and CEL validation of obj.
func validateAgainstCRD(t *testing.T, crd *apiextensions.CustomResourceDefinition, obj *unstructured.Unstructured) field.ErrorList {
	t.Helper()
	version := obj.GroupVersionKind().Version
	var schema *apiextensions.JSONSchemaProps
	for _, v := range crd.Spec.Versions {
		if v.Name == version && v.Schema != nil {
			schema = v.Schema.OpenAPIV3Schema
		}
	}
	if schema == nil && crd.Spec.Validation != nil {
		schema = crd.Spec.Validation.OpenAPIV3Schema
	}
	require.NotNil(t, schema, "no schema for %s %s", crd.Spec.Names.Kind, version)
	validator, _, err := apiservervalidation.NewSchemaValidator(schema)
	require.NoError(t, err)
	errs := apiservervalidation.ValidateCustomResource(nil, obj.Object, validator)
	structural, err := structuralschema.NewStructural(schema)
	require.NoError(t, err)
	celErrs, _ := cel.NewValidator(structural, true, celconfig.PerCallLimit).
		Validate(context.Background(), nil, structural, obj.Object, nil, celconfig.RuntimeCELCostBudget)
	return append(errs, celErrs...)
}

func TestUserGuideManifests(t *testing.T) {
	crds := loadCRDs(t)
	codecs := serializer.NewCodecFactory(monitoringScheme(t))
	docs := monitoringDocuments(t, "user-guide")
	require.NotEmpty(t, docs)
	for name, u := range docs {
		t.Run(name, func(t *testing.T) {
			crd, ok := crds[u.GetKind()]
			require.True(t, ok, "no CRD for kind %s", u.GetKind())
			assert.Empty(t, validateAgainstCRD(t, crd, u).ToAggregate(), "the API server would reject it")

			original, err := json.Marshal(u.Object)
			require.NoError(t, err)
			typed, _, err := codecs.UniversalDeserializer().Decode(original, nil, nil)
			require.NoError(t, err, "decodes into our Go type")
			roundTripped, err := json.Marshal(typed)
			require.NoError(t, err)
			var back map[string]any
			require.NoError(t, json.Unmarshal(roundTripped, &back))
			if _, hasStatus := u.Object["status"]; !hasStatus {
				// Status counters are required integers, written as zeros.
				delete(back, "status")
			}
			assert.Equal(t, prune(u.Object), prune(back), "round-trips to the same JSON")
		})
	}
}
