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

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// agentWorkloadCases cover the spec fields of the StatefulSet or DaemonSet
// itself. Fields DaemonSet mode refuses (replicas, shards, storage, ...) or
// that only StatefulSets have (podManagementPolicy, serviceName) run in
// StatefulSet mode only.
var agentWorkloadCases = map[string]agentFieldCase{
	"spec.minReadySeconds": {
		change: func(c *monitoringv1.CommonPrometheusFields) { c.MinReadySeconds = ptrTo[int32](20) },
		check: func(t *testing.T, b builtAgent) {
			if b.daemonSet != nil {
				assert.Equal(t, int32(20), b.daemonSet.Spec.MinReadySeconds)
				return
			}
			assert.Equal(t, int32(20), b.statefulSet.Spec.MinReadySeconds)
		},
	},
	"spec.updateStrategy RollingUpdate with maxUnavailable": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.UpdateStrategy = &monitoringv1.StatefulSetUpdateStrategy{
				Type:          monitoringv1.RollingUpdateStatefulSetStrategyType,
				RollingUpdate: &monitoringv1.RollingUpdateStatefulSetStrategy{MaxUnavailable: &agentMaxUnavailable},
			}
		},
		check: func(t *testing.T, b builtAgent) {
			if b.daemonSet != nil {
				assert.Equal(t, appsv1.DaemonSetUpdateStrategy{
					Type: appsv1.RollingUpdateDaemonSetStrategyType, RollingUpdate: &appsv1.RollingUpdateDaemonSet{MaxUnavailable: &agentMaxUnavailable},
				}, b.daemonSet.Spec.UpdateStrategy)
				return
			}
			assert.Equal(t, &agentMaxUnavailable, b.statefulSet.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable)
		},
	},
	"spec.updateStrategy OnDelete": {
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.UpdateStrategy = &monitoringv1.StatefulSetUpdateStrategy{Type: monitoringv1.OnDeleteStatefulSetStrategyType}
		},
		check: func(t *testing.T, b builtAgent) {
			if b.daemonSet != nil {
				assert.Equal(t, appsv1.DaemonSetUpdateStrategy{Type: appsv1.OnDeleteDaemonSetStrategyType}, b.daemonSet.Spec.UpdateStrategy)
				return
			}
			assert.Equal(t, appsv1.StatefulSetUpdateStrategy{Type: appsv1.OnDeleteStatefulSetStrategyType}, b.statefulSet.Spec.UpdateStrategy)
		},
	},
	"spec.replicas": {
		statefulSetOnly: true,
		change:          func(c *monitoringv1.CommonPrometheusFields) { c.Replicas = ptrTo[int32](2) },
		check:           func(t *testing.T, b builtAgent) { assert.Equal(t, int32(2), *b.statefulSet.Spec.Replicas) },
	},
	"spec.shards name the shard and feed SHARD": {
		statefulSetOnly: true,
		shard:           2,
		change:          func(c *monitoringv1.CommonPrometheusFields) { c.Shards = ptrTo[int32](3) },
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, "prom-agent-main-shard-2", b.statefulSet.Name)
			assert.Equal(t, "2", b.statefulSet.Spec.Selector.MatchLabels["operator.prometheus.io/shard"])
			assert.Contains(t, b.container(t, ReloaderContainerName).Env, corev1.EnvVar{Name: ShardEnvVar, Value: "2"})
		},
	},
	"spec.shardingStrategy topology pins a shard to its zone": {
		statefulSetOnly: true,
		shard:           1,
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Shards = ptrTo[int32](2)
			c.ShardingStrategy = &monitoringv1.ShardingStrategy{Mode: &agentTopologyMode, Topology: &monitoringv1.TopologyShardingConfig{Values: []string{"zone-a", "zone-b"}}}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, "zone-b", b.pod().NodeSelector[corev1.LabelTopologyZone])
			assert.Contains(t, b.container(t, ReloaderContainerName).Env, corev1.EnvVar{Name: TopologyZoneEnvVar, Value: "zone-b"})
		},
	},
	"spec.storage with a claim template": {
		statefulSetOnly: true,
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.Storage = &monitoringv1.StorageSpec{VolumeClaimTemplate: monitoringv1.EmbeddedPersistentVolumeClaim{Spec: corev1.PersistentVolumeClaimSpec{
				Resources: corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("5Gi")}},
			}}}
		},
		check: func(t *testing.T, b builtAgent) {
			require.Len(t, b.statefulSet.Spec.VolumeClaimTemplates, 1)
			assert.Equal(t, "prom-agent-main-db", b.statefulSet.Spec.VolumeClaimTemplates[0].Name)
			assert.Contains(t, b.container(t, PrometheusContainerName).VolumeMounts,
				corev1.VolumeMount{Name: "prom-agent-main-db", MountPath: StorageDir, SubPath: "prometheus-db"})
		},
	},
	"spec.persistentVolumeClaimRetentionPolicy": {
		statefulSetOnly: true,
		change: func(c *monitoringv1.CommonPrometheusFields) {
			c.PersistentVolumeClaimRetentionPolicy = &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{
				WhenDeleted: appsv1.DeletePersistentVolumeClaimRetentionPolicyType, WhenScaled: appsv1.RetainPersistentVolumeClaimRetentionPolicyType,
			}
		},
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, appsv1.DeletePersistentVolumeClaimRetentionPolicyType, b.statefulSet.Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted)
		},
	},
	"spec.podManagementPolicy": {
		statefulSetOnly: true,
		change:          func(c *monitoringv1.CommonPrometheusFields) { c.PodManagementPolicy = &agentPodManagement },
		check: func(t *testing.T, b builtAgent) {
			assert.Equal(t, appsv1.OrderedReadyPodManagement, b.statefulSet.Spec.PodManagementPolicy)
		},
	},
	"spec.serviceName names the governing Service": {
		statefulSetOnly: true,
		change:          func(c *monitoringv1.CommonPrometheusFields) { c.ServiceName = ptrTo("edge-agents") },
		check:           func(t *testing.T, b builtAgent) { assert.Equal(t, "edge-agents", b.statefulSet.Spec.ServiceName) },
	},
}

// buildAgentWorkload builds the workload of the agent "main" with the
// case's fields set: its DaemonSet in DaemonSet mode, else its StatefulSet
// for the case's shard.
func buildAgentWorkload(t *testing.T, daemonSet bool, test agentFieldCase) builtAgent {
	t.Helper()
	options := Options{Config: testConfig()}
	if daemonSet {
		built, err := DaemonSet(fixtures.PrometheusAgent("main", fixtures.WithAgentMode(monitoringv1alpha1.DaemonSetPrometheusAgentMode), fixtures.WithCommon(test.change)), options)
		require.NoError(t, err)
		return builtAgent{daemonSet: built}
	}
	options.Shard = test.shard
	built, err := StatefulSet(fixtures.PrometheusAgent("main", fixtures.WithCommon(test.change)), options)
	require.NoError(t, err)
	return builtAgent{statefulSet: built}
}

// TestAgentSpecFieldsTakeEffect sets each spec field the builders read on a
// PrometheusAgent and checks its effect, in both modes where the mode
// allows the field.
func TestAgentSpecFieldsTakeEffect(t *testing.T) {
	for _, cases := range []map[string]agentFieldCase{agentPodFieldCases, agentFlagCases, agentWorkloadCases} {
		for name, test := range cases {
			t.Run("StatefulSet mode/"+name, func(t *testing.T) {
				test.check(t, buildAgentWorkload(t, false, test))
			})
			if test.statefulSetOnly {
				continue
			}
			t.Run("DaemonSet mode/"+name, func(t *testing.T) {
				test.check(t, buildAgentWorkload(t, true, test))
			})
		}
	}
}

func TestDaemonSetKeepsTheAPIDefaultUpdateStrategyWhenUnset(t *testing.T) {
	built, err := DaemonSet(fixtures.PrometheusAgent("main", fixtures.WithAgentMode(monitoringv1alpha1.DaemonSetPrometheusAgentMode)), Options{Config: testConfig()})
	require.NoError(t, err)
	assert.Equal(t, appsv1.DaemonSetUpdateStrategy{}, built.Spec.UpdateStrategy, "upstream leaves it to the API server")
}
