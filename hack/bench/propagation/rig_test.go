//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package propagation

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/hack/bench/benchenv"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/operator"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/process"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/promproc"
)

// mode is how the reloader learns about a new configuration.
type mode string

const (
	// apiWatchMode: the reloader watches the config Secret through the API
	// (operator flag --config-reloader-watch-api).
	apiWatchMode mode = "api-watch"
	// fileMode: the reloader watches the mounted Secret, which a simulated
	// kubelet refreshes.
	fileMode mode = "file"
)

const (
	prometheusName   = "bench"
	configSecretName = "prometheus-" + prometheusName
	statefulSetName  = "prometheus-" + prometheusName
	podName          = statefulSetName + "-0"
	// setupTimeout bounds each wait while the rig is being built.
	setupTimeout = 90 * time.Second
)

// rig is one operator, one real Prometheus and its config reloader, run
// as the operator's StatefulSet describes them, against the local cluster.
type rig struct {
	env       *benchenv.Env
	mode      mode
	namespace string
	// secret timestamps each version of the config Secret.
	secret *benchenv.Timeline
	// volume timestamps each simulated kubelet refresh (file mode only).
	volume     *benchenv.Timeline
	prometheus *promproc.Prometheus
}

// setUp builds a rig in a fresh namespace and returns once Prometheus has
// loaded the first configuration. Everything is torn down when b ends.
func setUp(b *testing.B, m mode) *rig {
	b.Helper()
	env := benchenv.SharedLocal(b)
	ctx := b.Context()
	r := &rig{env: env, mode: m, namespace: fmt.Sprintf("bench-%s-%05d", m, rand.IntN(100000))}
	if err := benchenv.CreateNamespace(ctx, env.Kube, r.namespace); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = env.Kube.CoreV1().Namespaces().Delete(context.Background(), r.namespace, metav1.DeleteOptions{})
	})
	if err := benchenv.CreateServiceMonitors(ctx, env.Monitoring, r.namespace, *monitorCount, 8, marker(0)); err != nil {
		b.Fatal(err)
	}
	prometheuses := env.Monitoring.MonitoringV1().Prometheuses(r.namespace)
	if _, err := prometheuses.Create(ctx, benchenv.Prometheus(r.namespace, prometheusName), metav1.CreateOptions{}); err != nil {
		b.Fatalf("creating Prometheus: %v", err)
	}
	r.secret = benchenv.WatchConfigSecret(b, env.Kube, r.namespace, configSecretName)
	var flags []string
	if m == apiWatchMode {
		flags = append(flags, "--config-reloader-watch-api")
	}
	started := operator.Start(b, operator.Options{Kubeconfig: env.Cluster.KubeconfigPath, Namespaces: []string{r.namespace}, Args: flags})
	// Runs before the operator stops, so that it can drop its finalizer.
	b.Cleanup(func() { r.deletePrometheus(b) })
	first, err := r.secret.First(ctx, setupTimeout, func(config string) bool {
		return benchenv.CountJobs(config) == *monitorCount && benchenv.Contains(marker(0))(config)
	})
	if err != nil {
		b.Fatalf("waiting for the first configuration: %v", err)
	}
	b.Logf("%s: configuration with %d jobs written", m, benchenv.CountJobs(first.Config))
	r.startPrometheusAndReloader(b, r.waitStatefulSet(b))
	// The first sync is followed by status updates of every monitor; the
	// measurements start once they are done.
	idleSince := time.Now()
	if err := benchenv.WaitOperatorIdle(ctx, started.URL("/metrics"), 2*time.Second, 3*time.Minute); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: operator idle after %s more", m, time.Since(idleSince).Round(time.Millisecond))
	return r
}

// startPrometheusAndReloader runs, with the StatefulSet's own reloader
// arguments moved to a temporary folder, the init container, a real
// Prometheus, and the config-reloader sidecar.
func (r *rig) startPrometheusAndReloader(b *testing.B, set *appsv1.StatefulSet) {
	b.Helper()
	initContainer, sidecar, err := reloaderContainers(set)
	if err != nil {
		b.Fatal(err)
	}
	mapping := argMapping{root: b.TempDir(), listenAddress: process.FreeAddress(b)}
	if r.mode == apiWatchMode {
		mapping.kubeconfig = r.serviceAccountKubeconfig(b, mapping.root)
	} else {
		r.volume = startVolumeRefresher(b, r.secret, filepath.Join(mapping.root, "config"), *volumePeriod)
	}
	initArgs, folders, err := mapping.apply(initContainer.Args)
	if err != nil {
		b.Fatal(err)
	}
	if err := makeFolders(folders); err != nil {
		b.Fatal(err)
	}
	rendered := process.Start(b, process.Spec{Name: "init-config-reloader", Binary: promproc.ReloaderBinary(b),
		Args: initArgs, Env: containerEnv(initContainer, podName)})
	if err := rendered.Wait(b.Context(), setupTimeout); err != nil {
		b.Fatalf("init-config-reloader: %v\n%s", err, rendered.Log())
	}
	r.prometheus = promproc.Start(b, promproc.Options{ConfigFile: filepath.Join(mapping.root, "config_out", "prometheus.env.yaml")})

	mapping.listenAddress, mapping.reloadURL = process.FreeAddress(b), r.prometheus.URL("/-/reload")
	sidecarArgs, folders, err := mapping.apply(sidecar.Args)
	if err != nil {
		b.Fatal(err)
	}
	if err := makeFolders(folders); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: config-reloader %v", r.mode, sidecarArgs)
	reloader := process.Start(b, process.Spec{Name: "config-reloader", Binary: promproc.ReloaderBinary(b),
		Args: sidecarArgs, Env: containerEnv(sidecar, podName)})
	if err := reloader.WaitHealthy(b.Context(), "http://"+mapping.listenAddress+"/healthz", setupTimeout); err != nil {
		b.Fatal(err)
	}
	if _, err := r.waitLoaded(b, marker(0), time.Now(), setupTimeout); err != nil {
		b.Fatal(err)
	}
}

// waitStatefulSet returns the operator's StatefulSet once it exists.
func (r *rig) waitStatefulSet(b *testing.B) *appsv1.StatefulSet {
	b.Helper()
	var set *appsv1.StatefulSet
	poll.Eventually(b, setupTimeout, "the StatefulSet", func(ctx context.Context) error {
		var err error
		set, err = r.env.Kube.AppsV1().StatefulSets(r.namespace).Get(ctx, statefulSetName, metav1.GetOptions{})
		return err
	})
	return set
}

// serviceAccountKubeconfig writes a kubeconfig acting as the service
// account that the operator's reloader RoleBinding names.
func (r *rig) serviceAccountKubeconfig(b *testing.B, folder string) string {
	b.Helper()
	var binding *rbacv1.RoleBinding
	poll.Eventually(b, setupTimeout, "the reloader RoleBinding", func(ctx context.Context) error {
		var err error
		binding, err = r.env.Kube.RbacV1().RoleBindings(r.namespace).Get(ctx, statefulSetName+"-config-reloader", metav1.GetOptions{})
		return err
	})
	if len(binding.Subjects) != 1 || binding.Subjects[0].Kind != rbacv1.ServiceAccountKind {
		b.Fatalf("RoleBinding %s: want one ServiceAccount subject, got %+v", binding.Name, binding.Subjects)
	}
	subject := binding.Subjects[0]
	user := fmt.Sprintf("system:serviceaccount:%s:%s", subject.Namespace, subject.Name)
	path := filepath.Join(folder, "reloader.kubeconfig")
	if err := impersonatingKubeconfig(r.env.Cluster.KubeconfigPath, user, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// deletePrometheus deletes the Prometheus and waits for the operator to
// let it go; it only logs problems, as it runs after the measurements.
func (r *rig) deletePrometheus(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	prometheuses := r.env.Monitoring.MonitoringV1().Prometheuses(r.namespace)
	err := prometheuses.Delete(ctx, prometheusName, metav1.DeleteOptions{})
	if err == nil {
		err = poll.Until(ctx, 30*time.Second, poll.Gone(func(ctx context.Context) error {
			_, err := prometheuses.Get(ctx, prometheusName, metav1.GetOptions{})
			return err
		}))
	}
	if err != nil {
		b.Logf("deleting Prometheus in %s: %v", r.namespace, err)
	}
}
