// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package build

import (
	"fmt"
	"strings"
)

// imageReference picks the image of a container. An explicit image is used
// as it is. Otherwise base is completed, unless it already carries a tag or a
// digest, by the first of: digest (sha), tag, version.
func imageReference(image, base, version, tag, digest string) (string, error) {
	if strings.TrimSpace(image) != "" {
		return image, nil
	}
	if strings.TrimSpace(base) == "" {
		return "", fmt.Errorf("no image and no base image to build one from")
	}
	if strings.ContainsAny(base, " \t") {
		return "", fmt.Errorf("base image %q is not an image reference", base)
	}
	switch {
	case imageHasTagOrDigest(base):
		return base, nil
	case digest != "":
		return base + "@sha256:" + digest, nil
	case tag != "":
		return base + ":" + tag, nil
	case version == "":
		return "", fmt.Errorf("no version to tag base image %q with", base)
	}
	return base + ":" + version, nil
}

// imageHasTagOrDigest reports whether a reference already names a tag
// ("repo:v1") or a digest ("repo@sha256:..."). A colon before the last slash
// belongs to a registry port ("localhost:5000/repo") and is no tag.
func imageHasTagOrDigest(reference string) bool {
	if strings.Contains(reference, "@") {
		return true
	}
	lastPart := reference[strings.LastIndex(reference, "/")+1:]
	return strings.Contains(lastPart, ":")
}

// valueOr returns value, or fallback when value is blank.
func valueOr(value, fallback string) string {
	if strings.TrimSpace(value) == "" {
		return fallback
	}
	return value
}
