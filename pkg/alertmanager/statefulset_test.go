// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"bytes"
	"compress/gzip"
	"io"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// newAlertmanager is a fixture with functional options.
func build(t *testing.T, am *monitoringv1.Alertmanager, config *operator.Config) (*corev1.PodSpec, []string) {
	t.Helper()
	if config == nil {
		config = operator.NewConfig()
	}
	statefulSet, err := MakeStatefulSet(am, BuildOptions{Config: config, TLSAssetSecretNames: []string{"alertmanager-main-tls-assets-0"}})
	require.NoError(t, err)
	pod := &statefulSet.Spec.Template.Spec
	require.Equal(t, ContainerName, pod.Containers[0].Name)
	return pod, pod.Containers[0].Args
}

// argsCase is an Alertmanager and the arguments it must get.
type argsCase struct {
	am     *monitoringv1.Alertmanager
	config func(*operator.Config)
	want   []string
}

// argsCases are TestAlertmanagerArgs' table.
var argsCases = map[string]argsCase{
	"a default single replica turns clustering off and still lists itself as peer": {
		am: fixtures.Alertmanager("main", fixtures.InNamespace("monitoring")),
		want: []string{
			"--config.file=/etc/alertmanager/config_out/alertmanager.env.yaml",
			"--storage.path=/alertmanager",
			"--data.retention=120h",
			"--cluster.listen-address=",
			"--web.listen-address=:9093",
			"--web.route-prefix=/",
			"--cluster.peer-name=$(POD_NAME)",
			"--cluster.label=monitoring/main",
			"--cluster.peer=alertmanager-main-0.alertmanager-operated:9094",
			"--cluster.reconnect-timeout=5m",
			"--web.config.file=/etc/alertmanager/web_config/web-config.yaml",
		},
	},
	"three replicas gossip with each other through the cluster domain": {
		am: fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(func(am *monitoringv1.Alertmanager) {
			am.Spec.Replicas = ptr.To[int32](3)
			am.Spec.ExternalURL = "https://am.example.com"
			am.Spec.RoutePrefix = "/am"
			am.Spec.LogLevel, am.Spec.LogFormat = "debug", "json"
			am.Spec.ClusterLabel = ptr.To("prod")
			am.Spec.ClusterGossipInterval = "200ms"
			am.Spec.AdditionalPeers = []string{"other:9094"}
			am.Spec.MinReadySeconds = ptr.To[int32](30)
			am.Spec.EnableFeatures = []string{"receiver-name-in-metrics", "utf8-strict-mode"}
			am.Spec.Web = &monitoringv1.AlertmanagerWebSpec{GetConcurrency: ptr.To[uint32](4), Timeout: ptr.To[uint32](30)}
			am.Spec.Limits = &monitoringv1.AlertmanagerLimitsSpec{MaxSilences: ptr.To[int32](100), MaxPerSilenceBytes: ptr.To(monitoringv1.ByteSize("1KiB"))}
			am.Spec.AdditionalArgs = []monitoringv1.Argument{{Name: "cluster.settle-timeout", Value: "1m"}}
		})),
		config: func(c *operator.Config) { c.ClusterDomain = "cluster.local" },
		want: []string{
			"--config.file=/etc/alertmanager/config_out/alertmanager.env.yaml",
			"--storage.path=/alertmanager",
			"--data.retention=120h",
			"--cluster.listen-address=[$(POD_IP)]:9094",
			"--web.listen-address=:9093",
			"--web.external-url=https://am.example.com",
			"--enable-feature=receiver-name-in-metrics,utf8-strict-mode",
			"--web.route-prefix=/am",
			"--web.get-concurrency=4",
			"--web.timeout=30",
			"--silences.max-silences=100",
			"--silences.max-per-silence-bytes=1024",
			"--dispatch.start-delay=30s",
			"--log.level=debug",
			"--log.format=json",
			"--cluster.gossip-interval=200ms",
			"--cluster.peer-name=$(POD_NAME)",
			"--cluster.label=prod",
			"--cluster.peer=alertmanager-main-0.alertmanager-operated.monitoring.svc.cluster.local.:9094",
			"--cluster.peer=alertmanager-main-1.alertmanager-operated.monitoring.svc.cluster.local.:9094",
			"--cluster.peer=alertmanager-main-2.alertmanager-operated.monitoring.svc.cluster.local.:9094",
			"--cluster.peer=other:9094",
			"--cluster.reconnect-timeout=5m",
			"--web.config.file=/etc/alertmanager/web_config/web-config.yaml",
			"--cluster.settle-timeout=1m",
		},
	},
	"Alertmanager 0.21 gets none of the newer flags": {
		am: fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(func(am *monitoringv1.Alertmanager) {
			am.Spec.Version = "v0.21.0"
			am.Spec.ListenLocal = true
			am.Spec.Retention = "24h"
			am.Spec.MinReadySeconds = ptr.To[int32](30)
			am.Spec.EnableFeatures = []string{"x"}
			am.Spec.ClusterTLS = &monitoringv1.ClusterTLSConfig{}
		})),
		want: []string{
			"--config.file=/etc/alertmanager/config_out/alertmanager.env.yaml",
			"--storage.path=/alertmanager",
			"--data.retention=24h",
			"--cluster.listen-address=",
			"--web.listen-address=127.0.0.1:9093",
			"--web.route-prefix=/",
			"--cluster.peer=alertmanager-main-0.alertmanager-operated:9094",
			"--cluster.reconnect-timeout=5m",
		},
	},
	"forced cluster mode, zero replicas, own Service and cluster TLS": {
		am: fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(func(am *monitoringv1.Alertmanager) {
			am.Spec.Replicas = ptr.To[int32](-1)
			am.Spec.ForceEnableClusterMode = true
			am.Spec.ServiceName = ptr.To("mine")
			am.Spec.ClusterTLS = &monitoringv1.ClusterTLSConfig{}
			am.Spec.AdditionalArgs = []monitoringv1.Argument{{Name: "dispatch.start-delay", Value: "5s"}}
			am.Spec.MinReadySeconds = ptr.To[int32](30)
		})),
		want: []string{
			"--config.file=/etc/alertmanager/config_out/alertmanager.env.yaml",
			"--storage.path=/alertmanager",
			"--data.retention=120h",
			"--cluster.listen-address=[$(POD_IP)]:9094",
			"--web.listen-address=:9093",
			"--web.route-prefix=/",
			"--cluster.peer-name=$(POD_NAME)",
			"--cluster.label=monitoring/main",
			"--cluster.reconnect-timeout=5m",
			"--web.config.file=/etc/alertmanager/web_config/web-config.yaml",
			"--cluster.tls-config=/etc/alertmanager/cluster_tls_config/cluster-tls-config.yaml",
			"--dispatch.start-delay=5s",
		},
	},
}

func TestAlertmanagerArgs(t *testing.T) {
	tests := argsCases
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			config := operator.NewConfig()
			if test.config != nil {
				test.config(config)
			}
			_, args := build(t, test.am, config)
			assert.Equal(t, test.want, args)
		})
	}
}

func TestAdditionalArgsClash(t *testing.T) {
	for _, name := range []string{"web.route-prefix", "no-web.route-prefix", "cluster.peer"} {
		am := fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(func(am *monitoringv1.Alertmanager) {
			am.Spec.AdditionalArgs = []monitoringv1.Argument{{Name: name, Value: "x"}}
		}))
		_, err := MakeStatefulSet(am, BuildOptions{Config: operator.NewConfig()})
		require.ErrorContains(t, err, "can't set arguments which are already managed by the operator: "+name)
	}
}

func TestStatefulSetShape(t *testing.T) {
	am := fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(func(am *monitoringv1.Alertmanager) {
		am.Labels = map[string]string{"team": "sre"}
		am.Annotations = map[string]string{"kubectl.kubernetes.io/last-applied-configuration": "{}", "note": "kept"}
		am.Spec.Secrets = []string{"extra"}
		am.Spec.ConfigMaps = []string{"tmpl"}
		am.Spec.AlertmanagerConfiguration = &monitoringv1.AlertmanagerConfiguration{
			Name: "global",
			Templates: []monitoringv1.SecretOrConfigMap{
				{ConfigMap: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "t"}, Key: "a.tmpl"}},
				{Secret: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "s"}, Key: "a.tmpl"}},
			},
		}
		am.Spec.PodMetadata = &monitoringv1.EmbeddedObjectMetadata{Labels: map[string]string{"pod": "label"}}
		am.Spec.HostNetwork = true
	}))
	config := operator.NewConfig()
	config.Labels = operator.StringMap{"env": "test"}
	statefulSet, err := MakeStatefulSet(am, BuildOptions{Config: config, TLSAssetSecretNames: []string{"alertmanager-main-tls-assets-0"}})
	require.NoError(t, err)

	assert.Equal(t, "alertmanager-main", statefulSet.Name)
	assert.Equal(t, "alertmanager-operated", statefulSet.Spec.ServiceName)
	assert.Equal(t, int32(1), *statefulSet.Spec.Replicas)
	assert.Equal(t, "Parallel", string(statefulSet.Spec.PodManagementPolicy))
	assert.Equal(t, map[string]string{
		"app.kubernetes.io/name": "alertmanager", "app.kubernetes.io/managed-by": "prometheus-operator",
		"app.kubernetes.io/instance": "main", "alertmanager": "main", "env": "test",
	}, statefulSet.Spec.Selector.MatchLabels)
	assert.Equal(t, "sre", statefulSet.Labels["team"])
	assert.Equal(t, "kept", statefulSet.Annotations["note"])
	assert.NotContains(t, statefulSet.Annotations, "kubectl.kubernetes.io/last-applied-configuration")
	assert.NotEmpty(t, statefulSet.Annotations[operator.InputHashAnnotation])
	require.Len(t, statefulSet.OwnerReferences, 1)
	assert.True(t, *statefulSet.OwnerReferences[0].Controller)

	template := statefulSet.Spec.Template
	assert.Equal(t, "v0.33.1", template.Labels["app.kubernetes.io/version"])
	assert.Equal(t, "label", template.Labels["pod"])
	assert.Equal(t, "alertmanager", template.Annotations["kubectl.kubernetes.io/default-container"])
	pod := template.Spec
	assert.Equal(t, corev1.DNSClusterFirstWithHostNet, pod.DNSPolicy)
	assert.Equal(t, int64(120), *pod.TerminationGracePeriodSeconds)

	var volumeNames []string
	for _, volume := range pod.Volumes {
		volumeNames = append(volumeNames, volume.Name)
	}
	assert.Equal(t, []string{
		"config-volume", "tls-assets", "config-out", "notification-templates", "secret-extra", "configmap-tmpl",
		"web-config", "alertmanager-main-db",
	}, volumeNames)
	templates := pod.Volumes[3].Projected.Sources
	require.Len(t, templates, 1, "a template key already projected is skipped")
	assert.Equal(t, "t", templates[0].ConfigMap.Name)

	assertShapedContainers(t, pod)
}

// assertShapedContainers checks the containers of TestStatefulSetShape's pod.
func assertShapedContainers(t *testing.T, pod corev1.PodSpec) {
	t.Helper()
	alertmanager, reloader := pod.Containers[0], pod.Containers[1]
	assert.Equal(t, "quay.io/prometheus/alertmanager:v0.33.1", alertmanager.Image)
	assert.Equal(t, resource.MustParse("200Mi"), alertmanager.Resources.Requests[corev1.ResourceMemory])
	assert.Equal(t, "/-/healthy", alertmanager.LivenessProbe.HTTPGet.Path)
	assert.Equal(t, int32(10), alertmanager.LivenessProbe.FailureThreshold)
	assert.Equal(t, "/-/ready", alertmanager.ReadinessProbe.HTTPGet.Path)
	assert.Equal(t, int32(5), alertmanager.ReadinessProbe.PeriodSeconds)
	assert.Equal(t, []string{"web", "mesh-tcp", "mesh-udp"}, []string{alertmanager.Ports[0].Name, alertmanager.Ports[1].Name, alertmanager.Ports[2].Name})
	assert.Equal(t, "config-reloader", reloader.Name)
	assert.Equal(t, []string{
		"--listen-address=:8080",
		"--web-config-file=/etc/alertmanager/web_config/web-config.yaml",
		"--reload-url=http://localhost:9093/-/reload",
		"--config-file=/etc/alertmanager/config/alertmanager.yaml.gz",
		"--config-envsubst-file=/etc/alertmanager/config_out/alertmanager.env.yaml",
		"--watched-dir=/etc/alertmanager/config",
		"--watched-dir=/etc/alertmanager/templates",
		"--watched-dir=/etc/alertmanager/secrets/extra",
		"--watched-dir=/etc/alertmanager/configmaps/tmpl",
	}, reloader.Args)
	require.Len(t, pod.InitContainers, 1)
	assert.Equal(t, "init-config-reloader", pod.InitContainers[0].Name)
	assert.Equal(t, []string{
		"--watch-interval=0",
		"--listen-address=:8081",
		"--web-config-file=/etc/alertmanager/web_config/web-config.yaml",
		"--config-file=/etc/alertmanager/config/alertmanager.yaml.gz",
		"--config-envsubst-file=/etc/alertmanager/config_out/alertmanager.env.yaml",
	}, pod.InitContainers[0].Args)
}

func TestInputHashChangesWithTheSpec(t *testing.T) {
	first, err := MakeStatefulSet(fixtures.Alertmanager("main", fixtures.InNamespace("monitoring")), BuildOptions{Config: operator.NewConfig()})
	require.NoError(t, err)
	again, err := MakeStatefulSet(fixtures.Alertmanager("main", fixtures.InNamespace("monitoring")), BuildOptions{Config: operator.NewConfig()})
	require.NoError(t, err)
	changed, err := MakeStatefulSet(fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(func(am *monitoringv1.Alertmanager) { am.Generation = 2 })), BuildOptions{Config: operator.NewConfig()})
	require.NoError(t, err)
	hash := func(annotations map[string]string) string { return annotations[operator.InputHashAnnotation] }
	assert.Equal(t, hash(first.Annotations), hash(again.Annotations))
	assert.NotEqual(t, hash(first.Annotations), hash(changed.Annotations))
}

func TestGoverningServiceAndSecrets(t *testing.T) {
	am := fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(func(am *monitoringv1.Alertmanager) { am.Spec.PortName = "http" }))
	service := MakeGoverningService(am, operator.NewConfig())
	assert.Equal(t, "alertmanager-operated", service.Name)
	assert.Equal(t, corev1.ClusterIPNone, service.Spec.ClusterIP)
	assert.True(t, service.Spec.PublishNotReadyAddresses)
	assert.Equal(t, map[string]string{"app.kubernetes.io/name": "alertmanager"}, service.Spec.Selector)
	assert.Equal(t, "true", service.Labels["operated-alertmanager"])
	require.Len(t, service.Spec.Ports, 3)
	assert.Equal(t, "http", service.Spec.Ports[0].Name)
	assert.Equal(t, "mesh-udp", service.Spec.Ports[2].TargetPort.StrVal)
	assert.Nil(t, service.OwnerReferences[0].Controller, "the Service is shared: no controlling owner")

	secret, err := MakeGeneratedSecret(am, operator.NewConfig(), []byte("route: {}\n"), map[string][]byte{
		"alertmanager.yaml": []byte("ignored"), "mail.tmpl": []byte("{{ define }}"),
	})
	require.NoError(t, err)
	assert.Equal(t, "alertmanager-main-generated", secret.Name)
	assert.Equal(t, []string{"alertmanager.yaml.gz", "mail.tmpl"}, sortedKeys(secret.Data))
	reader, err := gzip.NewReader(bytes.NewReader(secret.Data["alertmanager.yaml.gz"]))
	require.NoError(t, err)
	plain, err := io.ReadAll(reader)
	require.NoError(t, err)
	assert.Equal(t, "route: {}\n", string(plain))

	empty, err := MakeClusterTLSSecret(am, operator.NewConfig())
	require.NoError(t, err)
	assert.Equal(t, "alertmanager-main-cluster-tls-config", empty.Name)
	assert.Empty(t, empty.Data["cluster-tls-config.yaml"])
	am.Spec.ClusterTLS = &monitoringv1.ClusterTLSConfig{
		ServerTLS: monitoringv1.WebTLSConfig{
			KeySecret: corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "tls"}, Key: "tls.key"},
			CertFile:  ptr.To("/etc/certs/tls.crt"),
		},
	}
	_, err = MakeClusterTLSSecret(am, operator.NewConfig())
	require.ErrorContains(t, err, "certificate is required")
	am.Spec.ClusterTLS.ClientTLS.Cert = monitoringv1.SecretOrConfigMap{Secret: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "tls"}, Key: "tls.crt"}}
	withTLS, err := MakeClusterTLSSecret(am, operator.NewConfig())
	require.NoError(t, err)
	assert.Equal(t, `tls_server_config:
  key_file: /etc/alertmanager/cluster_tls_config/server_tls/secret/tls/tls.key
  cert_file: /etc/certs/tls.crt
tls_client_config:
  cert_file: /etc/alertmanager/cluster_tls_config/client_tls/secret/tls/tls.crt
`, string(withTLS.Data["cluster-tls-config.yaml"]))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	return keys
}
