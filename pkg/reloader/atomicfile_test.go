package reloader

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteFileAtomicReplacesContentAndLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "prometheus.env.yaml")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o600))

	require.NoError(t, WriteFileAtomic(path, []byte("new"), 0o644))

	content, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(content))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "only the target file should remain")
}

func TestWriteFileAtomicFailsInAMissingFolder(t *testing.T) {
	err := WriteFileAtomic(filepath.Join(t.TempDir(), "missing", "file"), []byte("x"), 0o644)
	require.Error(t, err)
}

func TestWriteFileIfChangedSkipsIdenticalContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.yaml")

	written, err := writeFileIfChanged(path, []byte("a"), 0o644)
	require.NoError(t, err)
	assert.True(t, written, "a missing file is written")

	written, err = writeFileIfChanged(path, []byte("a"), 0o644)
	require.NoError(t, err)
	assert.False(t, written, "identical content is not rewritten")

	written, err = writeFileIfChanged(path, []byte("b"), 0o644)
	require.NoError(t, err)
	assert.True(t, written)
}
