// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"errors"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
)

// ReconcileAll runs one reconcile of every Prometheus, then every
// PrometheusAgent, the caches hold, without the queues: the offline render
// (pkg/render) drives the controllers this way over fake clientsets. The
// informers must have synced.
func (o *Operator) ReconcileAll(ctx context.Context) error {
	var errs []error
	for _, c := range o.controllers {
		objects := c.kind.cache().List(metav1.NamespaceAll, labels.Everything())
		errs = append(errs, controller.SyncEach(ctx, c.kind.groupVersionKind().Kind, objects, c.sync))
	}
	return errors.Join(errs...)
}
