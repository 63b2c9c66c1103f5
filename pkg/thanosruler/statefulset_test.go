// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestStatefulSetObject(t *testing.T) {
	tr := fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Labels = map[string]string{"team": "a"}
		tr.Annotations = map[string]string{"note": "x", "kubectl.kubernetes.io/last-applied-configuration": "{}"}
		tr.Spec.PodMetadata = &monitoringv1.EmbeddedObjectMetadata{
			Labels:      map[string]string{"extra": "yes", "thanos-ruler": "overridden"},
			Annotations: map[string]string{"pod": "annotation"},
		}
	}))
	opts := defaultOptions()
	opts.Config.Labels = map[string]string{"env": "prod"}
	statefulSet, err := StatefulSet(tr, opts)
	require.NoError(t, err)

	assert.Equal(t, "thanos-ruler-example", statefulSet.Name)
	assert.Equal(t, "default", statefulSet.Namespace)
	selector := map[string]string{
		"app.kubernetes.io/name": "thanos-ruler", "app.kubernetes.io/managed-by": "prometheus-operator",
		"app.kubernetes.io/instance": "example", "thanos-ruler": "example", "extra": "yes", "env": "prod",
	}
	assert.Equal(t, selector, statefulSet.Spec.Selector.MatchLabels, "the selector copies the pod labels, podMetadata's included")
	podLabels := map[string]string{"app.kubernetes.io/version": "0.42.4"}
	for key, value := range selector {
		podLabels[key] = value
	}
	assert.Equal(t, podLabels, statefulSet.Spec.Template.Labels)
	assert.Equal(t, map[string]string{"pod": "annotation", "kubectl.kubernetes.io/default-container": "thanos-ruler"}, statefulSet.Spec.Template.Annotations)
	assert.Equal(t, "a", statefulSet.Labels["team"])
	assert.Equal(t, "prometheus-operator", statefulSet.Labels["managed-by"])
	assert.Equal(t, "x", statefulSet.Annotations["note"])
	assert.NotContains(t, statefulSet.Annotations, "kubectl.kubernetes.io/last-applied-configuration")
	assert.NotEmpty(t, statefulSet.Annotations[operator.InputHashAnnotation])
	require.Len(t, statefulSet.OwnerReferences, 1)
	owner := statefulSet.OwnerReferences[0]
	assert.Equal(t, []any{"ThanosRuler", "example", true}, []any{owner.Kind, owner.Name, *owner.Controller})

	spec := statefulSet.Spec
	assert.Equal(t, "thanos-ruler-operated", spec.ServiceName)
	assert.Nil(t, spec.Replicas, "left to the API server's default")
	assert.Equal(t, appsv1.ParallelPodManagement, spec.PodManagementPolicy)
	assert.Equal(t, appsv1.RollingUpdateStatefulSetStrategyType, spec.UpdateStrategy.Type)
	assert.Equal(t, int64(120), *spec.Template.Spec.TerminationGracePeriodSeconds)
	assert.Nil(t, spec.Template.Spec.InitContainers)
}

func TestThanosContainer(t *testing.T) {
	ruler := container(t, build(t, fixtures.ThanosRuler("example", minimalRuler)), ContainerName)
	assert.Equal(t, "quay.io/thanos/thanos:v0.42.4", ruler.Image)
	assert.Equal(t, []corev1.ContainerPort{
		{Name: "grpc", ContainerPort: 10901, Protocol: corev1.ProtocolTCP},
		{Name: "web", ContainerPort: 10902, Protocol: corev1.ProtocolTCP},
	}, ruler.Ports)
	assert.Equal(t, resource.MustParse("200Mi"), ruler.Resources.Requests[corev1.ResourceMemory])
	assert.Equal(t, "POD_NAME", ruler.Env[0].Name)
	assert.Nil(t, ruler.LivenessProbe)
	assert.Nil(t, ruler.ReadinessProbe)
	assert.True(t, *ruler.SecurityContext.ReadOnlyRootFilesystem)

	local := container(t, build(t, fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Spec.ListenLocal = true
		tr.Spec.Image = "example.com/thanos:custom"
		tr.Spec.Resources.Requests = corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("1Gi")}
	}))), ContainerName)
	assert.Equal(t, []corev1.ContainerPort{{Name: "grpc", ContainerPort: 10901, Protocol: corev1.ProtocolTCP}}, local.Ports)
	assert.Equal(t, "example.com/thanos:custom", local.Image)
	assert.Equal(t, resource.MustParse("1Gi"), local.Resources.Requests[corev1.ResourceMemory])

	opts := defaultOptions()
	opts.Config.ThanosDefaultBaseImage = "registry.local/thanos"
	statefulSet, err := StatefulSet(fixtures.ThanosRuler("example", minimalRuler, fixtures.WithVersion("v0.40.1")), opts)
	require.NoError(t, err)
	assert.Equal(t, "registry.local/thanos:v0.40.1", container(t, statefulSet, ContainerName).Image)
	assert.Equal(t, "0.40.1", statefulSet.Spec.Template.Labels["app.kubernetes.io/version"])
}

func TestVolumesAndMounts(t *testing.T) {
	tr := fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Spec.QueryConfig = secretKey("query", "query.yaml")
		tr.Spec.ObjectStorageConfig = secretKey("objstore", "objstore.yaml")
		tr.Spec.Volumes = []corev1.Volume{{Name: "extra", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
		tr.Spec.VolumeMounts = []corev1.VolumeMount{{Name: "extra", MountPath: "/extra"}}
	}))
	opts := defaultOptions()
	opts.RuleConfigMapNames = []string{"thanos-ruler-example-rulefiles-0", "thanos-ruler-example-rulefiles-1"}
	statefulSet, err := StatefulSet(tr, opts)
	require.NoError(t, err)

	var volumeNames []string
	for _, volume := range statefulSet.Spec.Template.Spec.Volumes {
		volumeNames = append(volumeNames, volume.Name)
	}
	assert.Equal(t, []string{
		"remote-write-config", "query-config", "objstorage-config", "tls-assets", "web-config",
		"thanos-ruler-example-rulefiles-0", "thanos-ruler-example-rulefiles-1", "thanos-ruler-example-data", "extra",
	}, volumeNames)
	volumes := statefulSet.Spec.Template.Spec.Volumes
	assert.Equal(t, &corev1.SecretVolumeSource{
		SecretName: "thanos-ruler-example-config", Items: []corev1.KeyToPath{{Key: "remote-write.yaml", Path: "remote-write.yaml"}},
	}, volumes[0].Secret)
	assert.Equal(t, &corev1.SecretVolumeSource{
		SecretName: "query", Items: []corev1.KeyToPath{{Key: "query.yaml", Path: "query.yaml"}},
	}, volumes[1].Secret)
	assert.Equal(t, "thanos-ruler-example-tls-assets-0", volumes[3].Projected.Sources[0].Secret.Name)
	assert.True(t, *volumes[5].ConfigMap.Optional)
	assert.NotNil(t, volumes[7].EmptyDir, "no storage spec: an emptyDir")

	var mounts []string
	for _, mount := range container(t, statefulSet, ContainerName).VolumeMounts {
		mounts = append(mounts, mount.Name+":"+mount.MountPath+":"+mount.SubPath)
	}
	assert.Equal(t, []string{
		"remote-write-config:/etc/thanos/config/remote-write-config:",
		"query-config:/etc/thanos/config/query-config:",
		"objstorage-config:/etc/thanos/config/objstorage-config:",
		"tls-assets:/etc/thanos/certs:",
		"web-config:/etc/thanos/web_config/web-config.yaml:web-config.yaml",
		"thanos-ruler-example-data:/thanos/data:",
		"thanos-ruler-example-rulefiles-0:/etc/thanos/rules/thanos-ruler-example-rulefiles-0:",
		"thanos-ruler-example-rulefiles-1:/etc/thanos/rules/thanos-ruler-example-rulefiles-1:",
		"extra:/extra:",
	}, mounts)
}

func TestConfigReloaderWatchesTheRuleFolders(t *testing.T) {
	opts := defaultOptions()
	opts.RuleConfigMapNames = []string{"thanos-ruler-example-rulefiles-0", "thanos-ruler-example-rulefiles-1"}
	tr := fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Spec.RoutePrefix = "/ruler"
		tr.Spec.Web = &monitoringv1.ThanosRulerWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{
			TLSConfig: &monitoringv1.WebTLSConfig{CertFile: ptr.To("/c"), KeyFile: ptr.To("/k")},
		}}
	}))
	statefulSet, err := StatefulSet(tr, opts)
	require.NoError(t, err)
	reloader := container(t, statefulSet, ReloaderContainerName)
	assert.Equal(t, "quay.io/example/reloader:v1", reloader.Image)
	assert.Contains(t, reloader.Args, "--reload-url=https://localhost:10902/ruler/-/reload")
	assert.Contains(t, reloader.Args, "--web-config-file=/etc/thanos/web_config/web-config.yaml")
	assert.Contains(t, reloader.Args, "--watched-dir=/etc/thanos/rules/thanos-ruler-example-rulefiles-0")
	assert.Contains(t, reloader.Args, "--watched-dir=/etc/thanos/rules/thanos-ruler-example-rulefiles-1")
	for _, arg := range reloader.Args {
		assert.NotContains(t, arg, "--config-file", "the ruler has no configuration file to render")
	}
	assert.Contains(t, reloader.Env, corev1.EnvVar{Name: "SHARD", Value: "-1"})

	opts.RuleConfigMapNames = nil
	withoutRules, err := StatefulSet(fixtures.ThanosRuler("example", minimalRuler), opts)
	require.NoError(t, err)
	assert.Len(t, withoutRules.Spec.Template.Spec.Containers, 1, "no rule ConfigMaps: no reloader")
}

func TestStorage(t *testing.T) {
	claim := monitoringv1.EmbeddedPersistentVolumeClaim{
		EmbeddedObjectMetadata: monitoringv1.EmbeddedObjectMetadata{Name: "rules-data"},
		Spec: corev1.PersistentVolumeClaimSpec{Resources: corev1.VolumeResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")},
		}},
	}
	statefulSet := build(t, fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Spec.Storage = &monitoringv1.StorageSpec{VolumeClaimTemplate: claim}
	})))
	require.Len(t, statefulSet.Spec.VolumeClaimTemplates, 1)
	template := statefulSet.Spec.VolumeClaimTemplates[0]
	assert.Equal(t, "rules-data", template.Name)
	assert.Equal(t, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}, template.Spec.AccessModes)
	assert.Contains(t, container(t, statefulSet, ContainerName).VolumeMounts, corev1.VolumeMount{Name: "rules-data", MountPath: "/thanos/data"})
	for _, volume := range statefulSet.Spec.Template.Spec.Volumes {
		assert.NotEqual(t, "thanos-ruler-example-data", volume.Name, "a claim template replaces the pod volume")
	}

	medium := build(t, fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Spec.Storage = &monitoringv1.StorageSpec{EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory}}
	})))
	for _, volume := range medium.Spec.Template.Spec.Volumes {
		if volume.Name == "thanos-ruler-example-data" {
			assert.Equal(t, corev1.StorageMediumMemory, volume.EmptyDir.Medium)
		}
	}
}

func TestPodLevelFields(t *testing.T) {
	policy := monitoringv1.DNSPolicy("None")
	tr := fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		spec := &tr.Spec
		spec.Replicas = ptr.To(int32(2))
		spec.MinReadySeconds = ptr.To(int32(10))
		spec.PodManagementPolicy = ptr.To(monitoringv1.OrderedReadyPodManagement)
		spec.UpdateStrategy = &monitoringv1.StatefulSetUpdateStrategy{Type: monitoringv1.OnDeleteStatefulSetStrategyType}
		spec.ServiceName = ptr.To("custom")
		spec.NodeSelector = map[string]string{"disk": "ssd"}
		spec.SchedulerName = "custom-scheduler"
		spec.PriorityClassName = "high"
		spec.ServiceAccountName = "ruler"
		spec.TerminationGracePeriodSeconds = ptr.To(int64(30))
		spec.SecurityContext = &corev1.PodSecurityContext{RunAsNonRoot: ptr.To(true)}
		spec.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists}}
		spec.Affinity = &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{}}
		spec.TopologySpreadConstraints = []corev1.TopologySpreadConstraint{{MaxSkew: 1, TopologyKey: "zone"}}
		spec.HostAliases = []monitoringv1.HostAlias{{IP: "10.0.0.1", Hostnames: []string{"a"}}}
		spec.EnableServiceLinks = ptr.To(false)
		spec.HostUsers = ptr.To(false)
		spec.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "pull"}}
		spec.ImagePullPolicy = corev1.PullAlways
		spec.DNSPolicy = &policy
		spec.DNSConfig = &monitoringv1.PodDNSConfig{Nameservers: []string{"1.1.1.1"}, Options: []monitoringv1.PodDNSConfigOption{{Name: "ndots", Value: ptr.To("2")}}}
		spec.InitContainers = []corev1.Container{{Name: "init", Image: "busybox"}}
		spec.Containers = []corev1.Container{{Name: "thanos-ruler", Args: []string{"rule", "--custom"}}, {Name: "sidecar", Image: "x"}}
	}))
	statefulSet := build(t, tr)
	spec := statefulSet.Spec
	assert.Equal(t, int32(2), *spec.Replicas)
	assert.Equal(t, int32(10), spec.MinReadySeconds)
	assert.Equal(t, appsv1.OrderedReadyPodManagement, spec.PodManagementPolicy)
	assert.Equal(t, appsv1.OnDeleteStatefulSetStrategyType, spec.UpdateStrategy.Type)
	assert.Equal(t, "custom", spec.ServiceName)
	pod := spec.Template.Spec
	assert.Equal(t, map[string]string{"disk": "ssd"}, pod.NodeSelector)
	assert.Equal(t, "custom-scheduler", pod.SchedulerName)
	assert.Equal(t, "high", pod.PriorityClassName)
	assert.Equal(t, "ruler", pod.ServiceAccountName)
	assert.Equal(t, int64(30), *pod.TerminationGracePeriodSeconds)
	assert.True(t, *pod.SecurityContext.RunAsNonRoot)
	assert.Equal(t, tr.Spec.Tolerations, pod.Tolerations)
	assert.Equal(t, tr.Spec.Affinity, pod.Affinity)
	assert.Equal(t, tr.Spec.TopologySpreadConstraints, pod.TopologySpreadConstraints)
	assert.Equal(t, []corev1.HostAlias{{IP: "10.0.0.1", Hostnames: []string{"a"}}}, pod.HostAliases)
	assert.False(t, *pod.EnableServiceLinks)
	assert.False(t, *pod.HostUsers)
	assert.Equal(t, tr.Spec.ImagePullSecrets, pod.ImagePullSecrets)
	assert.Equal(t, corev1.DNSNone, pod.DNSPolicy)
	assert.Equal(t, &corev1.PodDNSConfig{Nameservers: []string{"1.1.1.1"}, Options: []corev1.PodDNSConfigOption{{Name: "ndots", Value: ptr.To("2")}}}, pod.DNSConfig)
	assert.Equal(t, tr.Spec.InitContainers, pod.InitContainers)
	require.Len(t, pod.Containers, 3)
	assert.Equal(t, []string{"rule", "--custom"}, pod.Containers[0].Args, "spec.containers patches the generated container")
	assert.Equal(t, corev1.PullAlways, pod.Containers[0].ImagePullPolicy)
	assert.Equal(t, "sidecar", pod.Containers[2].Name)
}

func TestGoverningService(t *testing.T) {
	config := testConfig()
	config.Labels = map[string]string{"env": "prod"}
	service := GoverningService(fixtures.ThanosRuler("example", minimalRuler, fixtures.With(func(tr *monitoringv1.ThanosRuler) { tr.Spec.PortName = "http" })), config)
	assert.Equal(t, "thanos-ruler-operated", service.Name)
	assert.Equal(t, corev1.ClusterIPNone, service.Spec.ClusterIP)
	assert.Equal(t, []corev1.ServicePort{
		{Name: "http", Port: 10902, TargetPort: intstr.FromString("http"), Protocol: corev1.ProtocolTCP},
		{Name: "grpc", Port: 10901, TargetPort: intstr.FromString("grpc"), Protocol: corev1.ProtocolTCP},
	}, service.Spec.Ports)
	assert.Equal(t, map[string]string{"app.kubernetes.io/name": "thanos-ruler"}, service.Spec.Selector)
	assert.Equal(t, "true", service.Labels["operated-thanos-ruler"])
	assert.Equal(t, "prod", service.Labels["env"])
	assert.False(t, service.Spec.PublishNotReadyAddresses)
	require.Len(t, service.OwnerReferences, 1)
	assert.Nil(t, service.OwnerReferences[0].Controller, "shared by the namespace's ThanosRulers")
}

func TestInputHash(t *testing.T) {
	hash := func(tr *monitoringv1.ThanosRuler, opts BuildOptions) string {
		value, err := InputHash(tr, opts)
		require.NoError(t, err)
		return value
	}
	base := hash(fixtures.ThanosRuler("example", minimalRuler), defaultOptions())
	assert.Equal(t, base, hash(fixtures.ThanosRuler("example", minimalRuler), defaultOptions()), "same inputs, same hash")

	reordered := defaultOptions()
	reordered.RuleConfigMapNames = []string{"b", "a"}
	ordered := defaultOptions()
	ordered.RuleConfigMapNames = []string{"a", "b"}
	assert.Equal(t, hash(fixtures.ThanosRuler("example", minimalRuler), ordered), hash(fixtures.ThanosRuler("example", minimalRuler), reordered), "rule ConfigMaps count as a set")

	existing := &appsv1.StatefulSetSpec{RevisionHistoryLimit: ptr.To(int32(3))}
	withExisting := defaultOptions()
	withExisting.ExistingSpec = existing
	tuned := defaultOptions()
	tuned.ExistingSpec = &appsv1.StatefulSetSpec{RevisionHistoryLimit: ptr.To(int32(10))}
	assert.Equal(t, hash(fixtures.ThanosRuler("example", minimalRuler), withExisting), hash(fixtures.ThanosRuler("example", minimalRuler), tuned), "revisionHistoryLimit is not ours")

	for name, change := range map[string]func(*monitoringv1.ThanosRuler, *BuildOptions){
		"a label":        func(tr *monitoringv1.ThanosRuler, _ *BuildOptions) { tr.Labels = map[string]string{"a": "b"} },
		"the spec":       func(tr *monitoringv1.ThanosRuler, _ *BuildOptions) { tr.Spec.LogLevel = "debug" },
		"the generation": func(tr *monitoringv1.ThanosRuler, _ *BuildOptions) { tr.Generation = 2 },
		"a rule ConfigMap": func(_ *monitoringv1.ThanosRuler, o *BuildOptions) {
			o.RuleConfigMapNames = append(o.RuleConfigMapNames, "x")
		},
		"the tls-assets Secrets": func(_ *monitoringv1.ThanosRuler, o *BuildOptions) { o.TLSAssetSecretNames = nil },
		"an edited StatefulSet": func(_ *monitoringv1.ThanosRuler, o *BuildOptions) {
			o.ExistingSpec = &appsv1.StatefulSetSpec{Selector: &metav1.LabelSelector{}}
		},
		"the operator's labels": func(_ *monitoringv1.ThanosRuler, o *BuildOptions) { o.Config.Labels = map[string]string{"x": "y"} },
	} {
		t.Run(name, func(t *testing.T) {
			tr, opts := fixtures.ThanosRuler("example", minimalRuler), defaultOptions()
			change(tr, &opts)
			assert.NotEqual(t, base, hash(tr, opts))
		})
	}
}
