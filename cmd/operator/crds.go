// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"fmt"
	"io"

	"sigs.k8s.io/yaml"

	"github.com/seed-6daed11e/prometheus-operator/example"
)

// printCRDs writes every CRD as one YAML stream. Stripped CRDs lose the
// description of every schema field, which keeps them small enough for
// client-side kubectl apply. The full set is upstream's "full" set: its
// AlertmanagerConfig CRD converts v1alpha1 <-> v1beta1 through the admission
// webhook.
func printCRDs(out io.Writer, stripped bool) error {
	names, contents, err := example.CRDs()
	if err != nil {
		return fmt.Errorf("read the embedded CRDs: %w", err)
	}
	for _, name := range names {
		content := bytes.TrimPrefix(contents[name], []byte("---\n"))
		if stripped {
			if content, err = stripDescriptions(content); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		if !stripped && name == example.AlertmanagerConfigCRDFile {
			if content, err = withWebhookConversion(content); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		if _, err := fmt.Fprintf(out, "---\n%s", content); err != nil {
			return err
		}
	}
	return nil
}

// withWebhookConversion sets the CRD's spec.conversion to the one of the
// admission webhook's conversion patch.
func withWebhookConversion(content []byte) ([]byte, error) {
	var crd, patch map[string]any
	if err := yaml.Unmarshal(content, &crd); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	if err := yaml.Unmarshal(example.AlertmanagerConfigConversionPatch(), &patch); err != nil {
		return nil, fmt.Errorf("parse the conversion patch: %w", err)
	}
	spec, _ := crd["spec"].(map[string]any)
	patchSpec, _ := patch["spec"].(map[string]any)
	if spec == nil || patchSpec["conversion"] == nil {
		return nil, fmt.Errorf("no spec.conversion to set")
	}
	spec["conversion"] = patchSpec["conversion"]
	return yaml.Marshal(crd)
}

// stripDescriptions removes the description of every field of the CRD's
// schemas, keeping everything else.
func stripDescriptions(content []byte) ([]byte, error) {
	var crd map[string]any
	if err := yaml.Unmarshal(content, &crd); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	spec, _ := crd["spec"].(map[string]any)
	versions, _ := spec["versions"].([]any)
	for _, version := range versions {
		if versionMap, ok := version.(map[string]any); ok {
			if schema, ok := versionMap["schema"].(map[string]any); ok {
				dropDescriptions(schema["openAPIV3Schema"])
			}
		}
	}
	return yaml.Marshal(crd)
}

// dropDescriptions walks a schema: "description" keys of schema objects
// go, while a property that happens to be named "description" stays.
func dropDescriptions(node any) {
	schema, ok := node.(map[string]any)
	if !ok {
		return
	}
	delete(schema, "description")
	if properties, ok := schema["properties"].(map[string]any); ok {
		for _, property := range properties {
			dropDescriptions(property)
		}
	}
	for _, key := range []string{"items", "additionalProperties", "not"} {
		dropDescriptions(schema[key])
	}
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		if list, ok := schema[key].([]any); ok {
			for _, item := range list {
				dropDescriptions(item)
			}
		}
	}
}
