// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// DockerSDConfig discovers the containers of a Docker engine.
type DockerSDConfig struct {
	// Host is the address of the Docker daemon, such as unix:///var/run/docker.sock.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:Pattern=`^[a-zA-Z][a-zA-Z0-9+.-]*://.+$`
	// +required
	Host string `json:"host"`
	// Port is used for containers that publish no port.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// HostNetworkingHost is the host address used for containers in host networking mode.
	// +kubebuilder:validation:MinLength=1
	// +optional
	HostNetworkingHost *string `json:"hostNetworkingHost,omitempty"`
	// MatchFirstNetwork keeps only the first network of containers attached to several networks.
	// +optional
	MatchFirstNetwork *bool `json:"matchFirstNetwork,omitempty"`
	// Filters narrow the containers listed by the engine.
	// +listType=map
	// +listMapKey=name
	// +optional
	Filters []SDFilter `json:"filters,omitempty"`
	// RefreshInterval is how often the containers are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}

// DockerSwarmRole is the kind of Swarm object that yields targets.
// +kubebuilder:validation:Enum=Services;Tasks;Nodes
type DockerSwarmRole string

// The Docker Swarm discovery roles.
const (
	DockerSwarmRoleServices DockerSwarmRole = "Services"
	DockerSwarmRoleTasks    DockerSwarmRole = "Tasks"
	DockerSwarmRoleNodes    DockerSwarmRole = "Nodes"
)

// DockerSwarmSDConfig discovers the services, tasks or nodes of a Docker Swarm.
type DockerSwarmSDConfig struct {
	// Host is the address of the Swarm manager's Docker daemon.
	// +kubebuilder:validation:Pattern=`^[a-zA-Z][a-zA-Z0-9+.-]*://.+$`
	// +required
	Host string `json:"host"`
	// Role is the kind of Swarm object to list.
	// +required
	Role DockerSwarmRole `json:"role"`
	// Port is used for the services and tasks roles when no port is published.
	// +kubebuilder:validation:Minimum=0
	// +kubebuilder:validation:Maximum=65535
	// +optional
	Port *int32 `json:"port,omitempty"`
	// Filters narrow the objects listed by the manager.
	// +listType=map
	// +listMapKey=name
	// +optional
	Filters []SDFilter `json:"filters,omitempty"`
	// RefreshInterval is how often the objects are listed again.
	// +optional
	RefreshInterval *monitoringv1.Duration `json:"refreshInterval,omitempty"`

	SDHTTPClientConfig `json:",inline"`
}
