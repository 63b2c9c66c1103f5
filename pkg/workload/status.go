// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"context"
	"time"

	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// StatusClient reads objects of one kind and writes their status
// subresource; the typed clients of the monitoring clientset are.
type StatusClient[T metav1.Object] interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (T, error)
	UpdateStatus(ctx context.Context, obj T, opts metav1.UpdateOptions) (T, error)
}

// StatusRecheckInterval is how often the status of an object that is not
// settled is computed again even without events.
const StatusRecheckInterval = time.Minute

// StatusUpdate is the status computed for an object of kind T whose status
// has type S.
type StatusUpdate[T metav1.Object, S any] struct {
	// Current is the status the cached object has; Desired the computed one.
	Current, Desired S
	// Settled is false while the pods are short of what the object asks
	// for: the status is then computed again after StatusRecheckInterval.
	Settled bool
	// WithStatus returns a copy of obj carrying status.
	WithStatus func(obj T, status S) T
}

// UpdateStatus writes update.Desired as the status of cached when it
// differs from update.Current. On a conflict the object is read again and
// the write retried; an object deleted meanwhile ends it quietly. Each
// attempt is counted in the status-update metrics.
func UpdateStatus[T metav1.Object, S any](ctx context.Context, c *Core, client StatusClient[T], cached T, update StatusUpdate[T, S]) error {
	if !update.Settled {
		c.Queues.Status.AddAfter(cache.NewObjectName(cached.GetNamespace(), cached.GetName()), StatusRecheckInterval)
	}
	if apiequality.Semantic.DeepEqual(update.Current, update.Desired) {
		return nil
	}
	current := cached
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		_, err := client.UpdateStatus(ctx, update.WithStatus(current, update.Desired), metav1.UpdateOptions{})
		c.Metrics.StatusUpdated(c.Name, err)
		if apierrors.IsConflict(err) {
			// Re-read so that the next attempt carries the current version.
			if fresh, getErr := client.Get(ctx, current.GetName(), metav1.GetOptions{}); getErr == nil {
				current = fresh
			}
		}
		if apierrors.IsNotFound(err) {
			return nil
		}
		return err
	})
}

// FindCondition returns the condition of the given type, nil if absent.
func FindCondition(conditions []monitoringv1.Condition, conditionType monitoringv1.ConditionType) *monitoringv1.Condition {
	for i := range conditions {
		if conditions[i].Type == conditionType {
			return &conditions[i]
		}
	}
	return nil
}
