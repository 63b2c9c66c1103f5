// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package snippets

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/manifest"
)

func TestFromFileFindsYAMLBlocksOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "guide.md")
	require.NoError(t, os.WriteFile(path, []byte("# Guide\n\n```sh\nkubectl get pods\n```\n\n"+
		"1. Apply:\n\n   ```yaml\n   kind: ConfigMap\n   data:\n     a: b\n   ```\n\n"+
		"```yaml\n# helm values\nreplicas: 2\n```\n"), 0o644))
	found, err := FromFile(path)
	require.NoError(t, err)
	require.Len(t, found, 2)
	assert.Equal(t, "kind: ConfigMap\ndata:\n  a: b\n", found[0].Text)
	assert.Equal(t, 9, found[0].Line)
	assert.False(t, found[0].HelmValues())
	assert.True(t, found[1].HelmValues())
}

func TestFromFileRejectsAnOpenBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.md")
	require.NoError(t, os.WriteFile(path, []byte("```yaml\nkind: ConfigMap\n"), 0o644))
	_, err := FromFile(path)
	require.ErrorContains(t, err, "not closed")
}

// TestTheGuidesDecode checks, without a cluster, that every block of the
// user guides is well-formed: objects with a kind, an apiVersion and a name.
// test/e2e/docs_e2e_test.go applies them to an API server.
func TestTheGuidesDecode(t *testing.T) {
	files, err := filepath.Glob("../../../docs/*.md")
	require.NoError(t, err)
	count := 0
	for _, file := range files {
		found, err := FromFile(file)
		require.NoError(t, err)
		for _, snippet := range found {
			count++
			if snippet.HelmValues() {
				continue
			}
			objects, err := manifest.Decode([]byte(snippet.Text))
			require.NoError(t, err, snippet.String())
			require.NotEmpty(t, objects, snippet.String())
			for _, object := range objects {
				assert.NotEmpty(t, object.GetAPIVersion(), snippet.String())
				assert.NotEmpty(t, object.GetKind(), snippet.String())
				assert.NotEmpty(t, object.GetName(), snippet.String())
			}
		}
	}
	assert.Greater(t, count, 10, "the guides show fewer YAML blocks than expected")
}
