// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

func TestAPanickingSyncIsRecoveredCountedAndRetried(t *testing.T) {
	var logs bytes.Buffer
	calls := map[string]int{}
	q := NewQueue(QueueOptions{
		Name:        "panics-test",
		Logger:      slog.New(slog.NewTextHandler(&logs, nil)),
		RateLimiter: workqueue.NewTypedItemExponentialFailureRateLimiter[cache.ObjectName](0, 0),
		Sync: func(_ context.Context, key cache.ObjectName) error {
			calls[key.Name]++
			if key.Name == "bad" && calls[key.Name] == 1 {
				var nilMap map[string]*int
				_ = *nilMap["boom"] // A nil pointer dereference, as a real bug would.
			}
			return nil
		},
	})
	before := testutil.ToFloat64(syncPanics.WithLabelValues("panics-test"))
	q.Add(cache.NewObjectName("ns", "bad"))
	q.Add(cache.NewObjectName("ns", "good"))
	for q.Len() > 0 {
		require.True(t, q.ProcessNext(context.Background()))
	}
	assert.Equal(t, 2, calls["bad"], "the panicking key is retried")
	assert.Equal(t, 1, calls["good"], "the other keys keep going")
	assert.Equal(t, 1.0, testutil.ToFloat64(syncPanics.WithLabelValues("panics-test"))-before)
	assert.Contains(t, logs.String(), "key=ns/bad")
	assert.Contains(t, logs.String(), "nil pointer dereference")
	assert.Contains(t, logs.String(), "panics_test.go", "the stack is logged")
}

func TestAPermissionErrorIsLoggedOnceAndRetried(t *testing.T) {
	var logs bytes.Buffer
	calls := 0
	q := NewQueue(QueueOptions{
		Name:        "forbidden-test",
		Logger:      slog.New(slog.NewTextHandler(&logs, nil)),
		RateLimiter: workqueue.NewTypedItemExponentialFailureRateLimiter[cache.ObjectName](0, 0),
		Sync: func(_ context.Context, key cache.ObjectName) error {
			calls++
			if calls <= 4 {
				return apierrors.NewForbidden(schema.GroupResource{Group: "monitoring.coreos.com", Resource: "prometheuses"}, key.Name, errors.New("RBAC"))
			}
			return nil
		},
	})
	q.Add(cache.NewObjectName("ns", "a"))
	q.Add(cache.NewObjectName("ns", "b"))
	for q.Len() > 0 {
		require.True(t, q.ProcessNext(context.Background()))
	}
	assert.Equal(t, 6, calls, "both keys are retried until the permission is there")
	assert.Equal(t, 1, strings.Count(logs.String(), "level=ERROR"), "logged once, not at every retry")
	assert.NotContains(t, logs.String(), "level=WARN")
}
