// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

// Stand-ins for the kind-neutral helpers being moved out of pkg/prometheus
// into shared packages; each is replaced by its shared version once it lands.

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
)

// checkCustomGoverningService verifies that the user's Service exists and
// selects the pods.
func checkCustomGoverningService(ctx context.Context, client corev1client.ServiceInterface, name string, podLabels map[string]string) error {
	service, err := client.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return fmt.Errorf("governing Service %s (spec.serviceName) not found", name)
	}
	if err != nil {
		return fmt.Errorf("read governing Service %s: %w", name, err)
	}
	if len(service.Spec.Selector) == 0 || !labels.SelectorFromSet(service.Spec.Selector).Matches(labels.Set(podLabels)) {
		return invalid(fmt.Errorf("governing Service %s does not select the pods (%s)", name, labels.Set(podLabels)))
	}
	return nil
}
