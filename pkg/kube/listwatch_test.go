// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kube

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/rest"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/watchlist"
)

func TestInstrumentedInformerCountsListsAndWatches(t *testing.T) {
	client := fake.NewClientset(&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "one", Labels: map[string]string{"keep": "yes"}}},
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: "a", Name: "two"}})
	registry := prometheus.NewRegistry()
	metrics, err := NewListWatchMetrics(registry)
	require.NoError(t, err)
	lw := NewListWatch[*corev1.ConfigMapList](client.CoreV1().ConfigMaps("a"), func(options *metav1.ListOptions) {
		options.LabelSelector = "keep=yes"
	}, client)
	counted := metrics.Instrument(lw, "prometheus", "configmaps")
	require.True(t, watchlist.DoesClientNotSupportWatchListSemantics(counted), "the fake's refusal of watch-list streams is passed on")

	informer := cache.NewSharedIndexInformer(counted, &corev1.ConfigMap{}, 0, cache.Indexers{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go informer.RunWithContext(ctx)
	require.True(t, cache.WaitForCacheSync(ctx.Done(), informer.HasSynced))
	require.Equal(t, []string{"a/one"}, informer.GetStore().ListKeys(), "the tweak narrows the list")
	require.Eventually(t, func() bool {
		return testutil.ToFloat64(metrics.watches.WithLabelValues("prometheus", "configmaps")) == 1
	}, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, 1.0, testutil.ToFloat64(metrics.lists.WithLabelValues("prometheus", "configmaps")))
	require.Equal(t, 0.0, testutil.ToFloat64(metrics.listFailures.WithLabelValues("prometheus", "configmaps")))

	client.PrependReactor("list", "configmaps", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, errors.New("unavailable")
	})
	_, err = counted.List(metav1.ListOptions{})
	require.Error(t, err)
	require.Equal(t, 2.0, testutil.ToFloat64(metrics.lists.WithLabelValues("prometheus", "configmaps")))
	require.Equal(t, 1.0, testutil.ToFloat64(metrics.listFailures.WithLabelValues("prometheus", "configmaps")))

	var unmetered *ListWatchMetrics
	require.Same(t, lw, unmetered.Instrument(lw, "prometheus", "configmaps"))
}

func TestClientMetricsSeeEveryRequest(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/missing") {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}`))
			return
		}
		_, _ = w.Write([]byte(`{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"default"}}`))
	}))
	defer server.Close()
	registry := prometheus.NewRegistry()
	require.NoError(t, RegisterClientMetrics(registry))
	client, err := kubernetes.NewForConfig(&rest.Config{Host: server.URL, QPS: 100, Burst: 100})
	require.NoError(t, err)
	for _, name := range []string{"default", "default", "missing"} {
		_, _ = client.CoreV1().Namespaces().Get(context.Background(), name, metav1.GetOptions{})
	}

	host := strings.TrimPrefix(server.URL, "http://")
	expected := `
# HELP prometheus_operator_kubernetes_client_http_requests_total Requests the operator made to the Kubernetes API, by status code, method and host.
# TYPE prometheus_operator_kubernetes_client_http_requests_total counter
prometheus_operator_kubernetes_client_http_requests_total{host="HOST",method="GET",status_code="200"} 2
prometheus_operator_kubernetes_client_http_requests_total{host="HOST",method="GET",status_code="404"} 1
`
	require.NoError(t, testutil.GatherAndCompare(registry, strings.NewReader(strings.ReplaceAll(expected, "HOST", host)),
		"prometheus_operator_kubernetes_client_http_requests_total"))
	count, err := testutil.GatherAndCount(registry, "prometheus_operator_kubernetes_client_http_request_duration_seconds",
		"prometheus_operator_kubernetes_client_rate_limiter_duration_seconds")
	require.NoError(t, err)
	require.Equal(t, 2, count, "one latency series and one rate limiter series, whatever the object")
}

func TestCanListAndWatchAsksForBothVerbs(t *testing.T) {
	client := fake.NewClientset()
	var asked []string
	allowWatchOnly := func(action k8stesting.Action) (bool, runtime.Object, error) {
		review := action.(k8stesting.CreateAction).GetObject().(*authorizationv1.SelfSubjectAccessReview).DeepCopy()
		attributes := review.Spec.ResourceAttributes
		asked = append(asked, attributes.Verb+" "+attributes.Resource+" in namespace '"+attributes.Namespace+"'")
		review.Status.Allowed = attributes.Verb == "watch"
		if !review.Status.Allowed {
			review.Status.Reason = "no RBAC rule"
		}
		return true, review, nil
	}
	client.PrependReactor("create", "selfsubjectaccessreviews", allowWatchOnly)
	allowed, reason, err := CanListAndWatch(context.Background(), client, "", "namespaces")
	require.NoError(t, err)
	require.False(t, allowed)
	require.Equal(t, "list namespaces (no RBAC rule)", reason)
	require.Equal(t, []string{"list namespaces in namespace ''", "watch namespaces in namespace ''"}, asked)
}
