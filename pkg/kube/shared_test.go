// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	metadatafake "k8s.io/client-go/metadata/fake"
	"k8s.io/client-go/tools/cache"
)

func newMetadataClient(objects ...runtime.Object) *metadatafake.FakeMetadataClient {
	scheme := metadatafake.NewTestScheme()
	_ = metav1.AddMetaToScheme(scheme)
	return metadatafake.NewSimpleMetadataClient(scheme, objects...)
}

func TestSharedInformersHandOutOneSetPerScopeAndSelectors(t *testing.T) {
	client := newMetadataClient()
	shared := NewSharedInformers()
	prometheus := InformerBuilder{Resync: time.Minute, Controller: "prometheus", Shared: shared}
	alertmanager := InformerBuilder{Resync: time.Minute, Controller: "alertmanager", Shared: shared}
	selectors := MetadataSelectors{Labels: "team=a"}

	secrets := NewMetadataInformers(prometheus, AllNamespaces, client, "secrets", selectors)
	assert.Same(t, secrets, NewMetadataInformers(alertmanager, AllNamespaces, client, "secrets", selectors),
		"same resource, scope and selectors: one cache")
	assert.NotSame(t, secrets, NewMetadataInformers(alertmanager, AllNamespaces, client, "configmaps", selectors))
	assert.NotSame(t, secrets, NewMetadataInformers(alertmanager, NewScope([]string{"a"}, nil), client, "secrets", selectors))
	assert.NotSame(t, secrets, NewMetadataInformers(alertmanager, AllNamespaces, client, "secrets", MetadataSelectors{}))
	other := alertmanager
	other.Resync = time.Hour
	assert.NotSame(t, secrets, NewMetadataInformers(other, AllNamespaces, client, "secrets", selectors))

	unshared := InformerBuilder{Resync: time.Minute}
	assert.NotSame(t, NewMetadataInformers(unshared, AllNamespaces, client, "secrets", selectors),
		NewMetadataInformers(unshared, AllNamespaces, client, "secrets", selectors), "without a pool nothing is shared")
}

func TestSharedSetServesEveryControllerThatStartsIt(t *testing.T) {
	secret := &metav1.PartialObjectMetadata{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "s"},
	}
	client := newMetadataClient(secret)
	shared := NewSharedInformers()
	set := NewMetadataInformers(InformerBuilder{Shared: shared}, AllNamespaces, client, "secrets", MetadataSelectors{})
	again := NewMetadataInformers(InformerBuilder{Shared: shared}, AllNamespaces, client, "secrets", MetadataSelectors{})
	adds := make(chan string, 10)
	for _, s := range []*InformerSet{set, again} {
		require.NoError(t, s.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: func(obj any) {
			adds <- obj.(*metav1.PartialObjectMetadata).Name
		}}))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	set.Start(ctx)
	again.Start(ctx) // the second controller starts its group too
	require.Eventually(t, again.HasSynced, 5*time.Second, 10*time.Millisecond)
	assert.Equal(t, "s", <-adds)
	assert.Equal(t, "s", <-adds, "each controller's handler sees the object")
	_, found, err := again.Get("a", "s")
	require.NoError(t, err)
	assert.True(t, found)
}
