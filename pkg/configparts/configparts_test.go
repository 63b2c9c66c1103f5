// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package configparts

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

const key = "prometheus.yaml.gz"

func randomBytes(t *testing.T, size int) []byte {
	t.Helper()
	data := make([]byte, size)
	_, err := rand.Read(data)
	require.NoError(t, err)
	return data
}

// pieces returns the pieces of a layout in order, as a reader gathers them.
func pieces(layout Layout) [][]byte {
	out := [][]byte{layout.Main[key]}
	for index, sibling := range layout.Siblings {
		out = append(out, sibling[PartKey(key, index+1)])
	}
	return out
}

func TestSplitAroundTheThreshold(t *testing.T) {
	const chunk = 1000
	for name, test := range map[string]struct {
		size, siblings int
	}{
		"empty stays whole":                {size: 0, siblings: 0},
		"exactly one chunk stays whole":    {size: chunk, siblings: 0},
		"one byte over makes two pieces":   {size: chunk + 1, siblings: 1},
		"exactly two chunks":               {size: 2 * chunk, siblings: 1},
		"two chunks and a byte":            {size: 2*chunk + 1, siblings: 2},
		"many pieces keep their order too": {size: 9*chunk + 17, siblings: 9},
	} {
		t.Run(name, func(t *testing.T) {
			data := randomBytes(t, test.size)
			layout := Split(key, data, chunk)
			require.Len(t, layout.Siblings, test.siblings)
			if test.siblings == 0 {
				require.Equal(t, map[string][]byte{key: data}, layout.Main, "an unsplit configuration is upstream's single key")
				return
			}
			manifest, err := ParseManifest(layout.Main[ManifestKey(key)])
			require.NoError(t, err)
			require.Equal(t, test.siblings+1, manifest.Parts)
			for _, piece := range pieces(layout) {
				require.LessOrEqual(t, len(piece), chunk)
				require.NotEmpty(t, piece)
			}
			joined, err := Join(manifest, pieces(layout))
			require.NoError(t, err)
			require.Equal(t, data, joined)
		})
	}
}

func TestJoinRefusesPiecesOfAnotherVersion(t *testing.T) {
	const chunk = 100
	old := Split(key, randomBytes(t, 350), chunk)
	current := Split(key, randomBytes(t, 350), chunk)
	manifest, err := ParseManifest(current.Main[ManifestKey(key)])
	require.NoError(t, err)

	torn := pieces(current)
	torn[2] = pieces(old)[2]
	_, err = Join(manifest, torn)
	require.ErrorIs(t, err, ErrInconsistent)

	_, err = Join(manifest, pieces(current)[:3])
	require.ErrorIs(t, err, ErrInconsistent, "a missing piece")
}

func TestParseManifestRejectsNonsense(t *testing.T) {
	for name, data := range map[string]string{
		"no parts":           "sha256: 0000000000000000000000000000000000000000000000000000000000000000\n",
		"one part":           "parts: 1\nsha256: 0000000000000000000000000000000000000000000000000000000000000000\n",
		"too many parts":     "parts: 1000000\nsha256: 0000000000000000000000000000000000000000000000000000000000000000\n",
		"short digest":       "parts: 3\nsha256: abc\n",
		"parts not a number": "parts: three\nsha256: 0000000000000000000000000000000000000000000000000000000000000000\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseManifest([]byte(data))
			require.Error(t, err)
		})
	}
}

// writeVolume writes a layout the way the kubelet projects the Secrets
// into one folder.
func writeVolume(t *testing.T, dir string, layout Layout) {
	t.Helper()
	files := map[string][]byte{}
	for name, data := range layout.Main {
		files[name] = data
	}
	for _, sibling := range layout.Siblings {
		for name, data := range sibling {
			files[name] = data
		}
	}
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o600))
	}
}

func TestReadFileJoinsTheMountedPieces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, key)

	small := randomBytes(t, 80)
	writeVolume(t, dir, Split(key, small, 100))
	read, err := ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, small, read)

	large := randomBytes(t, 420)
	layout := Split(key, large, 100)
	writeVolume(t, dir, layout)
	read, err = ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, large, read)

	// The kubelet refreshed one Secret before the others.
	require.NoError(t, os.WriteFile(filepath.Join(dir, PartKey(key, 2)), randomBytes(t, 100), 0o600))
	_, err = ReadFile(path)
	require.ErrorIs(t, err, ErrInconsistent)

	require.NoError(t, os.Remove(filepath.Join(dir, PartKey(key, 4))))
	_, err = ReadFile(path)
	require.ErrorIs(t, err, ErrInconsistent)
}

func TestMountedSiblingsRoundUp(t *testing.T) {
	for siblings, want := range map[int]int{0: 0, 1: 4, 4: 4, 5: 8, 9: 12} {
		require.Equal(t, want, MountedSiblings(siblings), "siblings %d", siblings)
	}
	require.Equal(t, []string{
		"prometheus-main-config-1", "prometheus-main-config-2", "prometheus-main-config-3", "prometheus-main-config-4",
	}, MountedSiblingNames("prometheus-main", 2))
}

func TestJoinSecretsReadsTheSiblings(t *testing.T) {
	data := randomBytes(t, 250)
	layout := Split(key, data, 100)
	var read []int
	siblings := func(index int) (map[string][]byte, error) {
		read = append(read, index)
		return layout.Siblings[index-1], nil
	}
	joined, err := JoinSecrets(key, layout.Main, siblings)
	require.NoError(t, err)
	require.Equal(t, data, joined)
	require.Equal(t, []int{1, 2}, read)

	small := Split(key, data[:50], 100)
	joined, err = JoinSecrets(key, small.Main, func(int) (map[string][]byte, error) {
		t.Fatal("an unsplit configuration reads no sibling")
		return nil, nil
	})
	require.NoError(t, err)
	require.Equal(t, data[:50], joined)

	newer := Split(key, randomBytes(t, 250), 100)
	_, err = JoinSecrets(key, layout.Main, func(index int) (map[string][]byte, error) { return newer.Siblings[index-1], nil })
	require.ErrorIs(t, err, ErrInconsistent, "siblings of the next version, written before its configuration Secret")
}
