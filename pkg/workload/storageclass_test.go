// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"context"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

func claimStorage(class string) *monitoringv1.StorageSpec {
	storage := &monitoringv1.StorageSpec{}
	storage.VolumeClaimTemplate.Spec.StorageClassName = ptr.To(class)
	return storage
}

func TestStorageClassChecker(t *testing.T) {
	client := fake.NewClientset(&storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "fast"}})
	checker := &StorageClassChecker{Client: client.StorageV1(), Logger: slog.New(slog.DiscardHandler)}
	assert.NoError(t, checker.Check(context.Background(), nil))
	assert.NoError(t, checker.Check(context.Background(), claimStorage("fast")))
	assert.ErrorIs(t, checker.Check(context.Background(), claimStorage("missing")), ErrStorageClassNotFound)

	client.PrependReactor("get", "storageclasses", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewForbidden(schema.GroupResource{Group: "storage.k8s.io", Resource: "storageclasses"}, "missing", nil)
	})
	assert.NoError(t, checker.Check(context.Background(), claimStorage("missing")), "unreadable classes are not checked")
}
