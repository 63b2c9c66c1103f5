// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// StorageSpec chooses the volume a workload keeps its data on. With nothing
// set, an emptyDir volume is used.
type StorageSpec struct {
	// DisableMountSubPath mounts the volume at its root instead of a sub-path.
	//
	// Deprecated: kept for compatibility; sub-paths are no longer used.
	// +optional
	DisableMountSubPath bool `json:"disableMountSubPath,omitempty"`
	// EmptyDir is an emptyDir volume; it excludes the other sources.
	// +optional
	EmptyDir *corev1.EmptyDirVolumeSource `json:"emptyDir,omitempty"`
	// Ephemeral is a generic ephemeral volume; it excludes the other sources.
	// +optional
	Ephemeral *corev1.EphemeralVolumeSource `json:"ephemeral,omitempty"`
	// VolumeClaimTemplate becomes the StatefulSet's persistent volume claim template.
	// +optional
	VolumeClaimTemplate EmbeddedPersistentVolumeClaim `json:"volumeClaimTemplate,omitzero"`
}

// EmbeddedPersistentVolumeClaim is a PersistentVolumeClaim embedded in a
// resource, with only the metadata fields that make sense there.
type EmbeddedPersistentVolumeClaim struct {
	metav1.TypeMeta `json:",inline"`

	// EmbeddedObjectMetadata is the claim's metadata.
	// +optional
	EmbeddedObjectMetadata `json:"metadata,omitzero"`

	// Spec is the desired claim.
	// +optional
	Spec corev1.PersistentVolumeClaimSpec `json:"spec,omitzero"`

	// Status is kept only for compatibility; it is ignored.
	//
	// Deprecated: has no effect.
	// +optional
	Status corev1.PersistentVolumeClaimStatus `json:"status,omitzero"`
}

// HostAlias adds an entry to a pod's /etc/hosts.
type HostAlias struct {
	// IP address of the entry.
	// +required
	IP string `json:"ip"`
	// Hostnames that resolve to IP.
	// +required
	Hostnames []string `json:"hostnames"`
}

// DNSPolicy is the DNS policy of a pod.
//
// +kubebuilder:validation:Enum=ClusterFirstWithHostNet;ClusterFirst;Default;None
type DNSPolicy string

// PodDNSConfig sets DNS options of a pod, merged with those DNSPolicy produces.
type PodDNSConfig struct {
	// Nameservers are name server IP addresses.
	// +listType=set
	// +kubebuilder:validation:items:MinLength:=1
	// +optional
	Nameservers []string `json:"nameservers,omitempty"`
	// Searches are DNS search domains.
	// +listType=set
	// +kubebuilder:validation:items:MinLength:=1
	// +optional
	Searches []string `json:"searches,omitempty"`
	// Options are resolver options.
	// +listType=map
	// +listMapKey=name
	// +optional
	Options []PodDNSConfigOption `json:"options,omitempty"`
}

// PodDNSConfigOption is one resolver option.
type PodDNSConfigOption struct {
	// Name of the option.
	// +kubebuilder:validation:MinLength=1
	// +required
	Name string `json:"name"`
	// Value of the option, if it takes one.
	// +optional
	Value *string `json:"value,omitempty"`
}
