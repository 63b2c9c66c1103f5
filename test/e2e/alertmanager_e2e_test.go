//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/process"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/promproc"
)

// alertingObjects are the objects of the Alertmanager data path: an
// Alertmanager selecting AlertmanagerConfigs labelled alerting=e2e, one
// routing to two webhook receivers of the test, and a Prometheus whose
// rules always fire, one alert in the test's namespace and one elsewhere.
const alertingObjects = `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
spec:
  version: ${VERSION}
  replicas: 1
  alertmanagerConfigSelector:
    matchLabels:
      alerting: e2e
---
apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata:
  name: team-a
  labels:
    alerting: e2e
spec:
  route:
    receiver: first
    groupBy: [alertname]
    groupWait: 1s
    groupInterval: 1s
    repeatInterval: 1h
  receivers:
  - name: first
    webhookConfigs:
    - url: ${HOOK}/first
  - name: second
    webhookConfigs:
    - url: ${HOOK}/second
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: rules
spec:
  ruleSelector:
    matchLabels:
      alerting: e2e
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: always-firing
  labels:
    alerting: e2e
spec:
  groups:
  - name: e2e
    interval: 1s
    rules:
    - alert: AlwaysFiring
      expr: vector(1)
      labels:
        namespace: ${NAMESPACE}
    - alert: FiringElsewhere
      expr: vector(1)
      labels:
        namespace: elsewhere
`

// brokenConfig is an AlertmanagerConfig whose receiver reads its URL from a
// Secret that does not exist.
const brokenConfig = `apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata:
  name: broken
  labels:
    alerting: e2e
spec:
  route:
    receiver: nowhere
  receivers:
  - name: nowhere
    webhookConfigs:
    - urlSecret:
        name: missing-webhook-url
        key: url
`

// TestAlertmanagerDataPath runs the Alertmanager configuration the operator
// generates in real processes: the config reloader renders it for a real
// Alertmanager started with the StatefulSet's arguments, a real Prometheus
// evaluates the rules of a PrometheusRule (from the operator's rule
// ConfigMap) and sends its alerts there, and the AlertmanagerConfig's
// webhook receivers are HTTP handlers of the test. As in TestDataPath, the
// test plays the kubelet: it copies the generated Secret into the volume
// folder the reloader watches.
func TestAlertmanagerDataPath(t *testing.T) {
	e := newOperatorEnv(t)
	hook := startWebhookReceiver(t)
	text := strings.NewReplacer("${VERSION}", alertmanagerVersion, "${HOOK}", hook.url, "${NAMESPACE}", e.namespace).Replace(alertingObjects)
	_, err := e.applier.ApplyYAML(t.Context(), []byte(text))
	require.NoError(t, err)
	firstReceiver := e.namespace + "/team-a/first"
	e.waitForAlertmanagerConfig(t, "the AlertmanagerConfig's route", func(config string) bool {
		return strings.Contains(config, "receiver: "+firstReceiver)
	})

	pod := e.runAlertmanagerPod(t)
	rulesDir := e.writeRuleFiles(t, "rules")
	prometheusConfig := filepath.Join(t.TempDir(), "prometheus.yaml")
	require.NoError(t, os.WriteFile(prometheusConfig, fmt.Appendf(nil,
		"global:\n  evaluation_interval: 1s\nrule_files:\n- %s/*.yaml\nalerting:\n  alertmanagers:\n  - static_configs:\n    - targets: [%q]\n",
		rulesDir, pod.address), 0o644))
	promproc.Start(t, promproc.Options{Name: "prometheus-alerting", ConfigFile: prometheusConfig, Args: []string{"--rules.alert.resend-delay=1s"}})

	t.Run("the alert reaches the webhook with the namespace matcher applied", func(t *testing.T) {
		alert := hook.waitFor(t, "/first", "AlwaysFiring")
		assert.Equal(t, e.namespace, alert.Labels["namespace"])
		assert.Equal(t, firstReceiver, alert.receiver)
		loaded := pod.loadedConfig(t)
		assert.Contains(t, loaded, fmt.Sprintf(`namespace="%s"`, e.namespace), "the route Alertmanager runs carries the namespace matcher")
		// Group wait and interval are one second: three more seconds leave
		// the other alert time to arrive, had the matcher let it through.
		time.Sleep(3 * time.Second)
		assert.Empty(t, hook.received("FiringElsewhere"), "an alert of another namespace must not reach the AlertmanagerConfig's receivers")
	})

	t.Run("an invalid AlertmanagerConfig is rejected alone", func(t *testing.T) {
		e.expectBrokenConfigRejected(t, firstReceiver)
	})

	t.Run("a new route reaches the receivers after a reload", func(t *testing.T) {
		start := time.Now()
		patch := []byte(`{"spec":{"route":{"receiver":"second"}}}`)
		_, err := e.monitoring.MonitoringV1alpha1().AlertmanagerConfigs(e.namespace).Patch(t.Context(), "team-a", types.MergePatchType, patch, metav1.PatchOptions{})
		require.NoError(t, err)
		secondReceiver := e.namespace + "/team-a/second"
		e.waitForAlertmanagerConfig(t, "the changed route", func(config string) bool {
			return strings.Contains(config, "receiver: "+secondReceiver)
		})
		written := time.Since(start)
		pod.syncVolume(t)
		alert := hook.waitFor(t, "/second", "AlwaysFiring")
		assert.Equal(t, secondReceiver, alert.receiver)
		t.Logf("AlertmanagerConfig change to delivery on the new route: %v (generated Secret written after %v; "+
			"the kubelet's volume refresh is immediate here)", time.Since(start).Round(time.Millisecond), written.Round(time.Millisecond))
	})

	t.Run("kubectl shows and scales the Alertmanager", e.checkKubectl)
}

// expectBrokenConfigRejected applies brokenConfig and checks that it is
// rejected with the reason in its binding and a Warning Event, while the
// valid AlertmanagerConfig stays in the configuration.
func (e *operatorEnv) expectBrokenConfigRejected(t *testing.T, validReceiver string) {
	_, err := e.applier.ApplyYAML(t.Context(), []byte(brokenConfig))
	require.NoError(t, err)
	poll.Eventually(t, reconcileTimeout, "the binding of the broken AlertmanagerConfig", func(ctx context.Context) error {
		config, err := e.monitoring.MonitoringV1alpha1().AlertmanagerConfigs(e.namespace).Get(ctx, "broken", metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, binding := range config.Status.Bindings {
			if binding.Resource == "alertmanagers" && binding.Name == "main" && len(binding.Conditions) > 0 &&
				binding.Conditions[0].Status == monitoringv1.ConditionFalse {
				if !strings.Contains(binding.Conditions[0].Message, "missing-webhook-url") {
					return fmt.Errorf("the reason does not name the missing Secret: %q", binding.Conditions[0].Message)
				}
				return nil
			}
		}
		return fmt.Errorf("no rejected binding yet: %+v", config.Status.Bindings)
	})
	poll.Eventually(t, reconcileTimeout, "a Warning Event on the broken AlertmanagerConfig", func(ctx context.Context) error {
		events, err := e.warningEvents(ctx, "AlertmanagerConfig", "broken")
		if err != nil {
			return err
		}
		for _, event := range events {
			if event.Reason == "InvalidConfiguration" {
				return nil
			}
		}
		return fmt.Errorf("no InvalidConfiguration event among %d", len(events))
	})
	config, err := e.readAlertmanagerConfig(t.Context())
	require.NoError(t, err)
	assert.Contains(t, config, "receiver: "+validReceiver, "the valid AlertmanagerConfig stays")
	assert.NotContains(t, config, "/broken/")
}

// checkKubectl checks the printer columns of kubectl get alertmanager and
// that kubectl scale reaches the StatefulSet through the scale subresource.
func (e *operatorEnv) checkKubectl(t *testing.T) {
	poll.Eventually(t, reconcileTimeout, "the printer columns", func(context.Context) error {
		out := e.kubectl(t, "get", "alertmanager", "main", "-n", e.namespace)
		fields := strings.Fields(strings.Split(strings.TrimSpace(out), "\n")[1])
		// NAME VERSION REPLICAS READY RECONCILED AVAILABLE AGE; no kubelet runs
		// the pod, so it is not ready and not available.
		if len(fields) < 7 || fields[0] != "main" || fields[1] != alertmanagerVersion || fields[2] != "1" || fields[4] != "True" || fields[5] != "False" {
			return fmt.Errorf("unexpected columns:\n%s", out)
		}
		return nil
	})
	e.kubectl(t, "scale", "alertmanager", "main", "-n", e.namespace, "--replicas=2")
	poll.Eventually(t, reconcileTimeout, "the StatefulSet scaled through the scale subresource", func(ctx context.Context) error {
		statefulSet, err := e.clientset.AppsV1().StatefulSets(e.namespace).Get(ctx, "alertmanager-main", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if replicas := *statefulSet.Spec.Replicas; replicas != 2 {
			return fmt.Errorf("%d replicas", replicas)
		}
		if !slices.Contains(statefulSet.Spec.Template.Spec.Containers[0].Args, "--cluster.peer=alertmanager-main-1.alertmanager-operated:9094") {
			return fmt.Errorf("the second peer is missing: %v", statefulSet.Spec.Template.Spec.Containers[0].Args)
		}
		return nil
	})
}

// alertmanagerVersion is the version of the Alertmanager hack/build-alertmanager.sh builds.
const alertmanagerVersion = "v0.33.1"

// alertmanagerBinary returns $ALERTMANAGER_BINARY, or the binary
// hack/build-alertmanager.sh caches in .cache/bin.
func alertmanagerBinary(t *testing.T) string {
	t.Helper()
	path := os.Getenv("ALERTMANAGER_BINARY")
	if path == "" {
		root, err := process.RepoRoot()
		require.NoError(t, err)
		path = filepath.Join(root, ".cache", "bin", "alertmanager")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no Alertmanager binary at %s: build it with `make alertmanager-binary` (hack/build-alertmanager.sh) or set ALERTMANAGER_BINARY", path)
	}
	return path
}

// readAlertmanagerConfig returns the configuration of alertmanager-main-generated.
func (e *operatorEnv) readAlertmanagerConfig(ctx context.Context) (string, error) {
	secret, err := e.clientset.CoreV1().Secrets(e.namespace).Get(ctx, "alertmanager-main-generated", metav1.GetOptions{})
	if err != nil {
		return "", err
	}
	compressed, ok := secret.Data["alertmanager.yaml.gz"]
	if !ok {
		return "", fmt.Errorf("no alertmanager.yaml.gz in %v", mapKeys(secret.Data))
	}
	return gunzip(compressed)
}

// waitForAlertmanagerConfig polls the generated configuration until check accepts it.
func (e *operatorEnv) waitForAlertmanagerConfig(t *testing.T, what string, check func(string) bool) {
	t.Helper()
	poll.Eventually(t, reconcileTimeout, what, func(ctx context.Context) error {
		config, err := e.readAlertmanagerConfig(ctx)
		if err != nil {
			return err
		}
		if !check(config) {
			return fmt.Errorf("not there yet:\n%s", config)
		}
		return nil
	})
}

// writeRuleFiles copies the rule files of the Prometheus's rule ConfigMaps
// into a folder, as their volumes would.
func (e *operatorEnv) writeRuleFiles(t *testing.T, prometheus string) string {
	t.Helper()
	dir := t.TempDir()
	poll.Eventually(t, reconcileTimeout, "the rule ConfigMap", func(ctx context.Context) error {
		list, err := e.clientset.CoreV1().ConfigMaps(e.namespace).List(ctx, metav1.ListOptions{LabelSelector: "prometheus-name=" + prometheus})
		if err != nil {
			return err
		}
		written := 0
		for _, configMap := range list.Items {
			for key, content := range configMap.Data {
				if err := os.WriteFile(filepath.Join(dir, key), []byte(content), 0o644); err != nil {
					return err
				}
				written++
			}
		}
		if written == 0 {
			return fmt.Errorf("no rule file yet")
		}
		return nil
	})
	return dir
}

// alertmanagerPod stands in for pod alertmanager-main-0: the generated
// Secret as a volume folder, the init reloader, Alertmanager with the
// StatefulSet's arguments and the reloader sidecar.
type alertmanagerPod struct {
	env     *operatorEnv
	volume  *promproc.SecretVolume
	address string
}

func (e *operatorEnv) runAlertmanagerPod(t *testing.T) *alertmanagerPod {
	t.Helper()
	pod := &alertmanagerPod{env: e, volume: promproc.NewSecretVolume(t), address: process.FreeAddress(t)}
	pod.syncVolume(t)
	// The reconcile that wrote the configuration writes the web-config
	// Secret and the StatefulSet after it: wait for both.
	var statefulSet *appsv1.StatefulSet
	var webConfig *corev1.Secret
	poll.Eventually(t, reconcileTimeout, "the Alertmanager StatefulSet and web-config Secret", func(ctx context.Context) error {
		var err error
		if statefulSet, err = e.clientset.AppsV1().StatefulSets(e.namespace).Get(ctx, "alertmanager-main", metav1.GetOptions{}); err != nil {
			return err
		}
		webConfig, err = e.clientset.CoreV1().Secrets(e.namespace).Get(ctx, "alertmanager-main-web-config", metav1.GetOptions{})
		return err
	})
	dir := t.TempDir()
	webConfigFile := filepath.Join(dir, "web-config.yaml")
	require.NoError(t, os.WriteFile(webConfigFile, webConfig.Data["web-config.yaml"], 0o644))

	env := []string{"POD_NAME=alertmanager-main-0"}
	reloader := promproc.ReloaderOptions{
		Name: "alertmanager-init-reloader", ConfigFile: pod.volume.Path("alertmanager.yaml.gz"),
		EnvsubstFile: filepath.Join(dir, "alertmanager.env.yaml"), Env: env,
	}
	promproc.RenderOnce(t, reloader)
	args := podArgs(t, statefulSet.Spec.Template.Spec.Containers[0], map[string]string{
		"config.file":        reloader.EnvsubstFile,
		"storage.path":       filepath.Join(dir, "data"),
		"web.listen-address": pod.address,
		"web.config.file":    webConfigFile,
	})
	started := process.Start(t, process.Spec{Name: "alertmanager", Binary: alertmanagerBinary(t), Args: args})
	require.NoError(t, started.WaitHealthy(t.Context(), "http://"+pod.address+"/-/ready", promproc.ReadyTimeout), "args: %v", args)

	reloader.Name = "alertmanager-config-reloader"
	reloader.ReloadURL = "http://" + pod.address + "/-/reload"
	reloader.WatchedDirs = []string{pod.volume.Dir}
	promproc.StartReloader(t, reloader)
	return pod
}

// podArgs returns a container's arguments as the kubelet would pass them,
// with the pod's variables expanded, and with the flags of paths replaced
// by folders of the test.
func podArgs(t *testing.T, container corev1.Container, paths map[string]string) []string {
	t.Helper()
	expand := strings.NewReplacer("$(POD_NAME)", "alertmanager-main-0", "$(POD_IP)", "127.0.0.1")
	args := make([]string, 0, len(container.Args))
	for _, arg := range container.Args {
		name, _, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
		if replacement, ok := paths[name]; ok {
			arg = "--" + name + "=" + replacement
			delete(paths, name)
		}
		args = append(args, expand.Replace(arg))
	}
	require.Empty(t, paths, "flags missing from the generated container: %v", container.Args)
	return args
}

// syncVolume copies the generated Secret into the volume folder, as the
// kubelet refreshes a mounted Secret.
func (p *alertmanagerPod) syncVolume(t *testing.T) {
	t.Helper()
	secret, err := p.env.clientset.CoreV1().Secrets(p.env.namespace).Get(t.Context(), "alertmanager-main-generated", metav1.GetOptions{})
	require.NoError(t, err)
	p.volume.Write(t, secret.Data)
}

// loadedConfig returns the configuration Alertmanager runs with.
func (p *alertmanagerPod) loadedConfig(t *testing.T) string {
	t.Helper()
	request, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+p.address+"/api/v2/status", nil)
	require.NoError(t, err)
	response, err := http.DefaultClient.Do(request)
	require.NoError(t, err)
	defer response.Body.Close()
	var status struct {
		Config struct {
			Original string `json:"original"`
		} `json:"config"`
	}
	require.NoError(t, json.NewDecoder(response.Body).Decode(&status))
	return status.Config.Original
}

// webhookReceiver records the alerts Alertmanager posts, by path.
type webhookReceiver struct {
	url    string
	mu     sync.Mutex
	alerts map[string][]receivedAlert
}

// receivedAlert is one alert of a webhook notification.
type receivedAlert struct {
	receiver string
	Labels   map[string]string `json:"labels"`
}

func startWebhookReceiver(t *testing.T) *webhookReceiver {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hook := &webhookReceiver{url: "http://" + listener.Addr().String(), alerts: map[string][]receivedAlert{}}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var notification struct {
			Receiver string          `json:"receiver"`
			Alerts   []receivedAlert `json:"alerts"`
		}
		if err := json.NewDecoder(r.Body).Decode(&notification); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		hook.mu.Lock()
		for _, alert := range notification.Alerts {
			alert.receiver = notification.Receiver
			hook.alerts[r.URL.Path] = append(hook.alerts[r.URL.Path], alert)
		}
		hook.mu.Unlock()
	})
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = server.Serve(listener) }()
	t.Cleanup(func() { _ = server.Close() })
	return hook
}

// received lists the alerts named alertname posted to any path.
func (h *webhookReceiver) received(alertname string) []receivedAlert {
	h.mu.Lock()
	defer h.mu.Unlock()
	var found []receivedAlert
	for _, alerts := range h.alerts {
		for _, alert := range alerts {
			if alert.Labels["alertname"] == alertname {
				found = append(found, alert)
			}
		}
	}
	return found
}

// waitFor waits for an alert named alertname on path and returns it.
func (h *webhookReceiver) waitFor(t *testing.T, path, alertname string) receivedAlert {
	t.Helper()
	var found receivedAlert
	poll.Eventually(t, scrapeTimeout, fmt.Sprintf("alert %s on %s", alertname, path), func(context.Context) error {
		h.mu.Lock()
		defer h.mu.Unlock()
		index := slices.IndexFunc(h.alerts[path], func(alert receivedAlert) bool { return alert.Labels["alertname"] == alertname })
		if index < 0 {
			return fmt.Errorf("received so far: %v", h.alerts)
		}
		found = h.alerts[path][index]
		return nil
	})
	return found
}
