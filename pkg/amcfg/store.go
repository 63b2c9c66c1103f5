// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
)

// Store gives the generator the values of the Secret and ConfigMap keys
// that objects refer to: the shared assets.KeyReader, implemented by the
// controller's asset store (and assets.MapStore in tests).
type Store = assets.KeyReader

// MapStore is a Store backed by maps keyed "<namespace>/<name>", then by key.
type MapStore = assets.MapStore

// TLSAsset is one file of the tls-assets Secret that the configuration
// refers to: the controller writes Data under Key (in TLSAssetsDir).
type TLSAsset = assets.TLSAsset
