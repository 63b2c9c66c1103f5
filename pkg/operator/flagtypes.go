// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package operator

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// StringSet is a comma-separated flag value collecting unique strings.
type StringSet map[string]struct{}

// String renders the set sorted and comma-separated.
func (s StringSet) String() string { return strings.Join(s.Sorted(), ",") }

// Set adds every comma-separated item of value.
func (s StringSet) Set(value string) error {
	for item := range strings.SplitSeq(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			s[item] = struct{}{}
		}
	}
	return nil
}

// Sorted returns the items in order.
func (s StringSet) Sorted() []string { return slices.Sorted(maps.Keys(s)) }

// Has reports whether item is in the set.
func (s StringSet) Has(item string) bool {
	_, ok := s[item]
	return ok
}

// StringMap is a comma-separated key=value flag value (for --labels, --annotations).
type StringMap map[string]string

// String renders the map sorted by key.
func (m StringMap) String() string {
	parts := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+m[k])
	}
	return strings.Join(parts, ",")
}

// Set parses "k1=v1,k2=v2".
func (m StringMap) Set(value string) error {
	for item := range strings.SplitSeq(value, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		if !ok || k == "" {
			return fmt.Errorf("%q: want key=value", item)
		}
		m[k] = v
	}
	return nil
}
