// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

func TestReconciledCondition(t *testing.T) {
	var results Results
	key := cache.NewObjectName("default", "main")
	require.Nil(t, results.Last(key))
	tests := map[string]struct {
		state      ReconcileState
		wantStatus monitoringv1.ConditionStatus
		wantReason string
		wantGen    int64
	}{
		"before the first reconcile":     {state: ReconcileState{Generation: 3}, wantStatus: monitoringv1.ConditionUnknown, wantReason: ReasonNotReconciled, wantGen: 3},
		"paused wins over a result":      {state: ReconcileState{Generation: 3, Paused: true, Last: &Result{OK: true}}, wantStatus: monitoringv1.ConditionUnknown, wantReason: ReasonPaused, wantGen: 3},
		"a failure keeps its generation": {state: ReconcileState{Generation: 3, Last: &Result{Generation: 2, Reason: "ReconcileFailed"}}, wantStatus: monitoringv1.ConditionFalse, wantReason: "ReconcileFailed", wantGen: 2},
		"a success":                      {state: ReconcileState{Generation: 3, Last: &Result{Generation: 3, OK: true}}, wantStatus: monitoringv1.ConditionTrue, wantGen: 3},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			condition := ReconciledCondition(test.state)
			require.Equal(t, test.wantStatus, condition.Status)
			require.Equal(t, test.wantReason, condition.Reason)
			require.Equal(t, test.wantGen, condition.ObservedGeneration)
		})
	}
	results.Record(key, Result{Generation: 1, OK: true})
	require.Equal(t, &Result{Generation: 1, OK: true}, results.Last(key))
	results.Forget(key)
	require.Nil(t, results.Last(key))
}

func TestAvailableConditionAndTransitionTime(t *testing.T) {
	degraded := AvailableCondition(1, PodCounts{Expected: 3, Available: 1, PodMessages: []string{"pod a: CrashLoopBackOff"}})
	require.Equal(t, ConditionDegraded, degraded.Status)
	require.Equal(t, "1 of 3 pods available\npod a: CrashLoopBackOff", degraded.Message)
	missing := AvailableCondition(1, PodCounts{Expected: 1, Missing: []string{"agent"}, DaemonSet: true})
	require.Equal(t, ReasonDaemonSetNotFound, missing.Reason)
	require.Equal(t, monitoringv1.ConditionTrue, AvailableCondition(1, PodCounts{Expected: 2, Available: 2}).Status)

	before, now := metav1.NewTime(time.Unix(10, 0)), metav1.NewTime(time.Unix(20, 0))
	previous := []monitoringv1.Condition{{Type: monitoringv1.ConditionAvailable, Status: ConditionDegraded, LastTransitionTime: before}}
	require.Equal(t, before, WithTransitionTime(degraded, previous, now).LastTransitionTime, "same status: the time stays")
	require.Equal(t, now, WithTransitionTime(missing, previous, now).LastTransitionTime)
}
