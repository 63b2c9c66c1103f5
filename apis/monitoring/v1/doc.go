// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package v1 holds the v1 types of the monitoring.coreos.com API group,
// wire-compatible with the prometheus-operator custom resources.
//
// +k8s:deepcopy-gen=package
// +groupName=monitoring.coreos.com
// +kubebuilder:object:generate=true
package v1
