// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

//go:build e2e

package kubelet

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/cluster"
)

// createNode stores a node and then its status, which a create ignores.
func createNode(t *testing.T, client kubernetes.Interface, node corev1.Node) {
	t.Helper()
	ctx := context.Background()
	status := node.Status
	for i := range status.Conditions {
		status.Conditions[i].LastHeartbeatTime = metav1.Now()
		status.Conditions[i].LastTransitionTime = metav1.Now()
	}
	node.UID = ""
	created, err := client.CoreV1().Nodes().Create(ctx, &node, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(context.Background(), node.Name, metav1.DeleteOptions{}) })
	created.Status = status
	_, err = client.CoreV1().Nodes().UpdateStatus(ctx, created, metav1.UpdateOptions{})
	require.NoError(t, err)
}

// resourceVersions maps "kind/name" of every object the controller wrote
// to its resource version.
func resourceVersions(t *testing.T, client kubernetes.Interface, controller *Controller) map[string]string {
	t.Helper()
	ctx := context.Background()
	versions := map[string]string{}
	service, err := client.CoreV1().Services(controller.options.Namespace).Get(ctx, controller.options.Name, metav1.GetOptions{})
	require.NoError(t, err)
	versions["service"] = service.ResourceVersion
	endpoints, err := client.CoreV1().Endpoints(controller.options.Namespace).Get(ctx, controller.options.Name, metav1.GetOptions{}) //nolint:staticcheck // deprecated but served.
	require.NoError(t, err)
	versions["endpoints"] = endpoints.ResourceVersion
	slices, err := client.DiscoveryV1().EndpointSlices(controller.options.Namespace).List(ctx, metav1.ListOptions{LabelSelector: controller.objects.SliceSelector()})
	require.NoError(t, err)
	for _, slice := range slices.Items {
		versions["slice/"+slice.Name] = slice.ResourceVersion
	}
	return versions
}

func TestSyncAgainstAPIServer(t *testing.T) {
	shared := cluster.Start(t)
	client, err := shared.Clientset()
	require.NoError(t, err)
	ctx := context.Background()
	namespace := shared.Namespace(t)
	pool := "kubelet-e2e-" + rand.String(5)
	createNode(t, client, testNode(pool+"-a", map[string]string{"pool": pool}, "InternalIP", "10.20.0.1", "ExternalIP", "203.0.113.1"))
	createNode(t, client, testNode(pool+"-b", map[string]string{"pool": pool}, "InternalIP", "fd00::20"))

	controller, err := New(client, Options{
		Namespace: namespace, Name: "kubelet", NodeSelector: "pool=" + pool, AddressPriority: PreferInternal,
		ManageEndpoints: true, ManageEndpointSlices: true, HTTPMetrics: true, SyncPeriod: time.Minute,
	}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	require.NoError(t, controller.Sync(ctx))

	endpoints, err := client.CoreV1().Endpoints(namespace).Get(ctx, "kubelet", metav1.GetOptions{}) //nolint:staticcheck // deprecated but served.
	require.NoError(t, err)
	require.Len(t, endpoints.Subsets, 1)
	assert.Len(t, endpoints.Subsets[0].Addresses, 2)
	first := resourceVersions(t, client, controller)
	assert.Len(t, first, 4, "service, endpoints, one IPv4 and one IPv6 slice")

	require.NoError(t, controller.Sync(ctx))
	assert.Equal(t, first, resourceVersions(t, client, controller), "a sync with unchanged nodes writes nothing")

	require.NoError(t, client.CoreV1().Nodes().Delete(ctx, pool+"-b", metav1.DeleteOptions{}))
	require.NoError(t, controller.Sync(ctx))
	after := resourceVersions(t, client, controller)
	assert.Len(t, after, 3, "the IPv6 slice went with the IPv6 node")
	endpoints, err = client.CoreV1().Endpoints(namespace).Get(ctx, "kubelet", metav1.GetOptions{}) //nolint:staticcheck // deprecated but served.
	require.NoError(t, err)
	require.Len(t, endpoints.Subsets, 1)
	require.Len(t, endpoints.Subsets[0].Addresses, 1)
	assert.Equal(t, "10.20.0.1", endpoints.Subsets[0].Addresses[0].IP)
}
