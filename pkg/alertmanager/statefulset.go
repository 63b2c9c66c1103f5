// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"path"
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// Pod defaults, as upstream applies them.
const (
	defaultTerminationGracePeriod = int64(120)
	defaultMemoryRequest          = "200Mi"
)

// BuildOptions are what the StatefulSet is built from besides the
// Alertmanager itself.
type BuildOptions struct {
	// Config is the operator's configuration (labels, images, reloader).
	Config *operator.Config
	// TLSAssetSecretNames are the shards of the tls-assets Secret.
	TLSAssetSecretNames []string
	// ExistingSpec is the spec of the StatefulSet in the cluster, if any;
	// it is part of the input hash so that an edited StatefulSet is put back.
	ExistingSpec *appsv1.StatefulSetSpec
}

// builder holds what building one StatefulSet needs.
type builder struct {
	am      *monitoringv1.Alertmanager
	config  *operator.Config
	version version.Target
	opts    BuildOptions
}

func newBuilder(am *monitoringv1.Alertmanager, opts BuildOptions) (*builder, error) {
	if opts.Config == nil {
		return nil, fmt.Errorf("no operator configuration")
	}
	target, err := version.Alertmanager.Parse(am.Spec.Version)
	if err != nil {
		return nil, fmt.Errorf("spec.version: %w", err)
	}
	return &builder{am: am, config: opts.Config, version: target, opts: opts}, nil
}

// supports reports whether the target Alertmanager version is at least minimum.
func (b *builder) supports(minimum string) bool { return b.version.Supports(minimum) }

// replicas is spec.replicas: one when unset, zero when negative.
func (b *builder) replicas() int32 {
	replicas := ptr.Deref(b.am.Spec.Replicas, 1)
	return max(replicas, 0)
}

func (b *builder) serviceName() string {
	return ptr.Deref(b.am.Spec.ServiceName, GoverningServiceName)
}

func (b *builder) routePrefix() string { return valueOr(b.am.Spec.RoutePrefix, "/") }

func (b *builder) portName() string { return valueOr(b.am.Spec.PortName, defaultPortName) }

// webTLS reports whether the web server serves HTTPS.
func (b *builder) webTLS() bool {
	return b.am.Spec.Web != nil && b.am.Spec.Web.TLSConfig != nil && b.supports("0.22.0")
}

// MakeStatefulSet builds the StatefulSet of an Alertmanager. It is pure: it
// reads nothing from the API.
func MakeStatefulSet(am *monitoringv1.Alertmanager, opts BuildOptions) (*appsv1.StatefulSet, error) {
	b, err := newBuilder(am, opts)
	if err != nil {
		return nil, err
	}
	template, claims, err := b.podTemplate()
	if err != nil {
		return nil, err
	}
	spec := am.Spec
	statefulSet := &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{
			Name:            StatefulSetName(am),
			Namespace:       am.Namespace,
			Labels:          objectmeta.MergeMaps(am.Labels, b.config.Labels, SelectorLabels(am)),
			Annotations:     objectmeta.MergeMaps(objectmeta.WithoutKeyPrefix(am.Annotations, "kubectl.kubernetes.io/"), b.config.Annotations),
			OwnerReferences: controllerReference(am),
		},
		Spec: appsv1.StatefulSetSpec{
			Replicas:                             ptr.To(b.replicas()),
			ServiceName:                          b.serviceName(),
			Selector:                             &metav1.LabelSelector{MatchLabels: objectmeta.MergeMaps(b.config.Labels, SelectorLabels(am))},
			Template:                             template,
			VolumeClaimTemplates:                 claims,
			PodManagementPolicy:                  podspec.PodManagementPolicy(spec.PodManagementPolicy),
			UpdateStrategy:                       podspec.UpdateStrategy(spec.UpdateStrategy),
			MinReadySeconds:                      ptr.Deref(spec.MinReadySeconds, 0),
			PersistentVolumeClaimRetentionPolicy: spec.PersistentVolumeClaimRetentionPolicy,
		},
	}
	hash, err := inputHash(am, b.config, opts)
	if err != nil {
		return nil, err
	}
	statefulSet.Annotations = objectmeta.MergeMaps(statefulSet.Annotations, map[string]string{operator.InputHashAnnotation: hash})
	return statefulSet, nil
}

// podTemplate builds the pod template and the volume claim templates.
func (b *builder) podTemplate() (corev1.PodTemplateSpec, []corev1.PersistentVolumeClaim, error) {
	spec := b.am.Spec
	volumes, err := b.volumes()
	if err != nil {
		return corev1.PodTemplateSpec{}, nil, err
	}
	containers, initContainers, err := b.containers(volumes)
	if err != nil {
		return corev1.PodTemplateSpec{}, nil, err
	}
	podLabels := map[string]string{versionLabel: b.version.String()}
	var podAnnotations map[string]string
	if metadata := spec.PodMetadata; metadata != nil {
		podLabels = objectmeta.MergeMaps(podLabels, metadata.Labels)
		podAnnotations = metadata.Annotations
	}
	template := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{
			Labels:      objectmeta.MergeMaps(podLabels, SelectorLabels(b.am), b.config.Labels),
			Annotations: objectmeta.MergeMaps(podAnnotations, map[string]string{operator.DefaultContainerAnnot: ContainerName}),
		},
		Spec: corev1.PodSpec{
			Containers:                    containers,
			InitContainers:                initContainers,
			Volumes:                       volumes.pod,
			ServiceAccountName:            spec.ServiceAccountName,
			AutomountServiceAccountToken:  spec.AutomountServiceAccountToken,
			NodeSelector:                  spec.NodeSelector,
			PriorityClassName:             spec.PriorityClassName,
			SchedulerName:                 spec.SchedulerName,
			TerminationGracePeriodSeconds: ptr.To(ptr.Deref(spec.TerminationGracePeriodSeconds, defaultTerminationGracePeriod)),
			Tolerations:                   spec.Tolerations,
			Affinity:                      spec.Affinity,
			TopologySpreadConstraints:     spec.TopologySpreadConstraints,
			SecurityContext:               spec.SecurityContext,
			ImagePullSecrets:              spec.ImagePullSecrets,
			HostNetwork:                   spec.HostNetwork,
			HostUsers:                     spec.HostUsers,
			EnableServiceLinks:            spec.EnableServiceLinks,
			HostAliases:                   podspec.HostAliases(spec.HostAliases),
		},
	}
	podspec.ApplyDNS(&template.Spec, spec.HostNetwork, spec.DNSPolicy, spec.DNSConfig)
	return template, volumes.claims, nil
}

// containers builds the alertmanager and config-reloader containers and
// the init container, then lays spec.containers and spec.initContainers
// over them.
func (b *builder) containers(volumes *podVolumes) ([]corev1.Container, []corev1.Container, error) {
	alertmanager, err := b.alertmanagerContainer(volumes)
	if err != nil {
		return nil, nil, err
	}
	reloader, err := b.reloaderContainer(volumes, false)
	if err != nil {
		return nil, nil, err
	}
	initReloader, err := b.reloaderContainer(volumes, true)
	if err != nil {
		return nil, nil, err
	}
	containers, err := podspec.MergeContainers([]corev1.Container{alertmanager, reloader}, b.am.Spec.Containers)
	if err != nil {
		return nil, nil, fmt.Errorf("spec.containers: %w", err)
	}
	initContainers, err := podspec.MergeContainers([]corev1.Container{initReloader}, b.am.Spec.InitContainers)
	if err != nil {
		return nil, nil, fmt.Errorf("spec.initContainers: %w", err)
	}
	return containers, initContainers, nil
}

// alertmanagerContainer builds the Alertmanager container.
func (b *builder) alertmanagerContainer(volumes *podVolumes) (corev1.Container, error) {
	spec := b.am.Spec
	image, err := b.image()
	if err != nil {
		return corev1.Container{}, err
	}
	args, err := b.alertmanagerArgs()
	if err != nil {
		return corev1.Container{}, err
	}
	resources := *spec.Resources.DeepCopy()
	if _, ok := resources.Requests[corev1.ResourceMemory]; !ok {
		if resources.Requests == nil {
			resources.Requests = corev1.ResourceList{}
		}
		resources.Requests[corev1.ResourceMemory] = resource.MustParse(defaultMemoryRequest)
	}
	env := []corev1.EnvVar{fieldEnv(podIPEnvVar, "status.podIP")}
	if b.supports("0.30.0") {
		env = append(env, fieldEnv(podNameEnvVar, "metadata.name"))
	}
	container := corev1.Container{
		Name:                     ContainerName,
		Image:                    image,
		ImagePullPolicy:          spec.ImagePullPolicy,
		Args:                     args,
		Ports:                    b.ports(),
		Env:                      env,
		Resources:                resources,
		VolumeMounts:             volumes.alertmanager,
		TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		SecurityContext:          podspec.RestrictedSecurityContext(),
	}
	if !spec.ListenLocal {
		container.LivenessProbe = b.probe("/-/healthy", 0, 0)
		container.ReadinessProbe = b.probe("/-/ready", 3, 5)
	}
	return container, nil
}

// ports are the web port (unless Alertmanager listens on localhost only)
// and the gossip ports.
func (b *builder) ports() []corev1.ContainerPort {
	var ports []corev1.ContainerPort
	if !b.am.Spec.ListenLocal {
		ports = append(ports, corev1.ContainerPort{Name: b.portName(), ContainerPort: webPort, Protocol: corev1.ProtocolTCP})
	}
	return append(ports,
		corev1.ContainerPort{Name: meshTCPPortName, ContainerPort: meshPort, Protocol: corev1.ProtocolTCP},
		corev1.ContainerPort{Name: meshUDPPortName, ContainerPort: meshPort, Protocol: corev1.ProtocolUDP},
	)
}

// probe is an HTTP probe of one endpoint under the route prefix.
func (b *builder) probe(endpoint string, initialDelay, period int32) *corev1.Probe {
	scheme := corev1.URISchemeHTTP
	if b.webTLS() {
		scheme = corev1.URISchemeHTTPS
	}
	return &corev1.Probe{
		ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{
			Path: path.Clean(b.routePrefix() + endpoint), Port: intstr.FromString(b.portName()), Scheme: scheme,
		}},
		InitialDelaySeconds: initialDelay,
		PeriodSeconds:       period,
		TimeoutSeconds:      3,
		FailureThreshold:    10,
	}
}

// image is spec.image, or the base image (spec.baseImage or the operator's
// default) tagged with spec.sha, spec.tag or the version.
func (b *builder) image() (string, error) {
	spec := b.am.Spec
	base := valueOr(spec.BaseImage, b.config.AlertmanagerDefaultBaseImage)                                 //nolint:staticcheck // Deprecated field, still honoured.
	return podspec.ImageReference(ptr.Deref(spec.Image, ""), base, b.version.String(), spec.Tag, spec.SHA) //nolint:staticcheck // Deprecated fields, still honoured.
}

func fieldEnv(name, fieldPath string) corev1.EnvVar {
	return corev1.EnvVar{Name: name, ValueFrom: &corev1.EnvVarSource{
		FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: fieldPath},
	}}
}

// inputHash digests everything the StatefulSet is built from, so that an
// unchanged input skips the update.
func inputHash(am *monitoringv1.Alertmanager, config *operator.Config, opts BuildOptions) (string, error) {
	var http2 *bool
	if am.Spec.Web != nil && am.Spec.Web.HTTPConfig != nil {
		http2 = am.Spec.Web.HTTPConfig.HTTP2
	}
	existing := objectmeta.WithoutRevisionHistoryLimit(opts.ExistingSpec)
	encoded, err := json.Marshal([]any{am.Labels, am.Annotations, am.Generation, http2, config, existing, opts.TLSAssetSecretNames})
	if err != nil {
		return "", fmt.Errorf("input hash: %w", err)
	}
	hash := fnv.New64a()
	_, _ = hash.Write(encoded)
	return strconv.FormatUint(hash.Sum64(), 10), nil
}
