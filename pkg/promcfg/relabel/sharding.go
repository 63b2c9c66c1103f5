// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package relabel

import (
	"strconv"
	"strings"
)

// Labels and environment variables used by the sharding rules. The
// variables are substituted per pod by the config reloader.
const (
	hashLabel             = "__tmp_hash"
	disableShardingLabel  = "__tmp_disable_sharding"
	currentShardLabel     = "__tmp_current_shard"
	topologyLabel         = "__tmp_topology"
	endpointSliceZoneMeta = "__meta_kubernetes_endpointslice_endpoint_zone"
	nodeZoneMeta          = "__meta_kubernetes_node_label_topology_kubernetes_io_zone"
	nodeZonePresentMeta   = "__meta_kubernetes_node_labelpresent_topology_kubernetes_io_zone"
	podZoneMeta           = "__meta_kubernetes_pod_label_topology_kubernetes_io_zone"
	podZonePresentMeta    = "__meta_kubernetes_pod_labelpresent_topology_kubernetes_io_zone"

	// ShardVariable is replaced by the shard index of the pod.
	ShardVariable = "$(SHARD)"
	// InZoneShardVariable is replaced by the shard index within its zone.
	InZoneShardVariable = "$(INZONE_SHARD)"
	// ZoneVariable is replaced by the zone the pod's shard is assigned to.
	ZoneVariable = "$(TOPOLOGY_ZONE)"
)

// HashSource is the label whose value decides the shard of a target.
const (
	// HashAddress shards scrape targets by address.
	HashAddress = "__address__"
	// HashProbeTarget shards probed targets by the probed address.
	HashProbeTarget = "__param_target"
)

// Sharding describes how the targets of every job are split over shards.
type Sharding struct {
	// Shards is the number of shards, at least one.
	Shards int32
	// KeepOnlyActiveShards adds rules that make shards beyond Shards (kept
	// around after a scale-down) scrape nothing.
	KeepOnlyActiveShards bool
	// Zones is the number of topology zones when targets are assigned to the
	// shards of their zone; zero means plain sharding.
	Zones int32
	// ZoneFromPodLabel reads a target's zone from its pod's topology label
	// instead of its node's.
	ZoneFromPodLabel bool
}

// Rules returns the rules that keep only the targets of the current shard,
// hashing hashSource. A target that sets __tmp_hash itself chooses its hash
// input; one that sets __tmp_disable_sharding is kept by every shard.
func (s Sharding) Rules(hashSource string) []Rule {
	shards := max(s.Shards, 1)
	rules := make([]Rule, 0, 8)
	if s.KeepOnlyActiveShards {
		rules = append(rules,
			Rule{TargetLabel: currentShardLabel, Replacement: text(ShardVariable), Action: "replace"},
			Rule{SourceLabels: []string{currentShardLabel}, Regex: shardRange(shards), Action: "keep"},
		)
	}
	modulus, shardVariable := uint64(shards), ShardVariable
	if s.Zones > 0 {
		modulus, shardVariable = uint64(max(shards/s.Zones, 1)), InZoneShardVariable
		rules = append(rules, s.zoneRules()...)
	}
	return append(rules,
		Rule{SourceLabels: []string{hashSource, hashLabel}, TargetLabel: hashLabel, Regex: "(.+);", Replacement: text("$1"), Action: "replace"},
		Rule{SourceLabels: []string{hashLabel}, TargetLabel: hashLabel, Modulus: modulus, Action: "hashmod"},
		Rule{SourceLabels: []string{hashLabel, disableShardingLabel}, Regex: shardVariable + ";|.+;.+", Action: "keep"},
	)
}

// zoneRules find a target's zone (EndpointSlice hint first, then the pod or
// node label) and keep the targets of the shard's zone.
func (s Sharding) zoneRules() []Rule {
	zoneMeta, presentMeta := nodeZoneMeta, nodeZonePresentMeta
	if s.ZoneFromPodLabel {
		zoneMeta, presentMeta = podZoneMeta, podZonePresentMeta
	}
	return []Rule{
		{SourceLabels: []string{endpointSliceZoneMeta, topologyLabel}, TargetLabel: topologyLabel, Regex: "(.+);", Replacement: text("$1"), Action: "replace"},
		{SourceLabels: []string{zoneMeta, presentMeta, topologyLabel}, TargetLabel: topologyLabel, Regex: "(.+);true;", Replacement: text("$1"), Action: "replace"},
		{SourceLabels: []string{topologyLabel, disableShardingLabel}, Regex: ZoneVariable + ";|.+;.+", Action: "keep"},
	}
}

// shardRange is a regex matching the shard indexes 0 to shards-1.
func shardRange(shards int32) string {
	parts := make([]string, shards)
	for i := range parts {
		parts[i] = strconv.Itoa(i)
	}
	return strings.Join(parts, "|")
}

// HasHashMod reports whether rules already shard by hash, in which case
// user-written jobs are left as they are.
func HasHashMod(actions []string) bool {
	for _, action := range actions {
		if action == "hashmod" {
			return true
		}
	}
	return false
}
