// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"

	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// Kubernetes kinds go over the wire as protobuf (a large config Secret is
// bytes, not base64 in JSON); custom resources stay JSON, the only format
// the API server serves them in.
func TestKubernetesKindsUseProtobufCustomResourcesJSON(t *testing.T) {
	var mu sync.Mutex
	contentTypes := map[string]string{}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		contentTypes[r.URL.Path] = r.Header.Get("Content-Type")
		mu.Unlock()
		http.Error(w, "not here", http.StatusNotFound)
	}))
	defer server.Close()

	apiClients, err := newClients(&rest.Config{Host: server.URL})
	require.NoError(t, err)
	ctx := context.Background()
	_, err = apiClients.kube.CoreV1().Secrets("default").Create(ctx, &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s"}}, metav1.CreateOptions{})
	require.Error(t, err)
	_, err = apiClients.monitoring.MonitoringV1().ServiceMonitors("default").Create(ctx, fixtures.ServiceMonitor("web"), metav1.CreateOptions{})
	require.Error(t, err)

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, "application/vnd.kubernetes.protobuf", contentTypes["/api/v1/namespaces/default/secrets"])
	assert.Equal(t, "application/json", contentTypes["/apis/monitoring.coreos.com/v1/namespaces/default/servicemonitors"])
}
