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

//go:embed admission-webhook/alertmanagerconfigs-crd-conversion-patch.yaml
var conversionPatch []byte

// AlertmanagerConfigCRDFile is the file of the AlertmanagerConfig CRD, the
// one CRD whose full form converts through the admission webhook.
const AlertmanagerConfigCRDFile = "monitoring.coreos.com_alertmanagerconfigs.yaml"

// AlertmanagerConfigConversionPatch returns the merge patch that switches the
// AlertmanagerConfig CRD to webhook conversion (v1alpha1 <-> v1beta1) through
// the admission webhook's Service, as example/admission-webhook installs it.
func AlertmanagerConfigConversionPatch() []byte { return conversionPatch }

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
