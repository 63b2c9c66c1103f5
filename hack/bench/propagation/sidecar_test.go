//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package propagation

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/seed-6daed11e/prometheus-operator/hack/bench/benchenv"
	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader/kubeletvolume"
)

// podConfigRoot is the folder under which the StatefulSet mounts the
// configuration, its rendered output and the rule folders; the benchmark
// moves it to a temporary folder.
const podConfigRoot = "/etc/prometheus/"

// argMapping turns the reloader arguments of the operator's StatefulSet
// into arguments for a process on this machine.
type argMapping struct {
	// root replaces podConfigRoot.
	root string
	// listenAddress replaces --listen-address.
	listenAddress string
	// reloadURL replaces --reload-url (the sidecar only).
	reloadURL string
	// kubeconfig is added in API-watch mode, where the pod would use its
	// service account.
	kubeconfig string
}

// apply returns the local arguments and the folders they name that must
// exist before the reloader starts.
func (m argMapping) apply(args []string) (mapped, folders []string, err error) {
	apiWatch := false
	for _, arg := range args {
		name, value, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		switch {
		case name == "listen-address":
			value = m.listenAddress
		case name == "reload-url":
			value = m.reloadURL
		case name == "web-config-file" || name == "reload-method":
			return nil, nil, fmt.Errorf("argument %s is not supported by the benchmark", arg)
		case strings.HasPrefix(value, podConfigRoot):
			value = filepath.Join(m.root, strings.TrimPrefix(value, podConfigRoot))
		}
		switch name {
		case "watched-dir":
			folders = append(folders, value)
		case "config-envsubst-file":
			folders = append(folders, filepath.Dir(value))
		case "watch-secret":
			apiWatch = true
		}
		mapped = append(mapped, "--"+name+"="+value)
	}
	if apiWatch {
		rules := filepath.Join(m.root, "rules")
		mapped = append(mapped, "--kubeconfig="+m.kubeconfig, "--configmap-output-dir="+rules)
		folders = append(folders, rules)
	}
	return mapped, folders, nil
}

// reloaderContainers returns the init-config-reloader and config-reloader
// containers of a StatefulSet.
func reloaderContainers(set *appsv1.StatefulSet) (initContainer, sidecar corev1.Container, err error) {
	spec := set.Spec.Template.Spec
	var foundInit, foundSidecar bool
	for _, container := range spec.InitContainers {
		if container.Name == "init-config-reloader" {
			initContainer, foundInit = container, true
		}
	}
	for _, container := range spec.Containers {
		if container.Name == "config-reloader" {
			sidecar, foundSidecar = container, true
		}
	}
	if !foundInit || !foundSidecar {
		return initContainer, sidecar, fmt.Errorf("StatefulSet %s lacks the reloader containers (init %t, sidecar %t)", set.Name, foundInit, foundSidecar)
	}
	return initContainer, sidecar, nil
}

// containerEnv returns the variables a kubelet would give the container:
// literal values as they are, POD_NAME as the first pod's name.
func containerEnv(container corev1.Container, podName string) []string {
	env := []string{"POD_NAME=" + podName}
	for _, variable := range container.Env {
		if variable.ValueFrom == nil {
			env = append(env, variable.Name+"="+variable.Value)
		}
	}
	return env
}

// impersonatingKubeconfig writes a copy of the admin kubeconfig that acts
// as user (a service account), so that the reloader gets exactly the rights
// the operator's Role grants the pod.
func impersonatingKubeconfig(adminKubeconfig, user, path string) error {
	config, err := clientcmd.LoadFromFile(adminKubeconfig)
	if err != nil {
		return fmt.Errorf("reading kubeconfig: %w", err)
	}
	for _, auth := range config.AuthInfos {
		auth.Impersonate = user
	}
	if err := clientcmd.WriteToFile(*config, path); err != nil {
		return fmt.Errorf("writing kubeconfig: %w", err)
	}
	return nil
}

// startVolumeRefresher imitates the kubelet in file mode: every period it
// copies the newest version of the config Secret (as the secret timeline saw
// it) into dir with a kubelet-style ..data swap, when it changed. The first
// copy is made at once, as a kubelet mounts the volume before the containers
// start. The returned timeline records when each version was written.
func startVolumeRefresher(b *testing.B, secret *benchenv.Timeline, dir string, period time.Duration) *benchenv.Timeline {
	b.Helper()
	written := benchenv.NewTimeline()
	var last string
	refresh := func() error {
		latest, ok := secret.Latest()
		if !ok || latest.Config == last {
			return nil
		}
		if err := kubeletvolume.Write(dir, latest.Data); err != nil {
			return fmt.Errorf("refreshing the volume: %w", err)
		}
		last = latest.Config
		written.Add(benchenv.Observation{At: time.Now(), Config: latest.Config, Data: latest.Data})
		return nil
	}
	if err := refresh(); err != nil {
		b.Fatal(err)
	}
	if _, ok := written.Latest(); !ok {
		b.Fatal("no config Secret to mount yet")
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		ticker := time.NewTicker(period)
		defer ticker.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ticker.C:
				if err := refresh(); err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
	b.Cleanup(func() {
		close(stop)
		wg.Wait()
	})
	return written
}

// makeFolders creates every folder in the list.
func makeFolders(folders []string) error {
	for _, folder := range folders {
		if err := os.MkdirAll(folder, 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", folder, err)
		}
	}
	return nil
}
