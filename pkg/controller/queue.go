// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package controller is the machinery every workload controller shares: a typed,
// rate-limited work queue keyed by object name, the worker loop around a sync
// function, event-handler filters and the operator's reconcile metrics.
package controller

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/workqueue"
)

// SyncFunc reconciles the object named by key. Returning an error re-queues the
// key with backoff; returning nil forgets it (missing objects and permanent spec
// errors return nil after recording an Event or a status condition).
type SyncFunc func(ctx context.Context, key cache.ObjectName) error

// ErrPermanent marks an error that retrying cannot fix. The loop logs it and
// forgets the key instead of re-queueing it.
var ErrPermanent = errors.New("permanent error")

// Queue is a named, rate-limited work queue with one sync function behind it.
type Queue struct {
	name    string
	queue   workqueue.TypedRateLimitingInterface[cache.ObjectName]
	sync    SyncFunc
	metrics *Metrics
	logger  *slog.Logger

	// lastFailed remembers, per key, whether the last sync failed; it feeds
	// the syncs gauge. inFlight holds the keys being synced, forgotten those
	// of them whose sync called Forget: their result is not recorded.
	// forbiddenLogged is set once a permission error has been logged at
	// error level; later ones, retried with backoff, are logged at debug.
	forbiddenLogged atomic.Bool

	resultsMu  sync.Mutex
	lastFailed map[cache.ObjectName]bool
	inFlight   map[cache.ObjectName]bool
	forgotten  map[cache.ObjectName]bool
}

// QueueOptions configures NewQueue.
type QueueOptions struct {
	// Name names the queue in logs and metrics (for example "prometheus").
	Name string
	// Sync reconciles one key.
	Sync SyncFunc
	// Metrics is optional; nil disables metrics.
	Metrics *Metrics
	// Logger is optional; nil uses slog.Default().
	Logger *slog.Logger
	// RateLimiter is optional; nil uses client-go's default controller rate limiter.
	RateLimiter workqueue.TypedRateLimiter[cache.ObjectName]
}

// NewQueue builds a Queue from opts.
func NewQueue(opts QueueOptions) *Queue {
	limiter := opts.RateLimiter
	if limiter == nil {
		limiter = workqueue.DefaultTypedControllerRateLimiter[cache.ObjectName]()
	}
	config := workqueue.TypedRateLimitingQueueConfig[cache.ObjectName]{Name: opts.Name}
	if opts.Metrics != nil {
		config.MetricsProvider = opts.Metrics.queue
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	// Exported at zero from the start, so that increase() sees the first one.
	syncPanics.WithLabelValues(opts.Name)
	return &Queue{
		name:       opts.Name,
		queue:      workqueue.NewTypedRateLimitingQueueWithConfig(limiter, config),
		sync:       opts.Sync,
		metrics:    opts.Metrics,
		logger:     logger.With("controller", opts.Name),
		lastFailed: map[cache.ObjectName]bool{},
		inFlight:   map[cache.ObjectName]bool{},
		forgotten:  map[cache.ObjectName]bool{},
	}
}

// Name returns the queue's name.
func (q *Queue) Name() string { return q.name }

// Add enqueues key for reconciliation.
func (q *Queue) Add(key cache.ObjectName) { q.queue.Add(key) }

// AddAfter enqueues key after delay, for timed follow-ups.
func (q *Queue) AddAfter(key cache.ObjectName, delay time.Duration) { q.queue.AddAfter(key, delay) }

// Len returns the number of keys waiting.
func (q *Queue) Len() int { return q.queue.Len() }

// Enqueue adds the key of a Kubernetes object (or a tombstone of one).
func (q *Queue) Enqueue(obj any) {
	key, err := cache.DeletionHandlingObjectToName(obj)
	if err != nil {
		q.logger.Warn("cannot compute object key", "err", err)
		return
	}
	q.queue.Add(key)
}

// Run starts workers goroutines and blocks until ctx is done, then shuts the queue down.
func (q *Queue) Run(ctx context.Context, workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			wait.UntilWithContext(ctx, func(ctx context.Context) {
				for q.ProcessNext(ctx) {
				}
			}, time.Second)
		})
	}
	<-ctx.Done()
	q.queue.ShutDown()
	wg.Wait()
}

// ProcessNext handles one key; it returns false once the queue is shut down.
// Tests call it directly to drive a sync deterministically.
func (q *Queue) ProcessNext(ctx context.Context) bool {
	key, quit := q.queue.Get()
	if quit {
		return false
	}
	defer q.queue.Done(key)

	start := time.Now()
	q.markInFlight(key)
	err := q.safeSync(ctx, key)
	q.observe(start, err)
	q.recordResult(key, err)
	switch {
	case err == nil:
		q.queue.Forget(key)
	case errors.Is(err, ErrPermanent):
		q.logger.Error("sync failed permanently", "key", key.String(), "err", err)
		q.queue.Forget(key)
	case apierrors.IsForbidden(err):
		q.logForbidden(key, err)
		q.queue.AddRateLimited(key)
	default:
		q.logger.Warn("sync failed, will retry", "key", key.String(), "err", err,
			"retries", q.queue.NumRequeues(key))
		q.queue.AddRateLimited(key)
	}
	return true
}

func (q *Queue) observe(start time.Time, err error) {
	if q.metrics == nil {
		return
	}
	q.metrics.reconciles.WithLabelValues(q.name).Inc()
	q.metrics.reconcileTime.WithLabelValues(q.name).Observe(time.Since(start).Seconds())
	if err != nil {
		q.metrics.reconcileErrors.WithLabelValues(q.name).Inc()
	}
}

func (q *Queue) markInFlight(key cache.ObjectName) {
	if q.metrics == nil {
		return
	}
	q.resultsMu.Lock()
	defer q.resultsMu.Unlock()
	q.inFlight[key] = true
}

// recordResult updates the syncs gauge: how many objects last synced fine or
// not. A sync that forgot its own key (its object is gone) leaves no result.
func (q *Queue) recordResult(key cache.ObjectName, err error) {
	if q.metrics == nil {
		return
	}
	q.resultsMu.Lock()
	defer q.resultsMu.Unlock()
	delete(q.inFlight, key)
	if q.forgotten[key] {
		delete(q.forgotten, key)
		return
	}
	q.lastFailed[key] = err != nil
	q.publishResults()
}

// Forget drops key from the syncs gauge, for objects that were deleted. It
// may be called from the key's own sync.
func (q *Queue) Forget(key cache.ObjectName) {
	if q.metrics == nil {
		return
	}
	q.resultsMu.Lock()
	defer q.resultsMu.Unlock()
	delete(q.lastFailed, key)
	if q.inFlight[key] {
		q.forgotten[key] = true
	}
	q.publishResults()
}

func (q *Queue) publishResults() {
	failed := 0
	for _, f := range q.lastFailed {
		if f {
			failed++
		}
	}
	q.metrics.syncs.WithLabelValues(q.name, "ok").Set(float64(len(q.lastFailed) - failed))
	q.metrics.syncs.WithLabelValues(q.name, "failed").Set(float64(failed))
}

// ShutDown stops the queue; workers drain and return.
func (q *Queue) ShutDown() { q.queue.ShutDown() }
