// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kubelet

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/utils/ptr"

	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// SlicePlan is what it takes to bring the kubelet EndpointSlices in line
// with the nodes: slices to create (named by GenerateName), slices to
// update (only those that changed) and names of slices to delete.
type SlicePlan struct {
	Create []*discoveryv1.EndpointSlice
	Update []*discoveryv1.EndpointSlice
	Delete []string
}

// SliceSelector selects the EndpointSlices this package owns for the
// Service: those naming it and managed by the operator.
func (o Objects) SliceSelector() string {
	return labels.Set{
		discoveryv1.LabelServiceName: o.Name,
		discoveryv1.LabelManagedBy:   operator.ManagedByValue,
	}.String()
}

// sliceLabels are the labels of every kubelet EndpointSlice.
func (o Objects) sliceLabels() map[string]string {
	return objectmeta.MergeMaps(o.commonLabels(), map[string]string{
		discoveryv1.LabelServiceName: o.Name,
		discoveryv1.LabelManagedBy:   operator.ManagedByValue,
	})
}

// slicePorts lists the named ports in the order the Service has them.
func (o Objects) slicePorts() []discoveryv1.EndpointPort {
	var ports []discoveryv1.EndpointPort
	for _, port := range o.endpointPorts() {
		ports = append(ports, discoveryv1.EndpointPort{
			Name: ptr.To(port.Name), Port: ptr.To(port.Port), Protocol: ptr.To(corev1.ProtocolTCP),
		})
	}
	return ports
}

// sliceEndpoint is the EndpointSlice entry of one target.
func sliceEndpoint(target Target) discoveryv1.Endpoint {
	return discoveryv1.Endpoint{
		Addresses:  []string{target.IP},
		Conditions: discoveryv1.EndpointConditions{Ready: ptr.To(true)},
		NodeName:   ptr.To(target.NodeName),
		TargetRef:  nodeReference(target),
	}
}

// PlanSlices spreads the targets of each IP family over slices of at most
// maxPerSlice endpoints, reusing the existing slices of that family (in
// name order) before creating new ones, and deleting slices left empty or
// of an address type the nodes do not use. service owns new slices.
func (o Objects) PlanSlices(existing []discoveryv1.EndpointSlice, targets []Target, maxPerSlice int, service *corev1.Service) SlicePlan {
	if maxPerSlice <= 0 {
		maxPerSlice = DefaultMaxEndpointsPerSlice
	}
	byFamily := map[discoveryv1.AddressType][]discoveryv1.EndpointSlice{}
	var plan SlicePlan
	for _, slice := range existing {
		if slice.AddressType != discoveryv1.AddressTypeIPv4 && slice.AddressType != discoveryv1.AddressTypeIPv6 {
			plan.Delete = append(plan.Delete, slice.Name)
			continue
		}
		byFamily[slice.AddressType] = append(byFamily[slice.AddressType], slice)
	}
	for _, family := range []discoveryv1.AddressType{discoveryv1.AddressTypeIPv4, discoveryv1.AddressTypeIPv6} {
		reusable := byFamily[family]
		slices.SortFunc(reusable, func(a, b discoveryv1.EndpointSlice) int { return strings.Compare(a.Name, b.Name) })
		chunks := slices.Collect(slices.Chunk(familyEndpoints(targets, family), maxPerSlice))
		for i, chunk := range chunks {
			if i >= len(reusable) {
				plan.Create = append(plan.Create, o.newSlice(family, chunk, service))
				continue
			}
			if updated, changed := o.refreshSlice(&reusable[i], chunk); changed {
				plan.Update = append(plan.Update, updated)
			}
		}
		for _, unused := range reusable[min(len(chunks), len(reusable)):] {
			plan.Delete = append(plan.Delete, unused.Name)
		}
	}
	return plan
}

// familyEndpoints are the slice entries of the targets of one IP family.
func familyEndpoints(targets []Target, family discoveryv1.AddressType) []discoveryv1.Endpoint {
	var endpoints []discoveryv1.Endpoint
	for _, target := range targets {
		if target.IPv4 == (family == discoveryv1.AddressTypeIPv4) {
			endpoints = append(endpoints, sliceEndpoint(target))
		}
	}
	return endpoints
}

// newSlice builds a slice the API server names after the Service.
func (o Objects) newSlice(family discoveryv1.AddressType, endpoints []discoveryv1.Endpoint, service *corev1.Service) *discoveryv1.EndpointSlice {
	slice := &discoveryv1.EndpointSlice{
		ObjectMeta: metav1.ObjectMeta{
			GenerateName: o.Name + "-", Namespace: o.Namespace,
			Labels: o.sliceLabels(), Annotations: objectmeta.MergeMaps(o.Annotations),
		},
		AddressType: family,
		Endpoints:   endpoints,
		Ports:       o.slicePorts(),
	}
	if service != nil && service.UID != "" {
		slice.OwnerReferences = []metav1.OwnerReference{{
			APIVersion: "v1", Kind: "Service", Name: service.Name, UID: service.UID,
			Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true),
		}}
	}
	return slice
}

// refreshSlice returns a copy of existing with the wanted endpoints,
// ports and labels, and whether that copy differs from existing.
func (o Objects) refreshSlice(existing *discoveryv1.EndpointSlice, endpoints []discoveryv1.Endpoint) (*discoveryv1.EndpointSlice, bool) {
	updated := existing.DeepCopy()
	updated.Labels = objectmeta.MergeMaps(existing.Labels, o.sliceLabels())
	updated.Annotations = objectmeta.MergeMaps(existing.Annotations, o.Annotations)
	updated.Endpoints = endpoints
	updated.Ports = o.slicePorts()
	changed := !apiequality.Semantic.DeepEqual(existing.Labels, updated.Labels) ||
		!apiequality.Semantic.DeepEqual(nilIfEmpty(existing.Annotations), nilIfEmpty(updated.Annotations)) ||
		!apiequality.Semantic.DeepEqual(existing.Endpoints, updated.Endpoints) ||
		!apiequality.Semantic.DeepEqual(existing.Ports, updated.Ports)
	return updated, changed
}

// nilIfEmpty makes an empty map compare equal to a missing one.
func nilIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}
