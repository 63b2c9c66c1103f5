// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
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
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// fixture is the controller over fake clientsets; the informer caches are
// refreshed from the fake API after every step, as watches would.
type fixture struct {
	t          *testing.T
	ctx        context.Context
	config     *operator.Config
	kube       *kubefake.Clientset
	monitoring *monitoringfake.Clientset
	informers  *Informers
	controller *Controller
	recorder   *record.FakeRecorder
	api        *fixtures.FakeAPI
}

func newFixture(t *testing.T, objects ...runtime.Object) *fixture {
	t.Helper()
	config := operator.NewConfig()
	api := fixtures.NewFakeAPI()
	f := &fixture{
		t: t, ctx: context.Background(), config: config, api: api,
		kube: api.Kube, monitoring: api.Monitoring,
		recorder: record.NewFakeRecorder(100),
	}
	f.informers = NewInformers(f.kube, f.monitoring, fixtures.MetadataClient(t), InformerOptions{Config: config})
	var err error
	f.controller, err = New(Options{Informers: f.informers, Dependencies: api.Dependencies(config, f.recorder)})
	require.NoError(t, err)
	f.add(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "monitoring", Labels: map[string]string{"kubernetes.io/metadata.name": "monitoring"}}})
	f.add(objects...)
	return f
}

// add stores objects in the fake API and refreshes the caches.
func (f *fixture) add(objects ...runtime.Object) {
	f.t.Helper()
	f.api.Add(f.t, objects...)
	f.refresh()
}

// update replaces an object in the fake API, bumping its generation.
func (f *fixture) update(obj runtime.Object) {
	f.t.Helper()
	accessor := obj.(metav1.Object)
	accessor.SetGeneration(accessor.GetGeneration() + 1)
	var err error
	switch typed := obj.(type) {
	case *monitoringv1.Alertmanager:
		_, err = f.monitoring.MonitoringV1().Alertmanagers(typed.Namespace).Update(f.ctx, typed, metav1.UpdateOptions{})
	case *monitoringv1alpha1.AlertmanagerConfig:
		_, err = f.monitoring.MonitoringV1alpha1().AlertmanagerConfigs(typed.Namespace).Update(f.ctx, typed, metav1.UpdateOptions{})
	case *corev1.Secret:
		_, err = f.kube.CoreV1().Secrets(typed.Namespace).Update(f.ctx, typed, metav1.UpdateOptions{})
	case *corev1.Namespace:
		_, err = f.kube.CoreV1().Namespaces().Update(f.ctx, typed, metav1.UpdateOptions{})
	default:
		err = fmt.Errorf("update of %T not supported", obj)
	}
	require.NoError(f.t, err)
	f.refresh()
}

// refresh copies the fake API's objects into the informer caches.
func (f *fixture) refresh() {
	f.t.Helper()
	alertmanagers, err := f.monitoring.MonitoringV1().Alertmanagers("").List(f.ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.Alertmanagers, fixtures.Items(alertmanagers.Items))
	configs, err := f.monitoring.MonitoringV1alpha1().AlertmanagerConfigs("").List(f.ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.AlertmanagerConfigs, fixtures.Items(configs.Items))
	statefulSets, err := f.kube.AppsV1().StatefulSets("").List(f.ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.StatefulSets, fixtures.Items(statefulSets.Items))
	namespaces, err := f.kube.CoreV1().Namespaces().List(f.ctx, metav1.ListOptions{})
	require.NoError(f.t, err)
	fixtures.Refill(f.t, f.informers.Namespaces, fixtures.Items(namespaces.Items))
}

// sync runs a reconcile and a status sync of monitoring/<name>.
func (f *fixture) sync(name string) error {
	key := cache.NewObjectName("monitoring", name)
	err := f.controller.sync(f.ctx, key)
	f.refresh()
	if statusErr := f.controller.syncStatus(f.ctx, key); statusErr != nil && err == nil {
		err = statusErr
	}
	f.refresh()
	return err
}

// generatedConfig returns the gunzipped configuration of the generated Secret.
func (f *fixture) generatedConfig(name string) string {
	f.t.Helper()
	secret, err := f.kube.CoreV1().Secrets("monitoring").Get(f.ctx, "alertmanager-"+name+"-generated", metav1.GetOptions{})
	require.NoError(f.t, err)
	reader, err := gzip.NewReader(bytes.NewReader(secret.Data[GeneratedConfigKey]))
	require.NoError(f.t, err)
	plain, err := io.ReadAll(reader)
	require.NoError(f.t, err)
	return string(plain)
}

// events drains the recorded Events.
func (f *fixture) events() []string { return fixtures.Events(f.recorder) }

// alertmanager fetches the Alertmanager from the fake API.
func (f *fixture) alertmanager(name string) *monitoringv1.Alertmanager {
	f.t.Helper()
	am, err := f.monitoring.MonitoringV1().Alertmanagers("monitoring").Get(f.ctx, name, metav1.GetOptions{})
	require.NoError(f.t, err)
	return am
}

// alertmanagerConfig fetches an AlertmanagerConfig from the fake API.
func (f *fixture) alertmanagerConfig(namespace, name string) *monitoringv1alpha1.AlertmanagerConfig {
	f.t.Helper()
	config, err := f.monitoring.MonitoringV1alpha1().AlertmanagerConfigs(namespace).Get(f.ctx, name, metav1.GetOptions{})
	require.NoError(f.t, err)
	return config
}

// statefulSet fetches the generated StatefulSet.
func (f *fixture) statefulSet(name string) *appsv1.StatefulSet {
	f.t.Helper()
	statefulSet, err := f.kube.AppsV1().StatefulSets("monitoring").Get(f.ctx, "alertmanager-"+name, metav1.GetOptions{})
	require.NoError(f.t, err)
	return statefulSet
}

// appsvStatus is the status of a StatefulSet whose replicas are all ready.
func appsvStatus(replicas int32) appsv1.StatefulSetStatus {
	return appsv1.StatefulSetStatus{
		Replicas: replicas, ReadyReplicas: replicas, AvailableReplicas: replicas, UpdatedReplicas: replicas, CurrentReplicas: replicas,
	}
}
