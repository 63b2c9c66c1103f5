// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/client-go/kubernetes/fake"
	clienttesting "k8s.io/client-go/testing"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func daemonSet(hash string, annotations ...string) *appsv1.DaemonSet {
	set := &appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{
		Namespace: "default", Name: "agent", Annotations: map[string]string{operator.InputHashAnnotation: hash},
	}}
	for _, key := range annotations {
		set.Annotations[key] = "x"
	}
	set.Spec.MinReadySeconds = int32(len(hash))
	return set
}

func statefulSet(hash string) *appsv1.StatefulSet {
	return &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{
		Namespace: "default", Name: "main", Annotations: map[string]string{operator.InputHashAnnotation: hash},
	}}
}

// writes lists the verbs of the write actions the client saw.
func writes(client *fake.Clientset) []string {
	var out []string
	for _, action := range client.Actions() {
		if verb := action.GetVerb(); verb != "get" && verb != "list" && verb != "watch" {
			out = append(out, verb)
		}
	}
	return out
}

func TestApplyWritesOnlyWhatChanged(t *testing.T) {
	tests := map[string]struct {
		existing    *appsv1.DaemonSet
		desired     *appsv1.DaemonSet
		clear       []string
		wantWrites  []string
		wantMinimum int32
	}{
		"a missing DaemonSet is created": {desired: daemonSet("a"), wantWrites: []string{"create"}, wantMinimum: 1},
		"the same input hash writes nothing": {
			existing: daemonSet("a"), desired: daemonSet("a"), wantMinimum: 1,
		},
		"another input hash updates the spec": {
			existing: daemonSet("a"), desired: daemonSet("bb"), wantWrites: []string{"update"}, wantMinimum: 2,
		},
		"an annotation to clear forces an update": {
			existing: daemonSet("a", "deadline"), desired: daemonSet("a"), clear: []string{"deadline"},
			wantWrites: []string{"update"}, wantMinimum: 1,
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			var objects []runtime.Object
			if test.existing != nil {
				objects = append(objects, test.existing)
			}
			client := fake.NewClientset(objects...)
			daemonSets := client.AppsV1().DaemonSets("default")
			err := Apply(context.Background(), daemonSets, test.desired, test.existing, ApplyOptions{ClearAnnotations: test.clear})
			require.NoError(t, err)
			require.Equal(t, test.wantWrites, writes(client))
			stored, err := daemonSets.Get(context.Background(), "agent", metav1.GetOptions{})
			require.NoError(t, err)
			require.Equal(t, test.wantMinimum, stored.Spec.MinReadySeconds)
			for _, key := range test.clear {
				require.NotContains(t, stored.Annotations, key)
			}
		})
	}
}

func TestApplyRetriesADaemonSetUpdateOnConflict(t *testing.T) {
	existing := daemonSet("a")
	client := fake.NewClientset(existing)
	conflicts := 1
	client.PrependReactor("update", "daemonsets", func(clienttesting.Action) (bool, runtime.Object, error) {
		if conflicts == 0 {
			return false, nil, nil
		}
		conflicts--
		return true, nil, apierrors.NewConflict(schema.GroupResource{Group: "apps", Resource: "daemonsets"}, "agent", nil)
	})
	daemonSets := client.AppsV1().DaemonSets("default")
	require.NoError(t, Apply(context.Background(), daemonSets, daemonSet("bb"), existing, ApplyOptions{}))
	require.Equal(t, []string{"update", "update"}, writes(client), "the conflict is retried")
	stored, err := daemonSets.Get(context.Background(), "agent", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, "bb", stored.Annotations[operator.InputHashAnnotation])
}

func TestApplyDeletesAStatefulSetTheAPIRefusesToUpdate(t *testing.T) {
	existing := statefulSet("a")
	client := fake.NewClientset(existing)
	client.PrependReactor("update", "statefulsets", func(clienttesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewInvalid(schema.GroupKind{Group: "apps", Kind: "StatefulSet"}, "main",
			field.ErrorList{field.Forbidden(field.NewPath("spec"), "updates to statefulset spec are forbidden")})
	})
	recreated := 0
	statefulSets := client.AppsV1().StatefulSets("default")
	err := Apply(context.Background(), statefulSets, statefulSet("b"), existing, ApplyOptions{OnRecreate: func() { recreated++ }})
	require.NoError(t, err)
	require.Equal(t, []string{"update", "delete"}, writes(client))
	require.Equal(t, 1, recreated)
	_, err = statefulSets.Get(context.Background(), "main", metav1.GetOptions{})
	require.True(t, apierrors.IsNotFound(err))
}
