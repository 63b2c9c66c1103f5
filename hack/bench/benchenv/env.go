//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package benchenv holds what the measurement programs under hack/bench
// share: a local control plane with the monitoring CRDs, API clients that are
// not throttled, the objects the benchmarks create, a watcher that timestamps
// every version of a config Secret, and small readers for process memory,
// metrics and percentiles.
package benchenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/cluster"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/manifest"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/process"
)

// clientQPS and clientBurst lift client-go's default limit of 5 requests
// per second, which would otherwise make the benchmarks time the limiter.
const (
	clientQPS   = 1000
	clientBurst = 2000
)

// Env is a running API server with the CRDs installed, and clients for it.
type Env struct {
	// Cluster is the control plane.
	Cluster *cluster.Cluster
	// Kube is a clientset for the built-in APIs, speaking protobuf.
	Kube kubernetes.Interface
	// Monitoring is a clientset for the monitoring.coreos.com kinds.
	Monitoring versioned.Interface
}

// StartLocal starts a fresh local control plane for this benchmark alone
// (KUBECONFIG is ignored), installs the CRDs, and stops it when b ends.
func StartLocal(b testing.TB) *Env {
	b.Helper()
	b.Setenv("KUBECONFIG", "")
	env, err := newEnv(cluster.Start(b))
	if err != nil {
		b.Fatal(err)
	}
	return env
}

var shared struct {
	once sync.Once
	env  *Env
	err  error
}

// SharedLocal returns one local control plane with the CRDs for the whole
// test binary. The package's TestMain must unset KUBECONFIG and end with
// cluster.RunTests, which stops it.
func SharedLocal(b testing.TB) *Env {
	b.Helper()
	c := cluster.Shared(b)
	shared.once.Do(func() { shared.env, shared.err = newEnv(c) })
	if shared.err != nil {
		b.Fatal(shared.err)
	}
	return shared.env
}

func newEnv(c *cluster.Cluster) (*Env, error) {
	if err := installCRDs(c); err != nil {
		return nil, err
	}
	config := rest.CopyConfig(c.Config)
	config.QPS, config.Burst = clientQPS, clientBurst
	monitoring, err := versioned.NewForConfig(config)
	if err != nil {
		return nil, fmt.Errorf("creating monitoring client: %w", err)
	}
	config.ContentType = "application/vnd.kubernetes.protobuf"
	kube, err := kubernetes.NewForConfig(config)
	if err != nil {
		return nil, fmt.Errorf("creating Kubernetes client: %w", err)
	}
	return &Env{Cluster: c, Kube: kube, Monitoring: monitoring}, nil
}

// installCRDs applies example/prometheus-operator-crd server-side and waits
// until each CRD is established.
func installCRDs(c *cluster.Cluster) error {
	root, err := process.RepoRoot()
	if err != nil {
		return fmt.Errorf("finding the repository: %w", err)
	}
	files, err := filepath.Glob(filepath.Join(root, "example", "prometheus-operator-crd", "*.yaml"))
	if err != nil {
		return fmt.Errorf("listing the CRD manifests: %w", err)
	}
	if len(files) == 0 {
		return errors.New("no CRD manifests under example/prometheus-operator-crd")
	}
	applier, err := manifest.NewApplier(c.Config)
	if err != nil {
		return fmt.Errorf("creating applier: %w", err)
	}
	if _, err := applier.ApplyFiles(context.Background(), files...); err != nil {
		return fmt.Errorf("installing CRDs: %w", err)
	}
	return nil
}

// stateDir is the local control plane's state folder (the parent of its
// component logs), or "" for an external cluster.
func (e *Env) stateDir() string {
	logPath := e.Cluster.LogPath("etcd")
	if logPath == "" {
		return ""
	}
	return filepath.Dir(logPath)
}

// EtcdDatabaseBytes returns the size of the local etcd's database file.
func (e *Env) EtcdDatabaseBytes() (int64, error) {
	path := filepath.Join(e.stateDir(), "etcd", "member", "snap", "db")
	info, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("reading etcd database size: %w", err)
	}
	return info.Size(), nil
}

// ComponentPID returns the process id of a local control plane component
// ("etcd", "kube-apiserver", "kube-controller-manager").
func (e *Env) ComponentPID(component string) (int, error) {
	data, err := os.ReadFile(filepath.Join(e.stateDir(), component+".pid"))
	if err != nil {
		return 0, fmt.Errorf("reading %s pid: %w", component, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		return 0, fmt.Errorf("parsing %s pid: %w", component, err)
	}
	return pid, nil
}
