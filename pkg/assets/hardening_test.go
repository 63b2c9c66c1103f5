// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package assets

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	clocktesting "k8s.io/utils/clock/testing"
)

var authToken = corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "auth"}, Key: "token"}

// tellings records what OnChange was told.
type tellings struct {
	mu   sync.Mutex
	told []string
}

func (t *tellings) record(reader Reader, ref Reference) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.told = append(t.told, reader.String()+" "+ref.String())
}

func (t *tellings) list() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.told...)
}

func TestAnAPIErrorOtherThanNotFoundIsMarkedForRetry(t *testing.T) {
	client := fake.NewClientset(secret("auth", "1", map[string]string{"token": "s3cret"}))
	client.PrependReactor("get", "secrets", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewInternalError(assert.AnError)
	})
	view := NewStore(client).ForReader(context.Background(), Reader{Name: "r"})
	_, err := view.SecretKey("default", authToken)
	require.Error(t, err)
	require.ErrorIs(t, err, ErrUnavailable, "the caller must tell an outage from a bad reference")
	require.ErrorIs(t, view.Err(), ErrUnavailable, "the sync learns that it read through an outage")

	missing := NewStore(fake.NewClientset()).ForReader(context.Background(), Reader{Name: "r"})
	_, err = missing.SecretKey("default", authToken)
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrUnavailable, "a missing Secret is the user's to fix, not retried")
	assert.NoError(t, missing.Err())
}

func TestAnUpdateDuringAFetchIsNotMissed(t *testing.T) {
	client := fake.NewClientset(secret("auth", "1", map[string]string{"token": "old"}))
	store := NewStore(client)
	var told tellings
	store.OnChange(told.record)
	ref := Reference{SecretKind, "default", "auth"}
	first := true
	client.PrependReactor("get", "secrets", func(k8stesting.Action) (bool, runtime.Object, error) {
		if !first {
			return false, nil, nil
		}
		first = false
		// The API answers with version 1, then the Secret changes and the
		// informer's event arrives before the answer is cached.
		answer := secret("auth", "1", map[string]string{"token": "old"})
		_, err := client.Tracker().Get(corev1.SchemeGroupVersion.WithResource("secrets"), "default", "auth")
		require.NoError(t, err)
		require.NoError(t, client.Tracker().Update(corev1.SchemeGroupVersion.WithResource("secrets"),
			secret("auth", "2", map[string]string{"token": "new"}), "default"))
		store.Observe(ref, "2", false)
		return true, answer, nil
	})
	view := store.ForReader(context.Background(), mainPrometheus)
	value, err := view.SecretKey("default", authToken)
	require.NoError(t, err)
	assert.Equal(t, "old", value, "this sync read what the API answered")
	assert.Equal(t, []string{"prometheus default/main Secret default/auth"}, told.list(),
		"the reader is told to sync again")

	value, err = view.SecretKey("default", authToken)
	require.NoError(t, err)
	assert.Equal(t, "new", value, "the answer that predates the event was not cached")
}

func TestAnObjectTheInformerCannotSeeIsCheckedAgain(t *testing.T) {
	client := fake.NewClientset(secret("auth", "1", map[string]string{"token": "old"}))
	store := NewStore(client)
	clock := clocktesting.NewFakeClock(time.Now())
	store.clock = clock
	var told tellings
	store.OnChange(told.record)
	// The Secret is excluded by --secret-label-selector: the metadata
	// informer never holds it and no event will ever come.
	store.SetVersionLookup(func(Reference) (string, bool) { return "", false })
	view := store.ForReader(context.Background(), mainPrometheus)
	value, err := view.SecretKey("default", authToken)
	require.NoError(t, err)
	require.Equal(t, "old", value)

	clock.Step(store.recheckInterval)
	assert.Never(t, func() bool { return len(told.list()) > 0 }, 100*time.Millisecond, 10*time.Millisecond,
		"an unchanged object is not reported")

	_, err = client.CoreV1().Secrets("default").Update(context.Background(),
		secret("auth", "2", map[string]string{"token": "new"}), metav1.UpdateOptions{})
	require.NoError(t, err)
	clock.Step(store.recheckInterval)
	require.Eventually(t, func() bool { return len(told.list()) == 1 }, 10*time.Second, 10*time.Millisecond,
		"the change is noticed without an event")
	value, err = view.SecretKey("default", authToken)
	require.NoError(t, err)
	assert.Equal(t, "new", value)
}
