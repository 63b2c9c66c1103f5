// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"fmt"
	"log/slog"
	"path"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// BuildOptions are the inputs of StatefulSet besides the ThanosRuler.
type BuildOptions struct {
	// Config is the operator configuration (--labels, images, reloader).
	Config *operator.Config
	// RuleConfigMapNames are the rule ConfigMaps to mount, at least one.
	RuleConfigMapNames []string
	// TLSAssetSecretNames are the tls-assets Secrets, projected into one volume.
	TLSAssetSecretNames []string
	// ExistingSpec is the stored StatefulSet's spec, part of the input hash
	// so that an edited StatefulSet is put back.
	ExistingSpec *appsv1.StatefulSetSpec
	// ReferencedSecretsHash digests the Secret keys the flags point at
	// (query, alertmanagers, object storage, tracing, alert relabelling);
	// set, it annotates the pods so that they restart when one changes.
	ReferencedSecretsHash string
	// Logger receives the warnings about fields the Thanos version lacks;
	// nil discards them.
	Logger *slog.Logger
}

// StatefulSet builds the StatefulSet "thanos-ruler-<name>" of tr. It
// touches no API; the input hash in its annotations lets the caller skip
// updates that would change nothing.
func StatefulSet(tr *monitoringv1.ThanosRuler, opts BuildOptions) (*appsv1.StatefulSet, error) {
	if err := checkSpec(tr); err != nil {
		return nil, err
	}
	target, err := version.Thanos.Parse(ptr.Deref(tr.Spec.Version, ""))
	if err != nil {
		return nil, fmt.Errorf("spec.version: %w", err)
	}
	template, selector, err := podTemplate(tr, target, opts)
	if err != nil {
		return nil, err
	}
	spec := appsv1.StatefulSetSpec{
		ServiceName:         ptr.Deref(tr.Spec.ServiceName, GoverningServiceName),
		Replicas:            tr.Spec.Replicas,
		MinReadySeconds:     ptr.Deref(tr.Spec.MinReadySeconds, 0),
		PodManagementPolicy: podspec.PodManagementPolicy(tr.Spec.PodManagementPolicy),
		UpdateStrategy:      podspec.UpdateStrategy(tr.Spec.UpdateStrategy),
		Selector:            selector,
		Template:            template,
	}
	volume, claim := podspec.DataVolume(tr.Spec.Storage, dataVolumeName(tr))
	if volume != nil {
		spec.Template.Spec.Volumes = append(spec.Template.Spec.Volumes, *volume)
	}
	if claim != nil {
		spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{*claim}
	}
	spec.Template.Spec.Volumes = append(spec.Template.Spec.Volumes, tr.Spec.Volumes...)

	hash, err := InputHash(tr, opts)
	if err != nil {
		return nil, err
	}
	logWarnings(opts.Logger, tr, target)
	return &appsv1.StatefulSet{ObjectMeta: statefulSetMetadata(tr, opts.Config, selector, hash), Spec: spec}, nil
}

// podTemplate builds the pods' template and their selector.
func podTemplate(tr *monitoringv1.ThanosRuler, target version.Target, opts BuildOptions) (corev1.PodTemplateSpec, *metav1.LabelSelector, error) {
	config := opts.Config
	managed, files := rulerArgs(tr, target)
	volumes := append([]corev1.Volume{}, files.volumes...)
	mounts := append([]corev1.VolumeMount{}, files.mounts...)
	volumes = append(volumes, assets.TLSAssetsVolume(opts.TLSAssetSecretNames))
	mounts = append(mounts, corev1.VolumeMount{Name: assets.TLSAssetsVolumeName, ReadOnly: true, MountPath: tlsAssetsDir})

	args, err := podspec.RenderArgs(managed, tr.Spec.AdditionalArgs)
	if err != nil {
		return corev1.PodTemplateSpec{}, nil, fmt.Errorf("spec.additionalArgs: %w", err)
	}
	args = append([]string{"rule"}, args...)

	var containers []corev1.Container
	if len(opts.RuleConfigMapNames) > 0 {
		webConfigFile := ""
		var webMounts []corev1.VolumeMount
		if target.AtLeast(webConfigMinimumVersion).Check("web") {
			webVolumes, mounted, err := webConfigLayout(tr).Volumes(webTLS(tr))
			if err != nil {
				return corev1.PodTemplateSpec{}, nil, err
			}
			args = append(args, "--http.config="+webConfigFilePath)
			volumes, mounts, webMounts, webConfigFile = append(volumes, webVolumes...), append(mounts, mounted...), mounted, webConfigFilePath
		}
		reloader, err := reloaderContainer(tr, target, config, webConfigFile, webMounts, opts.RuleConfigMapNames)
		if err != nil {
			return corev1.PodTemplateSpec{}, nil, err
		}
		containers = append(containers, reloader)
	}
	mounts = append(mounts, corev1.VolumeMount{Name: mountedDataVolumeName(tr), MountPath: storageDir})
	for _, name := range opts.RuleConfigMapNames {
		volumes = append(volumes, corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: name}, Optional: ptr.To(true),
		}}})
		mounts = append(mounts, corev1.VolumeMount{Name: name, MountPath: path.Join(rulesDir, name), ReadOnly: true})
	}
	mounts = append(mounts, tr.Spec.VolumeMounts...)

	image, err := podspec.ImageReference(tr.Spec.Image, valueOr(config.ThanosDefaultBaseImage, operator.DefaultThanosBaseImage), target.String(), "", "")
	if err != nil {
		return corev1.PodTemplateSpec{}, nil, fmt.Errorf("image: %w", err)
	}
	ruler := rulerContainer(tr, image, args, mounts)
	merged, err := podspec.MergeContainers(append([]corev1.Container{ruler}, containers...), tr.Spec.Containers)
	if err != nil {
		return corev1.PodTemplateSpec{}, nil, fmt.Errorf("merge spec.containers: %w", err)
	}
	metadata, selector := podMetadata(tr, config, target)
	if opts.ReferencedSecretsHash != "" {
		metadata.Annotations[ReferencedSecretsHashAnnotation] = opts.ReferencedSecretsHash
	}
	return corev1.PodTemplateSpec{ObjectMeta: metadata, Spec: podSpec(tr, merged, volumes)}, selector, nil
}

// rulerContainer is the Thanos container.
func rulerContainer(tr *monitoringv1.ThanosRuler, image string, args []string, mounts []corev1.VolumeMount) corev1.Container {
	ports := []corev1.ContainerPort{{Name: grpcPortName, ContainerPort: grpcPort, Protocol: corev1.ProtocolTCP}}
	if !tr.Spec.ListenLocal {
		ports = append(ports, corev1.ContainerPort{Name: portName(tr), ContainerPort: httpPort, Protocol: corev1.ProtocolTCP})
	}
	resources := *tr.Spec.Resources.DeepCopy()
	if _, set := resources.Requests[corev1.ResourceMemory]; !set {
		if resources.Requests == nil {
			resources.Requests = corev1.ResourceList{}
		}
		resources.Requests[corev1.ResourceMemory] = resource.MustParse(defaultMemoryRequest)
	}
	return corev1.Container{
		Name:                     ContainerName,
		Image:                    image,
		ImagePullPolicy:          tr.Spec.ImagePullPolicy,
		Args:                     args,
		Env:                      []corev1.EnvVar{podNameEnv()},
		VolumeMounts:             mounts,
		Resources:                resources,
		Ports:                    ports,
		TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		SecurityContext:          podspec.RestrictedSecurityContext(),
	}
}

// podSpec lays out the pod-level fields of the spec.
func podSpec(tr *monitoringv1.ThanosRuler, containers []corev1.Container, volumes []corev1.Volume) corev1.PodSpec {
	spec := &tr.Spec
	pod := corev1.PodSpec{
		NodeSelector:                  spec.NodeSelector,
		SchedulerName:                 spec.SchedulerName,
		PriorityClassName:             spec.PriorityClassName,
		ServiceAccountName:            spec.ServiceAccountName,
		TerminationGracePeriodSeconds: ptr.To(ptr.Deref(spec.TerminationGracePeriodSeconds, defaultTerminationGracePeriodSeconds)),
		Containers:                    containers,
		InitContainers:                spec.InitContainers,
		Volumes:                       volumes,
		SecurityContext:               spec.SecurityContext,
		Tolerations:                   spec.Tolerations,
		Affinity:                      spec.Affinity,
		TopologySpreadConstraints:     spec.TopologySpreadConstraints,
		HostAliases:                   podspec.HostAliases(spec.HostAliases),
		EnableServiceLinks:            spec.EnableServiceLinks,
		HostUsers:                     spec.HostUsers,
	}
	if len(spec.ImagePullSecrets) > 0 {
		pod.ImagePullSecrets = spec.ImagePullSecrets
	}
	podspec.ApplyDNS(&pod, false, spec.DNSPolicy, spec.DNSConfig)
	return pod
}

// podMetadata returns the pods' labels and annotations, and their
// selector. As upstream, the selector is a copy of the pod labels without
// the version: podMetadata labels, under the operator's --labels, under the
// selector labels.
func podMetadata(tr *monitoringv1.ThanosRuler, config *operator.Config, target version.Target) (metav1.ObjectMeta, *metav1.LabelSelector) {
	var userLabels, userAnnotations map[string]string
	if metadata := tr.Spec.PodMetadata; metadata != nil {
		userLabels, userAnnotations = metadata.Labels, metadata.Annotations
	}
	selector := objectmeta.MergeMaps(userLabels, config.Labels, SelectorLabels(tr))
	return metav1.ObjectMeta{
		Labels:      objectmeta.MergeMaps(selector, map[string]string{appVersionLabel: target.Semver().String()}),
		Annotations: objectmeta.MergeMaps(userAnnotations, map[string]string{operator.DefaultContainerAnnot: ContainerName}),
	}, &metav1.LabelSelector{MatchLabels: selector}
}

// statefulSetMetadata returns the StatefulSet's metadata: the ThanosRuler's
// labels, the selector and the operator's --labels; its annotations and
// --annotations without kubectl's, and the input hash.
func statefulSetMetadata(tr *monitoringv1.ThanosRuler, config *operator.Config, selector *metav1.LabelSelector, hash string) metav1.ObjectMeta {
	annotations := objectmeta.WithoutKeyPrefix(objectmeta.MergeMaps(tr.Annotations, config.Annotations), "kubectl.kubernetes.io/")
	return metav1.ObjectMeta{
		Name:      StatefulSetName(tr),
		Namespace: tr.Namespace,
		Labels: objectmeta.MergeMaps(
			map[string]string{operator.ManagedByLabel: operator.ManagedByValue, operator.ManagedByRecommended: operator.ManagedByValue},
			tr.Labels, selector.MatchLabels, config.Labels,
		),
		Annotations:     objectmeta.MergeMaps(annotations, map[string]string{operator.InputHashAnnotation: hash}),
		OwnerReferences: []metav1.OwnerReference{objectmeta.ControllerReference(tr, GroupVersionKind)},
	}
}

// logWarnings logs the fields the Thanos version made the builder drop.
func logWarnings(logger *slog.Logger, tr *monitoringv1.ThanosRuler, target version.Target) {
	if logger == nil {
		return
	}
	for _, warning := range target.Warnings().List() {
		logger.Warn(warning.String(), "namespace", tr.Namespace, "thanosruler", tr.Name)
	}
}
