// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
)

func TestStatefulSetSpecDefaults(t *testing.T) {
	set := buildStatefulSet(t, fixtures.Prometheus("main"))
	spec := set.Spec
	pod := spec.Template.Spec

	assert.Equal(t, "prometheus-operated", spec.ServiceName)
	assert.Equal(t, int32(1), *spec.Replicas)
	assert.Equal(t, appsv1.ParallelPodManagement, spec.PodManagementPolicy)
	assert.Equal(t, appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType}, spec.UpdateStrategy)
	assert.Zero(t, spec.MinReadySeconds)
	assert.Nil(t, spec.PersistentVolumeClaimRetentionPolicy)

	assert.Equal(t, int64(600), *pod.TerminationGracePeriodSeconds)
	assert.True(t, *pod.AutomountServiceAccountToken)
	assert.False(t, *pod.ShareProcessNamespace)
	assert.Empty(t, pod.DNSPolicy)
	assert.Nil(t, pod.ImagePullSecrets)
	assert.Equal(t, []string{"prometheus", "config-reloader"}, containerNames(pod.Containers))
	assert.Equal(t, []string{"init-config-reloader"}, containerNames(pod.InitContainers))

	prometheus := container(t, pod, PrometheusContainerName)
	assert.Equal(t, "quay.io/prometheus/prometheus:v3.13.2", prometheus.Image)
	assert.Equal(t, corev1.TerminationMessageFallbackToLogsOnError, prometheus.TerminationMessagePolicy)
	assert.Equal(t, podspec.RestrictedSecurityContext(), prometheus.SecurityContext)
	assert.True(t, *prometheus.SecurityContext.ReadOnlyRootFilesystem)
	assert.Equal(t, []corev1.Capability{"ALL"}, prometheus.SecurityContext.Capabilities.Drop)
}

func TestPodLevelFieldsFromSpec(t *testing.T) {
	policy := monitoringv1.OrderedReadyPodManagement
	dnsPolicy := monitoringv1.DNSPolicy("None")
	signal := monitoringv1.ProcessSignalReloadStrategyType
	onShard := monitoringv1.ShardAndResourceNameLabelSelector
	onResource := monitoringv1.ResourceNameLabelSelector
	maxUnavailable := intstr.FromInt32(2)
	affinity := &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{}}
	runAsUser := int64(1000)
	p := fixtures.Prometheus("main", fixtures.WithShards(2), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.Replicas = ptrTo[int32](3)
		c.PodManagementPolicy = &policy
		c.UpdateStrategy = &monitoringv1.StatefulSetUpdateStrategy{
			Type: monitoringv1.RollingUpdateStatefulSetStrategyType, RollingUpdate: &monitoringv1.RollingUpdateStatefulSetStrategy{MaxUnavailable: &maxUnavailable},
		}
		c.MinReadySeconds = ptrTo[int32](30)
		c.TerminationGracePeriodSeconds = ptrTo[int64](60)
		c.AutomountServiceAccountToken = ptrTo(false)
		c.ReloadStrategy = &signal
		c.ServiceAccountName = "prometheus"
		c.NodeSelector = map[string]string{"pool": "a"}
		c.Affinity = affinity
		c.Tolerations = []corev1.Toleration{{Key: "dedicated", Operator: corev1.TolerationOpExists}}
		c.TopologySpreadConstraints = []monitoringv1.TopologySpreadConstraint{
			{AdditionalLabelSelectors: &onShard, TopologySpreadConstraint: corev1.TopologySpreadConstraint{MaxSkew: 1, TopologyKey: "zone"}},
			{AdditionalLabelSelectors: &onResource, TopologySpreadConstraint: corev1.TopologySpreadConstraint{
				MaxSkew: 1, TopologyKey: "host", LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"extra": "x"}},
			}},
			{TopologySpreadConstraint: corev1.TopologySpreadConstraint{MaxSkew: 2, TopologyKey: "rack"}},
		}
		c.SecurityContext = &corev1.PodSecurityContext{RunAsUser: &runAsUser}
		c.PriorityClassName = "critical"
		c.SchedulerName = "custom"
		c.DNSPolicy = &dnsPolicy
		c.DNSConfig = &monitoringv1.PodDNSConfig{Nameservers: []string{"1.1.1.1"}, Options: []monitoringv1.PodDNSConfigOption{{Name: "ndots", Value: ptrTo("2")}}}
		c.HostAliases = []monitoringv1.HostAlias{{IP: "10.0.0.1", Hostnames: []string{"db"}}}
		c.HostUsers = ptrTo(false)
		c.EnableServiceLinks = ptrTo(false)
		c.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "registry"}}
		c.ServiceName = ptrTo("custom-governing")
	}))
	set := buildStatefulSet(t, p, func(o *Options) { o.Shard = 1 })
	spec, pod := set.Spec, set.Spec.Template.Spec

	assert.Equal(t, int32(3), *spec.Replicas)
	assert.Equal(t, appsv1.OrderedReadyPodManagement, spec.PodManagementPolicy)
	assert.Equal(t, &maxUnavailable, spec.UpdateStrategy.RollingUpdate.MaxUnavailable)
	assert.Equal(t, int32(30), spec.MinReadySeconds)
	assert.Equal(t, "custom-governing", spec.ServiceName)
	assert.Equal(t, int64(60), *pod.TerminationGracePeriodSeconds)
	assert.False(t, *pod.AutomountServiceAccountToken)
	assert.True(t, *pod.ShareProcessNamespace, "the reloader must see the prometheus process to signal it")
	assert.Equal(t, "prometheus", pod.ServiceAccountName)
	assert.Equal(t, map[string]string{"pool": "a"}, pod.NodeSelector)
	assert.Equal(t, affinity, pod.Affinity)
	assert.Len(t, pod.Tolerations, 1)
	assert.Equal(t, &runAsUser, pod.SecurityContext.RunAsUser)
	assert.Equal(t, "critical", pod.PriorityClassName)
	assert.Equal(t, "custom", pod.SchedulerName)
	assert.Equal(t, corev1.DNSNone, pod.DNSPolicy)
	assert.Equal(t, &corev1.PodDNSConfig{Nameservers: []string{"1.1.1.1"}, Options: []corev1.PodDNSConfigOption{{Name: "ndots", Value: ptrTo("2")}}}, pod.DNSConfig)
	assert.Equal(t, []corev1.HostAlias{{IP: "10.0.0.1", Hostnames: []string{"db"}}}, pod.HostAliases)
	assert.False(t, *pod.HostUsers)
	assert.False(t, *pod.EnableServiceLinks)
	assert.Equal(t, []corev1.LocalObjectReference{{Name: "registry"}}, pod.ImagePullSecrets)

	require.Len(t, pod.TopologySpreadConstraints, 3)
	shardLabels := pod.TopologySpreadConstraints[0].LabelSelector.MatchLabels
	assert.Equal(t, "1", shardLabels[operator.ShardLabel])
	assert.Equal(t, "main", shardLabels[operator.NameLabel])
	resourceLabels := pod.TopologySpreadConstraints[1].LabelSelector.MatchLabels
	assert.NotContains(t, resourceLabels, operator.ShardLabel)
	assert.Equal(t, "x", resourceLabels["extra"])
	assert.Equal(t, "main", resourceLabels["prometheus"])
	assert.Nil(t, pod.TopologySpreadConstraints[2].LabelSelector)
	assert.Equal(t, map[string]string{"extra": "x"}, p.Spec.TopologySpreadConstraints[1].LabelSelector.MatchLabels, "the object must not be changed")
}

func TestHostNetworkUsesClusterDNS(t *testing.T) {
	p := fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.HostNetwork = true }))
	pod := buildStatefulSet(t, p).Spec.Template.Spec
	assert.True(t, pod.HostNetwork)
	assert.Equal(t, corev1.DNSClusterFirstWithHostNet, pod.DNSPolicy)
}

func TestContainerOverrides(t *testing.T) {
	p := fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.Containers = []corev1.Container{
			{Name: "prometheus", Env: []corev1.EnvVar{{Name: "GODEBUG", Value: "x"}}},
			{Name: "oauth-proxy", Image: "proxy:v1"},
		}
		c.InitContainers = []corev1.Container{
			{Name: "init-config-reloader", Image: "reloader:patched"},
			{Name: "fix-permissions", Image: "busybox"},
		}
	}))
	pod := buildStatefulSet(t, p).Spec.Template.Spec

	assert.Equal(t, []string{"prometheus", "config-reloader", "oauth-proxy"}, containerNames(pod.Containers))
	prometheus := container(t, pod, PrometheusContainerName)
	assert.Equal(t, []corev1.EnvVar{{Name: "GODEBUG", Value: "x"}}, prometheus.Env)
	assert.NotEmpty(t, prometheus.Args, "generated fields survive the merge")
	assert.Equal(t, []string{"init-config-reloader", "fix-permissions"}, containerNames(pod.InitContainers))
	assert.Equal(t, "reloader:patched", pod.InitContainers[0].Image)
}

func TestPrometheusImage(t *testing.T) {
	tests := map[string]struct {
		object monitoringv1.PrometheusInterface
		config func(*operator.Config)
		want   string
	}{
		"the version tags the default image":        {object: fixtures.Prometheus("main", fixtures.WithVersion("2.45")), want: "quay.io/prometheus/prometheus:v2.45.0"},
		"spec.image wins":                           {object: fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Image = ptrTo("mirror/prom:x") })), want: "mirror/prom:x"},
		"the operator's default base image":         {object: fixtures.PrometheusAgent("main"), config: func(c *operator.Config) { c.PrometheusDefaultBaseImage = "mirror:5000/prom" }, want: "mirror:5000/prom:v3.13.2"},
		"a deprecated base image":                   {object: fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.BaseImage = "old/prom" })), want: "old/prom:v3.13.2"},
		"a deprecated tag wins over the version":    {object: fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.Tag = "custom" })), want: "quay.io/prometheus/prometheus:custom"},
		"a deprecated sha wins over the tag":        {object: fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.Tag, s.SHA = "custom", "abc" })), want: "quay.io/prometheus/prometheus@sha256:abc"},
		"a base image with a tag is kept":           {object: fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.BaseImage = "old/prom:pinned" })), want: "old/prom:pinned"},
		"a base image with a digest is kept":        {object: fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.BaseImage = "old/prom@sha256:def" })), want: "old/prom@sha256:def"},
		"a registry port is not mistaken for a tag": {object: fixtures.Prometheus("main", fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.BaseImage = "localhost:5000/prom" })), want: "localhost:5000/prom:v3.13.2"},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			config := testConfig()
			if test.config != nil {
				test.config(config)
			}
			set, err := StatefulSet(test.object, Options{Config: config})
			require.NoError(t, err)
			assert.Equal(t, test.want, container(t, set.Spec.Template.Spec, PrometheusContainerName).Image)
		})
	}
}

func TestGOGCForOldServers(t *testing.T) {
	runtime := fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.Runtime = &monitoringv1.RuntimeConfig{GoGC: ptrTo[int32](50)}
	})
	old := container(t, buildStatefulSet(t, fixtures.Prometheus("main", fixtures.WithVersion("v2.52.0"), runtime)).Spec.Template.Spec, PrometheusContainerName)
	assert.Equal(t, []corev1.EnvVar{{Name: "GOGC", Value: "50"}}, old.Env)
	current := container(t, buildStatefulSet(t, fixtures.Prometheus("main", fixtures.WithVersion("v2.53.0"), runtime)).Spec.Template.Spec, PrometheusContainerName)
	assert.Empty(t, current.Env, "from 2.53 the runtime section of the configuration sets it")
}

func TestStatefulSetErrors(t *testing.T) {
	tests := map[string]struct {
		object monitoringv1.PrometheusInterface
		shard  int32
		want   string
	}{
		"a shard past the last one":    {object: fixtures.Prometheus("main", fixtures.WithShards(2)), shard: 2, want: "out of range"},
		"a negative shard":             {object: fixtures.Prometheus("main"), shard: -1, want: "out of range"},
		"an unparsable version":        {object: fixtures.Prometheus("main", fixtures.WithVersion("main")), want: "version"},
		"an unsupported major version": {object: fixtures.Prometheus("main", fixtures.WithVersion("v1.8.0")), want: "unsupported"},
		"an agent in DaemonSet mode":   {object: fixtures.PrometheusAgent("main", fixtures.WithAgentMode(monitoringv1alpha1.DaemonSetPrometheusAgentMode)), want: "DaemonSet mode"},
		"a nil object":                 {object: nil, want: "no Prometheus"},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := StatefulSet(test.object, Options{Config: testConfig(), Shard: test.shard})
			require.Error(t, err)
			assert.Contains(t, err.Error(), test.want)
		})
	}
}

func TestBuildingDoesNotChangeTheObject(t *testing.T) {
	p := fixtures.Prometheus("main", fixtures.WithShards(2), fixtures.WithThanos(monitoringv1.ThanosSpec{}), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.Containers = []corev1.Container{{Name: "prometheus", Image: "x"}}
	}))
	before := p.DeepCopy()
	buildStatefulSet(t, p)
	assert.Equal(t, before, p)
	assert.Empty(t, p.Spec.PortName, "defaults are applied to a copy")
}

func TestNilConfigUsesOperatorDefaults(t *testing.T) {
	set, err := StatefulSet(fixtures.Prometheus("main"), Options{})
	require.NoError(t, err)
	assert.Equal(t, operator.DefaultReloaderImage, container(t, set.Spec.Template.Spec, ReloaderContainerName).Image)
	assert.Equal(t, "prometheus-main-tls-assets-0", volume(t, set.Spec.Template.Spec, "tls-assets").Projected.Sources[0].Secret.Name)
}
