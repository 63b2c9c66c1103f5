package kubeletvolume

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteLaysOutAndSwapsLikeTheKubelet(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, Write(dir, map[string][]byte{"a.yaml": []byte("1"), "b.yaml": []byte("2")}))
	firstVersion, err := os.Readlink(filepath.Join(dir, "..data"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(firstVersion, ".."), "the version folder is hidden")
	link, err := os.Readlink(filepath.Join(dir, "a.yaml"))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("..data", "a.yaml"), link, "visible names point through ..data")

	require.NoError(t, Write(dir, map[string][]byte{"a.yaml": []byte("3")}))
	secondVersion, err := os.Readlink(filepath.Join(dir, "..data"))
	require.NoError(t, err)
	assert.NotEqual(t, firstVersion, secondVersion)
	_, err = os.Stat(filepath.Join(dir, firstVersion))
	assert.True(t, os.IsNotExist(err), "the previous version is removed")
	content, err := os.ReadFile(filepath.Join(dir, "a.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "3", string(content))
	_, err = os.Lstat(filepath.Join(dir, "b.yaml"))
	assert.True(t, os.IsNotExist(err), "a dropped key loses its visible link")
	_, err = os.Lstat(filepath.Join(dir, "..data_tmp"))
	assert.True(t, os.IsNotExist(err), "the temporary link was renamed away")
}
