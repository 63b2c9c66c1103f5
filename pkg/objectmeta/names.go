// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package objectmeta

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/cespare/xxhash/v2"
	"k8s.io/apimachinery/pkg/util/validation"
)

var notInDNS1123Label = regexp.MustCompile(`[^-a-z0-9]+`)

// hashSuffixLength is the length of "-" plus the 8 hex digits that
// UniqueDNS1123Label appends.
const hashSuffixLength = 9

// DNS1123Label turns "<prefix>-<name>" into a valid DNS-1123 label, such as
// a volume name: lower case, every run of other characters replaced by a
// dash, no leading or trailing dash, cut at 63 characters. Two long names
// that share their first 63 characters map to the same label; use
// UniqueDNS1123Label when that matters.
func DNS1123Label(prefix, name string) (string, error) {
	label := sanitizeLabel(prefix, name)
	if len(label) > validation.DNS1123LabelMaxLength {
		label = label[:validation.DNS1123LabelMaxLength]
	}
	return label, checkDNS1123Label(label)
}

// UniqueDNS1123Label is DNS1123Label with "-" and the first 8 hex digits of
// the name's xxhash appended, so that distinct names stay distinct even after
// sanitizing and cutting.
func UniqueDNS1123Label(prefix, name string) (string, error) {
	// Unpadded hex, as upstream names these volumes; a hash below 2^32
	// would be too short to cut, which xxhash makes vanishingly rare.
	digest := fmt.Sprintf("-%x", xxhash.Sum64String(name))
	if len(digest) > hashSuffixLength {
		digest = digest[:hashSuffixLength]
	}
	label := sanitizeLabel(prefix, name)
	if limit := validation.DNS1123LabelMaxLength - hashSuffixLength; len(label) > limit {
		label = label[:limit]
	}
	label += digest
	return label, checkDNS1123Label(label)
}

func sanitizeLabel(prefix, name string) string {
	if prefix != "" {
		name = strings.TrimRight(prefix, "-") + "-" + name
	}
	name = notInDNS1123Label.ReplaceAllString(strings.ToLower(name), "-")
	return strings.Trim(name, "-")
}

func checkDNS1123Label(label string) error {
	if problems := validation.IsDNS1123Label(label); len(problems) > 0 {
		return fmt.Errorf("%q is not a valid DNS-1123 label: %w", label, errors.New(strings.Join(problems, "; ")))
	}
	return nil
}
