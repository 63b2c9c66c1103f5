// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/utils/clock"

	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// Dependencies are what every workload controller is built with. The
// clients are built once by the caller (main, or a test with fake
// clientsets).
type Dependencies struct {
	KubeClient       kubernetes.Interface
	MonitoringClient versioned.Interface
	Config           *operator.Config
	// Recorder defaults to a recorder that drops the Events.
	Recorder record.EventRecorder
	// Clock defaults to the real clock.
	Clock clock.Clock
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Metrics is optional.
	Metrics *Metrics
	// Assets defaults to a store reading through KubeClient.
	Assets *assets.Store
}

// WithDefaults checks that the clients and the configuration are set and
// fills in the optional dependencies.
func (d Dependencies) WithDefaults() (Dependencies, error) {
	if d.KubeClient == nil || d.MonitoringClient == nil || d.Config == nil {
		return d, errors.New("the clients and the configuration are required")
	}
	if d.Recorder == nil {
		d.Recorder = &record.FakeRecorder{}
	}
	if d.Clock == nil {
		d.Clock = clock.RealClock{}
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Assets == nil {
		d.Assets = assets.NewStore(d.KubeClient)
	}
	return d, nil
}

// Queues are a controller's two queues: Reconcile runs the sync of each
// object, Status refreshes its status from what the workloads report.
type Queues struct {
	Reconcile *Queue
	Status    *Queue
}

// NewQueues builds the queues of the controller called name; the status
// queue is called "<name>-status".
func NewQueues(name string, sync, syncStatus SyncFunc, deps Dependencies) Queues {
	return Queues{
		Reconcile: NewQueue(QueueOptions{Name: name, Sync: sync, Metrics: deps.Metrics, Logger: deps.Logger}),
		Status:    NewQueue(QueueOptions{Name: name + "-status", Sync: syncStatus, Metrics: deps.Metrics, Logger: deps.Logger}),
	}
}

// Run runs workers on the reconcile queue and one on the status queue
// until ctx is done.
func (q Queues) Run(ctx context.Context, workers int) {
	var wg sync.WaitGroup
	wg.Go(func() { q.Reconcile.Run(ctx, workers) })
	wg.Go(func() { q.Status.Run(ctx, 1) })
	wg.Wait()
}

// Forget drops a deleted object's key from both queues' results.
func (q Queues) Forget(key cache.ObjectName) {
	q.Reconcile.Forget(key)
	q.Status.Forget(key)
}
