// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"fmt"
	"sync"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"

	"github.com/seed-6daed11e/prometheus-operator/example"
)

// crdSchemas holds the structural schema of every version of the embedded
// CRDs, by group, version and kind. The API server prunes unknown fields
// and applies the schema's defaults before it stores a custom resource, and
// the controllers see the stored object: the render does the same to its
// input so that it sees what they would.
type crdSchemas map[schema.GroupVersionKind]*structuralschema.Structural

var loadSchemas = sync.OnceValues(func() (crdSchemas, error) {
	names, contents, err := example.CRDs()
	if err != nil {
		return nil, fmt.Errorf("read the embedded CRDs: %w", err)
	}
	schemas := crdSchemas{}
	for _, name := range names {
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.Unmarshal(contents[name], &crd); err != nil {
			return nil, fmt.Errorf("CRD %s: %w", name, err)
		}
		for _, version := range crd.Spec.Versions {
			if version.Schema == nil || version.Schema.OpenAPIV3Schema == nil {
				continue
			}
			var internal apiextensions.JSONSchemaProps
			if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(version.Schema.OpenAPIV3Schema, &internal, nil); err != nil {
				return nil, fmt.Errorf("CRD %s %s: %w", name, version.Name, err)
			}
			structural, err := structuralschema.NewStructural(&internal)
			if err != nil {
				return nil, fmt.Errorf("CRD %s %s: %w", name, version.Name, err)
			}
			gvk := schema.GroupVersionKind{Group: crd.Spec.Group, Version: version.Name, Kind: crd.Spec.Names.Kind}
			schemas[gvk] = structural
		}
	}
	return schemas, nil
})

// applySchema prunes the fields the CRD does not know and applies its
// defaults, as the API server does on create. It reports whether obj is a
// custom resource of the embedded CRDs.
func applySchema(obj *unstructured.Unstructured) (bool, error) {
	schemas, err := loadSchemas()
	if err != nil {
		return false, err
	}
	structural, ok := schemas[obj.GroupVersionKind()]
	if !ok {
		return false, nil
	}
	structuralpruning.Prune(obj.Object, structural, true)
	structuraldefaulting.PruneNonNullableNullsWithoutDefaults(obj.Object, structural)
	structuraldefaulting.Default(obj.Object, structural)
	return true, nil
}
