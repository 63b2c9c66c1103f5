// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
)

func TestCheckGoverningService(t *testing.T) {
	client := fake.NewClientset(
		&corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "selects"}, Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "x"}}},
		&corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "other"}, Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "y"}}},
	).CoreV1().Services("ns")
	pods := map[string]string{"app": "x", "instance": "a"}
	assert.NoError(t, CheckGoverningService(context.Background(), client, "selects", pods))
	err := CheckGoverningService(context.Background(), client, "other", pods)
	assert.ErrorIs(t, err, controller.ErrPermanent, "a Service selecting other pods is the user's to fix")
	err = CheckGoverningService(context.Background(), client, "missing", pods)
	assert.ErrorContains(t, err, "not found")
	assert.NotErrorIs(t, err, controller.ErrPermanent, "a missing Service may still be created: retried")
}
