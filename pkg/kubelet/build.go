// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kubelet

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// The kubelet ports the Service and its endpoints expose.
const (
	HTTPSPortName    = "https-metrics"
	HTTPSPort        = int32(10250)
	HTTPPortName     = "http-metrics"
	HTTPPort         = int32(10255)
	CAdvisorPortName = "cadvisor"
	CAdvisorPort     = int32(4194)
)

// The node address preferences --kubelet-node-address-priority accepts.
const (
	PreferInternal = "internal"
	PreferExternal = "external"
)

// kubeletAppName is the value of the k8s-app and app.kubernetes.io/name
// labels on everything this package writes.
const kubeletAppName = "kubelet"

// DefaultMaxEndpointsPerSlice caps how many nodes one EndpointSlice lists.
const DefaultMaxEndpointsPerSlice = 512

// errNoAddress says a node reports neither an InternalIP nor an ExternalIP.
var errNoAddress = errors.New("node has no InternalIP or ExternalIP address")

// Target is one node's kubelet as the endpoints list it.
type Target struct {
	NodeName   string
	NodeUID    types.UID
	APIVersion string
	IP         string
	IPv4       bool
	// ReadyKnown is false when the node's Ready condition is missing or
	// Unknown, i.e. its kubelet has stopped reporting.
	ReadyKnown bool
}

// Objects describes what the package writes; a pure input to the builders.
type Objects struct {
	Namespace   string
	Name        string
	HTTPMetrics bool
	Labels      map[string]string
	Annotations map[string]string
}

// nodeAddress picks the node's address by preference: the preferred IP
// type first, then the other one. Hostname-only nodes have no address.
func nodeAddress(node *corev1.Node, priority string) (string, error) {
	order := []corev1.NodeAddressType{corev1.NodeInternalIP, corev1.NodeExternalIP}
	if priority == PreferExternal {
		order = []corev1.NodeAddressType{corev1.NodeExternalIP, corev1.NodeInternalIP}
	}
	for _, wanted := range order {
		for _, address := range node.Status.Addresses {
			if address.Type == wanted && address.Address != "" {
				return address.Address, nil
			}
		}
	}
	return "", errNoAddress
}

// readyKnown reports whether the node has a Ready condition whose status
// is True or False (not Unknown).
func readyKnown(node *corev1.Node) bool {
	for _, condition := range node.Status.Conditions {
		if condition.Type == corev1.NodeReady {
			return condition.Status != corev1.ConditionUnknown
		}
	}
	return false
}

// Targets turns nodes into kubelet targets sorted by node name, with one
// error per node whose address cannot be found or parsed. When a node
// whose kubelet stopped reporting shares its IP with a reporting node,
// only the reporting node is kept.
func Targets(nodes []corev1.Node, priority string) ([]Target, []error) {
	sorted := slices.Clone(nodes)
	slices.SortStableFunc(sorted, func(a, b corev1.Node) int { return strings.Compare(a.Name, b.Name) })
	var targets []Target
	var errs []error
	reportingIPs := map[string]bool{}
	for i := range sorted {
		node := &sorted[i]
		address, err := nodeAddress(node, priority)
		if err != nil {
			errs = append(errs, fmt.Errorf("node %q (priority %s): %w", node.Name, priority, err))
			continue
		}
		ip := net.ParseIP(address)
		if ip == nil {
			errs = append(errs, fmt.Errorf("node %q (priority %s): address %q is not an IP", node.Name, priority, address))
			continue
		}
		target := Target{
			NodeName: node.Name, NodeUID: node.UID, APIVersion: node.APIVersion,
			IP: address, IPv4: ip.To4() != nil, ReadyKnown: readyKnown(node),
		}
		if target.ReadyKnown {
			reportingIPs[address] = true
		}
		targets = append(targets, target)
	}
	kept := targets[:0]
	for _, target := range targets {
		if !target.ReadyKnown && reportingIPs[target.IP] {
			continue
		}
		kept = append(kept, target)
	}
	return kept, errs
}

// commonLabels are the labels of the Service and the Endpoints.
func (o Objects) commonLabels() map[string]string {
	return objectmeta.MergeMaps(o.Labels, map[string]string{
		"k8s-app":                     kubeletAppName,
		"app.kubernetes.io/name":      kubeletAppName,
		operator.ManagedByRecommended: operator.ManagedByValue,
	})
}

// Service builds the headless Service of the kubelets.
func (o Objects) Service() *corev1.Service {
	ports := []corev1.ServicePort{
		{Name: HTTPSPortName, Port: HTTPSPort},
		{Name: CAdvisorPortName, Port: CAdvisorPort},
	}
	if o.HTTPMetrics {
		ports = append(ports, corev1.ServicePort{Name: HTTPPortName, Port: HTTPPort})
	}
	for i := range ports {
		// Spelled out as the API server would default them, so a stored
		// Service compares equal to a freshly built one.
		ports[i].Protocol = corev1.ProtocolTCP
		ports[i].TargetPort = intstr.FromInt32(ports[i].Port)
	}
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{
			Name: o.Name, Namespace: o.Namespace,
			Labels: o.commonLabels(), Annotations: objectmeta.MergeMaps(o.Annotations),
		},
		Spec: corev1.ServiceSpec{
			Type:      corev1.ServiceTypeClusterIP,
			ClusterIP: corev1.ClusterIPNone,
			Ports:     ports,
		},
	}
}

// endpointPorts lists the named ports in the order the Service has them.
func (o Objects) endpointPorts() []corev1.EndpointPort {
	service := o.Service()
	ports := make([]corev1.EndpointPort, 0, len(service.Spec.Ports))
	for _, port := range service.Spec.Ports {
		ports = append(ports, corev1.EndpointPort{Name: port.Name, Port: port.Port, Protocol: corev1.ProtocolTCP})
	}
	return ports
}

// nodeReference points an endpoint at its Node.
func nodeReference(target Target) *corev1.ObjectReference {
	return &corev1.ObjectReference{
		Kind: "Node", Name: target.NodeName, UID: target.NodeUID, APIVersion: target.APIVersion,
	}
}

// Endpoints builds the Endpoints object listing every target in one subset.
// withSlices marks it so the mirroring controller leaves it alone.
//
//nolint:staticcheck // Endpoints is deprecated upstream but still served and flag-controlled here.
func (o Objects) Endpoints(targets []Target, withSlices bool) *corev1.Endpoints {
	labels := o.commonLabels()
	if withSlices {
		labels[discoveryv1.LabelSkipMirror] = "true"
	}
	endpoints := &corev1.Endpoints{
		ObjectMeta: metav1.ObjectMeta{
			Name: o.Name, Namespace: o.Namespace,
			Labels: labels, Annotations: objectmeta.MergeMaps(o.Annotations),
		},
	}
	if len(targets) == 0 {
		return endpoints
	}
	subset := corev1.EndpointSubset{Ports: o.endpointPorts()}
	for _, target := range targets {
		subset.Addresses = append(subset.Addresses, corev1.EndpointAddress{
			IP: target.IP, NodeName: ptr.To(target.NodeName), TargetRef: nodeReference(target),
		})
	}
	endpoints.Subsets = []corev1.EndpointSubset{subset}
	return endpoints
}
