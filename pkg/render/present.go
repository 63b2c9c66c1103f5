// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
)

// DecodedAnnotation marks a Secret whose data the render printed readable:
// text values moved from data (base64) to stringData, and the gzipped keys
// it names (comma-separated) gunzipped under their name without ".gz". The
// operator writes neither the annotation nor these forms; applying the
// printed Secret would store the gunzipped text.
const DecodedAnnotation = "prometheus-operator-render/decoded"

// gzipSuffix ends the keys of the gzipped configuration files
// (prometheus.yaml.gz, alertmanager.yaml.gz).
const gzipSuffix = ".gz"

// Present returns a copy of obj as the render prints it: a Secret's text
// values in stringData, its gzipped configuration gunzipped. Other kinds
// are returned as they are.
func Present(obj *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	out := obj.DeepCopy()
	if out.GetAPIVersion() != "v1" || out.GetKind() != "Secret" {
		return out, nil
	}
	data, _, err := unstructured.NestedStringMap(out.Object, "data")
	if err != nil {
		return nil, fmt.Errorf("Secret %s: %w", describe(out), err)
	}
	plain, binary := map[string]any{}, map[string]any{}
	var gunzipped []string
	for _, key := range slices.Sorted(maps.Keys(data)) {
		value, err := base64.StdEncoding.DecodeString(data[key])
		if err != nil {
			return nil, fmt.Errorf("Secret %s key %s: %w", describe(out), key, err)
		}
		if strings.HasSuffix(key, gzipSuffix) && gzipped.Is(value) {
			text, err := gzipped.Decompress(value, gzipped.MaxSize)
			if err != nil {
				return nil, fmt.Errorf("Secret %s key %s: %w", describe(out), key, err)
			}
			gunzipped = append(gunzipped, key)
			key, value = strings.TrimSuffix(key, gzipSuffix), text
		}
		if utf8.Valid(value) {
			plain[key] = string(value)
		} else {
			binary[key] = data[key]
		}
	}
	unstructured.RemoveNestedField(out.Object, "data")
	if len(binary) > 0 {
		out.Object["data"] = binary
	}
	if len(plain) > 0 {
		out.Object["stringData"] = plain
	}
	annotations := out.GetAnnotations()
	if annotations == nil {
		annotations = map[string]string{}
	}
	annotations[DecodedAnnotation] = strings.Join(gunzipped, ",")
	out.SetAnnotations(annotations)
	return out, nil
}

// ConfigFile is one generated configuration file: a gunzipped
// configuration or a rule file.
type ConfigFile struct {
	Kind, Namespace, Name, Key string
	Content                    string
}

// ConfigFiles returns the generated configuration files of objects: the
// gzipped Secret keys, gunzipped, and the keys of the ConfigMaps (the rule
// files).
func ConfigFiles(objects []*unstructured.Unstructured) ([]ConfigFile, error) {
	var files []ConfigFile
	for _, obj := range objects {
		switch {
		case obj.GetAPIVersion() == "v1" && obj.GetKind() == "Secret":
			presented, err := Present(obj)
			if err != nil {
				return nil, err
			}
			stringData, _, _ := unstructured.NestedStringMap(presented.Object, "stringData")
			for _, key := range strings.Split(presented.GetAnnotations()[DecodedAnnotation], ",") {
				if key != "" {
					plainKey := strings.TrimSuffix(key, gzipSuffix)
					files = append(files, ConfigFile{Kind: "Secret", Namespace: obj.GetNamespace(), Name: obj.GetName(), Key: plainKey, Content: stringData[plainKey]})
				}
			}
		case obj.GetAPIVersion() == "v1" && obj.GetKind() == "ConfigMap":
			data, _, _ := unstructured.NestedStringMap(obj.Object, "data")
			for _, key := range slices.Sorted(maps.Keys(data)) {
				files = append(files, ConfigFile{Kind: "ConfigMap", Namespace: obj.GetNamespace(), Name: obj.GetName(), Key: key, Content: data[key]})
			}
		}
	}
	return files, nil
}
