// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/version"
	"k8s.io/client-go/discovery"
)

// ResourcesServed reports, for each resource name, whether the API server
// serves it in groupVersion. A group version the server does not know at all
// serves nothing; other discovery errors are returned.
func ResourcesServed(client discovery.DiscoveryInterface, groupVersion schema.GroupVersion, resources ...string) (map[string]bool, error) {
	served := make(map[string]bool, len(resources))
	for _, resource := range resources {
		served[resource] = false
	}
	list, err := client.ServerResourcesForGroupVersion(groupVersion.String())
	if apierrors.IsNotFound(err) {
		return served, nil
	}
	if err != nil {
		return nil, fmt.Errorf("discover resources of %s: %w", groupVersion, err)
	}
	for _, apiResource := range list.APIResources {
		if _, wanted := served[apiResource.Name]; wanted {
			served[apiResource.Name] = true
		}
	}
	return served, nil
}

// Capabilities are the facts about the cluster that change what the
// operator generates.
type Capabilities struct {
	// EndpointSlice is true when the cluster serves discovery.k8s.io/v1
	// EndpointSlices (Kubernetes 1.21 and later).
	EndpointSlice bool
	// PodTopologyLabels is true when pods carry their node's topology
	// labels (Kubernetes 1.35 and later).
	PodTopologyLabels bool
}

// DiscoverCapabilities derives the capabilities from the server version.
func DiscoverCapabilities(client discovery.DiscoveryInterface) (Capabilities, error) {
	info, err := client.ServerVersion()
	if err != nil {
		return Capabilities{}, fmt.Errorf("read the API server version: %w", err)
	}
	return CapabilitiesOf(info.GitVersion)
}

// CapabilitiesOf derives the capabilities from a version such as "v1.34.1".
func CapabilitiesOf(gitVersion string) (Capabilities, error) {
	parsed, err := version.ParseGeneric(gitVersion)
	if err != nil {
		return Capabilities{}, fmt.Errorf("parse server version %q: %w", gitVersion, err)
	}
	return Capabilities{
		EndpointSlice:     parsed.AtLeast(version.MajorMinor(1, 21)),
		PodTopologyLabels: parsed.AtLeast(version.MajorMinor(1, 35)),
	}, nil
}
