// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

func TestStripApplyBookkeepingKeepsOnlyWhatTheOperatorReads(t *testing.T) {
	monitor := &monitoringv1.ServiceMonitor{ObjectMeta: metav1.ObjectMeta{
		Name: "web", Labels: map[string]string{"team": "a"},
		Annotations: map[string]string{
			lastAppliedAnnotation:           `{"apiVersion":"monitoring.coreos.com/v1","kind":"ServiceMonitor"}`,
			"prometheus-operator-validated": "true",
			"example.com/owner":             "team-a",
		},
		ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "kubectl"}},
	}}

	out, err := StripApplyBookkeeping(monitor)
	require.NoError(t, err)
	trimmed := out.(*monitoringv1.ServiceMonitor)
	assert.Nil(t, trimmed.ManagedFields)
	assert.Equal(t, map[string]string{"prometheus-operator-validated": "true", "example.com/owner": "team-a"}, trimmed.Annotations)
	assert.Equal(t, map[string]string{"team": "a"}, trimmed.Labels)

	plain := &monitoringv1.ServiceMonitor{ObjectMeta: metav1.ObjectMeta{Name: "plain", Annotations: map[string]string{"a": "b"}}}
	out, err = StripApplyBookkeeping(plain)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "b"}, out.(*monitoringv1.ServiceMonitor).Annotations)
	out, err = StripApplyBookkeeping("not an object")
	require.NoError(t, err)
	assert.Equal(t, "not an object", out)
}
