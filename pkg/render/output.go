// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// Output formats.
const (
	FormatYAML = "yaml"
	FormatJSON = "json"
)

// Write prints objects, presented (Present), as a YAML stream (one
// document each) or, for FormatJSON, as one v1 List.
func Write(out io.Writer, objects []*unstructured.Unstructured, format string) error {
	presented := make([]any, 0, len(objects))
	for _, obj := range objects {
		shown, err := Present(obj)
		if err != nil {
			return err
		}
		presented = append(presented, shown.Object)
	}
	switch format {
	case FormatJSON:
		encoder := json.NewEncoder(out)
		encoder.SetIndent("", "  ")
		return encoder.Encode(map[string]any{"apiVersion": "v1", "kind": "List", "items": presented})
	case FormatYAML, "":
		for _, obj := range presented {
			text, err := yaml.Marshal(obj)
			if err != nil {
				return fmt.Errorf("encode YAML: %w", err)
			}
			if _, err := fmt.Fprintf(out, "---\n%s", text); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown output format %q: want %s or %s", format, FormatYAML, FormatJSON)
}

// YAML is the presented YAML of one object, as Write prints it.
func YAML(obj *unstructured.Unstructured) (string, error) {
	var text strings.Builder
	if err := Write(&text, []*unstructured.Unstructured{obj}, FormatYAML); err != nil {
		return "", err
	}
	return strings.TrimPrefix(text.String(), "---\n"), nil
}

// WriteConfigFiles prints each configuration file after a comment line
// naming where it is stored, YAML documents separated by "---".
func WriteConfigFiles(out io.Writer, files []ConfigFile) error {
	for _, file := range files {
		content := file.Content
		if content != "" && !strings.HasSuffix(content, "\n") {
			content += "\n"
		}
		if _, err := fmt.Fprintf(out, "--- # %s %s/%s %s\n%s", file.Kind, file.Namespace, file.Name, file.Key, content); err != nil {
			return err
		}
	}
	return nil
}

// WriteRejections prints one line per rejection.
func WriteRejections(out io.Writer, rejections []Rejection) error {
	for _, rejection := range rejections {
		if _, err := fmt.Fprintln(out, rejection.String()); err != nil {
			return err
		}
	}
	return nil
}
