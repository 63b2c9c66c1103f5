// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestReloaderContainers(t *testing.T) {
	p := fixtures.Prometheus("main", fixtures.WithShards(3))
	set := buildStatefulSet(t, p, func(o *Options) {
		o.Shard = 2
		o.RuleConfigMapNames = []string{"prometheus-main-rulefiles-0"}
	})
	pod := set.Spec.Template.Spec

	reloader := container(t, pod, ReloaderContainerName)
	assert.Equal(t, "reloader:test", reloader.Image)
	assert.Equal(t, []string{"/bin/prometheus-config-reloader"}, reloader.Command)
	assert.Equal(t, []string{
		"--listen-address=:8080",
		"--reload-url=http://localhost:9090/-/reload",
		"--config-file=/etc/prometheus/config/prometheus.yaml.gz",
		"--config-envsubst-file=/etc/prometheus/config_out/prometheus.env.yaml",
		"--watched-dir=/etc/prometheus/rules/prometheus-main-rulefiles-0",
		"--watched-dir=/etc/prometheus/config",
	}, reloader.Args)
	assert.Equal(t, []corev1.ContainerPort{{Name: "reloader-web", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}}, reloader.Ports)
	assert.Equal(t, []corev1.EnvVar{
		{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}},
		{Name: "SHARD", Value: "2"},
	}, reloader.Env)
	assert.Equal(t, corev1.TerminationMessageFallbackToLogsOnError, reloader.TerminationMessagePolicy)
	assert.Nil(t, reloader.LivenessProbe, "probes are opt-in")
	assert.True(t, reloader.Resources.Requests.Cpu().Equal(resource.MustParse("10m")))
	assert.True(t, reloader.Resources.Limits.Memory().Equal(resource.MustParse("50Mi")))

	require.Len(t, pod.InitContainers, 1)
	initReloader := pod.InitContainers[0]
	assert.Equal(t, InitReloaderContainerName, initReloader.Name)
	assert.Equal(t, []string{
		"--watch-interval=0",
		"--listen-address=:8081",
		"--config-file=/etc/prometheus/config/prometheus.yaml.gz",
		"--config-envsubst-file=/etc/prometheus/config_out/prometheus.env.yaml",
		"--watched-dir=/etc/prometheus/rules/prometheus-main-rulefiles-0",
		"--watched-dir=/etc/prometheus/config",
	}, initReloader.Args)
	assert.Equal(t, []corev1.ContainerPort{{Name: "reloader-init", ContainerPort: 8081, Protocol: corev1.ProtocolTCP}}, initReloader.Ports)
	assert.Equal(t, reloader.Env, initReloader.Env)
}

// reloaderCase expects reloader flags, or checks the container, for an object and configuration.
type reloaderCase struct {
	object   monitoringv1.PrometheusInterface
	config   func(*operator.Config)
	contains []string
	absent   []string
	check    func(t *testing.T, reloader corev1.Container)
}

var reloaderCases = map[string]reloaderCase{
	"the signal strategy asks the runtime info endpoint": {
		object: fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.ReloadStrategy = &signalReload
			c.RoutePrefix = "/prom"
		})),
		contains: []string{"--reload-method=signal", "--runtimeinfo-url=http://localhost:9090/prom/api/v1/status/runtimeinfo"},
		absent:   []string{"--reload-url=http://localhost:9090/prom/-/reload"},
	},
	"a route prefix and TLS change the reload URL": {
		object: fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
			c.RoutePrefix = "/prom/"
			c.Web = &monitoringv1.PrometheusWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{TLSConfig: &monitoringv1.WebTLSConfig{}}}
		})),
		contains: []string{"--reload-url=https://localhost:9090/prom/-/reload", "--web-config-file=/etc/prometheus/web_config/web-config.yaml"},
	},
	"the operator's --localhost is used": {
		object:   fixtures.PrometheusAgent("main"),
		config:   func(c *operator.Config) { c.LocalHost = "127.0.0.1" },
		contains: []string{"--reload-url=http://127.0.0.1:9090/-/reload"},
	},
	"listenLocal keeps the reloader on localhost without a port": {
		object:   fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ListenLocal = true })),
		contains: []string{"--listen-address=localhost:8080"},
		check:    func(t *testing.T, reloader corev1.Container) { assert.Nil(t, reloader.Ports) },
	},
	"non-default log settings are passed on": {
		object:   fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.LogLevel, c.LogFormat = "warn", "json" })),
		contains: []string{"--log-level=warn", "--log-format=json"},
	},
	"a resource set to 0 is left out": {
		object: fixtures.Prometheus("main"),
		config: func(c *operator.Config) { c.Reloader.CPULimit, c.Reloader.MemoryLimit = "0", "0" },
		check: func(t *testing.T, reloader corev1.Container) {
			assert.Nil(t, reloader.Resources.Limits)
			assert.True(t, reloader.Resources.Requests.Memory().Equal(resource.MustParse("50Mi")))
		},
	},
	"probes can be enabled": {
		object: fixtures.Prometheus("main"),
		config: func(c *operator.Config) { c.Reloader.EnableProbes = true },
		check: func(t *testing.T, reloader corev1.Container) {
			want := &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromInt32(8080)}}}
			assert.Equal(t, want, reloader.LivenessProbe)
			assert.Equal(t, want, reloader.ReadinessProbe)
			assert.Equal(t, want, reloader.StartupProbe)
		},
	},
	"the pull policy is shared with prometheus": {
		object: fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ImagePullPolicy = corev1.PullAlways })),
		check: func(t *testing.T, reloader corev1.Container) {
			assert.Equal(t, corev1.PullAlways, reloader.ImagePullPolicy)
		},
	},
}

func TestReloaderVariants(t *testing.T) {
	for name, test := range reloaderCases {
		t.Run(name, func(t *testing.T) {
			config := testConfig()
			if test.config != nil {
				test.config(config)
			}
			set, err := StatefulSet(test.object, Options{Config: config})
			require.NoError(t, err)
			reloader := container(t, set.Spec.Template.Spec, ReloaderContainerName)
			for _, want := range test.contains {
				assert.Contains(t, reloader.Args, want)
			}
			for _, unwanted := range test.absent {
				assert.NotContains(t, reloader.Args, unwanted)
			}
			if test.check != nil {
				test.check(t, reloader)
			}
		})
	}
}

func TestInvalidReloaderResourceIsAnError(t *testing.T) {
	config := testConfig(func(c *operator.Config) { c.Reloader.CPURequest = "lots" })
	_, err := StatefulSet(fixtures.Prometheus("main"), Options{Config: config})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "config-reloader-cpu-request")
}

func TestTopologyShardingEnvironmentAndNodeSelector(t *testing.T) {
	mode := monitoringv1.TopologyShardingStrategyMode
	p := fixtures.Prometheus("main", fixtures.WithShards(4), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		c.NodeSelector = map[string]string{"pool": "monitoring"}
		c.ShardingStrategy = &monitoringv1.ShardingStrategy{Mode: &mode, Topology: &monitoringv1.TopologyShardingConfig{Values: []string{"a", "b"}}}
	}))
	set := buildStatefulSet(t, p, func(o *Options) { o.Shard = 3 })
	pod := set.Spec.Template.Spec

	assert.Equal(t, map[string]string{"pool": "monitoring", "topology.kubernetes.io/zone": "b"}, pod.NodeSelector)
	assert.Equal(t, map[string]string{"pool": "monitoring"}, p.Spec.NodeSelector, "the object must not be changed")
	env := container(t, pod, ReloaderContainerName).Env
	assert.Contains(t, env, corev1.EnvVar{Name: "SHARD", Value: "3"})
	assert.Contains(t, env, corev1.EnvVar{Name: "TOPOLOGY_ZONE", Value: "b"})
	assert.Contains(t, env, corev1.EnvVar{Name: "INZONE_SHARD", Value: "1"})

	disabled := testConfig(func(c *operator.Config) { c.Gates[operator.GatePrometheusTopologySharding] = false })
	off, err := StatefulSet(p, Options{Config: disabled, Shard: 3})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"pool": "monitoring"}, off.Spec.Template.Spec.NodeSelector, "the gate switches zone pinning off")
	assert.NotContains(t, container(t, off.Spec.Template.Spec, ReloaderContainerName).Env, corev1.EnvVar{Name: "TOPOLOGY_ZONE", Value: "b"})
}

func TestReloaderWatchingTheAPI(t *testing.T) {
	config := testConfig(func(c *operator.Config) { c.Reloader.WatchAPI = true })
	p := fixtures.Prometheus("main")
	set, err := StatefulSet(p, Options{Config: config, RuleConfigMapNames: []string{"prometheus-main-rulefiles-0"}})
	require.NoError(t, err)
	pod := set.Spec.Template.Spec

	for _, name := range []string{ReloaderContainerName, InitReloaderContainerName} {
		args := container(t, pod, name).Args
		assert.Contains(t, args, "--watch-secret=default/prometheus-main", name)
		assert.Contains(t, args, "--watch-configmap=default/prometheus-main-rulefiles-0", name)
		assert.NotContains(t, args, "--config-file=/etc/prometheus/config/prometheus.yaml.gz", name)
		assert.NotContains(t, args, "--watched-dir=/etc/prometheus/rules/prometheus-main-rulefiles-0", name)
	}
	rules := volume(t, pod, "prometheus-main-rulefiles-0")
	assert.Nil(t, rules.ConfigMap, "the reloader fills the folder itself")
	assert.NotNil(t, rules.EmptyDir)
	assert.Contains(t, container(t, pod, ReloaderContainerName).VolumeMounts,
		corev1.VolumeMount{Name: "prometheus-main-rulefiles-0", MountPath: "/etc/prometheus/rules/prometheus-main-rulefiles-0"},
		"the reloader's mount is writable")
	assert.Contains(t, container(t, pod, PrometheusContainerName).VolumeMounts,
		corev1.VolumeMount{Name: "prometheus-main-rulefiles-0", ReadOnly: true, MountPath: "/etc/prometheus/rules/prometheus-main-rulefiles-0"})

	agentSet, err := StatefulSet(fixtures.PrometheusAgent("main"), Options{Config: config})
	require.NoError(t, err)
	assert.Contains(t, container(t, agentSet.Spec.Template.Spec, ReloaderContainerName).Args, "--watch-secret=default/prom-agent-main")
}
