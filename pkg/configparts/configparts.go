// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package configparts stores a gzipped configuration too large for one
// Secret across the configuration Secret and numbered sibling Secrets, and
// joins it back for the config reloader.
//
// A Secret holds at most 1 MiB of data (and etcd refuses requests above
// about 1.5 MiB). Up to ChunkSize compressed bytes, nothing changes: the
// configuration Secret holds one key, "prometheus.yaml.gz", exactly as
// upstream's operator writes it and upstream's reloader reads it. Above
// ChunkSize the compressed stream is cut into ChunkSize pieces:
//
//	prometheus-<name>           prometheus.yaml.gz        piece 0
//	                            prometheus.yaml.gz.parts  "parts: N" and "sha256: <hex>" lines
//	prometheus-<name>-config-1  prometheus.yaml.gz.1      piece 1
//	...
//	prometheus-<name>-config-K  prometheus.yaml.gz.K      piece K (K = N-1)
//
// The keys differ, so one projected volume can hold every piece in one
// folder. The manifest key names the number of pieces and the SHA-256 of the
// whole compressed stream: a reader that gathered pieces of different
// versions (the kubelet refreshing one Secret before another, or an API
// reader racing the operator's writes) sees the digest differ and tries
// again later instead of loading a torn configuration. The operator writes
// the siblings first and the configuration Secret last, so the manifest
// never announces pieces that are not stored yet.
package configparts

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ChunkSize is the largest compressed configuration one Secret holds, and
// the size of each piece of a larger one: 900 KiB, leaving room under the
// 1 MiB Secret data limit for the manifest and under etcd's request limit
// for metadata.
const ChunkSize = 900 << 10

// MaxParts bounds the pieces a reader accepts: 80 pieces hold about 70 MiB
// compressed, more than the 64 MiB the reloader accepts decompressed.
const MaxParts = 80

// ErrInconsistent means the pieces read do not make the stream the
// manifest describes: they belong to different versions. Reading again
// later resolves it.
var ErrInconsistent = errors.New("configuration pieces do not match their manifest")

// ManifestKey is the configuration Secret's key that announces a split
// configuration stored under key.
func ManifestKey(key string) string { return key + ".parts" }

// PartKey is the key of piece index (from 1) in its sibling Secret.
func PartKey(key string, index int) string { return key + "." + strconv.Itoa(index) }

// SiblingName names the Secret holding piece index (from 1) of the
// configuration stored in the Secret main: "<main>-config-<index>".
func SiblingName(main string, index int) string {
	return fmt.Sprintf("%s-config-%d", main, index)
}

// Manifest describes a split configuration.
type Manifest struct {
	// Parts counts the pieces, the one in the configuration Secret included.
	Parts int
	// SHA256 is the hex SHA-256 of the whole compressed stream.
	SHA256 string
}

// Encode renders the manifest as the manifest key stores it.
func (m Manifest) Encode() []byte {
	return fmt.Appendf(nil, "parts: %d\nsha256: %s\n", m.Parts, m.SHA256)
}

// ParseManifest reads what Encode wrote.
func ParseManifest(data []byte) (Manifest, error) {
	var manifest Manifest
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(name) {
		case "parts":
			parts, err := strconv.Atoi(value)
			if err != nil {
				return Manifest{}, fmt.Errorf("configuration manifest: parts: %w", err)
			}
			manifest.Parts = parts
		case "sha256":
			manifest.SHA256 = value
		}
	}
	if manifest.Parts < 2 || manifest.Parts > MaxParts {
		return Manifest{}, fmt.Errorf("configuration manifest: %d parts, want 2 to %d", manifest.Parts, MaxParts)
	}
	if len(manifest.SHA256) != sha256.Size*2 {
		return Manifest{}, errors.New("configuration manifest: no valid sha256")
	}
	return manifest, nil
}

// Layout is where a compressed configuration goes: the data of the
// configuration Secret and of each sibling Secret, in order (Siblings[0] is
// "<main>-config-1").
type Layout struct {
	Main     map[string][]byte
	Siblings []map[string][]byte
}

// Split lays out compressed under key: whole in the configuration Secret
// up to chunkSize bytes, in chunkSize pieces with a manifest above.
func Split(key string, compressed []byte, chunkSize int) Layout {
	if len(compressed) <= chunkSize {
		return Layout{Main: map[string][]byte{key: compressed}}
	}
	var pieces [][]byte
	for rest := compressed; len(rest) > 0; {
		size := min(chunkSize, len(rest))
		pieces = append(pieces, rest[:size])
		rest = rest[size:]
	}
	manifest := Manifest{Parts: len(pieces), SHA256: digest(compressed)}
	layout := Layout{Main: map[string][]byte{key: pieces[0], ManifestKey(key): manifest.Encode()}}
	for index, piece := range pieces[1:] {
		layout.Siblings = append(layout.Siblings, map[string][]byte{PartKey(key, index+1): piece})
	}
	return layout
}

// Join puts the pieces (the configuration Secret's first) back together
// and checks them against the manifest, failing with ErrInconsistent when
// they do not match.
func Join(manifest Manifest, pieces [][]byte) ([]byte, error) {
	if len(pieces) != manifest.Parts {
		return nil, fmt.Errorf("%w: %d pieces, the manifest announces %d", ErrInconsistent, len(pieces), manifest.Parts)
	}
	size := 0
	for _, piece := range pieces {
		size += len(piece)
	}
	joined := make([]byte, 0, size)
	for _, piece := range pieces {
		joined = append(joined, piece...)
	}
	if digest(joined) != manifest.SHA256 {
		return nil, fmt.Errorf("%w: the SHA-256 of the joined pieces differs", ErrInconsistent)
	}
	return joined, nil
}

// MountedSiblings is how many sibling Secrets the pods mount for a
// configuration with the given number of siblings: rounded up to a
// multiple of four (the mounts are optional), so that a configuration
// growing or shrinking by a piece does not change the pod template and
// roll the pods. Zero stays zero: an unsplit configuration mounts its
// Secret alone, as upstream does.
func MountedSiblings(siblings int) int {
	if siblings <= 0 {
		return 0
	}
	return (siblings + 3) / 4 * 4
}

// MountedSiblingNames lists the sibling Secrets the pods mount (see
// MountedSiblings).
func MountedSiblingNames(main string, siblings int) []string {
	count := MountedSiblings(siblings)
	names := make([]string, 0, count)
	for index := 1; index <= count; index++ {
		names = append(names, SiblingName(main, index))
	}
	return names
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// SiblingReader returns the data of sibling Secret index (from 1).
type SiblingReader func(index int) (map[string][]byte, error)

// JoinSecrets returns the compressed configuration stored under key in a
// configuration Secret's data: the key itself for an unsplit one, or, when
// a manifest is present, every piece joined, the siblings read through
// read. Pieces of different versions fail with ErrInconsistent: read again
// after the configuration Secret changes next, or a little later.
func JoinSecrets(key string, main map[string][]byte, read SiblingReader) ([]byte, error) {
	first, found := main[key]
	if !found {
		return nil, fmt.Errorf("the configuration Secret has no key %q", key)
	}
	manifestData, split := main[ManifestKey(key)]
	if !split {
		return first, nil
	}
	manifest, err := ParseManifest(manifestData)
	if err != nil {
		return nil, err
	}
	pieces := [][]byte{first}
	for index := 1; index < manifest.Parts; index++ {
		data, err := read(index)
		if err != nil {
			return nil, fmt.Errorf("read configuration piece %d: %w", index, err)
		}
		piece, found := data[PartKey(key, index)]
		if !found {
			return nil, fmt.Errorf("%w: piece %d has no key %q", ErrInconsistent, index, PartKey(key, index))
		}
		pieces = append(pieces, piece)
	}
	return Join(manifest, pieces)
}
