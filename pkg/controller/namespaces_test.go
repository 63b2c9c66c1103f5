// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/tools/cache"
)

func TestNamespaceLabelsHandlerReportsLabelChangesOnly(t *testing.T) {
	var calls []string
	handler := NamespaceLabelsHandler(func(namespace string, before, after labels.Set, event Event) {
		calls = append(calls, fmt.Sprintf("%s %s %v -> %v", event, namespace, before, after))
	})
	namespace := func(team string) *corev1.Namespace {
		return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "apps", ResourceVersion: team, Labels: map[string]string{"team": team}}}
	}
	handler.OnAdd(namespace("a"), false)
	handler.OnUpdate(namespace("a"), namespace("a"))
	handler.OnUpdate(namespace("a"), namespace("b"))
	handler.OnDelete(cache.DeletedFinalStateUnknown{Key: "apps", Obj: namespace("b")})
	assert.Equal(t, []string{
		"add apps  -> team=a",
		"update apps team=a -> team=b",
		"delete apps team=b -> ",
	}, calls)
}
