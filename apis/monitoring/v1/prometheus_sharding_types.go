// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	corev1 "k8s.io/api/core/v1"
)

// ShardingStrategyMode says how targets are spread over shards.
//
// +kubebuilder:validation:Enum=Address;Topology
type ShardingStrategyMode string

const (
	// AddressShardingStrategyMode hashes each target's address into a shard (the default).
	AddressShardingStrategyMode ShardingStrategyMode = "Address"
	// TopologyShardingStrategyMode assigns targets to the shards of their own
	// zone, then hashes them within it.
	TopologyShardingStrategyMode ShardingStrategyMode = "Topology"
)

// ShardingStrategy says how targets are assigned to shards.
//
// +kubebuilder:validation:XValidation:rule="!has(self.topology) || (has(self.mode) && self.mode == 'Topology')",message="topology may only be set with mode Topology"
type ShardingStrategy struct {
	// mode of sharding; Address when unset.
	// +optional
	Mode *ShardingStrategyMode `json:"mode,omitempty"`
	// topology configures the Topology mode.
	// +optional
	Topology *TopologyShardingConfig `json:"topology,omitempty"`
}

// TopologyShardingConfig configures zone-aware sharding.
type TopologyShardingConfig struct {
	// externalLabelName is the external label carrying the shard's zone;
	// "zone" when unset, none when empty.
	// +optional
	ExternalLabelName *string `json:"externalLabelName,omitempty"`
	// values are the zones the shards are spread over; shards must be at least
	// as many as values.
	// +listType=atomic
	// +optional
	Values []string `json:"values,omitempty"`
}

// WhenScaledRetentionType says what happens to a shard removed by a scale-down.
//
// +kubebuilder:validation:Enum=Retain;Delete
type WhenScaledRetentionType string

const (
	// RetainWhenScaledRetentionType keeps the shard's pods for retain.retentionPeriod.
	RetainWhenScaledRetentionType WhenScaledRetentionType = "Retain"
	// DeleteWhenScaledRetentionType deletes the shard's pods at once (the default).
	DeleteWhenScaledRetentionType WhenScaledRetentionType = "Delete"
)

// ShardRetentionPolicy says what happens to the shards a scale-down removes.
type ShardRetentionPolicy struct {
	// whenScaled picks between deleting and retaining removed shards; Delete when unset.
	// +optional
	WhenScaled *WhenScaledRetentionType `json:"whenScaled,omitempty"`
	// retain configures how long removed shards are kept with whenScaled Retain.
	// +optional
	Retain *RetainConfig `json:"retain,omitempty"`
}

// RetainConfig says how long the pods of a removed shard are kept.
type RetainConfig struct {
	// retentionPeriod after which the removed shard is deleted.
	// +required
	RetentionPeriod Duration `json:"retentionPeriod"`
}

// AdditionalLabelSelectors names the operator labels added to a topology
// spread constraint's label selector.
//
// +kubebuilder:validation:Enum=OnResource;OnShard
type AdditionalLabelSelectors string

const (
	// ResourceNameLabelSelector narrows the constraint to the pods of this object.
	ResourceNameLabelSelector AdditionalLabelSelectors = "OnResource"
	// ShardAndResourceNameLabelSelector narrows the constraint to the pods of
	// this object's shard.
	ShardAndResourceNameLabelSelector AdditionalLabelSelectors = "OnShard"
)

// TopologySpreadConstraint is a pod topology spread constraint whose label
// selector the operator can extend with the labels of the object or shard.
type TopologySpreadConstraint struct {
	// additionalLabelSelectors adds the object's (OnResource) or the shard's
	// (OnShard) pod labels to labelSelector.
	// +optional
	AdditionalLabelSelectors *AdditionalLabelSelectors `json:"additionalLabelSelectors,omitempty"`

	corev1.TopologySpreadConstraint `json:",inline"`
}
