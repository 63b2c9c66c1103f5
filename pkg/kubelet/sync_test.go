// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kubelet

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

func testOptions() Options {
	return Options{
		Namespace: "kube-system", Name: "kubelet", AddressPriority: PreferInternal,
		ManageEndpoints: true, HTTPMetrics: true, SyncPeriod: time.Minute,
	}
}

func newTestController(t *testing.T, options Options, objects ...runtime.Object) (*Controller, *fake.Clientset, *prometheusclient.Registry) {
	t.Helper()
	client := fake.NewClientset(objects...)
	nameGeneratedObjects(client)
	registry := prometheusclient.NewRegistry()
	controller, err := New(client, options, registry, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	return controller, client, registry
}

// nameGeneratedObjects gives created objects that only carry GenerateName
// a unique name, as the API server would; the fake tracker does not.
func nameGeneratedObjects(client *fake.Clientset) {
	generated := 0
	client.PrependReactor("create", "*", func(action k8stesting.Action) (bool, runtime.Object, error) {
		object, err := meta.Accessor(action.(k8stesting.CreateAction).GetObject())
		if err == nil && object.GetName() == "" && object.GetGenerateName() != "" {
			generated++
			object.SetName(fmt.Sprintf("%s%05d", object.GetGenerateName(), generated))
		}
		return false, nil, nil
	})
}

func nodePointer(node corev1.Node) *corev1.Node { return &node }

//nolint:staticcheck // Endpoints is deprecated upstream but still served.
func readEndpoints(t *testing.T, client *fake.Clientset) *corev1.Endpoints {
	t.Helper()
	endpoints, err := client.CoreV1().Endpoints("kube-system").Get(context.Background(), "kubelet", metav1.GetOptions{})
	require.NoError(t, err)
	return endpoints
}

func endpointIPs(t *testing.T, client *fake.Clientset) []string {
	t.Helper()
	var ips []string
	for _, subset := range readEndpoints(t, client).Subsets {
		for _, address := range subset.Addresses {
			ips = append(ips, address.IP)
		}
	}
	return ips
}

func TestNewRejectsBadOptions(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for name, change := range map[string]func(*Options){
		"no name":        func(o *Options) { o.Name = "" },
		"no kind":        func(o *Options) { o.ManageEndpoints = false },
		"bad priority":   func(o *Options) { o.AddressPriority = "hostname" },
		"bad selector":   func(o *Options) { o.NodeSelector = "a in (" },
		"no sync period": func(o *Options) { o.SyncPeriod = 0 },
	} {
		options := testOptions()
		change(&options)
		_, err := New(fake.NewClientset(), options, nil, logger)
		assert.Error(t, err, name)
	}
}

func TestSyncWritesServiceAndEndpointsForSelectedNodes(t *testing.T) {
	options := testOptions()
	options.NodeSelector = "pool=metrics"
	controller, client, registry := newTestController(t, options,
		nodePointer(testNode("a", map[string]string{"pool": "metrics"}, "InternalIP", "10.0.0.1")),
		nodePointer(testNode("b", map[string]string{"pool": "other"}, "InternalIP", "10.0.0.2")),
		nodePointer(testNode("c", map[string]string{"pool": "metrics"}, "Hostname", "c.local")),
	)
	require.NoError(t, controller.Sync(context.Background()))

	service, err := client.CoreV1().Services("kube-system").Get(context.Background(), "kubelet", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, corev1.ClusterIPNone, service.Spec.ClusterIP)
	assert.Equal(t, []string{"10.0.0.1"}, endpointIPs(t, client))
	slices, err := client.DiscoveryV1().EndpointSlices("kube-system").List(context.Background(), metav1.ListOptions{})
	require.NoError(t, err)
	assert.Empty(t, slices.Items, "slices are off by default")

	assert.Equal(t, 1.0, testutil.ToFloat64(controller.metrics.addressLookupErrors), "node c has only a hostname")
	assert.Equal(t, 1.0, testutil.ToFloat64(controller.metrics.syncs.WithLabelValues(resourceEndpoints)))
	assert.Equal(t, 0.0, testutil.ToFloat64(controller.metrics.syncs.WithLabelValues(resourceEndpointSlice)))
	problems, err := testutil.CollectAndLint(registry)
	require.NoError(t, err)
	assert.Empty(t, problems)
}

func TestSyncFollowsNodeRemovalAndIsQuietWhenUnchanged(t *testing.T) {
	controller, client, _ := newTestController(t, testOptions(),
		nodePointer(testNode("a", nil, "InternalIP", "10.0.0.1")),
		nodePointer(testNode("b", nil, "InternalIP", "10.0.0.2")),
	)
	ctx := context.Background()
	require.NoError(t, controller.Sync(ctx))
	assert.Equal(t, []string{"10.0.0.1", "10.0.0.2"}, endpointIPs(t, client))

	client.ClearActions()
	require.NoError(t, controller.Sync(ctx))
	for _, action := range client.Actions() {
		assert.NotContains(t, []string{"create", "update", "delete"}, action.GetVerb(), "unchanged nodes must not write: %v", action)
	}

	require.NoError(t, client.CoreV1().Nodes().Delete(ctx, "a", metav1.DeleteOptions{}))
	require.NoError(t, controller.Sync(ctx))
	assert.Equal(t, []string{"10.0.0.2"}, endpointIPs(t, client))
}

func TestSyncEndpointSlicesOnly(t *testing.T) {
	options := testOptions()
	options.ManageEndpoints = false
	options.ManageEndpointSlices = true
	options.AddressPriority = PreferExternal
	controller, client, _ := newTestController(t, options,
		nodePointer(testNode("a", nil, "InternalIP", "10.0.0.1", "ExternalIP", "203.0.113.1")),
		nodePointer(testNode("b", nil, "InternalIP", "fd00::2")),
	)
	ctx := context.Background()
	require.NoError(t, controller.Sync(ctx))

	_, err := client.CoreV1().Endpoints("kube-system").Get(ctx, "kubelet", metav1.GetOptions{}) //nolint:staticcheck // deprecated but served.
	assert.Error(t, err, "Endpoints are off")
	slices, err := client.DiscoveryV1().EndpointSlices("kube-system").List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	require.Len(t, slices.Items, 2)
	byFamily := map[discoveryv1.AddressType]string{}
	for _, slice := range slices.Items {
		require.Len(t, slice.Endpoints, 1)
		byFamily[slice.AddressType] = slice.Endpoints[0].Addresses[0]
		assert.True(t, strings.HasPrefix(slice.Name, "kubelet-"), slice.Name)
	}
	assert.Equal(t, map[discoveryv1.AddressType]string{
		discoveryv1.AddressTypeIPv4: "203.0.113.1", discoveryv1.AddressTypeIPv6: "fd00::2",
	}, byFamily)

	require.NoError(t, client.CoreV1().Nodes().Delete(ctx, "b", metav1.DeleteOptions{}))
	require.NoError(t, controller.Sync(ctx))
	slices, err = client.DiscoveryV1().EndpointSlices("kube-system").List(ctx, metav1.ListOptions{})
	require.NoError(t, err)
	require.Len(t, slices.Items, 1, "the emptied IPv6 slice is deleted")
	assert.Equal(t, discoveryv1.AddressTypeIPv4, slices.Items[0].AddressType)
}

func TestSyncBothKindsMarksEndpointsSkipMirror(t *testing.T) {
	options := testOptions()
	options.ManageEndpointSlices = true
	controller, client, _ := newTestController(t, options, nodePointer(testNode("a", nil, "InternalIP", "10.0.0.1")))
	require.NoError(t, controller.Sync(context.Background()))
	assert.Equal(t, "true", readEndpoints(t, client).Labels[discoveryv1.LabelSkipMirror])
	assert.Equal(t, 1.0, testutil.ToFloat64(controller.metrics.syncs.WithLabelValues(resourceEndpointSlice)))
}

func TestManagedResourceGauges(t *testing.T) {
	options := testOptions()
	options.ManageEndpoints = false
	options.ManageEndpointSlices = true
	_, _, registry := newTestController(t, options)
	expected := `
# HELP prometheus_operator_kubelet_managed_resource 1 when the kubelet controller writes this kind of endpoints resource.
# TYPE prometheus_operator_kubelet_managed_resource gauge
prometheus_operator_kubelet_managed_resource{resource="endpoints"} 0
prometheus_operator_kubelet_managed_resource{resource="endpointslice"} 1
`
	assert.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(expected), "prometheus_operator_kubelet_managed_resource"))
}

func TestSyncCountsFailures(t *testing.T) {
	controller, client, _ := newTestController(t, testOptions(), nodePointer(testNode("a", nil, "InternalIP", "10.0.0.1")))
	client.PrependReactor("create", "endpoints", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, assert.AnError
	})
	assert.ErrorIs(t, controller.Sync(context.Background()), assert.AnError)
	assert.Equal(t, 1.0, testutil.ToFloat64(controller.metrics.syncFailures.WithLabelValues(resourceEndpoints)))
}

func TestSyncKeepsEndpointsWhenNodeListFails(t *testing.T) {
	controller, client, _ := newTestController(t, testOptions(), nodePointer(testNode("a", nil, "InternalIP", "10.0.0.1")))
	require.NoError(t, controller.Sync(context.Background()))
	client.PrependReactor("list", "nodes", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, assert.AnError
	})
	assert.ErrorIs(t, controller.Sync(context.Background()), assert.AnError)
	assert.Equal(t, []string{"10.0.0.1"}, endpointIPs(t, client))
}

func TestRunSyncsUntilCancelled(t *testing.T) {
	options := testOptions()
	options.SyncPeriod = time.Hour
	controller, client, _ := newTestController(t, options, nodePointer(testNode("a", nil, "InternalIP", "10.0.0.1")))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { controller.Run(ctx); close(done) }()
	require.Eventually(t, func() bool {
		_, err := client.CoreV1().Endpoints("kube-system").Get(ctx, "kubelet", metav1.GetOptions{}) //nolint:staticcheck // deprecated but served.
		return err == nil
	}, 5*time.Second, 10*time.Millisecond, "Run syncs once at start")
	cancel()
	<-done
}
