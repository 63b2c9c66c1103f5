// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package build

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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
	storage := w.common.Storage
	name := DataVolumeName(w.object)
	switch {
	case storage == nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}, nil
	case storage.EmptyDir != nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: storage.EmptyDir}}, nil
	case storage.Ephemeral != nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{Ephemeral: storage.Ephemeral}}, nil
	}
	return nil, w.volumeClaimTemplate()
}

// volumeClaimTemplate turns the embedded claim into a StatefulSet claim
// template: named after the data volume unless named, ReadWriteOnce unless
// access modes are given. Kind and apiVersion are left out, as the API
// server drops them and keeping them would make every comparison differ.
func (w *workload) volumeClaimTemplate() *corev1.PersistentVolumeClaim {
	embedded := w.common.Storage.VolumeClaimTemplate
	claim := &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{
			Name:        embedded.Name,
			Labels:      embedded.Labels,
			Annotations: embedded.Annotations,
		},
		Spec:   embedded.Spec,
		Status: embedded.Status, //nolint:staticcheck // Deprecated, copied for parity.
	}
	if claim.Name == "" {
		claim.Name = DataVolumeName(w.object)
	}
	if claim.Spec.AccessModes == nil {
		claim.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
	}
	return claim
}
