// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package workload

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	storagev1client "k8s.io/client-go/kubernetes/typed/storage/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// ReasonStorageClassNotFound is the Reconciled reason of a workload whose
// storage names a missing storage class.
const ReasonStorageClassNotFound = "StorageClassNotFound"

// ErrStorageClassNotFound marks a storage class named by spec.storage that
// does not exist.
var ErrStorageClassNotFound = errors.New("storage class not found")

// StorageClassChecker makes sure that the storage classes a workload's
// volume claims name exist: a claim naming a missing class stays Pending
// forever, and so would the pods. An operator not allowed to read storage
// classes skips the check (and says so once). Share one checker per
// controller.
type StorageClassChecker struct {
	Client storagev1client.StorageClassesGetter
	Logger *slog.Logger
	// unreadable is set once reading a storage class was forbidden.
	unreadable atomic.Bool
}

// Check returns an error wrapping ErrStorageClassNotFound when a class
// storage names is missing, another error when it cannot be read.
func (s *StorageClassChecker) Check(ctx context.Context, storage *monitoringv1.StorageSpec) error {
	for _, name := range StorageClassNames(storage) {
		_, err := s.Client.StorageClasses().Get(ctx, name, metav1.GetOptions{})
		switch {
		case err == nil:
		case apierrors.IsForbidden(err):
			if s.unreadable.CompareAndSwap(false, true) && s.Logger != nil {
				s.Logger.Warn("not allowed to read storage classes: their existence is not checked", "err", err)
			}
			return nil
		case apierrors.IsNotFound(err):
			return fmt.Errorf("%w: storage class %q named by spec.storage does not exist: no StatefulSet is changed until it does",
				ErrStorageClassNotFound, name)
		default:
			return fmt.Errorf("read storage class %q: %w", name, err)
		}
	}
	return nil
}

// StorageClassNames returns the storage classes the volume claims of
// storage name explicitly.
func StorageClassNames(storage *monitoringv1.StorageSpec) []string {
	if storage == nil {
		return nil
	}
	var names []string
	if name := storage.VolumeClaimTemplate.Spec.StorageClassName; name != nil && *name != "" {
		names = append(names, *name)
	}
	if ephemeral := storage.Ephemeral; ephemeral != nil && ephemeral.VolumeClaimTemplate != nil {
		if name := ephemeral.VolumeClaimTemplate.Spec.StorageClassName; name != nil && *name != "" {
			names = append(names, *name)
		}
	}
	return names
}
