//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/seed-6daed11e/prometheus-operator/pkg/render"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/manifest"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/operator"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
)

// renderManifests is the manifest set of TestRender: the four workload
// kinds, two Prometheus shards, an invalid ServiceMonitor next to a valid
// one, and an Alertmanager whose broken AlertmanagerConfig reads a missing
// Secret next to a valid one reading an existing Secret.
var renderManifests = map[string]string{
	"prometheus.yaml": `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: sharded
spec:
  shards: 2
  serviceMonitorSelector:
    matchLabels:
      team: render
  ruleSelector:
    matchLabels:
      team: render
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: api
  labels:
    team: render
spec:
  selector:
    matchLabels:
      app: api
  endpoints:
  - port: web
    interval: 15s
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: bad-regex
  labels:
    team: render
spec:
  selector:
    matchLabels:
      app: api
  endpoints:
  - port: web
    relabelings:
    - sourceLabels: [__meta_kubernetes_pod_name]
      regex: "(unclosed"
      targetLabel: pod_name
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: rules
  labels:
    team: render
spec:
  groups:
  - name: render
    rules:
    - record: job:up:sum
      expr: sum by (job) (up)
`,
	"agent.yaml": `apiVersion: monitoring.coreos.com/v1alpha1
kind: PrometheusAgent
metadata:
  name: agent
spec:
  serviceMonitorSelector:
    matchLabels:
      team: render
  remoteWrite:
  - url: http://receiver.example:9090/api/v1/write
`,
	"alertmanager.yaml": `apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
spec:
  replicas: 1
  alertmanagerConfigSelector:
    matchLabels:
      team: render
---
apiVersion: v1
kind: Secret
metadata:
  name: pager-url
stringData:
  url: https://pager.example.com/hook
---
apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata:
  name: pager
  labels:
    team: render
spec:
  route:
    receiver: pager
  receivers:
  - name: pager
    webhookConfigs:
    - urlSecret:
        name: pager-url
        key: url
---
apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata:
  name: broken
  labels:
    team: render
spec:
  route:
    receiver: nowhere
  receivers:
  - name: nowhere
    webhookConfigs:
    - urlSecret:
        name: missing-webhook-url
        key: url
`,
	"thanosruler.yaml": `apiVersion: monitoring.coreos.com/v1
kind: ThanosRuler
metadata:
  name: ruler
spec:
  queryEndpoints:
  - http://prometheus-operated:9090
  ruleSelector:
    matchLabels:
      team: render
`,
	// Kinds the operator does not read are accepted and ignored.
	"unrelated.yaml": `apiVersion: v1
kind: ServiceAccount
metadata:
  name: render
`,
}

// TestRender applies a manifest set to the API server, lets the operator
// reconcile it, then checks that "operator render" over the same files,
// with the operator's flags, prints exactly the objects the operator
// wrote: its --diff-cluster (a server-side dry run of each rendered object
// next to the live one, both without server-set metadata) is empty, every
// object the operator owns in the namespace is in the render, and the
// render's rejection lines name the objects the operator sent Warning
// Events about.
func TestRender(t *testing.T) {
	e := newThanosRulerEnv(t)
	dir := writeRenderManifests(t, e.namespace)
	applyDir(t, e.applier, dir)
	version, err := e.clientset.Discovery().ServerVersion()
	require.NoError(t, err)
	renderArgs := []string{"render", "-f", dir, "--namespaces=" + e.namespace, "--kubernetes-version=" + version.GitVersion}

	// What the render prints, and its verdict.
	stdout, stderr, code := runOperatorCommand(t, append(renderArgs, "-o", "json")...)
	require.Equal(t, 1, code, "the invalid objects fail the render: %s", stderr)
	rejected := rejectedObjects(stderr)
	assert.Equal(t, []string{"AlertmanagerConfig/broken", "ServiceMonitor/bad-regex"}, rejected, stderr)
	rendered, err := render.Decode(strings.NewReader(stdout))
	require.NoError(t, err)
	renderedNames := map[string]bool{}
	for _, obj := range rendered {
		renderedNames[obj.GetKind()+"/"+obj.GetName()] = true
	}

	// Once the operator has caught up, the live objects are the render.
	var lastDiff string
	err = poll.Until(t.Context(), reconcileTimeout, func(ctx context.Context) error {
		diff, _, _ := runOperatorCommand(t, append(renderArgs, "--diff-cluster", "--kubeconfig="+e.cluster.KubeconfigPath)...)
		lastDiff = diff
		if diff != "" {
			return errors.New("the live objects differ from the render")
		}
		return nil
	})
	require.NoError(t, err, "diff from the live objects to the render:\n%s", lastDiff)

	// Nothing the operator owns is missing from the render.
	owned := e.renderOwnedObjects(t)
	require.NotEmpty(t, owned)
	for _, name := range owned {
		assert.True(t, renderedNames[name], "the operator wrote %s, the render does not print it", name)
	}
	for _, want := range []string{"StatefulSet/prometheus-sharded", "StatefulSet/prometheus-sharded-shard-1",
		"StatefulSet/prom-agent-agent", "StatefulSet/alertmanager-main", "StatefulSet/thanos-ruler-ruler"} {
		assert.True(t, renderedNames[want], "the render prints %s", want)
	}

	// The operator rejected the same objects.
	poll.Eventually(t, reconcileTimeout, "Warning Events on the rejected objects", func(ctx context.Context) error {
		for _, name := range rejected {
			kind, objectName, _ := strings.Cut(name, "/")
			events, err := e.warningEvents(ctx, kind, objectName)
			if err != nil {
				return err
			}
			if len(events) == 0 {
				return fmt.Errorf("no Warning Event on %s", name)
			}
		}
		return nil
	})
}

// writeRenderManifests writes renderManifests into a directory, every
// object in namespace.
func writeRenderManifests(t *testing.T, namespace string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range renderManifests {
		objects, err := manifest.Decode([]byte(content))
		require.NoError(t, err)
		var out bytes.Buffer
		for _, object := range objects {
			object.SetNamespace(namespace)
			fmt.Fprint(&out, "---\n")
			text, err := render.YAML(object)
			require.NoError(t, err)
			out.WriteString(text)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), out.Bytes(), 0o644))
	}
	return dir
}

// applyDir applies the files of dir, Secrets first so that no reconcile
// sees a reference to a Secret that is about to arrive.
func applyDir(t *testing.T, applier *manifest.Applier, dir string) {
	t.Helper()
	objects, err := render.ReadManifests([]string{dir}, nil)
	require.NoError(t, err)
	slices.SortStableFunc(objects, func(a, b *unstructured.Unstructured) int {
		return boolRank(a.GetKind() != "Secret") - boolRank(b.GetKind() != "Secret")
	})
	for _, object := range objects {
		_, err := applier.Apply(t.Context(), object)
		require.NoError(t, err, "applying %s %s", object.GetKind(), object.GetName())
	}
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// runOperatorCommand runs the operator binary with args and returns its
// stdout, stderr and exit status.
func runOperatorCommand(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), operator.Binary(t), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("running operator %s: %v", strings.Join(args, " "), err)
	}
	return stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()
}

// rejectedObjects returns "Kind/name" of each rejection line of stderr.
func rejectedObjects(stderr string) []string {
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		kind, rest, found := strings.Cut(line, " ")
		reference, _, hasReason := strings.Cut(rest, ": ")
		_, name, hasSlash := strings.Cut(reference, "/")
		if found && hasReason && hasSlash {
			names = append(names, kind+"/"+name)
		}
	}
	slices.Sort(names)
	return names
}

// renderOwnedObjects returns "Kind/name" of the objects of the namespace that a
// monitoring.coreos.com object owns: what the operator wrote.
func (e *operatorEnv) renderOwnedObjects(t *testing.T) []string {
	t.Helper()
	client := e.applier.Client()
	var owned []string
	for _, resource := range []schema.GroupVersionResource{
		corev1.SchemeGroupVersion.WithResource("secrets"), corev1.SchemeGroupVersion.WithResource("configmaps"),
		corev1.SchemeGroupVersion.WithResource("services"), {Group: "apps", Version: "v1", Resource: "statefulsets"},
		{Group: "apps", Version: "v1", Resource: "daemonsets"},
	} {
		list, err := client.Resource(resource).Namespace(e.namespace).List(t.Context(), metav1.ListOptions{})
		require.NoError(t, err)
		for _, item := range list.Items {
			for _, owner := range item.GetOwnerReferences() {
				if strings.HasPrefix(owner.APIVersion, "monitoring.coreos.com/") {
					owned = append(owned, item.GetKind()+"/"+item.GetName())
					break
				}
			}
		}
	}
	return owned
}
