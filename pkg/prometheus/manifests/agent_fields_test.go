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
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// builtAgent is the workload built for a PrometheusAgent: a StatefulSet, or
// a DaemonSet in DaemonSet mode.
type builtAgent struct {
	statefulSet *appsv1.StatefulSet
	daemonSet   *appsv1.DaemonSet
}

func (b builtAgent) template() corev1.PodTemplateSpec {
	if b.daemonSet != nil {
		return b.daemonSet.Spec.Template
	}
	return b.statefulSet.Spec.Template
}

func (b builtAgent) pod() corev1.PodSpec { return b.template().Spec }

func (b builtAgent) container(t *testing.T, name string) corev1.Container {
	t.Helper()
	return container(t, b.pod(), name)
}

func (b builtAgent) args(t *testing.T) []string {
	t.Helper()
	return b.container(t, PrometheusContainerName).Args
}

// agentFieldCase sets spec fields of an agent and checks their effect on
// the built workload. Cases run in both modes unless statefulSetOnly: the
// fields DaemonSet mode forbids or that only StatefulSets have.
type agentFieldCase struct {
	change          func(*monitoringv1.CommonPrometheusFields)
	statefulSetOnly bool
	shard           int32
	check           func(t *testing.T, built builtAgent)
}

var (
	agentMaxUnavailable = intstr.FromString("25%")
	agentPodManagement  = monitoringv1.OrderedReadyPodManagement
	agentDNSPolicy      = monitoringv1.DNSPolicy("Default")
	agentTopologyMode   = monitoringv1.TopologyShardingStrategyMode
	agentOnShard        = monitoringv1.ShardAndResourceNameLabelSelector
	agentFloatEncoding  = monitoringv1.FloatChunkEncodingXor2
)

// agentPodFieldCases cover the spec fields copied into the pod template.
var agentPodFieldCases = map[string]agentFieldCase{
	"spec.image replaces the default image": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.Image = ptrTo("mirror.example.com/prometheus:pinned") },
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, "mirror.example.com/prometheus:pinned", b.container(t, PrometheusContainerName).Image)
		},
	},
	"spec.version tags the default image and picks the agent flag": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.Version = "v2.54.1" },
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, "quay.io/prometheus/prometheus:v2.54.1", b.container(t, PrometheusContainerName).Image)
			assert.Contains(t, b.args(t), "--enable-feature=agent")
			assert.Equal(t, "2.54.1", b.template().Labels[AppVersionLabel])
		},
	},
	"spec.imagePullPolicy applies to every generated container": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.ImagePullPolicy = corev1.PullIfNotPresent },
		check: func(t *testing.T, b builtAgent) {
			for _, name := range []string{PrometheusContainerName, ReloaderContainerName, InitReloaderContainerName} {
				assert.Equal(t, corev1.PullIfNotPresent, b.container(t, name).ImagePullPolicy, name)
			}
		},
	},
	"spec.imagePullSecrets": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.ImagePullSecrets = []corev1.LocalObjectReference{{Name: "registry"}}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, []corev1.LocalObjectReference{{Name: "registry"}}, b.pod().ImagePullSecrets)
		},
	},
	"spec.resources size the prometheus container": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Resources = corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("400Mi")}}
		},
		check: func(t *testing.T, b builtAgent) {
			requests := b.container(t, PrometheusContainerName).Resources.Requests
			assert.True(t, requests.Memory().Equal(resource.MustParse("400Mi")))
		},
	},
	"spec.podMetadata labels and annotations reach the pods": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.PodMetadata = &monitoringv1.EmbeddedObjectMetadata{Labels: map[string]string{"tier": "edge"}, Annotations: map[string]string{"note": "x"}}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, "edge", b.template().Labels["tier"])
			assert.Equal(t, "x", b.template().Annotations["note"])
		},
	},
	"scheduling fields: nodeSelector, schedulerName, priorityClassName, tolerations, affinity": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.NodeSelector = map[string]string{"pool": "edge"}
			c.SchedulerName, c.PriorityClassName = "custom-scheduler", "node-critical"
			c.Tolerations = []corev1.Toleration{{Key: "edge", Operator: corev1.TolerationOpExists}}
			c.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{}}
		},
		check: func(t *testing.T, b builtAgent) {
			pod := b.pod()
			assert.Equal(t, map[string]string{"pool": "edge"}, pod.NodeSelector)
			assert.Equal(t, "custom-scheduler", pod.SchedulerName)
			assert.Equal(t, "node-critical", pod.PriorityClassName)
			assert.Equal(t, []corev1.Toleration{{Key: "edge", Operator: corev1.TolerationOpExists}}, pod.Tolerations)
			assert.NotNil(t, pod.Affinity.PodAntiAffinity)
		},
	},
	"spec.topologySpreadConstraints get the pod selector labels": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.TopologySpreadConstraints = []monitoringv1.TopologySpreadConstraint{{
				AdditionalLabelSelectors: &agentOnShard,
				TopologySpreadConstraint: corev1.TopologySpreadConstraint{MaxSkew: 1, TopologyKey: "zone"},
			}}
		},
		check: func(t *testing.T, b builtAgent) {
			require.Len(t, b.pod().TopologySpreadConstraints, 1)
			labels := b.pod().TopologySpreadConstraints[0].LabelSelector.MatchLabels
			assert.Equal(t, "prometheus-agent", labels[AppNameLabel])
			assert.Equal(t, "main", labels[operator.NameLabel])
		},
	},
	"identity fields: serviceAccountName, automountServiceAccountToken, securityContext, hostUsers": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.ServiceAccountName, c.AutomountServiceAccountToken = "agent", ptrTo(false)
			c.SecurityContext = &corev1.PodSecurityContext{RunAsNonRoot: ptrTo(true)}
			c.HostUsers = ptrTo(false)
		},
		check: func(t *testing.T, b builtAgent) {
			pod := b.pod()
			assert.Equal(t, "agent", pod.ServiceAccountName)
			assert.False(t, *pod.AutomountServiceAccountToken)
			assert.True(t, *pod.SecurityContext.RunAsNonRoot)
			assert.False(t, *pod.HostUsers)
		},
	},
	"network fields: hostNetwork, dnsPolicy, dnsConfig, hostAliases, enableServiceLinks": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.HostNetwork, c.DNSPolicy = true, &agentDNSPolicy
			c.DNSConfig = &monitoringv1.PodDNSConfig{Searches: []string{"example.com"}}
			c.HostAliases = []monitoringv1.HostAlias{{IP: "10.0.0.2", Hostnames: []string{"gateway"}}}
			c.EnableServiceLinks = ptrTo(false)
		},
		check: func(t *testing.T, b builtAgent) {
			pod := b.pod()
			assert.True(t, pod.HostNetwork)
			assert.Equal(t, corev1.DNSDefault, pod.DNSPolicy, "an explicit policy wins over the host network default")
			assert.Equal(t, []string{"example.com"}, pod.DNSConfig.Searches)
			assert.Equal(t, []corev1.HostAlias{{IP: "10.0.0.2", Hostnames: []string{"gateway"}}}, pod.HostAliases)
			assert.False(t, *pod.EnableServiceLinks)
		},
	},
	"spec.terminationGracePeriodSeconds": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.TerminationGracePeriodSeconds = ptrTo[int64](45) },
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, int64(45), *b.pod().TerminationGracePeriodSeconds)
		},
	},
	"spec.containers and spec.initContainers are merged over the generated ones": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Containers = []corev1.Container{{Name: PrometheusContainerName, WorkingDir: "/tmp"}, {Name: "proxy", Image: "proxy:v1"}}
			c.InitContainers = []corev1.Container{{Name: "setup", Image: "busybox"}}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, []string{PrometheusContainerName, ReloaderContainerName, "proxy"}, containerNames(b.pod().Containers))
			assert.Equal(t, "/tmp", b.container(t, PrometheusContainerName).WorkingDir)
			assert.Equal(t, []string{InitReloaderContainerName, "setup"}, containerNames(b.pod().InitContainers))
		},
	},
	"spec.volumes, volumeMounts, secrets and configMaps are mounted": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Volumes = []corev1.Volume{{Name: "scratch", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}}
			c.VolumeMounts = []corev1.VolumeMount{{Name: "scratch", MountPath: "/scratch"}}
			c.Secrets, c.ConfigMaps = []string{"remote-creds"}, []string{"extra"}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Subset(t, volumeNames(b.pod().Volumes), []string{"scratch", "secret-remote-creds", "configmap-extra"})
			mounts := b.container(t, PrometheusContainerName).VolumeMounts
			assert.Contains(t, mounts, corev1.VolumeMount{Name: "scratch", MountPath: "/scratch"})
			assert.Contains(t, mounts, corev1.VolumeMount{Name: "secret-remote-creds", ReadOnly: true, MountPath: SecretsDir + "/remote-creds"})
			assert.Contains(t, mounts, corev1.VolumeMount{Name: "configmap-extra", ReadOnly: true, MountPath: ConfigMapsDir + "/extra"})
		},
	},
	"spec.scrapeFailureLogFile with a bare name gets the log folder": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.ScrapeFailureLogFile = ptrTo("failures.log") },
		check: func(t *testing.T, b builtAgent) {
			assert.Contains(t, b.container(t, PrometheusContainerName).VolumeMounts, corev1.VolumeMount{Name: logFileVolumeName, MountPath: LogDir})
		},
	},
	"spec.runtime.goGC becomes GOGC before Prometheus 2.53": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Version, c.Runtime = "v2.52.0", &monitoringv1.RuntimeConfig{GoGC: ptrTo[int32](40)}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, []corev1.EnvVar{{Name: "GOGC", Value: "40"}}, b.container(t, PrometheusContainerName).Env)
		},
	},
	"spec.runtime.goGC is left to the configuration file from Prometheus 2.53": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Version, c.Runtime = "v2.53.0", &monitoringv1.RuntimeConfig{GoGC: ptrTo[int32](40)}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Empty(t, b.container(t, PrometheusContainerName).Env)
		},
	},
}

// agentFlagCases cover the spec fields that become prometheus flags or
// change the probes and ports.
var agentFlagCases = map[string]agentFieldCase{
	"web, external URL, route prefix and logging flags": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Web = &monitoringv1.PrometheusWebSpec{PageTitle: ptrTo("Edge agent"), MaxConnections: ptrTo[int32](64)}
			c.ExternalURL, c.RoutePrefix = "https://agents.example.com/edge", "/edge"
			c.LogLevel, c.LogFormat = "warn", "json"
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Subset(t, b.args(t), []string{"--web.page-title=Edge agent", "--web.max-connections=64",
				"--web.external-url=https://agents.example.com/edge", "--web.route-prefix=/edge", "--log.level=warn", "--log.format=json"})
			assert.Equal(t, "/edge/-/ready", b.container(t, PrometheusContainerName).ReadinessProbe.HTTPGet.Path)
			assert.Subset(t, b.container(t, ReloaderContainerName).Args, []string{"--log-level=warn", "--log-format=json"})
		},
	},
	"spec.web.tlsConfig switches the probes to HTTPS": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Web = &monitoringv1.PrometheusWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{
				TLSConfig: &monitoringv1.WebTLSConfig{CertFile: ptrTo("/certs/tls.crt"), KeyFile: ptrTo("/certs/tls.key")},
			}}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, corev1.URISchemeHTTPS, b.container(t, PrometheusContainerName).LivenessProbe.HTTPGet.Scheme)
			assert.Contains(t, b.args(t), webConfigArg)
		},
	},
	"spec.portName names the web port the probes use": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.PortName = "http-web" },
		check: func(t *testing.T, b builtAgent) {
			prometheus := b.container(t, PrometheusContainerName)
			assert.Equal(t, "http-web", prometheus.Ports[0].Name)
			assert.Equal(t, intstr.FromString("http-web"), prometheus.ReadinessProbe.HTTPGet.Port)
		},
	},
	"spec.listenLocal binds to 127.0.0.1 and drops the port": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.ListenLocal = true },
		check: func(t *testing.T, b builtAgent) {
			assert.Contains(t, b.args(t), "--web.listen-address=127.0.0.1:9090")
			assert.Empty(t, b.container(t, PrometheusContainerName).Ports)
		},
	},
	"receivers: remote write with message versions, and OTLP": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.EnableRemoteWriteReceiver = true
			c.RemoteWriteReceiverMessageVersions = []monitoringv1.RemoteWriteMessageVersion{monitoringv1.RemoteWriteMessageVersion2_0}
			c.EnableOTLPReceiver = ptrTo(true)
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Subset(t, b.args(t), []string{"--web.enable-remote-write-receiver",
				"--web.remote-write-receiver.accepted-protobuf-messages=io.prometheus.write.v2.Request", "--web.enable-otlp-receiver"})
		},
	},
	"spec.otlp alone turns the OTLP receiver on": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.OTLP = &monitoringv1.OTLPConfig{} },
		check:  func(t *testing.T, b builtAgent) { assert.Contains(t, b.args(t), "--web.enable-otlp-receiver") },
	},
	"spec.remoteWrite with message version 2.0 needs metadata WAL records before 3.4": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Version = "v3.2.0"
			c.RemoteWrite = []monitoringv1.RemoteWriteSpec{{URL: "http://receiver", MessageVersion: ptrTo(monitoringv1.RemoteWriteMessageVersion2_0)}}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Contains(t, b.args(t), "--enable-feature=metadata-wal-records")
		},
	},
	"spec.enableFeatures and the xor2 chunk encoding of spec.tsdb": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.EnableFeatures = []monitoringv1.EnableFeature{"exemplar-storage"}
			c.TSDB = &monitoringv1.TSDBSpec{ChunkEncoding: &monitoringv1.ChunkEncoding{Floats: &agentFloatEncoding}}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Subset(t, b.args(t), []string{"--enable-feature=exemplar-storage", "--enable-feature=xor2-encoding"})
		},
	},
	"spec.walCompression false switches the agent WAL compression off": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.WALCompression = ptrTo(false) },
		check:  func(t *testing.T, b builtAgent) { assert.Contains(t, b.args(t), "--no-storage.agent.wal-compression") },
	},
	"spec.additionalArgs come last": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.AdditionalArgs = []monitoringv1.Argument{{Name: "storage.agent.retention.max-time", Value: "2h"}}
		},
		check: func(t *testing.T, b builtAgent) {
			args := b.args(t)
			assert.Equal(t, "--storage.agent.retention.max-time=2h", args[len(args)-1])
		},
	},
	"spec.reloadStrategy ProcessSignal shares the process namespace": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.ReloadStrategy = ptrTo(monitoringv1.ProcessSignalReloadStrategyType)
		},
		check: func(t *testing.T, b builtAgent) {
			assert.True(t, *b.pod().ShareProcessNamespace)
			assert.NotContains(t, b.args(t), "--web.enable-lifecycle")
			assert.Contains(t, b.container(t, ReloaderContainerName).Args, "--reload-method=signal")
		},
	},
	"spec.maximumStartupDurationSeconds stretches the startup probe": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.MaximumStartupDurationSeconds = ptrTo[int32](300) },
		check: func(t *testing.T, b builtAgent) {
			startup := b.container(t, PrometheusContainerName).StartupProbe
			assert.Equal(t, int32(60), startup.PeriodSeconds)
			assert.Equal(t, int32(5), startup.FailureThreshold)
		},
	},
}
