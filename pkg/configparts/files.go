// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package configparts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ReadFile reads the compressed configuration stored at path, the way a
// pod sees the mounted Secrets: when path.parts lies beside it, the
// pieces path.1, path.2, ... are read too and joined. A torn set of files
// (a volume refreshed between two reads) fails with ErrInconsistent.
func ReadFile(path string) ([]byte, error) {
	first, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration file: %w", err)
	}
	base := filepath.Base(path)
	manifestData, err := os.ReadFile(ManifestKey(path))
	if errors.Is(err, fs.ErrNotExist) {
		return first, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read configuration manifest: %w", err)
	}
	manifest, err := ParseManifest(manifestData)
	if err != nil {
		return nil, err
	}
	pieces := [][]byte{first}
	for index := 1; index < manifest.Parts; index++ {
		piece, err := os.ReadFile(filepath.Join(filepath.Dir(path), PartKey(base, index)))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: piece %d of %d is missing", ErrInconsistent, index, manifest.Parts)
		}
		if err != nil {
			return nil, fmt.Errorf("read configuration piece %d: %w", index, err)
		}
		pieces = append(pieces, piece)
	}
	return Join(manifest, pieces)
}
