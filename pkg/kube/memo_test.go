// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// versionedClient is a fake clientset that stamps a resourceVersion on
// every created or updated object, as the API server does, with a
// "cache" that the test fills by hand.
type versionedClient struct {
	*fake.Clientset
	cache map[string]string
}

func newVersionedClient() *versionedClient {
	client := &versionedClient{Clientset: fake.NewClientset(), cache: map[string]string{}}
	version := 100
	stamp := func(action k8stesting.Action) (bool, runtime.Object, error) {
		// Create and update actions both carry the object.
		var obj runtime.Object
		if carrier, ok := action.(interface{ GetObject() runtime.Object }); ok {
			obj = carrier.GetObject()
		}
		version++
		obj.(metav1.Object).SetResourceVersion(strconv.Itoa(version))
		return false, nil, nil
	}
	client.PrependReactor("create", "*", stamp)
	client.PrependReactor("update", "*", stamp)
	return client
}

// observe copies the stored object's resourceVersion into the cache, as an
// informer's watch would.
func (c *versionedClient) observe(t *testing.T, name string) {
	t.Helper()
	secret, err := c.CoreV1().Secrets("ns").Get(context.Background(), name, metav1.GetOptions{})
	require.NoError(t, err)
	c.cache[name] = secret.ResourceVersion
	c.ClearActions()
}

func (c *versionedClient) lookup(_, name string) (string, bool) {
	version, found := c.cache[name]
	return version, found
}

func (c *versionedClient) verbs() []string {
	var verbs []string
	for _, action := range c.Actions() {
		verbs = append(verbs, action.GetVerb())
	}
	c.ClearActions()
	return verbs
}

func secretWith(value string) *corev1.Secret {
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "s", Labels: map[string]string{"a": "b"}},
		Data:       map[string][]byte{"key": []byte(value)},
	}
}

func TestConvergedObjectCostsNoRequest(t *testing.T) {
	ctx := context.Background()
	client := newVersionedClient()
	memo := NewWriteMemo(client.lookup)
	remembered := Remembered{Memo: memo, Owner: "prometheus/ns/main"}
	secrets := client.CoreV1().Secrets("ns")

	_, err := CreateOrUpdateRemembered(ctx, secrets, secretWith("one"), MergeSecret, remembered)
	require.NoError(t, err)
	require.Equal(t, []string{"get", "create"}, client.verbs())

	// The cache has not seen the new object yet: read it, nothing to write.
	_, err = CreateOrUpdateRemembered(ctx, secrets, secretWith("one"), MergeSecret, remembered)
	require.NoError(t, err)
	require.Equal(t, []string{"get"}, client.verbs())

	client.observe(t, "s")
	outcome, err := CreateOrUpdateRemembered(ctx, secrets, secretWith("one"), MergeSecret, remembered)
	require.NoError(t, err)
	require.Equal(t, Unchanged, outcome)
	require.Empty(t, client.verbs(), "a converged object is neither read nor written")

	outcome, err = CreateOrUpdateRemembered(ctx, secrets, secretWith("two"), MergeSecret, remembered)
	require.NoError(t, err)
	require.Equal(t, Updated, outcome)
	require.Equal(t, []string{"get", "update"}, client.verbs())
}

func TestObjectChangedBySomeoneElseIsRead(t *testing.T) {
	ctx := context.Background()
	client := newVersionedClient()
	memo := NewWriteMemo(client.lookup)
	remembered := Remembered{Memo: memo, Owner: "prometheus/ns/main"}
	secrets := client.CoreV1().Secrets("ns")
	_, err := CreateOrUpdateRemembered(ctx, secrets, secretWith("one"), MergeSecret, remembered)
	require.NoError(t, err)

	edited := secretWith("edited")
	edited.ResourceVersion = "500"
	_, err = secrets.Update(ctx, edited, metav1.UpdateOptions{})
	require.NoError(t, err)
	client.observe(t, "s")

	_, err = CreateOrUpdateRemembered(ctx, secrets, secretWith("one"), MergeSecret, remembered)
	require.NoError(t, err)
	require.Equal(t, []string{"get", "update"}, client.verbs(), "another version in the cache means a read and a repair")

	// Deleted behind the operator's back: the cache no longer has it.
	require.NoError(t, secrets.Delete(ctx, "s", metav1.DeleteOptions{}))
	delete(client.cache, "s")
	client.ClearActions()
	_, err = CreateOrUpdateRemembered(ctx, secrets, secretWith("one"), MergeSecret, remembered)
	require.NoError(t, err)
	require.Equal(t, []string{"get", "create"}, client.verbs())
}

func TestForgottenOwnerAndNilMemoRead(t *testing.T) {
	ctx := context.Background()
	client := newVersionedClient()
	memo := NewWriteMemo(client.lookup)
	remembered := Remembered{Memo: memo, Owner: "prometheus/ns/main"}
	secrets := client.CoreV1().Secrets("ns")
	_, err := CreateOrUpdateRemembered(ctx, secrets, secretWith("one"), MergeSecret, remembered)
	require.NoError(t, err)
	client.observe(t, "s")

	memo.ForgetOwner("prometheus/ns/main")
	_, err = CreateOrUpdateRemembered(ctx, secrets, secretWith("one"), MergeSecret, remembered)
	require.NoError(t, err)
	require.Equal(t, []string{"get"}, client.verbs())

	_, err = CreateOrUpdateRemembered(ctx, secrets, secretWith("one"), MergeSecret, Remembered{})
	require.NoError(t, err)
	require.Equal(t, []string{"get"}, client.verbs(), "without a memo every call reads")
}

func TestDigestIsStable(t *testing.T) {
	first := Digest(map[string]string{"b": "2", "a": "1"}, "x")
	require.Equal(t, first, Digest(map[string]string{"a": "1", "b": "2"}, "x"))
	require.NotEqual(t, first, Digest(map[string]string{"a": "1", "b": "2"}, "y"))
}
