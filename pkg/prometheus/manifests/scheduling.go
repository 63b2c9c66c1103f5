// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"maps"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// shardZone returns the zone a shard runs in under topology sharding (shard
// i goes to zone i mod zones) and the shard's index among the shards of that
// zone; an empty zone when topology sharding is off.
func (w *workload) shardZone(config *operator.Config, shard int32) (zone string, inZoneShard int32) {
	if !config.Gates.Enabled(operator.GatePrometheusTopologySharding) || !w.common.UsesTopologySharding() {
		return "", shard
	}
	topology := w.common.ShardingStrategy.Topology
	if topology == nil || len(topology.Values) == 0 {
		return "", shard
	}
	zones := int32(len(topology.Values))
	return topology.Values[shard%zones], shard / zones
}

// nodeSelector is spec.nodeSelector, pinned to the shard's zone under
// topology sharding.
func (w *workload) nodeSelector(zone string) map[string]string {
	if zone == "" {
		return w.common.NodeSelector
	}
	selector := maps.Clone(w.common.NodeSelector)
	if selector == nil {
		selector = map[string]string{}
	}
	selector[corev1.LabelTopologyZone] = zone
	return selector
}

// topologySpreadConstraints converts the spec's constraints, adding the pod
// selector labels to those that ask for it: all of them for OnShard, all but
// the shard label for OnResource.
func topologySpreadConstraints(selector map[string]string, constraints []monitoringv1.TopologySpreadConstraint) []corev1.TopologySpreadConstraint {
	if len(constraints) == 0 {
		return nil
	}
	converted := make([]corev1.TopologySpreadConstraint, 0, len(constraints))
	for _, constraint := range constraints {
		core := *constraint.TopologySpreadConstraint.DeepCopy()
		if constraint.AdditionalLabelSelectors == nil {
			converted = append(converted, core)
			continue
		}
		if core.LabelSelector == nil {
			core.LabelSelector = &metav1.LabelSelector{}
		}
		if core.LabelSelector.MatchLabels == nil {
			core.LabelSelector.MatchLabels = map[string]string{}
		}
		for key, value := range selector {
			if key == operator.ShardLabel && *constraint.AdditionalLabelSelectors == monitoringv1.ResourceNameLabelSelector {
				continue
			}
			core.LabelSelector.MatchLabels[key] = value
		}
		converted = append(converted, core)
	}
	return converted
}
