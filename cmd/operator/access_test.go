// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// refusingClient answers access reviews: refused lists "verb resource[/subresource]".
func refusingClient(refused ...string) (*fake.Clientset, *[]authorizationv1.ResourceAttributes) {
	client := fake.NewClientset()
	var asked []authorizationv1.ResourceAttributes
	client.PrependReactor("create", "selfsubjectaccessreviews", func(action k8stesting.Action) (bool, runtime.Object, error) {
		review := action.(k8stesting.CreateAction).GetObject().(*authorizationv1.SelfSubjectAccessReview)
		attributes := review.Spec.ResourceAttributes
		asked = append(asked, *attributes)
		name := attributes.Verb + " " + attributes.Resource
		if attributes.Subresource != "" {
			name += "/" + attributes.Subresource
		}
		review.Status.Allowed = true
		for _, r := range refused {
			if r == name {
				review.Status.Allowed = false
				review.Status.Reason = "RBAC: not granted"
			}
		}
		return true, review, nil
	})
	return client, &asked
}

func TestControllersMissingListOrWatchAreDisabled(t *testing.T) {
	client, _ := refusingClient("watch alertmanagers", "update prometheuses/status")
	var logs bytes.Buffer
	registry := prometheus.NewRegistry()
	config := operator.NewConfig()
	result := checkAccess(context.Background(), client, config, servedKinds{prometheuses: true, agents: true, scrapeConfigs: true},
		registry, slog.New(slog.NewTextHandler(&logs, nil)))

	assert.False(t, result.enabled(alertmanagerControllerName))
	assert.True(t, result.enabled(prometheusController))
	assert.True(t, result.enabled(agentController))
	assert.True(t, result.enabled(thanosRulerControllerName))
	assert.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(`
# HELP prometheus_operator_controller_disabled 1 when a controller does not run because the operator may not list and watch what it needs.
# TYPE prometheus_operator_controller_disabled gauge
prometheus_operator_controller_disabled{controller="alertmanager"} 1
prometheus_operator_controller_disabled{controller="prometheus"} 0
prometheus_operator_controller_disabled{controller="prometheus-agent"} 0
prometheus_operator_controller_disabled{controller="thanos"} 0
`)))
	assert.Contains(t, logs.String(), "watch alertmanagers (RBAC: not granted)")
	assert.Equal(t, 1, strings.Count(logs.String(), "may not write the status"))
	assert.Contains(t, logs.String(), "update prometheuses/status")
}

func TestScopedOperatorsAreReviewedPerNamespace(t *testing.T) {
	client, asked := refusingClient()
	config := operator.NewConfig()
	config.Namespaces["team-a"] = struct{}{}
	config.Namespaces["team-b"] = struct{}{}
	checkAccess(context.Background(), client, config, servedKinds{prometheuses: true}, prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	namespaces := map[string]bool{}
	for _, attributes := range *asked {
		if attributes.Subresource == "" {
			namespaces[attributes.Namespace] = true
		}
	}
	assert.Equal(t, map[string]bool{"team-a": true, "team-b": true}, namespaces)
}
