// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"

	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestOwnedWorkloadHandler(t *testing.T) {
	var routed []bool
	handler := OwnedWorkloadHandler(func(_ metav1.Object, reconcile bool) { routed = append(routed, reconcile) })
	handler.OnAdd(configMap("1", 1, nil), false)
	handler.OnUpdate(configMap("1", 1, nil), configMap("1", 1, nil))
	handler.OnUpdate(configMap("1", 1, nil), configMap("2", 1, nil))
	handler.OnUpdate(configMap("2", 1, nil), configMap("3", 2, nil))
	handler.OnUpdate(configMap("3", 2, nil), configMap("4", 2, map[string]string{"edited": "yes"}))
	handler.OnDelete(cache.DeletedFinalStateUnknown{Key: "ns/cm", Obj: configMap("4", 2, nil)})
	assert.Equal(t, []bool{false, false, true, true, true}, routed,
		"add: status; resync: nothing; status change: status; spec or label change: reconcile; delete: reconcile")
}

func TestDependenciesDefaults(t *testing.T) {
	_, err := Dependencies{}.WithDefaults()
	require.Error(t, err)
	deps, err := Dependencies{KubeClient: fake.NewClientset(), MonitoringClient: monitoringfake.NewClientset(), Config: operator.NewConfig()}.WithDefaults()
	require.NoError(t, err)
	assert.NotNil(t, deps.Recorder)
	assert.NotNil(t, deps.Clock)
	assert.NotNil(t, deps.Logger)
	assert.NotNil(t, deps.Assets)
	queues := NewQueues("thing", nil, nil, deps)
	assert.Equal(t, "thing", queues.Reconcile.Name())
	assert.Equal(t, "thing-status", queues.Status.Name())
}
