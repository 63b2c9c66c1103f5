// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func withStorage(storage *monitoringv1.StorageSpec) fixtures.Option {
	return fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Storage = storage })
}

func TestStorage(t *testing.T) {
	sizeLimit := resource.MustParse("1Gi")
	claimSpec := corev1.PersistentVolumeClaimSpec{
		StorageClassName: ptrTo("fast"),
		Resources:        corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("50Gi")}},
	}
	tests := map[string]struct {
		storage   *monitoringv1.StorageSpec
		wantMount corev1.VolumeMount
		check     func(t *testing.T, set *appsv1.StatefulSet)
	}{
		"no storage is an emptyDir, mounted without sub-path": {
			wantMount: corev1.VolumeMount{Name: "prometheus-main-db", MountPath: "/prometheus"},
			check: func(t *testing.T, set *appsv1.StatefulSet) {
				assert.Equal(t, &corev1.EmptyDirVolumeSource{}, volume(t, set.Spec.Template.Spec, "prometheus-main-db").EmptyDir)
				assert.Empty(t, set.Spec.VolumeClaimTemplates)
			},
		},
		"an emptyDir is used as given": {
			storage:   &monitoringv1.StorageSpec{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: &sizeLimit}},
			wantMount: corev1.VolumeMount{Name: "prometheus-main-db", MountPath: "/prometheus", SubPath: "prometheus-db"},
			check: func(t *testing.T, set *appsv1.StatefulSet) {
				assert.True(t, volume(t, set.Spec.Template.Spec, "prometheus-main-db").EmptyDir.SizeLimit.Equal(sizeLimit))
			},
		},
		"an ephemeral volume is used as given": {
			storage:   &monitoringv1.StorageSpec{Ephemeral: &corev1.EphemeralVolumeSource{VolumeClaimTemplate: &corev1.PersistentVolumeClaimTemplate{Spec: claimSpec}}},
			wantMount: corev1.VolumeMount{Name: "prometheus-main-db", MountPath: "/prometheus", SubPath: "prometheus-db"},
			check: func(t *testing.T, set *appsv1.StatefulSet) {
				ephemeral := volume(t, set.Spec.Template.Spec, "prometheus-main-db").Ephemeral
				assert.Equal(t, "fast", *ephemeral.VolumeClaimTemplate.Spec.StorageClassName)
			},
		},
		"a claim template gets the default name and ReadWriteOnce": {
			storage: &monitoringv1.StorageSpec{VolumeClaimTemplate: monitoringv1.EmbeddedPersistentVolumeClaim{
				TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
				Spec:     claimSpec,
			}},
			wantMount: corev1.VolumeMount{Name: "prometheus-main-db", MountPath: "/prometheus", SubPath: "prometheus-db"},
			check: func(t *testing.T, set *appsv1.StatefulSet) {
				require.Len(t, set.Spec.VolumeClaimTemplates, 1)
				claim := set.Spec.VolumeClaimTemplates[0]
				assert.Equal(t, "prometheus-main-db", claim.Name)
				assert.Empty(t, claim.APIVersion, "the API server drops it; keeping it would make every comparison differ")
				assert.Equal(t, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}, claim.Spec.AccessModes)
				assert.Equal(t, "fast", *claim.Spec.StorageClassName)
				assert.NotContains(t, volumeNames(set.Spec.Template.Spec.Volumes), "prometheus-main-db", "the claim replaces the pod volume")
			},
		},
		"a named claim template with its own access modes": {
			storage: &monitoringv1.StorageSpec{VolumeClaimTemplate: monitoringv1.EmbeddedPersistentVolumeClaim{
				EmbeddedObjectMetadata: monitoringv1.EmbeddedObjectMetadata{Name: "data", Labels: map[string]string{"backup": "yes"}},
				Spec:                   corev1.PersistentVolumeClaimSpec{AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOncePod}},
			}},
			wantMount: corev1.VolumeMount{Name: "data", MountPath: "/prometheus", SubPath: "prometheus-db"},
			check: func(t *testing.T, set *appsv1.StatefulSet) {
				claim := set.Spec.VolumeClaimTemplates[0]
				assert.Equal(t, "data", claim.Name)
				assert.Equal(t, map[string]string{"backup": "yes"}, claim.Labels)
				assert.Equal(t, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOncePod}, claim.Spec.AccessModes)
			},
		},
		"the deprecated disableMountSubPath mounts the volume root": {
			storage:   &monitoringv1.StorageSpec{DisableMountSubPath: true, EmptyDir: &corev1.EmptyDirVolumeSource{}},
			wantMount: corev1.VolumeMount{Name: "prometheus-main-db", MountPath: "/prometheus"},
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			set := buildStatefulSet(t, fixtures.Prometheus("main", withStorage(test.storage)))
			assert.Contains(t, container(t, set.Spec.Template.Spec, PrometheusContainerName).VolumeMounts, test.wantMount)
			if test.check != nil {
				test.check(t, set)
			}
		})
	}
}

func TestClaimRetentionPolicyIsCopied(t *testing.T) {
	policy := &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{
		WhenDeleted: appsv1.DeletePersistentVolumeClaimRetentionPolicyType,
		WhenScaled:  appsv1.RetainPersistentVolumeClaimRetentionPolicyType,
	}
	p := fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.PersistentVolumeClaimRetentionPolicy = policy }))
	assert.Equal(t, policy, buildStatefulSet(t, p).Spec.PersistentVolumeClaimRetentionPolicy)
}
