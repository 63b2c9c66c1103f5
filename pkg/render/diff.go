// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// A saved render (--out-dir) is a directory holding one file per object,
// named FileName(object), with the object's presented YAML (as Write
// prints it). --diff DIR compares a render with such a directory.

// FileName is the name of the file holding obj in a saved render:
// "<kind>_<namespace>_<name>.yaml", the kind in lower case.
func FileName(obj *unstructured.Unstructured) string {
	namespace := obj.GetNamespace()
	if namespace == "" {
		namespace = "_"
	}
	return strings.ToLower(obj.GetKind()) + "_" + namespace + "_" + obj.GetName() + ".yaml"
}

// Files returns the presented YAML of each object by file name.
func Files(objects []*unstructured.Unstructured) (map[string]string, error) {
	files := make(map[string]string, len(objects))
	for _, obj := range objects {
		text, err := YAML(obj)
		if err != nil {
			return nil, err
		}
		files[FileName(obj)] = text
	}
	return files, nil
}

// SaveDir writes a saved render of objects to dir, creating it. The YAML
// files already in dir are removed first, so that dir holds this render
// only.
func SaveDir(dir string, objects []*unstructured.Unstructured) error {
	files, err := Files(objects)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	previous, err := LoadDir(dir)
	if err != nil {
		return err
	}
	for name := range previous {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("remove the previous render: %w", err)
		}
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// LoadDir reads the files of a saved render by name; a missing dir holds
// nothing.
func LoadDir(dir string) (map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the saved render: %w", err)
	}
	files := map[string]string{}
	for _, entry := range entries {
		if entry.IsDir() || filepath.Ext(entry.Name()) != ".yaml" {
			continue
		}
		content, err := os.ReadFile(filepath.Join(dir, entry.Name()))
		if err != nil {
			return nil, fmt.Errorf("read the saved render: %w", err)
		}
		files[entry.Name()] = string(content)
	}
	return files, nil
}

// WriteDiff prints a unified diff, file by file in name order, from the
// files of before to those of after ("a/<file>" and "b/<file>"; an absent
// file is /dev/null). It reports whether anything differs.
func WriteDiff(out io.Writer, before, after map[string]string) (bool, error) {
	names := slices.Sorted(maps.Keys(before))
	for name := range after {
		if _, found := before[name]; !found {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	changed := false
	for _, name := range names {
		old, hadOld := before[name]
		updated, hasNew := after[name]
		if hadOld && hasNew && old == updated {
			continue
		}
		changed = true
		diff := difflib.UnifiedDiff{
			A: difflib.SplitLines(old), B: difflib.SplitLines(updated),
			FromFile: "a/" + name, ToFile: "b/" + name, Context: 3,
		}
		if !hadOld {
			diff.FromFile = "/dev/null"
		}
		if !hasNew {
			diff.ToFile = "/dev/null"
		}
		if err := difflib.WriteUnifiedDiff(out, diff); err != nil {
			return changed, fmt.Errorf("diff %s: %w", name, err)
		}
	}
	return changed, nil
}
