// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package assets

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

func secret(name, resourceVersion string, data map[string]string) *corev1.Secret {
	s := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: name, ResourceVersion: resourceVersion}, Data: map[string][]byte{}}
	for k, v := range data {
		s.Data[k] = []byte(v)
	}
	return s
}

func getActions(client *fake.Clientset) int {
	count := 0
	for _, action := range client.Actions() {
		if action.GetVerb() == "get" {
			count++
		}
	}
	return count
}

func TestSecondReadIsServedFromTheCache(t *testing.T) {
	client := fake.NewClientset(secret("auth", "1", map[string]string{"token": "s3cret"}))
	store := NewStore(client)
	view := store.ForReader(context.Background(), mainPrometheus)

	for range 3 {
		value, err := view.SecretKey("default", corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "auth"}, Key: "token"})
		require.NoError(t, err)
		require.Equal(t, "s3cret", value)
	}
	require.Equal(t, 1, getActions(client))
}

func TestMissingKeyAndObjectAreErrorsUnlessOptional(t *testing.T) {
	client := fake.NewClientset(secret("auth", "1", map[string]string{"token": "x"}))
	view := NewStore(client).ForReader(context.Background(), Reader{Name: "r"})
	ref := func(name, key string, optional bool) corev1.SecretKeySelector {
		return corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key, Optional: &optional}
	}
	_, err := view.SecretKey("default", ref("auth", "missing", false))
	require.ErrorContains(t, err, `key "missing" not found`)
	_, err = view.SecretKey("default", ref("absent", "token", false))
	require.ErrorContains(t, err, "Secret default/absent not found")
	value, err := view.SecretKey("default", ref("absent", "token", true))
	require.NoError(t, err)
	require.Empty(t, value)
}

func TestChangedObjectIsFetchedAgainAndItsReadersAreTold(t *testing.T) {
	client := fake.NewClientset(secret("auth", "1", map[string]string{"token": "old"}))
	store := NewStore(client)
	var told []string
	store.OnChange(func(reader Reader, ref Reference) { told = append(told, reader.String()+" "+ref.String()) })
	selector := corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "auth"}, Key: "token"}

	view := store.ForReader(context.Background(), mainPrometheus)
	_, err := view.SecretKey("default", selector)
	require.NoError(t, err)

	// The same version again (a resync) changes nothing.
	require.False(t, store.Observe(Reference{SecretKind, "default", "auth"}, "1", false))
	// An unreferenced Secret is ignored.
	require.False(t, store.Observe(Reference{SecretKind, "default", "unrelated"}, "7", false))
	require.Empty(t, told)

	_, err = client.CoreV1().Secrets("default").Update(context.Background(), secret("auth", "2", map[string]string{"token": "new"}), metav1.UpdateOptions{})
	require.NoError(t, err)
	require.True(t, store.Observe(Reference{SecretKind, "default", "auth"}, "2", false))
	require.Equal(t, []string{"prometheus default/main Secret default/auth"}, told)

	value, err := view.SecretKey("default", selector)
	require.NoError(t, err)
	require.Equal(t, "new", value)
}

func TestCreationOfAMissingReferenceIsAChange(t *testing.T) {
	client := fake.NewClientset()
	store := NewStore(client)
	var told int
	store.OnChange(func(Reader, Reference) { told++ })
	view := store.ForReader(context.Background(), Reader{Name: "r"})
	_, err := view.ConfigMapKey("default", corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "ca"}, Key: "ca.crt"})
	require.Error(t, err)

	handler := store.EventHandler(ConfigMapKind)
	handler.OnAdd(&metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "ca", ResourceVersion: "5"}}, false)
	require.Equal(t, 1, told)
}

func TestReleaseDropsWhatNoSyncReadsAnyMore(t *testing.T) {
	client := fake.NewClientset(secret("a", "1", map[string]string{"k": "v"}), secret("b", "1", map[string]string{"k": "v"}))
	store := NewStore(client)
	read := func(reader string, names ...string) {
		view := store.ForReader(context.Background(), Reader{Name: reader})
		for _, name := range names {
			_, err := view.SecretKey("default", corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: "k"})
			require.NoError(t, err)
		}
		view.Release()
	}
	read("one", "a", "b")
	read("two", "b")
	require.Equal(t, 2, store.Len())
	read("one", "a") // "b" is still read by "two".
	require.Equal(t, 2, store.Len())
	read("two")
	require.Equal(t, 1, store.Len())
	store.ReleaseAll(Reader{Name: "one"})
	require.Equal(t, 0, store.Len())
}

func TestVersionLookupRefreshesAStaleEntry(t *testing.T) {
	client := fake.NewClientset(secret("auth", "1", map[string]string{"token": "old"}))
	store := NewStore(client)
	informerVersion := "1"
	store.SetVersionLookup(func(Reference) (string, bool) { return informerVersion, true })
	view := store.ForReader(context.Background(), Reader{Name: "r"})
	selector := corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "auth"}, Key: "token"}
	_, err := view.SecretKey("default", selector)
	require.NoError(t, err)

	_, err = client.CoreV1().Secrets("default").Update(context.Background(), secret("auth", "2", map[string]string{"token": "new"}), metav1.UpdateOptions{})
	require.NoError(t, err)
	informerVersion = "2" // The event has not been handled yet, the cache has the new version.
	value, err := view.SecretKey("default", selector)
	require.NoError(t, err)
	require.Equal(t, "new", value)
}

// mainPrometheus is the reader most tests sync as.
var mainPrometheus = Reader{Controller: "prometheus", Namespace: "default", Name: "main"}
