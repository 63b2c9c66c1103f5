// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package example embeds the generated CRD manifests so that the operator can
// print them (`operator crds`) and tests can load them without a cluster.
package example

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

//go:embed prometheus-operator-crd/*.yaml
var crdFiles embed.FS

// CRDDir is the folder, inside the embedded files, holding one CRD per file.
const CRDDir = "prometheus-operator-crd"

// CRDs returns the CRD manifests keyed by file name, in name order.
func CRDs() ([]string, map[string][]byte, error) {
	entries, err := fs.ReadDir(crdFiles, CRDDir)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(entries))
	contents := make(map[string][]byte, len(entries))
	for _, e := range entries {
		data, err := crdFiles.ReadFile(path.Join(CRDDir, e.Name()))
		if err != nil {
			return nil, nil, err
		}
		names = append(names, e.Name())
		contents[e.Name()] = data
	}
	sort.Strings(names)
	return names, contents, nil
}
