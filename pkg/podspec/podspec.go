// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package podspec holds the pieces of pod and StatefulSet specs that every
// workload kind (Prometheus, Alertmanager, ThanosRuler) builds the same way
// from its custom resource: images, DNS, host aliases, storage and update
// strategy.
package podspec

import (
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// ImageReference picks the image of a container. An explicit image is used
// as it is. Otherwise base is completed, unless it already carries a tag or
// a digest, by the first of: digest (sha), tag, version.
func ImageReference(image, base, version, tag, digest string) (string, error) {
	if strings.TrimSpace(image) != "" {
		return image, nil
	}
	if strings.TrimSpace(base) == "" {
		return "", fmt.Errorf("no image and no base image to build one from")
	}
	if strings.ContainsAny(base, " \t") {
		return "", fmt.Errorf("base image %q is not an image reference", base)
	}
	switch {
	case imageHasTagOrDigest(base):
		return base, nil
	case digest != "":
		return base + "@sha256:" + digest, nil
	case tag != "":
		return base + ":" + tag, nil
	case version == "":
		return "", fmt.Errorf("no version to tag base image %q with", base)
	}
	return base + ":" + version, nil
}

// imageHasTagOrDigest reports whether a reference already names a tag
// ("repo:v1") or a digest ("repo@sha256:..."). A colon before the last slash
// belongs to a registry port ("localhost:5000/repo") and is no tag.
func imageHasTagOrDigest(reference string) bool {
	if strings.Contains(reference, "@") {
		return true
	}
	lastPart := reference[strings.LastIndex(reference, "/")+1:]
	return strings.Contains(lastPart, ":")
}

// HostAliases converts the spec's host aliases.
func HostAliases(aliases []monitoringv1.HostAlias) []corev1.HostAlias {
	if len(aliases) == 0 {
		return nil
	}
	converted := make([]corev1.HostAlias, 0, len(aliases))
	for _, alias := range aliases {
		converted = append(converted, corev1.HostAlias{IP: alias.IP, Hostnames: alias.Hostnames})
	}
	return converted
}

// ApplyDNS sets the pod's DNS policy and configuration: on the host
// network ClusterFirstWithHostNet (so that cluster names still resolve)
// unless the spec picks a policy.
func ApplyDNS(pod *corev1.PodSpec, hostNetwork bool, policy *monitoringv1.DNSPolicy, config *monitoringv1.PodDNSConfig) {
	if hostNetwork {
		pod.DNSPolicy = corev1.DNSClusterFirstWithHostNet
	}
	if policy != nil {
		pod.DNSPolicy = corev1.DNSPolicy(*policy)
	}
	if config != nil {
		dns := &corev1.PodDNSConfig{Nameservers: config.Nameservers, Searches: config.Searches}
		for _, option := range config.Options {
			dns.Options = append(dns.Options, corev1.PodDNSConfigOption{Name: option.Name, Value: option.Value})
		}
		pod.DNSConfig = dns
	}
}

// PodManagementPolicy defaults to Parallel: with OrderedReady a pod stuck on
// a bad configuration blocks the rollout of the fix to the others.
func PodManagementPolicy(policy *monitoringv1.PodManagementPolicyType) appsv1.PodManagementPolicyType {
	if policy == nil {
		return appsv1.ParallelPodManagement
	}
	return appsv1.PodManagementPolicyType(*policy)
}

// UpdateStrategy converts the spec's strategy, RollingUpdate when unset.
func UpdateStrategy(strategy *monitoringv1.StatefulSetUpdateStrategy) appsv1.StatefulSetUpdateStrategy {
	if strategy == nil {
		return appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType}
	}
	converted := appsv1.StatefulSetUpdateStrategy{Type: appsv1.StatefulSetUpdateStrategyType(strategy.Type)}
	if rolling := strategy.RollingUpdate; rolling != nil {
		converted.RollingUpdate = &appsv1.RollingUpdateStatefulSetStrategy{MaxUnavailable: rolling.MaxUnavailable}
	}
	return converted
}

// DataVolume returns the pod volume named name holding a workload's data,
// or, for a volume claim template, nil and the claim template the
// StatefulSet creates per pod.
func DataVolume(storage *monitoringv1.StorageSpec, name string) (*corev1.Volume, *corev1.PersistentVolumeClaim) {
	switch {
	case storage == nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}, nil
	case storage.EmptyDir != nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: storage.EmptyDir}}, nil
	case storage.Ephemeral != nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{Ephemeral: storage.Ephemeral}}, nil
	}
	return nil, VolumeClaimTemplate(storage.VolumeClaimTemplate, name)
}

// VolumeClaimTemplate turns the embedded claim into a StatefulSet claim
// template: named defaultName unless named, ReadWriteOnce unless access
// modes are given. Kind and apiVersion are left out, as the API server
// drops them and keeping them would make every comparison differ.
func VolumeClaimTemplate(embedded monitoringv1.EmbeddedPersistentVolumeClaim, defaultName string) *corev1.PersistentVolumeClaim {
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
		claim.Name = defaultName
	}
	if claim.Spec.AccessModes == nil {
		claim.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
	}
	return claim
}
