// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func TestPrometheusRuleEventsReachTheRulersSelectingTheirNamespace(t *testing.T) {
	f := newSyncFixture(t)
	f.add(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team-a", Labels: map[string]string{"team": "a"}}})
	own := storedThanosRuler()
	own.Name = "own-namespace"
	selecting := storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Name = "team-a-rules"
		tr.Spec.RuleNamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"team": "a"}}
	}))
	noSelector := storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Name = "no-rule-selector"
		tr.Spec.RuleSelector = nil
		tr.Spec.RuleNamespaceSelector = &metav1.LabelSelector{}
	}))
	f.add(own, selecting, noSelector)

	assert.Equal(t, []cache.ObjectName{cache.NewObjectName("default", "team-a-rules")}, f.controller.rulersSelectingNamespace("team-a"))
	assert.Equal(t, []cache.ObjectName{cache.NewObjectName("default", "own-namespace")}, f.controller.rulersSelectingNamespace("default"))

	handler := f.controller.namespaceHandler()
	before := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team-b", ResourceVersion: "1"}}
	after := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "team-b", ResourceVersion: "2", Labels: map[string]string{"team": "a"}}}
	handler.OnUpdate(before, after)
	assert.Equal(t, 1, f.controller.Queues.Reconcile.Len(), "a namespace entering a rule namespace selector re-queues the ruler")
	handler.OnUpdate(after, after.DeepCopy())
	assert.Equal(t, 1, f.controller.Queues.Reconcile.Len(), "unchanged labels re-queue nothing")
}

func TestOwnedObjectsRequeueTheirRuler(t *testing.T) {
	f := newSyncFixture(t)
	tr := storedThanosRuler()
	f.add(tr)
	require := assert.New(t)
	require.NoError(f.sync("default", "example"))
	statefulSet, err := f.statefulSet("default", "thanos-ruler-example")
	require.NoError(err)

	// Drain the status refresh the sync queued.
	require.True(f.controller.Queues.Status.ProcessNext(context.Background()))
	require.Equal(0, f.controller.Queues.Status.Len())
	handler := f.controller.OwnedStatefulSetHandler()
	statusOnly := statefulSet.DeepCopy()
	statusOnly.ResourceVersion = "changed"
	statusOnly.Status.ReadyReplicas = 1
	handler.OnUpdate(statefulSet, statusOnly)
	require.Equal(0, f.controller.Queues.Reconcile.Len(), "a status change refreshes the status only")
	require.Equal(1, f.controller.Queues.Status.Len())

	handler.OnDelete(statefulSet)
	require.Equal(1, f.controller.Queues.Reconcile.Len(), "a deleted StatefulSet is re-created")
}
