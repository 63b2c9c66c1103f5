// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
)

// storageSubPath is the folder of the data volume Prometheus uses, so that
// file system artefacts at the volume's root (lost+found) stay out of the TSDB.
const storageSubPath = "prometheus-db"

// dataSubPath returns the sub-path the data volume is mounted with: none
// without a storage spec or with the deprecated disableMountSubPath.
func (w *workload) dataSubPath() string {
	storage := w.common.Storage
	if storage == nil || storage.DisableMountSubPath { //nolint:staticcheck // Deprecated field, still honoured.
		return ""
	}
	return storageSubPath
}

// dataVolumeMount mounts the data volume at StorageDir.
func (w *workload) dataVolumeMount() corev1.VolumeMount {
	return corev1.VolumeMount{Name: DataVolumeClaimName(w.object), MountPath: StorageDir, SubPath: w.dataSubPath()}
}

// dataVolume returns the pod volume holding the data, or, for a volume claim
// template, nil and the claim template the StatefulSet creates per pod.
func (w *workload) dataVolume() (*corev1.Volume, *corev1.PersistentVolumeClaim) {
	return podspec.DataVolume(w.common.Storage, DataVolumeName(w.object))
}
