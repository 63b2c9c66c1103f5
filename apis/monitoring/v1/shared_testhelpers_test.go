// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// configResourceManifests lists the testdata manifests of one kind, named
// "<kind>-*.yaml" after the lower-case kind.
func configResourceManifests(t *testing.T, kind string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", kind+"-*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no testdata manifests for %s", kind)
	return files
}

// readManifestAsJSON returns a YAML manifest converted to JSON.
func readManifestAsJSON(t *testing.T, file string) []byte {
	t.Helper()
	manifest, err := os.ReadFile(file)
	require.NoError(t, err)
	manifestJSON, err := yaml.YAMLToJSON(manifest)
	require.NoError(t, err, "%s is not valid YAML", file)
	return manifestJSON
}

// decodeConfigResourceStrictly decodes a manifest into object, failing on any
// field the Go type does not know (a misspelled or missing JSON name).
func decodeConfigResourceStrictly(t *testing.T, file string, object any) {
	t.Helper()
	decoder := json.NewDecoder(bytes.NewReader(readManifestAsJSON(t, file)))
	decoder.DisallowUnknownFields()
	require.NoError(t, decoder.Decode(object), "%s has fields the type does not know", file)
}

// assertConfigResourceRoundTrips decodes every manifest of a kind into a
// fresh object from newObject and checks that encoding it again yields the
// same JSON document.
func assertConfigResourceRoundTrips(t *testing.T, kind string, newObject func() any) {
	t.Helper()
	for _, file := range configResourceManifests(t, kind) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			object := newObject()
			decodeConfigResourceStrictly(t, file, object)
			encoded, err := json.Marshal(object)
			require.NoError(t, err)
			assert.JSONEq(t, string(readManifestAsJSON(t, file)), string(encoded))
		})
	}
}

// assertManifestsCoverType checks that the manifests of a kind together set
// every JSON field that the Go types of this package declare below the
// kind's spec and status, so the round-trip test exercises each of them.
// A field of a struct used in several places counts as covered when any
// one of its places is set.
func assertManifestsCoverType(t *testing.T, kind string, object any) {
	t.Helper()
	present := map[string]bool{}
	for _, file := range configResourceManifests(t, kind) {
		var document map[string]any
		require.NoError(t, json.Unmarshal(readManifestAsJSON(t, file), &document))
		collectDocumentPaths(document, "", present)
	}
	declared := map[string][]string{}
	rootType := reflect.TypeOf(object).Elem()
	for _, name := range []string{"Spec", "Status"} {
		field, ok := rootType.FieldByName(name)
		require.True(t, ok, "%s has no %s field", rootType.Name(), name)
		jsonName, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		collectTypePaths(field.Type, rootType.Name()+"."+jsonName, "."+jsonName, declared)
	}
	var uncovered []string
	for field, paths := range declared {
		if !slices.ContainsFunc(paths, func(path string) bool { return present[path] }) {
			uncovered = append(uncovered, field+" (e.g. "+paths[0]+")")
		}
	}
	sort.Strings(uncovered)
	assert.Empty(t, uncovered, "fields no %s test manifest sets", kind)
}

// collectDocumentPaths records the path of every key in a decoded JSON
// document, with "[]" standing for list items.
func collectDocumentPaths(value any, prefix string, paths map[string]bool) {
	switch typed := value.(type) {
	case map[string]any:
		for key, child := range typed {
			paths[prefix+"."+key] = true
			collectDocumentPaths(child, prefix+"."+key, paths)
		}
	case []any:
		for _, item := range typed {
			collectDocumentPaths(item, prefix+"[]", paths)
		}
	}
}

// collectTypePaths records, under the field's name ("Struct.jsonName"), the
// JSON path at which it appears, then descends into structs of this package.
func collectTypePaths(fieldType reflect.Type, field, path string, declared map[string][]string) {
	declared[field] = append(declared[field], path)
	for fieldType.Kind() == reflect.Pointer {
		fieldType = fieldType.Elem()
	}
	if fieldType.Kind() == reflect.Slice {
		collectStructPaths(fieldType.Elem(), path+"[]", declared)
		return
	}
	collectStructPaths(fieldType, path, declared)
}

// collectStructPaths adds the JSON fields of a struct declared in this
// package; inline embedded structs add their fields without a path segment.
func collectStructPaths(structType reflect.Type, path string, declared map[string][]string) {
	for structType.Kind() == reflect.Pointer {
		structType = structType.Elem()
	}
	if structType.Kind() != reflect.Struct || structType.PkgPath() != reflect.TypeFor[NamespaceSelector]().PkgPath() {
		return
	}
	for i := range structType.NumField() {
		field := structType.Field(i)
		jsonName, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		switch {
		case jsonName == "-":
		case jsonName == "" && field.Anonymous:
			collectStructPaths(field.Type, path, declared)
		default:
			collectTypePaths(field.Type, structType.Name()+"."+jsonName, path+"."+jsonName, declared)
		}
	}
}
