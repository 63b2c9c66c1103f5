// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package memlimit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "limit")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestContainerLimit(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent")
	t.Run("the first existing file wins", func(t *testing.T) {
		limit, err := ContainerLimit([]string{missing, writeFile(t, "536870912\n"), writeFile(t, "1")})
		require.NoError(t, err)
		assert.Equal(t, uint64(536870912), limit)
	})
	t.Run("cgroup v2 max means no limit", func(t *testing.T) {
		_, err := ContainerLimit([]string{writeFile(t, "max\n")})
		assert.ErrorIs(t, err, errNoLimit)
	})
	t.Run("cgroup v1 huge value means no limit", func(t *testing.T) {
		_, err := ContainerLimit([]string{writeFile(t, "9223372036854771712")})
		assert.ErrorIs(t, err, errNoLimit)
	})
	t.Run("garbage is reported with the path", func(t *testing.T) {
		path := writeFile(t, "lots")
		_, err := ContainerLimit([]string{path})
		assert.ErrorContains(t, err, path)
	})
	t.Run("no file at all", func(t *testing.T) {
		_, err := ContainerLimit([]string{missing})
		assert.ErrorContains(t, err, "no cgroup memory limit file")
	})
}

func TestGoLimitAndRatio(t *testing.T) {
	assert.Equal(t, int64(900), GoLimit(1000, 0.9))
	require.NoError(t, ValidateRatio(0))
	require.NoError(t, ValidateRatio(1))
	assert.Error(t, ValidateRatio(1.5))
	assert.Error(t, ValidateRatio(-0.1))
}

func TestApplyIsOffByDefault(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	assert.Equal(t, int64(0), Apply(0, nil), "ratio 0 must not touch the runtime")
	t.Setenv("GOMEMLIMIT", "1GiB")
	assert.Equal(t, int64(0), Apply(0.5, nil), "an explicit GOMEMLIMIT wins")
}
