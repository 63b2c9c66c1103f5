// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// Stdin is the path that reads the standard input, as in kubectl apply -f -.
const Stdin = "-"

// manifestExtensions are the file names a directory walk reads, as kubectl
// apply -f DIR does.
var manifestExtensions = []string{".yaml", ".yml", ".json"}

// ReadManifests reads the objects of every path: a file, a directory
// (walked recursively, reading .yaml, .yml and .json files in name order)
// or Stdin. Files hold multi-document YAML or JSON; empty documents are
// skipped and a "List" is expanded into its items.
func ReadManifests(paths []string, stdin io.Reader) ([]*unstructured.Unstructured, error) {
	var objects []*unstructured.Unstructured
	for _, path := range paths {
		if path == Stdin {
			decoded, err := Decode(stdin)
			if err != nil {
				return nil, fmt.Errorf("standard input: %w", err)
			}
			objects = append(objects, decoded...)
			continue
		}
		files, err := manifestFiles(path)
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			decoded, err := decodeFile(file)
			if err != nil {
				return nil, err
			}
			objects = append(objects, decoded...)
		}
	}
	return objects, nil
}

// manifestFiles lists path itself, or the manifest files under it when it
// is a directory.
func manifestFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read manifests: %w", err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(file string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !entry.IsDir() && slices.Contains(manifestExtensions, strings.ToLower(filepath.Ext(file))) {
			files = append(files, file)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read manifests under %s: %w", path, err)
	}
	slices.Sort(files)
	return files, nil
}

func decodeFile(file string) ([]*unstructured.Unstructured, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read manifests: %w", err)
	}
	objects, err := Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return objects, nil
}

// Decode reads a multi-document YAML or JSON stream into objects.
func Decode(reader io.Reader) ([]*unstructured.Unstructured, error) {
	decoder := utilyaml.NewYAMLOrJSONDecoder(bufio.NewReader(reader), 4096)
	var objects []*unstructured.Unstructured
	for index := 0; ; index++ {
		var content map[string]any
		if err := decoder.Decode(&content); err != nil {
			if errors.Is(err, io.EOF) {
				return objects, nil
			}
			return nil, fmt.Errorf("document %d: %w", index+1, err)
		}
		if len(content) == 0 {
			continue
		}
		object := &unstructured.Unstructured{Object: content}
		if object.GetKind() == "" || object.GetAPIVersion() == "" {
			return nil, fmt.Errorf("document %d: apiVersion and kind are required", index+1)
		}
		if object.IsList() {
			list, err := object.ToList()
			if err != nil {
				return nil, fmt.Errorf("document %d: %w", index+1, err)
			}
			for i := range list.Items {
				objects = append(objects, &list.Items[i])
			}
			continue
		}
		objects = append(objects, object)
	}
}
