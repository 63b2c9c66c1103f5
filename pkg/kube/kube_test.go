// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	coreinformers "k8s.io/client-go/informers/core/v1"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
)

func TestScope(t *testing.T) {
	allow := NewScope([]string{"b", "a"}, nil)
	require.True(t, allow.Contains("a"))
	require.False(t, allow.Contains("c"))
	require.Equal(t, []string{"a", "b"}, allow.informerNamespaces())

	deny := NewScope(nil, []string{"kube-system", "secret"})
	require.False(t, deny.Contains("kube-system"))
	require.True(t, deny.Contains("default"))
	require.Equal(t, []string{""}, deny.informerNamespaces())
	options := metav1.ListOptions{LabelSelector: "x=y"}
	deny.TweakListOptions(nil)(&options)
	require.Equal(t, "metadata.namespace!=kube-system,metadata.namespace!=secret", options.FieldSelector)

	options = metav1.ListOptions{FieldSelector: "type=Opaque"}
	deny.TweakListOptions(nil)(&options)
	require.Equal(t, "type=Opaque,metadata.namespace!=kube-system,metadata.namespace!=secret", options.FieldSelector)
}

func TestInformerSetReadsLikeOneCache(t *testing.T) {
	client := fake.NewClientset()
	set := NewInformerSet(NewScope([]string{"a", "b"}, nil), nil, func(namespace string, tweak func(*metav1.ListOptions)) cache.SharedIndexInformer {
		return coreinformers.NewFilteredConfigMapInformer(client, namespace, 0, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc}, tweak)
	})
	configMap := func(namespace, name string, labelSet map[string]string) *corev1.ConfigMap {
		return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name, Labels: labelSet}}
	}
	require.NoError(t, set.Add(configMap("a", "one", map[string]string{"k": "v"})))
	require.NoError(t, set.Add(configMap("b", "two", nil)))
	require.Error(t, set.Add(configMap("c", "outside", nil)), "namespace c is not watched")

	require.Len(t, set.List("", labels.Everything()), 2)
	require.Len(t, set.List("a", labels.SelectorFromSet(labels.Set{"k": "v"})), 1)
	require.Empty(t, set.List("b", labels.SelectorFromSet(labels.Set{"k": "v"})))
	require.Empty(t, set.List("c", labels.Everything()))

	got, found, err := GetAs[*corev1.ConfigMap](set, "b", "two")
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, "two", got.Name)
	_, found, err = GetAs[*corev1.ConfigMap](set, "a", "two")
	require.NoError(t, err)
	require.False(t, found)
}

func TestCreateOrUpdateWritesOnlyChanges(t *testing.T) {
	ctx := context.Background()
	client := fake.NewClientset()
	secrets := client.CoreV1().Secrets("default")
	desired := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "s", Labels: map[string]string{"managed": "yes"}},
		Data:       map[string][]byte{"k": []byte("v")},
	}
	outcome, err := CreateOrUpdate(ctx, secrets, desired, MergeSecret)
	require.NoError(t, err)
	require.Equal(t, Created, outcome)

	// Someone adds a label: it is kept, and nothing needs writing.
	stored, err := secrets.Get(ctx, "s", metav1.GetOptions{})
	require.NoError(t, err)
	stored.Labels["theirs"] = "1"
	_, err = secrets.Update(ctx, stored, metav1.UpdateOptions{})
	require.NoError(t, err)
	outcome, err = CreateOrUpdate(ctx, secrets, desired, MergeSecret)
	require.NoError(t, err)
	require.Equal(t, Unchanged, outcome)

	changed := desired.DeepCopy()
	changed.Data["k"] = []byte("w")
	outcome, err = CreateOrUpdate(ctx, secrets, changed, MergeSecret)
	require.NoError(t, err)
	require.Equal(t, Updated, outcome)
	stored, err = secrets.Get(ctx, "s", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, "w", string(stored.Data["k"]))
	require.Equal(t, "1", stored.Labels["theirs"])
}

func TestMergeServiceKeepsWhatTheAPIServerAllocated(t *testing.T) {
	existing := &corev1.Service{Spec: corev1.ServiceSpec{
		ClusterIP: "None", ClusterIPs: []string{"None"}, Type: corev1.ServiceTypeClusterIP,
		SessionAffinity: corev1.ServiceAffinityNone, IPFamilies: []corev1.IPFamily{corev1.IPv4Protocol},
		Ports: []corev1.ServicePort{{Name: "web", Port: 9090, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromString("web")}},
	}}
	desired := &corev1.Service{Spec: corev1.ServiceSpec{
		ClusterIP: "None",
		Ports:     []corev1.ServicePort{{Name: "web", Port: 9090, TargetPort: intstr.FromString("web")}},
	}}
	_, changed := MergeService(existing, desired)
	require.False(t, changed, "server defaults are not a change")

	desired.Spec.Ports = append(desired.Spec.Ports, corev1.ServicePort{Name: "grpc", Port: 10901})
	merged, changed := MergeService(existing, desired)
	require.True(t, changed)
	require.Equal(t, intstr.FromInt32(10901), merged.Spec.Ports[1].TargetPort)
	require.Equal(t, []string{"None"}, merged.Spec.ClusterIPs)
}

func TestCapabilities(t *testing.T) {
	old, err := CapabilitiesOf("v1.20.4")
	require.NoError(t, err)
	require.Equal(t, Capabilities{}, old)
	current, err := CapabilitiesOf("v1.35.0+k3s1")
	require.NoError(t, err)
	require.Equal(t, Capabilities{EndpointSlice: true, PodTopologyLabels: true}, current)
	_, err = CapabilitiesOf("nonsense")
	require.Error(t, err)
}

func TestCreateOrUpdateMergesIntoAnObjectCreatedMeanwhile(t *testing.T) {
	ctx := context.Background()
	theirs := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "s", Labels: map[string]string{"theirs": "1"}}}
	client := fake.NewClientset()
	// The first read misses an object another writer creates right after.
	raced := false
	client.PrependReactor("get", "secrets", func(k8stesting.Action) (bool, runtime.Object, error) {
		if raced {
			return false, nil, nil
		}
		raced = true
		require.NoError(t, client.Tracker().Add(theirs))
		return true, nil, apierrors.NewNotFound(corev1.Resource("secrets"), "s")
	})
	desired := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "s", Labels: map[string]string{"mine": "1"}},
		Data:       map[string][]byte{"k": []byte("v")},
	}
	outcome, err := CreateOrUpdate(ctx, client.CoreV1().Secrets("default"), desired, MergeSecret)
	require.NoError(t, err)
	require.Equal(t, Updated, outcome)
	stored, err := client.CoreV1().Secrets("default").Get(ctx, "s", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"mine": "1", "theirs": "1"}, stored.Labels)
	require.Equal(t, "v", string(stored.Data["k"]))
}
