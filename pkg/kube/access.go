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

// AccessRequest names what to ask the API server about: verbs on a
// resource (or a subresource) of a group, in one namespace or, with an
// empty Namespace, across all of them. The core group is "".
type AccessRequest struct {
	Group, Resource, Subresource, Namespace string
	Verbs                                   []string
}

// String renders the request as "list,watch secrets in monitoring".
func (r AccessRequest) String() string {
	resource := r.Resource
	if r.Subresource != "" {
		resource += "/" + r.Subresource
	}
	if r.Group != "" {
		resource += "." + r.Group
	}
	scope := "in every namespace"
	if r.Namespace != "" {
		scope = "in namespace " + r.Namespace
	}
	return strings.Join(r.Verbs, ",") + " " + resource + " " + scope
}

// ReviewAccess asks the API server, with one SelfSubjectAccessReview per
// verb, whether the client may do what request names. When it may not,
// reason says which verbs were refused and why.
func ReviewAccess(ctx context.Context, client kubernetes.Interface, request AccessRequest) (allowed bool, reason string, err error) {
	var refused []string
	for _, verb := range request.Verbs {
		review := &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
			ResourceAttributes: &authorizationv1.ResourceAttributes{
				Verb: verb, Group: request.Group, Resource: request.Resource,
				Subresource: request.Subresource, Namespace: request.Namespace,
			},
		}}
		answer, err := client.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
		if err != nil {
			return false, "", fmt.Errorf("review access to %s %s: %w", verb, request.Resource, err)
		}
		if answer.Status.Allowed {
			continue
		}
		message := verb + " " + request.Resource
		if request.Subresource != "" {
			message += "/" + request.Subresource
		}
		if answer.Status.Reason != "" {
			message += " (" + answer.Status.Reason + ")"
		}
		refused = append(refused, message)
	}
	return len(refused) == 0, strings.Join(refused, "; "), nil
}

// CanListAndWatch asks whether the client may list and watch resource of
// group across every namespace.
func CanListAndWatch(ctx context.Context, client kubernetes.Interface, group, resource string) (allowed bool, reason string, err error) {
	return ReviewAccess(ctx, client, AccessRequest{Group: group, Resource: resource, Verbs: []string{"list", "watch"}})
}
