// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package controller

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"k8s.io/client-go/tools/cache"
)

// SyncEach runs sync once for each object, in namespace and name order,
// outside any queue, and joins the errors (each prefixed with kind and
// key). Every object is synced even when another fails. It is how the
// offline render drives a controller's real reconcile over fake clients.
func SyncEach(ctx context.Context, kind string, objects []any, sync SyncFunc) error {
	keys := make([]cache.ObjectName, 0, len(objects))
	for _, obj := range objects {
		if meta, ok := ObjectMeta(obj); ok {
			keys = append(keys, cache.NewObjectName(meta.GetNamespace(), meta.GetName()))
		}
	}
	slices.SortFunc(keys, func(a, b cache.ObjectName) int { return strings.Compare(a.String(), b.String()) })
	var errs []error
	for _, key := range keys {
		if err := sync(ctx, key); err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", kind, key, err))
		}
	}
	return errors.Join(errs...)
}
