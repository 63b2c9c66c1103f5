//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/promproc"
)

// scrapeTimeout bounds the wait for a sample to show up in Prometheus:
// service discovery, a 2s scrape interval and, for the agent, a remote
// write batch.
const scrapeTimeout = 60 * time.Second

// TestDataPath runs the configuration the operator generates in real
// processes: the config reloader renders it and reloads a real Prometheus,
// which discovers a test app through the API server (a ServiceMonitor over
// a selector-less Service and its Endpoints, and a PodMonitor) and scrapes
// it; an agent does the same and remote-writes to a second Prometheus. The
// one change the test makes to the generated configuration is a
// kubeconfig_file in each Kubernetes discovery block, since the processes
// run outside a pod. testdata/data-path.yaml explains how the app, on
// 127.0.0.1, is reached.
func TestDataPath(t *testing.T) {
	e := newOperatorEnv(t)
	app := startExampleApp(t)
	proxy := startPodNetworkProxy(t, app)
	receiverConfig := filepath.Join(t.TempDir(), "receiver.yaml")
	require.NoError(t, os.WriteFile(receiverConfig, []byte("global:\n  scrape_interval: 1m\n"), 0o644))
	receiver := promproc.Start(t, promproc.Options{Name: "receiver", ConfigFile: receiverConfig, RemoteWriteReceiver: true})
	e.waitForDefaultServiceAccount(t)
	e.applyTestdata(t, "data-path.yaml", map[string]string{
		"PORT":                strconv.Itoa(app.port),
		"POD_NETWORK_ADDRESS": podNetworkAddress,
		"PROXY_URL":           proxy.url,
		"VERSION":             prometheusVersion(t),
		"REMOTE_WRITE_URL":    receiver.URL("/api/v1/write"),
	})
	e.setPodRunningOnLoopback(t, "example-app")
	serviceMonitorJob := fmt.Sprintf("serviceMonitor/%s/example-app/0", e.namespace)
	podMonitorJob := fmt.Sprintf("podMonitor/%s/example-app/0", e.namespace)

	t.Run("Prometheus scrapes the app", func(t *testing.T) {
		e.waitForConfig(t, "prometheus-data-path", "the server's jobs", hasJobs([]string{serviceMonitorJob, podMonitorJob}))
		pod := e.runSimulatedPod(t, "prometheus-data-path", "prometheus-data-path-0", false)
		pod.waitForSample(t, pod.prometheus, `up{job="example-app"} == 1`, map[string]string{"service": "example-app", "endpoint": "web"})
		pod.waitForSample(t, pod.prometheus, fmt.Sprintf(`up{job="%s/example-app"} == 1`, e.namespace), map[string]string{"pod": "example-app"})
		loaded, err := pod.prometheus.LoadedConfig(t.Context())
		require.NoError(t, err)
		assert.Contains(t, loaded, "prometheus_replica: prometheus-data-path-0", "the reloader expanded $(POD_NAME)")
		assert.Positive(t, proxy.requests.Load(), "the ServiceMonitor's scrapes went through its proxyUrl")

		// A change to the ServiceMonitor travels: operator, Secret, volume,
		// reloader, Prometheus reload, new target labels.
		e.patchServiceMonitor(t, "example-app", fmt.Sprintf(
			`{"spec":{"endpoints":[{"port":"web","interval":"2s","proxyUrl":%q,"relabelings":[{"targetLabel":"stage","replacement":"reloaded"}]}]}}`, proxy.url))
		e.waitForConfig(t, "prometheus-data-path", "the relabeling", containsText("replacement: reloaded"))
		pod.syncVolume(t)
		pod.waitForSample(t, pod.prometheus, `up{job="example-app",stage="reloaded"} == 1`, nil)
	})
	t.Run("agent remote-writes the samples", func(t *testing.T) {
		config := e.waitForConfig(t, "prom-agent-data-path-agent", "the agent's job", hasJobs([]string{serviceMonitorJob}))
		assert.Contains(t, config, "role: endpointslice", "spec.serviceDiscoveryRole of the agent")
		pod := e.runSimulatedPod(t, "prom-agent-data-path-agent", "prom-agent-data-path-agent-0", true)
		// The receiver scrapes nothing itself: the agent's external labels
		// show where the samples came from.
		want := map[string]string{
			"prometheus":         e.namespace + "/data-path-agent",
			"prometheus_replica": "prom-agent-data-path-agent-0",
		}
		pod.waitForSample(t, receiver, `up{job="example-app"} == 1`, want)
		pod.waitForSample(t, receiver, `e2e_example_requests_total{job="example-app"} > 0`, want)
	})
}

// podNetworkAddress is the address the EndpointSlice gives the app: a
// documentation address nothing answers on, which the proxy maps to the app.
const podNetworkAddress = "198.51.100.7"

// podNetworkProxy is an HTTP forward proxy on loopback that sends requests
// for podNetworkAddress:<app port> to the app on 127.0.0.1, and refuses
// any other destination.
type podNetworkProxy struct {
	url      string
	requests atomic.Int64
}

func startPodNetworkProxy(t *testing.T, app *exampleApp) *podNetworkProxy {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	proxy := &podNetworkProxy{url: "http://" + listener.Addr().String()}
	podHost := net.JoinHostPort(podNetworkAddress, strconv.Itoa(app.port))
	appURL := &url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(app.port))}
	forward := &httputil.ReverseProxy{Rewrite: func(request *httputil.ProxyRequest) {
		request.SetURL(appURL)
	}}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Host != podHost {
			http.Error(w, "no route to "+r.URL.Host, http.StatusBadGateway)
			return
		}
		proxy.requests.Add(1)
		forward.ServeHTTP(w, r)
	})
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(func() { _ = server.Close() })
	return proxy
}

// waitForDefaultServiceAccount waits for the controller manager to create
// the namespace's default ServiceAccount, without which Pods are refused.
func (e *env) waitForDefaultServiceAccount(t *testing.T) {
	t.Helper()
	poll.Eventually(t, reconcileTimeout, "the default ServiceAccount", func(ctx context.Context) error {
		_, err := e.clientset.CoreV1().ServiceAccounts(e.namespace).Get(ctx, "default", metav1.GetOptions{})
		return err
	})
}

// setPodRunningOnLoopback plays the kubelet's part for one Pod: Running,
// ready, with 127.0.0.1 as its IP.
func (e *env) setPodRunningOnLoopback(t *testing.T, name string) {
	t.Helper()
	pod, err := e.clientset.CoreV1().Pods(e.namespace).Get(t.Context(), name, metav1.GetOptions{})
	require.NoError(t, err)
	now := metav1.Now()
	pod.Status.Phase = corev1.PodRunning
	pod.Status.PodIP = "127.0.0.1"
	pod.Status.PodIPs = []corev1.PodIP{{IP: "127.0.0.1"}}
	pod.Status.StartTime = &now
	pod.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: now}}
	_, err = e.clientset.CoreV1().Pods(e.namespace).UpdateStatus(t.Context(), pod, metav1.UpdateOptions{})
	require.NoError(t, err)
}

// exampleApp is a tiny instrumented app serving /metrics on loopback.
type exampleApp struct {
	port    int
	scrapes atomic.Int64
}

func startExampleApp(t *testing.T) *exampleApp {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	app := &exampleApp{port: listener.Addr().(*net.TCPAddr).Port}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, _ *http.Request) {
		count := app.scrapes.Add(1)
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprintf(w, "# HELP e2e_example_requests_total Scrapes served.\n# TYPE e2e_example_requests_total counter\ne2e_example_requests_total %d\n", count)
	})
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(func() { _ = server.Close() })
	return app
}

// prometheusVersion returns the version of the Prometheus binary ("v3.16.0"),
// so that the operator generates a configuration for exactly that version.
func prometheusVersion(t *testing.T) string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), promproc.Binary(t), "--version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	match := regexp.MustCompile(`version (\d+\.\d+\.\d+)`).FindSubmatch(out)
	require.NotNil(t, match, "no version in %q", out)
	return "v" + string(match[1])
}

// simulatedPod stands in for one pod of a generated StatefulSet: a Secret
// volume the test refreshes like the kubelet, the reloader rendering it,
// and Prometheus.
type simulatedPod struct {
	env        *operatorEnv
	secretName string
	volume     *promproc.SecretVolume
	prometheus *promproc.Prometheus
}

// runSimulatedPod mirrors the pod: the init reloader renders the
// configuration once, then Prometheus starts on it next to the reloader
// sidecar, with the variables the StatefulSet gives the reloaders.
func (e *operatorEnv) runSimulatedPod(t *testing.T, secretName, podName string, agent bool) *simulatedPod {
	t.Helper()
	pod := &simulatedPod{env: e, secretName: secretName, volume: promproc.NewSecretVolume(t)}
	pod.syncVolume(t)
	reloader := promproc.ReloaderOptions{
		ConfigFile:   pod.volume.Path(configKey),
		EnvsubstFile: filepath.Join(t.TempDir(), "prometheus.env.yaml"),
		Env:          []string{"POD_NAME=" + podName, "SHARD=0"},
	}
	promproc.RenderOnce(t, reloader)
	pod.prometheus = promproc.Start(t, promproc.Options{Name: podName, ConfigFile: reloader.EnvsubstFile, Agent: agent})
	reloader.ReloadURL = pod.prometheus.URL("/-/reload")
	reloader.WatchedDirs = []string{pod.volume.Dir}
	promproc.StartReloader(t, reloader)
	return pod
}

// syncVolume copies the config Secret into the volume, with the one
// test-only change, as the kubelet would refresh the mounted Secret.
func (p *simulatedPod) syncVolume(t *testing.T) {
	t.Helper()
	config, err := p.env.readConfig(t.Context(), p.secretName)
	require.NoError(t, err)
	changed, err := promproc.WithKubeconfigFile([]byte(config), p.env.cluster.KubeconfigPath)
	require.NoError(t, err)
	var compressed bytes.Buffer
	writer := gzip.NewWriter(&compressed)
	_, err = writer.Write(changed)
	require.NoError(t, err)
	require.NoError(t, writer.Close())
	p.volume.Write(t, map[string][]byte{configKey: compressed.Bytes()})
}

// waitForSample polls a query on server until it returns a sample with
// all the labels of want; on timeout the targets of the pod's Prometheus
// explain why.
func (p *simulatedPod) waitForSample(t *testing.T, server *promproc.Prometheus, query string, want map[string]string) {
	t.Helper()
	err := poll.Until(t.Context(), scrapeTimeout, func(ctx context.Context) error {
		samples, err := server.Query(ctx, query)
		if err != nil {
			return err
		}
		for _, sample := range samples {
			if hasLabels(sample.Metric, want) {
				return nil
			}
		}
		return fmt.Errorf("no sample with labels %v among %v", want, samples)
	})
	if err != nil {
		targets, targetsErr := p.prometheus.Targets(t.Context())
		t.Fatalf("waiting for %s: %v\ntargets of %s: %+v (%v)", query, err, p.prometheus.Name(), targets, targetsErr)
	}
}

func hasLabels(labels, want map[string]string) bool {
	for key, value := range want {
		if labels[key] != value {
			return false
		}
	}
	return true
}
