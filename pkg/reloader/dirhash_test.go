package reloader

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader/kubeletvolume"
)

func mustHash(t *testing.T, dirs ...string) string {
	t.Helper()
	digest, err := HashDirectories(dirs)
	require.NoError(t, err)
	return string(digest)
}

func TestHashDirectoriesFollowsKubeletVolumeUpdates(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, kubeletvolume.Write(dir, map[string][]byte{"a.yaml": []byte("groups: []")}))
	first := mustHash(t, dir)

	require.NoError(t, kubeletvolume.Write(dir, map[string][]byte{"a.yaml": []byte("groups: []")}))
	assert.Equal(t, first, mustHash(t, dir), "a swap to identical content must not look like a change")

	require.NoError(t, kubeletvolume.Write(dir, map[string][]byte{"a.yaml": []byte("groups: [x]")}))
	changed := mustHash(t, dir)
	assert.NotEqual(t, first, changed, "new content behind the same name is a change")

	require.NoError(t, kubeletvolume.Write(dir, map[string][]byte{"a.yaml": []byte("groups: [x]"), "b.yaml": nil}))
	assert.NotEqual(t, changed, mustHash(t, dir), "an added file is a change")
}

func TestHashDirectoriesIgnoresSubfoldersAndNamesFiles(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a"), []byte("x"), 0o644))
	before := mustHash(t, dir)

	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "deep"), []byte("y"), 0o644))
	assert.Equal(t, before, mustHash(t, dir), "the walk is not recursive")

	require.NoError(t, os.Rename(filepath.Join(dir, "a"), filepath.Join(dir, "b")))
	assert.NotEqual(t, before, mustHash(t, dir), "a rename is a change")
}

func TestHashDirectoriesTreatsAMissingFolderAsEmpty(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent")
	first := mustHash(t, missing)
	require.NoError(t, os.MkdirAll(missing, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(missing, "r.yaml"), []byte("x"), 0o644))
	assert.NotEqual(t, first, mustHash(t, missing))
}
