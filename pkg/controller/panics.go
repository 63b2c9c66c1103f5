// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/client-go/tools/cache"
)

// syncPanics counts the syncs that panicked, by controller. It is one
// process-wide counter, whatever the number of queues.
var syncPanics = prometheus.NewCounterVec(prometheus.CounterOpts{
	Namespace: metricsNamespace, Name: "reconcile_panics_total",
	Help: "Reconcile operations that panicked and were recovered, by controller.",
}, []string{"controller"})

// PanicsCollector returns the counter of recovered sync panics, for the
// registry the operator serves.
func PanicsCollector() prometheus.Collector { return syncPanics }

// safeSync runs the sync of key and turns a panic into an error, so that a
// bug hit by one object is logged with its key and stack, counted, and
// retried with backoff while the process and the other objects keep going.
func (q *Queue) safeSync(ctx context.Context, key cache.ObjectName) (err error) {
	defer func() {
		recovered := recover()
		if recovered == nil {
			return
		}
		syncPanics.WithLabelValues(q.name).Inc()
		q.logger.Error("sync panicked", "key", key.String(), "panic", fmt.Sprint(recovered), "stack", string(debug.Stack()))
		err = fmt.Errorf("sync panicked: %v", recovered)
	}()
	return q.sync(ctx, key)
}

// logForbidden reports a permission error once per queue at error level: a
// missing RBAC rule fails every sync the same way, and repeating it would
// bury the other logs. The key is still retried with backoff, so a fixed
// ClusterRole takes effect without a restart.
func (q *Queue) logForbidden(key cache.ObjectName, err error) {
	if q.forbiddenLogged.CompareAndSwap(false, true) {
		q.logger.Error("sync forbidden: the operator lacks a permission (logged once; retried with backoff)",
			"key", key.String(), "err", err)
		return
	}
	q.logger.Debug("sync forbidden, will retry", "key", key.String(), "err", err, "retries", q.queue.NumRequeues(key))
}
