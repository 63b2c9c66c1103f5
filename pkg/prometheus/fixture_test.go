// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kubefake "k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	clocktesting "k8s.io/utils/clock/testing"
	"sigs.k8s.io/yaml"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// fixture is a controller over fake clientsets whose informer caches are
// filled by hand, in the style of sample-controller's tests.
type fixture struct {
	t                testing.TB
	ctx              context.Context
	config           *operator.Config
	kubeClient       *kubefake.Clientset
	monitoringClient *monitoringfake.Clientset
	informers        *Informers
	operator         *Operator
	recorder         *record.FakeRecorder
	clock            *clocktesting.FakeClock
	api              *fixtures.FakeAPI
}

type fixtureOption func(*operator.Config)

func newFixture(t testing.TB, options ...fixtureOption) *fixture {
	t.Helper()
	return newFixtureWith(t, InformerOptions{}, options...)
}

// newFixtureWith builds a fixture whose informers follow informerOptions
// (every kind is served whatever it says).
func newFixtureWith(t testing.TB, informerOptions InformerOptions, options ...fixtureOption) *fixture {
	t.Helper()
	config := operator.NewConfig()
	for _, option := range options {
		option(config)
	}
	api := fixtures.NewFakeAPI()
	f := &fixture{
		t: t, ctx: context.Background(), config: config, api: api,
		kubeClient:       api.Kube,
		monitoringClient: api.Monitoring,
		recorder:         record.NewFakeRecorder(1000),
		clock:            fixtures.Clock(),
	}
	stampResourceVersions(f.kubeClient)
	informerOptions.Config = config
	informerOptions.ServePrometheuses, informerOptions.ServeAgents, informerOptions.ServeScrapeConfigs = true, true, true
	informerOptions.AgentDaemonSets = true
	f.informers = NewInformers(f.kubeClient, f.monitoringClient, fixtures.MetadataClient(t), informerOptions)
	var err error
	f.operator, err = New(Options{
		KubeClient: f.kubeClient, MonitoringClient: f.monitoringClient, Informers: f.informers, Config: config,
		Capabilities: kube.Capabilities{EndpointSlice: true}, Recorder: f.recorder, Clock: f.clock,
		Logger: discardLogger(),
	})
	require.NoError(t, err)
	f.add(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "default", Labels: map[string]string{"kubernetes.io/metadata.name": "default"}}})
	return f
}

// add stores objects in the fake API and refreshes the caches.
func (f *fixture) add(objects ...runtime.Object) {
	f.t.Helper()
	f.api.Add(f.t, objects...)
	f.refresh()
}

// refresh copies the fake API's objects into the informer caches, as the
// informers' watches would.
func (f *fixture) refresh() {
	f.t.Helper()
	ctx := f.ctx
	monitoring := f.monitoringClient.MonitoringV1()
	prometheuses, err := monitoring.Prometheuses("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.Prometheuses, fixtures.Items(prometheuses.Items))
	agents, err := f.monitoringClient.MonitoringV1alpha1().PrometheusAgents("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.PrometheusAgents, fixtures.Items(agents.Items))
	serviceMonitors, err := monitoring.ServiceMonitors("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.ServiceMonitors, fixtures.Items(serviceMonitors.Items))
	podMonitors, err := monitoring.PodMonitors("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.PodMonitors, fixtures.Items(podMonitors.Items))
	rules, err := monitoring.PrometheusRules("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.PrometheusRules, fixtures.Items(rules.Items))
	statefulSets, err := f.kubeClient.AppsV1().StatefulSets("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.StatefulSets, fixtures.Items(statefulSets.Items))
	daemonSets, err := f.kubeClient.AppsV1().DaemonSets("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.DaemonSets, fixtures.Items(daemonSets.Items))
	namespaces, err := f.kubeClient.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.Namespaces, fixtures.Items(namespaces.Items))
	secrets, err := f.kubeClient.CoreV1().Secrets("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.Secrets, metadataOf(fixtures.Items(secrets.Items)))
	configMaps, err := f.kubeClient.CoreV1().ConfigMaps("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.ConfigMaps, metadataOf(fixtures.Items(configMaps.Items)))
}

// metadataOf turns objects into what the metadata-only informers cache.
func metadataOf(objects []runtime.Object) []runtime.Object {
	out := make([]runtime.Object, 0, len(objects))
	for _, obj := range objects {
		accessor := obj.(metav1.Object)
		out = append(out, &metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{
			Namespace: accessor.GetNamespace(), Name: accessor.GetName(), UID: accessor.GetUID(),
			ResourceVersion: accessor.GetResourceVersion(), Labels: accessor.GetLabels(),
		}})
	}
	return out
}

// stampResourceVersions makes the fake API give every created or updated
// object a new resourceVersion, as the API server does.
func stampResourceVersions(client *kubefake.Clientset) {
	version := 1000
	stamp := func(action k8stesting.Action) (bool, runtime.Object, error) {
		// Create and update actions both carry the object.
		var obj runtime.Object
		if carrier, ok := action.(interface{ GetObject() runtime.Object }); ok {
			obj = carrier.GetObject()
		}
		if accessor, ok := obj.(metav1.Object); ok {
			version++
			accessor.SetResourceVersion(strconv.Itoa(version))
		}
		return false, nil, nil
	}
	client.PrependReactor("create", "*", stamp)
	client.PrependReactor("update", "*", stamp)
}

// reads lists the get and list actions since the last clearActions, as
// "verb resource name".
func (f *fixture) reads() []string {
	var out []string
	for _, action := range slices.Concat(f.kubeClient.Actions(), f.monitoringClient.Actions()) {
		switch typed := action.(type) {
		case k8stesting.GetAction:
			out = append(out, "get "+typed.GetResource().Resource+" "+typed.GetName())
		case k8stesting.ListAction:
			out = append(out, "list "+typed.GetResource().Resource)
		}
	}
	return out
}

// controllerFor returns the controller of the kind's name.
func (f *fixture) controllerFor(name string) *workloadController {
	for _, c := range f.operator.controllers {
		if c.kind.controllerName() == name {
			return c
		}
	}
	f.t.Fatalf("no controller %q", name)
	return nil
}

// sync runs one reconcile and one status sync of namespace/name, then
// refreshes the caches with what they wrote.
func (f *fixture) sync(controllerName, namespace, name string) {
	f.t.Helper()
	require.NoError(f.t, f.trySync(controllerName, namespace, name))
}

func (f *fixture) trySync(controllerName, namespace, name string) error {
	c := f.controllerFor(controllerName)
	key := cache.NewObjectName(namespace, name)
	err := c.sync(f.ctx, key)
	f.refresh()
	if statusErr := c.syncStatus(f.ctx, key); statusErr != nil && err == nil {
		err = statusErr
	}
	f.refresh()
	return err
}

// clearActions forgets the actions recorded so far.
func (f *fixture) clearActions() {
	f.kubeClient.ClearActions()
	f.monitoringClient.ClearActions()
}

// writes lists the writing actions since the last clearActions, as
// "verb resource[/subresource] name".
func (f *fixture) writes() []string {
	var out []string
	for _, action := range slices.Concat(f.kubeClient.Actions(), f.monitoringClient.Actions()) {
		verb := action.GetVerb()
		if verb == "get" || verb == "list" || verb == "watch" {
			continue
		}
		resource := action.GetResource().Resource
		if sub := action.GetSubresource(); sub != "" {
			resource += "/" + sub
		}
		out = append(out, verb+" "+resource+" "+actionName(action))
	}
	return out
}

func actionName(action k8stesting.Action) string {
	switch typed := action.(type) {
	// Creates and updates carry the object.
	case interface{ GetObject() runtime.Object }:
		return typed.GetObject().(metav1.Object).GetName()
	case k8stesting.DeleteAction:
		return typed.GetName()
	}
	return ""
}

// events drains the recorded Events.
func (f *fixture) events() []string { return fixtures.Events(f.recorder) }

// loadYAML decodes a manifest of the walkthrough into obj.
func loadYAML(t testing.TB, file string, obj runtime.Object) {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, yaml.UnmarshalStrict(data, obj))
}

// secretData reads a Secret from the fake API.
func (f *fixture) secret(namespace, name string) *corev1.Secret {
	f.t.Helper()
	secret, err := f.kubeClient.CoreV1().Secrets(namespace).Get(f.ctx, name, metav1.GetOptions{})
	require.NoError(f.t, err)
	return secret
}

// generatedConfig reads and unzips the configuration Secret.
func (f *fixture) generatedConfig(namespace, name string) string {
	f.t.Helper()
	secret := f.secret(namespace, name)
	config, err := readConfig(secret.Data["prometheus.yaml.gz"])
	require.NoError(f.t, err)
	return string(config)
}

func (f *fixture) statefulSetNames(namespace string) []string {
	f.t.Helper()
	list, err := f.kubeClient.AppsV1().StatefulSets(namespace).List(f.ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	var names []string
	for _, item := range list.Items {
		names = append(names, item.Name)
	}
	slices.Sort(names)
	return names
}

// The fixtures of this package select, and are selected by, the team
// "frontend". Each fixture gets its own selector and labels, which a test
// may change.
var (
	// selectsFrontend makes a Prometheus select the frontend's ServiceMonitors.
	selectsFrontend = fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.ServiceMonitorSelector = frontendSelector() })
	// frontendTeam labels a monitor as the frontend's.
	frontendTeam = fixtures.With(func(m *monitoringv1.ServiceMonitor) { m.Labels = map[string]string{"team": "frontend"} })
)

func frontendSelector() *metav1.LabelSelector {
	return fixtures.MatchLabels(map[string]string{"team": "frontend"})
}

// frontendAgent sets an agent's mode and makes it select the frontend's
// PodMonitors and, outside DaemonSet mode, ServiceMonitors.
func frontendAgent(mode monitoringv1alpha1.PrometheusAgentMode) fixtures.Option {
	return fixtures.With(func(agent *monitoringv1alpha1.PrometheusAgent) {
		agent.Spec.Mode = &mode
		agent.Spec.PodMonitorSelector = frontendSelector()
		if mode != monitoringv1alpha1.DaemonSetPrometheusAgentMode {
			agent.Spec.ServiceMonitorSelector = frontendSelector()
		}
	})
}

// containsAll reports the missing substrings of text.
func missingFrom(text string, wanted ...string) []string {
	var missing []string
	for _, w := range wanted {
		if !strings.Contains(text, w) {
			missing = append(missing, w)
		}
	}
	return missing
}

func keyOf(name string) cache.ObjectName { return cache.NewObjectName("default", name) }

func secretKey(name, key string) *corev1.SecretKeySelector {
	return &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key}
}

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
