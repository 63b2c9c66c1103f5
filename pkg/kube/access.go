// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"fmt"
	"strings"

	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// CanListAndWatch asks the API server, with SelfSubjectAccessReviews,
// whether the client may list and watch resource of group (the core group
// is "") across every namespace. When it may not, reason says which verb
// was refused and why.
func CanListAndWatch(ctx context.Context, client kubernetes.Interface, group, resource string) (allowed bool, reason string, err error) {
	var refused []string
	for _, verb := range []string{"list", "watch"} {
		review := &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
			ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: verb, Group: group, Resource: resource},
		}}
		answer, err := client.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
		if err != nil {
			return false, "", fmt.Errorf("review access to %s %s: %w", verb, resource, err)
		}
		if answer.Status.Allowed {
			continue
		}
		message := verb + " " + resource
		if answer.Status.Reason != "" {
			message += " (" + answer.Status.Reason + ")"
		}
		refused = append(refused, message)
	}
	return len(refused) == 0, strings.Join(refused, "; "), nil
}
