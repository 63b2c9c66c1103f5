// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"

	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
)

// CheckGoverningService verifies that the Service a workload names as its
// governing Service (spec.serviceName) exists and selects the workload's
// pods, without which the pods get no DNS names. A Service that does not
// select them is a permanent error: the user must fix it.
func CheckGoverningService(ctx context.Context, client corev1client.ServiceInterface, name string, podLabels map[string]string) error {
	service, err := client.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return fmt.Errorf("governing Service %s (spec.serviceName) not found", name)
	}
	if err != nil {
		return fmt.Errorf("read governing Service %s: %w", name, err)
	}
	selected := labels.Set(podLabels)
	if len(service.Spec.Selector) == 0 || !labels.SelectorFromSet(service.Spec.Selector).Matches(selected) {
		return fmt.Errorf("%w: governing Service %s does not select the pods (%s)", controller.ErrPermanent, name, selected)
	}
	return nil
}
