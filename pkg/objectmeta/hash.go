// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package objectmeta

import (
	"encoding/json"
	"strconv"

	"github.com/cespare/xxhash/v2"
	appsv1 "k8s.io/api/apps/v1"
)

// InputHash digests the inputs of a generated workload for its input-hash
// annotation: the xxhash of their JSON encoding, in decimal. Maps encode
// with sorted keys, so equal inputs give equal hashes.
func InputHash(inputs any) (string, error) {
	encoded, err := json.Marshal(inputs)
	if err != nil {
		return "", err
	}
	return strconv.FormatUint(xxhash.Sum64(encoded), 10), nil
}

// WithoutRevisionHistoryLimit returns a copy of a stored StatefulSet spec
// without revisionHistoryLimit, which others may tune without the
// operator putting it back; nil stays nil.
func WithoutRevisionHistoryLimit(spec *appsv1.StatefulSetSpec) *appsv1.StatefulSetSpec {
	if spec == nil {
		return nil
	}
	trimmed := *spec
	trimmed.RevisionHistoryLimit = nil
	return &trimmed
}
