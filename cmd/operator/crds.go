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
// client-side kubectl apply.
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
		if _, err := fmt.Fprintf(out, "---\n%s", content); err != nil {
			return err
		}
	}
	return nil
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
