// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promproc

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader/kubeletvolume"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/process"
)

// renderTimeout bounds a one-shot render (the init container's job).
const renderTimeout = 30 * time.Second

// ReloaderOptions configure the config reloader in file mode, as the
// operator's StatefulSets run it.
type ReloaderOptions struct {
	// Name labels the process; "config-reloader" when empty.
	Name string
	// ConfigFile is the watched input (--config-file), plain or gzipped.
	ConfigFile string
	// EnvsubstFile is where the expanded configuration goes
	// (--config-envsubst-file).
	EnvsubstFile string
	// ReloadURL is the Prometheus reload endpoint (--reload-url).
	ReloadURL string
	// WatchedDirs are further folders whose changes trigger a reload.
	WatchedDirs []string
	// Env holds NAME=value variables for $(NAME) expansion, e.g.
	// POD_NAME=prometheus-main-0 and SHARD=0.
	Env []string
	// Args are further flags (API-watch mode: --watch-secret, --kubeconfig).
	Args []string
}

// ReloaderBinary returns the config reloader: $RELOADER_BINARY, or
// ./cmd/prometheus-config-reloader built into bin/.
func ReloaderBinary(t testing.TB) string {
	t.Helper()
	return process.ProjectBinary(t, "RELOADER_BINARY", "./cmd/prometheus-config-reloader", "prometheus-config-reloader")
}

func (o ReloaderOptions) args() []string {
	args := []string{
		"--config-file=" + o.ConfigFile,
		"--config-envsubst-file=" + o.EnvsubstFile,
	}
	if o.ReloadURL != "" {
		args = append(args, "--reload-url="+o.ReloadURL)
	}
	for _, dir := range o.WatchedDirs {
		args = append(args, "--watched-dir="+dir)
	}
	return append(args, o.Args...)
}

// RenderOnce runs the reloader with --watch-interval=0, as the
// init-config-reloader container does: it writes EnvsubstFile and exits.
func RenderOnce(t testing.TB, opts ReloaderOptions) {
	t.Helper()
	name := opts.Name
	if name == "" {
		name = "init-config-reloader"
	}
	args := append(opts.args(), "--watch-interval=0")
	started := process.Start(t, process.Spec{Name: name, Binary: ReloaderBinary(t), Args: args, Env: opts.Env})
	if err := started.Wait(t.Context(), renderTimeout); err != nil {
		t.Fatalf("%s failed: %v\n%s", name, err, started.Log())
	}
	if _, err := os.Stat(opts.EnvsubstFile); err != nil {
		t.Fatalf("%s exited without writing %s: %v\n%s", name, opts.EnvsubstFile, err, started.Log())
	}
}

// Reloader is a running config reloader.
type Reloader struct {
	*process.Process
	// Address serves its /metrics and /healthz.
	Address string
}

// StartReloader runs the reloader as the config-reloader sidecar does and
// waits for its /healthz.
func StartReloader(t testing.TB, opts ReloaderOptions) *Reloader {
	t.Helper()
	if opts.Name == "" {
		opts.Name = "config-reloader"
	}
	address := process.FreeAddress(t)
	args := append(opts.args(), "--listen-address="+address)
	started := process.Start(t, process.Spec{Name: opts.Name, Binary: ReloaderBinary(t), Args: args, Env: opts.Env})
	r := &Reloader{Process: started, Address: address}
	if err := started.WaitHealthy(t.Context(), "http://"+address+"/healthz", ReadyTimeout); err != nil {
		t.Fatalf("%s not healthy: %v", opts.Name, err)
	}
	return r
}

// SecretVolume is a folder laid out like a Secret volume in a pod, which the
// test updates the way the kubelet does (an atomic swap of ..data).
type SecretVolume struct {
	// Dir is the mount folder.
	Dir string
}

// NewSecretVolume returns an empty volume folder under the test's
// temporary folder.
func NewSecretVolume(t testing.TB) *SecretVolume {
	t.Helper()
	return &SecretVolume{Dir: filepath.Join(t.TempDir(), "config")}
}

// Path returns the visible path of one key.
func (v *SecretVolume) Path(key string) string { return filepath.Join(v.Dir, key) }

// Write replaces the volume's content with data (key to bytes).
func (v *SecretVolume) Write(t testing.TB, data map[string][]byte) {
	t.Helper()
	if err := kubeletvolume.Write(v.Dir, data); err != nil {
		t.Fatalf("updating the volume %s: %v", v.Dir, err)
	}
}
