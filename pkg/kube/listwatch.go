// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/watchlist"
)

// ListWatchClient is the list and watch part of a typed client of one
// resource, in one namespace or in all of them: every typed client of
// client-go and of the monitoring clientset satisfies it, and so does a
// metadata client's namespaced resource.
type ListWatchClient[L runtime.Object] interface {
	List(ctx context.Context, options metav1.ListOptions) (L, error)
	Watch(ctx context.Context, options metav1.ListOptions) (watch.Interface, error)
}

// NewListWatch builds an informer's ListerWatcher over client. tweak (which
// may be nil) narrows what is listed and watched. clientset is the
// clientset client comes from: a fake clientset says through it that it
// cannot serve watch-list streams, so that informers in tests list instead.
func NewListWatch[L runtime.Object](client ListWatchClient[L], tweak func(*metav1.ListOptions), clientset any) cache.ListerWatcher {
	apply := func(options metav1.ListOptions) metav1.ListOptions {
		if tweak != nil {
			tweak(&options)
		}
		return options
	}
	return cache.ToListWatcherWithWatchListSemantics(&cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
			return client.List(ctx, apply(options))
		},
		WatchFuncWithContext: func(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
			return client.Watch(ctx, apply(options))
		},
	}, clientset)
}

// ListWatchMetrics count the list and watch calls the informers make, and
// their failures, by controller and resource.
type ListWatchMetrics struct {
	lists, listFailures, watches, watchFailures *prometheus.CounterVec
}

// NewListWatchMetrics creates the counters and registers them.
func NewListWatchMetrics(registerer prometheus.Registerer) (*ListWatchMetrics, error) {
	counter := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{"controller", "resource"})
	}
	m := &ListWatchMetrics{
		lists:         counter("prometheus_operator_list_operations_total", "List calls made by the informers, by controller and resource."),
		listFailures:  counter("prometheus_operator_list_operations_failed_total", "List calls of the informers that failed, by controller and resource."),
		watches:       counter("prometheus_operator_watch_operations_total", "Watch calls made by the informers, by controller and resource."),
		watchFailures: counter("prometheus_operator_watch_operations_failed_total", "Watch calls of the informers that failed, by controller and resource."),
	}
	for _, collector := range []prometheus.Collector{m.lists, m.listFailures, m.watches, m.watchFailures} {
		if err := registerer.Register(collector); err != nil {
			return nil, fmt.Errorf("register list and watch metrics: %w", err)
		}
	}
	return m, nil
}

// Instrument wraps lw so that its calls are counted under controller and
// resource. A nil ListWatchMetrics counts nothing and returns lw.
func (m *ListWatchMetrics) Instrument(lw cache.ListerWatcher, controller, resource string) cache.ListerWatcher {
	if m == nil {
		return lw
	}
	return &countedListWatch{
		next:          cache.ToListerWatcherWithContext(lw),
		unsupported:   watchlist.DoesClientNotSupportWatchListSemantics(lw),
		lists:         m.lists.WithLabelValues(controller, resource),
		listFailures:  m.listFailures.WithLabelValues(controller, resource),
		watches:       m.watches.WithLabelValues(controller, resource),
		watchFailures: m.watchFailures.WithLabelValues(controller, resource),
	}
}

// countedListWatch counts the calls it passes on.
type countedListWatch struct {
	next                                        cache.ListerWatcherWithContext
	unsupported                                 bool
	lists, listFailures, watches, watchFailures prometheus.Counter
}

// ListWithContext implements cache.ListerWatcherWithContext.
func (c *countedListWatch) ListWithContext(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
	c.lists.Inc()
	list, err := c.next.ListWithContext(ctx, options)
	if err != nil {
		c.listFailures.Inc()
	}
	return list, err
}

// WatchWithContext implements cache.ListerWatcherWithContext.
func (c *countedListWatch) WatchWithContext(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
	c.watches.Inc()
	watcher, err := c.next.WatchWithContext(ctx, options)
	if err != nil {
		c.watchFailures.Inc()
	}
	return watcher, err
}

// List implements cache.ListerWatcher.
func (c *countedListWatch) List(options metav1.ListOptions) (runtime.Object, error) {
	return c.ListWithContext(context.Background(), options)
}

// Watch implements cache.ListerWatcher.
func (c *countedListWatch) Watch(options metav1.ListOptions) (watch.Interface, error) {
	return c.WatchWithContext(context.Background(), options)
}

// IsWatchListSemanticsUnSupported passes on what the wrapped ListerWatcher
// says about watch-list streams.
func (c *countedListWatch) IsWatchListSemanticsUnSupported() bool { return c.unsupported }
