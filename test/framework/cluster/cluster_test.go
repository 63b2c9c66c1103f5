package cluster

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/client-go/tools/clientcmd"
)

const clusterOnly = `apiVersion: v1
kind: Config
clusters:
- name: remote
  cluster:
    server: https://192.0.2.10:6443
    insecure-skip-tls-verify: true
`

const userAndContext = `apiVersion: v1
kind: Config
users:
- name: tester
  user:
    token: secret-token
contexts:
- name: remote
  context: {cluster: remote, user: tester}
current-context: remote
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestNewUsesTheClusterNamedByKubeconfig(t *testing.T) {
	path := writeFile(t, "config", clusterOnly+userAndContext[len("apiVersion: v1\nkind: Config\n"):])
	t.Setenv("KUBECONFIG", path)

	c, err := New(t.Context())
	require.NoError(t, err)
	assert.False(t, c.Local)
	assert.Equal(t, path, c.KubeconfigPath)
	assert.Equal(t, "https://192.0.2.10:6443", c.Config.Host)
	assert.Equal(t, "secret-token", c.Config.BearerToken)
	assert.NoError(t, c.Stop(), "stopping an external cluster does nothing")
	assert.Error(t, c.RestartAPIServer(t.Context()))
	assert.Empty(t, c.LogPath("kube-apiserver"))
}

func TestKubectlPrefersTheCachedBinary(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CONTROL_PLANE_BIN_DIR", dir)
	t.Setenv("KUBECONFIG", writeFile(t, "config", clusterOnly+userAndContext[len("apiVersion: v1\nkind: Config\n"):]))
	c, err := New(t.Context())
	require.NoError(t, err)
	assert.Equal(t, dir, c.BinDir())
	assert.Equal(t, "kubectl", c.Kubectl(), "falls back to PATH")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "kubectl"), nil, 0o755))
	assert.Equal(t, filepath.Join(dir, "kubectl"), c.Kubectl())
}

func TestNewMergesSeveralKubeconfigFiles(t *testing.T) {
	first := writeFile(t, "clusters", clusterOnly)
	second := writeFile(t, "users", userAndContext)
	t.Setenv("KUBECONFIG", first+string(os.PathListSeparator)+second)

	c, err := New(t.Context())
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.Remove(c.KubeconfigPath) })
	assert.NotEqual(t, first, c.KubeconfigPath)
	assert.NotEqual(t, second, c.KubeconfigPath)

	merged, err := clientcmd.BuildConfigFromFlags("", c.KubeconfigPath)
	require.NoError(t, err)
	assert.Equal(t, "https://192.0.2.10:6443", merged.Host)
	assert.Equal(t, "secret-token", merged.BearerToken)
}

func TestNewReportsAnUnusableKubeconfig(t *testing.T) {
	t.Setenv("KUBECONFIG", writeFile(t, "config", "apiVersion: v1\nkind: Config\n"))
	_, err := New(t.Context())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "loading KUBECONFIG")
}

func TestCheckBinariesNamesWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "etcd"), nil, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kubectl"), nil, 0o755))

	err := checkBinaries(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "kube-apiserver, kube-controller-manager")
	assert.NotContains(t, err.Error(), "etcd")
	assert.Contains(t, err.Error(), "make control-plane")

	for _, name := range []string{"kube-apiserver", "kube-controller-manager"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), nil, 0o755))
	}
	assert.NoError(t, checkBinaries(dir))
}

func TestRepoRootFindsTheScript(t *testing.T) {
	root, err := repoRoot()
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(root, "hack", "local-cluster.sh"))
}
