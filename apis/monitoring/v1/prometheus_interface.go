// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// PrometheusInterface is implemented by Prometheus and PrometheusAgent, so
// that the operator can select monitors, build configuration and report
// status for both kinds through one code path.
//
// +k8s:deepcopy-gen=false
// +kubebuilder:object:generate=false
type PrometheusInterface interface {
	metav1.Object
	runtime.Object

	// GetCommonPrometheusFields returns the shared part of the spec; changes
	// made through the pointer change the object.
	GetCommonPrometheusFields() *CommonPrometheusFields
	// SetCommonPrometheusFields replaces the shared part of the spec.
	SetCommonPrometheusFields(CommonPrometheusFields)
	// GetStatus returns the status; changes made through the pointer change the object.
	GetStatus() *PrometheusStatus
}

var _ PrometheusInterface = &Prometheus{}

// GetCommonPrometheusFields returns the shared part of the spec.
func (p *Prometheus) GetCommonPrometheusFields() *CommonPrometheusFields {
	return &p.Spec.CommonPrometheusFields
}

// SetCommonPrometheusFields replaces the shared part of the spec.
func (p *Prometheus) SetCommonPrometheusFields(fields CommonPrometheusFields) {
	p.Spec.CommonPrometheusFields = fields
}

// GetStatus returns the status.
func (p *Prometheus) GetStatus() *PrometheusStatus { return &p.Status }

// ExpectedReplicas is the number of pods the spec asks for over every shard.
func (p *Prometheus) ExpectedReplicas() int {
	return int(p.Spec.ShardCount() * p.Spec.ReplicaCount())
}

// GetAvailableReplicas returns the available pod count from the status.
func (p *Prometheus) GetAvailableReplicas() int { return int(p.Status.AvailableReplicas) }

// GetUpdatedReplicas returns the up-to-date pod count from the status.
func (p *Prometheus) GetUpdatedReplicas() int { return int(p.Status.UpdatedReplicas) }

// GetConditions returns the status conditions.
func (p *Prometheus) GetConditions() []Condition { return p.Status.Conditions }

// ShardCount is the number of shards the spec asks for: one when shards is
// unset or below one.
func (c *CommonPrometheusFields) ShardCount() int32 {
	if c.Shards == nil || *c.Shards < 1 {
		return 1
	}
	return *c.Shards
}

// ReplicaCount is the number of pods per shard the spec asks for: one when
// replicas is unset or negative. Zero is kept, to allow scaling to nothing.
func (c *CommonPrometheusFields) ReplicaCount() int32 {
	if c.Replicas == nil || *c.Replicas < 0 {
		return 1
	}
	return *c.Replicas
}

// UsesTopologySharding reports whether targets are assigned to shards by zone.
func (c *CommonPrometheusFields) UsesTopologySharding() bool {
	s := c.ShardingStrategy
	return s != nil && s.Mode != nil && *s.Mode == TopologyShardingStrategyMode
}
