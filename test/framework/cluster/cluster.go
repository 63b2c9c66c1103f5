// Package cluster gives tests a real Kubernetes API server: the cluster that
// KUBECONFIG points at when it is set (kind or any other), or else a local
// control plane (etcd, kube-apiserver, kube-controller-manager) started from
// the binaries that hack/build-control-plane.sh caches under .cache/bin.
package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// binaries are the programs the local control plane needs in the bin folder;
// the first three are the components that run and log.
var binaries = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kubectl"}

// Cluster is a running API server together with the means to reach it.
type Cluster struct {
	// Config is a client configuration with cluster-admin rights.
	Config *rest.Config
	// KubeconfigPath is a kubeconfig file for the same identity, for
	// processes such as the operator or kubectl.
	KubeconfigPath string
	// Local reports whether this package started the control plane, as
	// opposed to using the cluster named by KUBECONFIG.
	Local bool

	stateDir string
	script   string
	binDir   string
}

// Clientset returns a typed client for the cluster's built-in APIs.
func (c *Cluster) Clientset() (*kubernetes.Clientset, error) {
	clientset, err := kubernetes.NewForConfig(c.Config)
	if err != nil {
		return nil, fmt.Errorf("creating clientset: %w", err)
	}
	return clientset, nil
}

// Namespace creates a namespace for one test, named after the test with a
// random suffix so reruns never meet a namespace that is still terminating,
// and deletes it when the test ends.
func (c *Cluster) Namespace(t testing.TB) string {
	t.Helper()
	clientset, err := c.Clientset()
	if err != nil {
		t.Fatal(err)
	}
	base := strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(t.Name()))
	base = strings.Trim(base[:min(len(base), 50)], "-")
	name := fmt.Sprintf("%s-%05d", base, rand.IntN(100000))
	namespace := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := clientset.CoreV1().Namespaces().Create(t.Context(), namespace, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating namespace %s: %v", name, err)
	}
	t.Cleanup(func() {
		err := clientset.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{})
		if err != nil {
			t.Errorf("deleting namespace %s: %v", name, err)
		}
	})
	return name
}

// BinDir returns the folder of cached control plane binaries, kubectl
// included. For a cluster named by KUBECONFIG it is still the cache folder,
// which may hold nothing.
func (c *Cluster) BinDir() string { return c.binDir }

// Kubectl returns the cached kubectl when there is one, and otherwise
// "kubectl", to be found on PATH.
func (c *Cluster) Kubectl() string {
	cached := filepath.Join(c.binDir, "kubectl")
	if info, err := os.Stat(cached); err == nil && !info.IsDir() {
		return cached
	}
	return "kubectl"
}

// LogPath returns the log file of a local component ("etcd",
// "kube-apiserver" or "kube-controller-manager"), or "" for an external
// cluster.
func (c *Cluster) LogPath(component string) string {
	if !c.Local {
		return ""
	}
	return filepath.Join(c.stateDir, component+".log")
}

// SaveLogs copies the local components' logs to a new temporary folder,
// which outlives Stop, and returns its path; it returns "" for an external
// cluster.
func (c *Cluster) SaveLogs() (string, error) {
	if !c.Local {
		return "", nil
	}
	dir, err := os.MkdirTemp("", "po-cluster-logs-")
	if err != nil {
		return "", fmt.Errorf("creating log folder: %w", err)
	}
	for _, component := range binaries[:3] {
		data, err := os.ReadFile(c.LogPath(component))
		if err != nil {
			return dir, fmt.Errorf("reading %s log: %w", component, err)
		}
		if err := os.WriteFile(filepath.Join(dir, component+".log"), data, 0o644); err != nil {
			return dir, fmt.Errorf("saving %s log: %w", component, err)
		}
	}
	return dir, nil
}

// RestartAPIServer stops the local kube-apiserver and starts it again on the
// same address, returning once it is ready. It fails for external clusters.
func (c *Cluster) RestartAPIServer(ctx context.Context) error {
	if !c.Local {
		return errors.New("restarting the API server is only possible on the local control plane")
	}
	if _, err := c.runScript(ctx, "restart-apiserver"); err != nil {
		return fmt.Errorf("restarting kube-apiserver: %w", err)
	}
	return nil
}

// Stop shuts a local control plane down and deletes its state; it does
// nothing for a cluster named by KUBECONFIG.
func (c *Cluster) Stop() error {
	if !c.Local {
		return nil
	}
	if _, err := c.runScript(context.Background(), "down"); err != nil {
		return fmt.Errorf("stopping local control plane: %w", err)
	}
	return nil
}

// runScript runs hack/local-cluster.sh with the given command against this
// cluster's state folder and returns its standard output.
func (c *Cluster) runScript(ctx context.Context, command string) (string, error) {
	cmd := exec.CommandContext(ctx, "bash", c.script, command)
	cmd.Env = append(os.Environ(),
		"LOCAL_CLUSTER_DIR="+c.stateDir,
		"CONTROL_PLANE_BIN_DIR="+c.binDir,
		"LOCAL_CLUSTER_WATCH_PID="+strconv.Itoa(os.Getpid()),
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", c.script, command, err, stderr.String())
	}
	return stdout.String(), nil
}

// New returns the cluster named by KUBECONFIG when that variable is set, and
// otherwise starts a new local control plane. The caller must call Stop.
func New(ctx context.Context) (*Cluster, error) {
	if os.Getenv("KUBECONFIG") != "" {
		return fromKubeconfigEnv()
	}
	return startLocal(ctx)
}

// Start is New for a single test: the cluster is stopped when the test ends.
func Start(t testing.TB) *Cluster {
	t.Helper()
	c, err := New(t.Context())
	if err != nil {
		t.Fatalf("starting cluster: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			dir, err := c.SaveLogs()
			t.Logf("control plane logs saved in %s (%v)", dir, err)
		}
		if err := c.Stop(); err != nil {
			t.Errorf("stopping cluster: %v", err)
		}
	})
	return c
}

var shared struct {
	sync.Mutex
	cluster *Cluster
	err     error
}

// Shared returns one cluster for the whole test binary, starting it on first
// use. Pair it with RunTests in TestMain so that it is stopped at the end.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	shared.Lock()
	defer shared.Unlock()
	if shared.cluster == nil && shared.err == nil {
		shared.cluster, shared.err = New(context.Background())
	}
	if shared.err != nil {
		t.Fatalf("starting shared cluster: %v", shared.err)
	}
	return shared.cluster
}

// RunTests runs the package's tests and then stops the shared cluster, if
// one was started, keeping a copy of its logs when a test failed. Use it as:
// func TestMain(m *testing.M) { os.Exit(cluster.RunTests(m)) }.
func RunTests(m *testing.M) int {
	code := m.Run()
	shared.Lock()
	defer shared.Unlock()
	if shared.cluster != nil {
		if code != 0 {
			dir, err := shared.cluster.SaveLogs()
			fmt.Fprintf(os.Stderr, "control plane logs saved in %s (%v)\n", dir, err)
		}
		if err := shared.cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			if code == 0 {
				code = 1
			}
		}
		shared.cluster = nil
	}
	return code
}

// fromKubeconfigEnv loads the cluster that KUBECONFIG names, merging the
// files when it lists several, and makes sure one file holds the result.
func fromKubeconfigEnv() (*Cluster, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{})
	config, err := loader.ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("loading KUBECONFIG %q: %w", os.Getenv("KUBECONFIG"), err)
	}
	paths := filepath.SplitList(os.Getenv("KUBECONFIG"))
	path := paths[0]
	if len(paths) > 1 {
		path, err = writeMergedKubeconfig(loader)
		if err != nil {
			return nil, err
		}
	}
	return &Cluster{Config: config, KubeconfigPath: path, binDir: defaultBinDir()}, nil
}

// defaultBinDir is CONTROL_PLANE_BIN_DIR, or else .cache/bin in the
// repository ("" when the repository cannot be found).
func defaultBinDir() string {
	if dir := os.Getenv("CONTROL_PLANE_BIN_DIR"); dir != "" {
		return dir
	}
	root, err := repoRoot()
	if err != nil {
		return ""
	}
	return filepath.Join(root, ".cache", "bin")
}

// writeMergedKubeconfig saves the merged view of several kubeconfig files to
// one temporary file, since processes under test take a single path.
func writeMergedKubeconfig(loader clientcmd.ClientConfig) (string, error) {
	raw, err := loader.RawConfig()
	if err != nil {
		return "", fmt.Errorf("reading merged kubeconfig: %w", err)
	}
	file, err := os.CreateTemp("", "merged-kubeconfig-")
	if err != nil {
		return "", fmt.Errorf("creating merged kubeconfig file: %w", err)
	}
	if err := file.Close(); err != nil {
		return "", fmt.Errorf("closing merged kubeconfig file: %w", err)
	}
	if err := clientcmd.WriteToFile(raw, file.Name()); err != nil {
		return "", fmt.Errorf("writing merged kubeconfig: %w", err)
	}
	return file.Name(), nil
}

// startLocal starts a control plane in a fresh temporary folder, so that
// several test binaries can each run their own at the same time.
func startLocal(ctx context.Context) (*Cluster, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	binDir := defaultBinDir()
	if err := checkBinaries(binDir); err != nil {
		return nil, err
	}
	stateDir, err := os.MkdirTemp("", "po-cluster-")
	if err != nil {
		return nil, fmt.Errorf("creating state folder: %w", err)
	}
	c := &Cluster{
		Local:    true,
		stateDir: stateDir,
		script:   filepath.Join(root, "hack", "local-cluster.sh"),
		binDir:   binDir,
	}
	out, err := c.runScript(ctx, "up")
	if err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("starting local control plane: %w", err)
	}
	c.KubeconfigPath = lastLine(out)
	c.Config, err = clientcmd.BuildConfigFromFlags("", c.KubeconfigPath)
	if err != nil {
		_ = c.Stop()
		return nil, fmt.Errorf("loading kubeconfig %s: %w", c.KubeconfigPath, err)
	}
	return c, nil
}

// checkBinaries fails with a hint on how to build whatever is missing.
func checkBinaries(binDir string) error {
	var missing []string
	for _, name := range binaries {
		if _, err := os.Stat(filepath.Join(binDir, name)); err != nil {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("control plane binaries missing in %s: %s; build them with "+
			"`make control-plane` (hack/build-control-plane.sh), or set KUBECONFIG to use an existing cluster",
			binDir, strings.Join(missing, ", "))
	}
	return nil
}

// repoRoot walks up from the working directory to the folder holding
// hack/local-cluster.sh.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "hack", "local-cluster.sh")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("hack/local-cluster.sh not found above the working directory")
		}
		dir = parent
	}
}

func lastLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
