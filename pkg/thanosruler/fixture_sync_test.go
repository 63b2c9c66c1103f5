// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// syncFixture is a controller over fake clientsets whose informer caches
// are filled from the fake API by refresh, in the style of
// sample-controller's tests.
type syncFixture struct {
	t                *testing.T
	config           *operator.Config
	kubeClient       *kubefake.Clientset
	monitoringClient *monitoringfake.Clientset
	informers        *Informers
	controller       *Controller
	recorder         *record.FakeRecorder
	api              *fixtures.FakeAPI
}

func newSyncFixture(t *testing.T) *syncFixture {
	t.Helper()
	config := testConfig()
	api := fixtures.NewFakeAPI()
	f := &syncFixture{
		t: t, config: config, api: api,
		kubeClient:       api.Kube,
		monitoringClient: api.Monitoring,
		recorder:         record.NewFakeRecorder(100),
	}
	f.informers = NewInformers(f.kubeClient, f.monitoringClient, fixtures.MetadataClient(t), InformerOptions{Config: config})
	var err error
	f.controller, err = New(Options{Informers: f.informers, Dependencies: api.Dependencies(config, f.recorder)})
	require.NoError(t, err)
	f.add(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "default", Labels: map[string]string{corev1.LabelMetadataName: "default"}}})
	return f
}

// add stores objects in the fake API and refreshes the caches.
func (f *syncFixture) add(objects ...runtime.Object) {
	f.t.Helper()
	f.api.Add(f.t, objects...)
	f.refresh()
}

// refresh copies the fake API's objects into the informer caches, as the
// informers' watches would.
func (f *syncFixture) refresh() {
	f.t.Helper()
	ctx := context.Background()
	rulers, err := f.monitoringClient.MonitoringV1().ThanosRulers("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.ThanosRulers, fixtures.Items(rulers.Items))
	rules, err := f.monitoringClient.MonitoringV1().PrometheusRules("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.PrometheusRules, fixtures.Items(rules.Items))
	statefulSets, err := f.kubeClient.AppsV1().StatefulSets("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.StatefulSets, fixtures.Items(statefulSets.Items))
	namespaces, err := f.kubeClient.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.Namespaces, fixtures.Items(namespaces.Items))
	secrets, err := f.kubeClient.CoreV1().Secrets("").List(ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	var secretMeta []runtime.Object
	for _, secret := range secrets.Items {
		secretMeta = append(secretMeta, &metav1.PartialObjectMetadata{ObjectMeta: secret.ObjectMeta})
	}
	fixtures.Refill(f.t, f.informers.Secrets, secretMeta)
}

// sync reconciles one ThanosRuler and refreshes the caches.
func (f *syncFixture) sync(namespace, name string) error {
	f.t.Helper()
	err := f.controller.sync(context.Background(), cache.NewObjectName(namespace, name))
	f.refresh()
	return err
}

// syncStatus refreshes the status of one ThanosRuler and the caches.
func (f *syncFixture) syncStatus(namespace, name string) {
	f.t.Helper()
	require.NoError(f.t, f.controller.syncStatus(context.Background(), cache.NewObjectName(namespace, name)))
	f.refresh()
}

func (f *syncFixture) thanosRuler(namespace, name string) *monitoringv1.ThanosRuler {
	f.t.Helper()
	tr, err := f.monitoringClient.MonitoringV1().ThanosRulers(namespace).Get(context.Background(), name, metav1.GetOptions{})
	require.NoError(f.t, err)
	return tr
}

func (f *syncFixture) statefulSet(namespace, name string) (*appsv1.StatefulSet, error) {
	return f.kubeClient.AppsV1().StatefulSets(namespace).Get(context.Background(), name, metav1.GetOptions{})
}

func (f *syncFixture) configMap(namespace, name string) (*corev1.ConfigMap, error) {
	return f.kubeClient.CoreV1().ConfigMaps(namespace).Get(context.Background(), name, metav1.GetOptions{})
}

func (f *syncFixture) secret(namespace, name string) (*corev1.Secret, error) {
	return f.kubeClient.CoreV1().Secrets(namespace).Get(context.Background(), name, metav1.GetOptions{})
}

// events drains the recorded Events.
func (f *syncFixture) events() []string { return fixtures.Events(f.recorder) }
