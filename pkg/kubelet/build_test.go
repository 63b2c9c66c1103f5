// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kubelet

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// testNode builds a Ready node with the given addresses, given as
// alternating type and address.
func testNode(name string, labels map[string]string, typeAndAddress ...string) corev1.Node {
	node := corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, UID: types.UID("uid-" + name), Labels: labels},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{
			{Type: corev1.NodeReady, Status: corev1.ConditionTrue},
		}},
	}
	for i := 0; i+1 < len(typeAndAddress); i += 2 {
		node.Status.Addresses = append(node.Status.Addresses, corev1.NodeAddress{
			Type: corev1.NodeAddressType(typeAndAddress[i]), Address: typeAndAddress[i+1],
		})
	}
	return node
}

func targetIPs(targets []Target) map[string]string {
	ips := map[string]string{}
	for _, target := range targets {
		ips[target.NodeName] = target.IP
	}
	return ips
}

func TestTargetsAddressPriority(t *testing.T) {
	nodes := []corev1.Node{
		testNode("both", nil, "Hostname", "both.local", "ExternalIP", "203.0.113.1", "InternalIP", "10.0.0.1"),
		testNode("internal-only", nil, "InternalIP", "10.0.0.2"),
		testNode("external-only", nil, "ExternalIP", "203.0.113.3"),
		testNode("hostname-only", nil, "Hostname", "h.local"),
		testNode("not-an-ip", nil, "InternalIP", "node.example"),
	}
	internal, errs := Targets(nodes, PreferInternal)
	assert.Len(t, errs, 2, "hostname-only and not-an-ip have no usable address")
	assert.Equal(t, map[string]string{"both": "10.0.0.1", "internal-only": "10.0.0.2", "external-only": "203.0.113.3"}, targetIPs(internal))

	external, errs := Targets(nodes, PreferExternal)
	assert.Len(t, errs, 2)
	assert.Equal(t, map[string]string{"both": "203.0.113.1", "internal-only": "10.0.0.2", "external-only": "203.0.113.3"}, targetIPs(external))
}

func TestTargetsSortedWithFamilyAndReference(t *testing.T) {
	nodes := []corev1.Node{
		testNode("b", nil, "InternalIP", "fd00::2"),
		testNode("a", nil, "InternalIP", "10.0.0.1"),
	}
	targets, errs := Targets(nodes, PreferInternal)
	require.Empty(t, errs)
	require.Len(t, targets, 2)
	assert.Equal(t, "a", targets[0].NodeName)
	assert.True(t, targets[0].IPv4)
	assert.False(t, targets[1].IPv4)
	assert.Equal(t, types.UID("uid-b"), targets[1].NodeUID)
}

func TestTargetsDropsSilentNodeSharingAnIP(t *testing.T) {
	silent := testNode("old", nil, "InternalIP", "10.0.0.1")
	silent.Status.Conditions[0].Status = corev1.ConditionUnknown
	lonelySilent := testNode("lonely", nil, "InternalIP", "10.0.0.9")
	lonelySilent.Status.Conditions = nil
	nodes := []corev1.Node{silent, testNode("new", nil, "InternalIP", "10.0.0.1"), lonelySilent}
	targets, errs := Targets(nodes, PreferInternal)
	require.Empty(t, errs)
	assert.Equal(t, map[string]string{"new": "10.0.0.1", "lonely": "10.0.0.9"}, targetIPs(targets))
}

func TestServiceShape(t *testing.T) {
	objects := Objects{Namespace: "kube-system", Name: "kubelet", HTTPMetrics: true, Labels: map[string]string{"team": "a"}}
	service := objects.Service()
	assert.Equal(t, corev1.ClusterIPNone, service.Spec.ClusterIP)
	assert.Equal(t, "kubelet", service.Labels["k8s-app"])
	assert.Equal(t, "kubelet", service.Labels["app.kubernetes.io/name"])
	assert.Equal(t, "prometheus-operator", service.Labels["app.kubernetes.io/managed-by"])
	assert.Equal(t, "a", service.Labels["team"])
	var ports []string
	for _, port := range service.Spec.Ports {
		ports = append(ports, fmt.Sprintf("%s:%d", port.Name, port.Port))
	}
	assert.Equal(t, []string{"https-metrics:10250", "cadvisor:4194", "http-metrics:10255"}, ports)

	objects.HTTPMetrics = false
	for _, port := range objects.Service().Spec.Ports {
		assert.NotEqual(t, HTTPPortName, port.Name)
	}
}

func TestEndpointsShape(t *testing.T) {
	objects := Objects{Namespace: "kube-system", Name: "kubelet", HTTPMetrics: true}
	targets, _ := Targets([]corev1.Node{testNode("n1", nil, "InternalIP", "10.0.0.1")}, PreferInternal)
	endpoints := objects.Endpoints(targets, false)
	require.Len(t, endpoints.Subsets, 1)
	address := endpoints.Subsets[0].Addresses[0]
	assert.Equal(t, "10.0.0.1", address.IP)
	assert.Equal(t, "n1", *address.NodeName)
	assert.Equal(t, corev1.ObjectReference{Kind: "Node", Name: "n1", UID: "uid-n1"}, *address.TargetRef)
	assert.Len(t, endpoints.Subsets[0].Ports, 3)
	assert.NotContains(t, endpoints.Labels, discoveryv1.LabelSkipMirror)
	assert.Equal(t, "true", objects.Endpoints(targets, true).Labels[discoveryv1.LabelSkipMirror])
	assert.Empty(t, objects.Endpoints(nil, false).Subsets, "no nodes, no subset")
}

func TestPlanSlicesSplitsByFamilyAndCapacity(t *testing.T) {
	objects := Objects{Namespace: "kube-system", Name: "kubelet"}
	var nodes []corev1.Node
	for i := range 5 {
		nodes = append(nodes, testNode(fmt.Sprintf("v4-%d", i), nil, "InternalIP", fmt.Sprintf("10.0.0.%d", i+1)))
	}
	nodes = append(nodes, testNode("v6", nil, "InternalIP", "fd00::1"))
	targets, _ := Targets(nodes, PreferInternal)
	plan := objects.PlanSlices(nil, targets, 2, &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "kubelet", UID: "svc-uid"}})
	assert.Empty(t, plan.Update)
	assert.Empty(t, plan.Delete)
	require.Len(t, plan.Create, 4, "three IPv4 slices of at most 2 and one IPv6 slice")
	for _, slice := range plan.Create[:3] {
		assert.Equal(t, discoveryv1.AddressTypeIPv4, slice.AddressType)
		assert.LessOrEqual(t, len(slice.Endpoints), 2)
	}
	last := plan.Create[3]
	assert.Equal(t, discoveryv1.AddressTypeIPv6, last.AddressType)
	assert.Equal(t, "kubelet-", last.GenerateName)
	assert.Equal(t, "kubelet", last.Labels[discoveryv1.LabelServiceName])
	assert.Equal(t, "prometheus-operator", last.Labels[discoveryv1.LabelManagedBy])
	assert.Equal(t, types.UID("svc-uid"), last.OwnerReferences[0].UID)
	assert.Equal(t, "Node", last.Endpoints[0].TargetRef.Kind)
}

func TestPlanSlicesReusesUpdatesAndDeletes(t *testing.T) {
	objects := Objects{Namespace: "kube-system", Name: "kubelet"}
	two, _ := Targets([]corev1.Node{
		testNode("a", nil, "InternalIP", "10.0.0.1"), testNode("b", nil, "InternalIP", "10.0.0.2"),
	}, PreferInternal)
	created := objects.PlanSlices(nil, two, 0, nil).Create
	require.Len(t, created, 1)
	stored := *created[0]
	stored.Name = "kubelet-abc"
	v6Leftover := *objects.newSlice(discoveryv1.AddressTypeIPv6, familyEndpoints(two, discoveryv1.AddressTypeIPv4), nil)
	v6Leftover.Name = "kubelet-v6"

	unchanged := objects.PlanSlices([]discoveryv1.EndpointSlice{stored}, two, 0, nil)
	assert.Equal(t, SlicePlan{}, unchanged, "same nodes, nothing to write")

	plan := objects.PlanSlices([]discoveryv1.EndpointSlice{stored, v6Leftover}, two[:1], 0, nil)
	assert.Empty(t, plan.Create)
	require.Len(t, plan.Update, 1)
	assert.Equal(t, "kubelet-abc", plan.Update[0].Name)
	assert.Len(t, plan.Update[0].Endpoints, 1)
	assert.Equal(t, []string{"kubelet-v6"}, plan.Delete)

	gone := objects.PlanSlices([]discoveryv1.EndpointSlice{stored}, nil, 0, nil)
	assert.Equal(t, []string{"kubelet-abc"}, gone.Delete)
}
