// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
)

// ReconcileAll runs one reconcile of every ThanosRuler the caches hold,
// without the queues: the offline render (pkg/render) drives the
// controller this way over fake clientsets. The informers must have synced.
func (c *Controller) ReconcileAll(ctx context.Context) error {
	objects := c.informers.ThanosRulers.List(metav1.NamespaceAll, labels.Everything())
	return controller.SyncEach(ctx, monitoringv1.ThanosRulerKind, objects, c.sync)
}
