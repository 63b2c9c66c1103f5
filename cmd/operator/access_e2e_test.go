// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

//go:build e2e

package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/cluster"
)

// syncBuffer is a log sink safe for the operator's goroutines.
type syncBuffer struct {
	mu     sync.Mutex
	buffer bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.String()
}

// reducedClusterRole is the example ClusterRole without alertmanagers and
// without the status of prometheuses.
func reducedClusterRole(t *testing.T, name string) *rbacv1.ClusterRole {
	t.Helper()
	data, err := os.ReadFile("../../example/rbac/prometheus-operator/prometheus-operator-cluster-role.yaml")
	require.NoError(t, err)
	var role rbacv1.ClusterRole
	require.NoError(t, yaml.Unmarshal(data, &role))
	role.ObjectMeta = metav1.ObjectMeta{Name: name}
	for i, rule := range role.Rules {
		role.Rules[i].Resources = slices.DeleteFunc(slices.Clone(rule.Resources), func(resource string) bool {
			return resource == "alertmanagers" || resource == "prometheuses/status"
		})
	}
	role.Rules = slices.DeleteFunc(role.Rules, func(rule rbacv1.PolicyRule) bool { return len(rule.Resources) == 0 })
	return &role
}

func freeAddress(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	address := listener.Addr().String()
	require.NoError(t, listener.Close())
	return address
}

func TestAControllerTheOperatorMayNotWatchIsDisabledNotBlocking(t *testing.T) {
	shared := cluster.Start(t)
	ctx := context.Background()
	install := exec.Command(shared.Kubectl(), "--kubeconfig", shared.KubeconfigPath, "apply", "--server-side", "-f", "../../example/prometheus-operator-crd")
	output, err := install.CombinedOutput()
	require.NoError(t, err, string(output))
	wait := exec.Command(shared.Kubectl(), "--kubeconfig", shared.KubeconfigPath, "wait", "--for=condition=Established", "--timeout=60s", "crd", "--all")
	output, err = wait.CombinedOutput()
	require.NoError(t, err, string(output))

	client, err := shared.Clientset()
	require.NoError(t, err)
	namespace := shared.Namespace(t)
	_, err = client.CoreV1().ServiceAccounts(namespace).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "operator"}}, metav1.CreateOptions{})
	require.NoError(t, err)
	role := reducedClusterRole(t, "reduced-operator-"+namespace)
	_, err = client.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = client.RbacV1().ClusterRoles().Delete(context.Background(), role.Name, metav1.DeleteOptions{})
	})
	_, err = client.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: role.Name},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role.Name},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: "operator", Namespace: namespace}},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = client.RbacV1().ClusterRoleBindings().Delete(context.Background(), role.Name, metav1.DeleteOptions{})
	})

	address := freeAddress(t)
	config := operator.NewConfig()
	flags := flag.NewFlagSet("operator", flag.ContinueOnError)
	config.RegisterFlags(flags)
	limits := registerClientFlags(flags)
	require.NoError(t, flags.Parse([]string{
		"--kubeconfig=" + shared.KubeconfigPath, "--as=system:serviceaccount:" + namespace + ":operator",
		"--web.listen-address=" + address,
	}))
	require.NoError(t, config.Validate())
	var logs syncBuffer
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- start(runCtx, config, limits, slog.New(slog.NewTextHandler(&logs, nil))) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done, "the operator stops cleanly")
		if t.Failed() {
			t.Log(logs.String())
		}
	})

	get := func(path string) (int, string) {
		response, err := http.Get("http://" + address + path)
		if err != nil {
			return 0, ""
		}
		defer response.Body.Close()
		body, _ := io.ReadAll(response.Body)
		return response.StatusCode, string(body)
	}
	require.Eventually(t, func() bool {
		code, _ := get("/readyz")
		return code == http.StatusOK
	}, 90*time.Second, 200*time.Millisecond, "the other controllers' caches sync and /readyz turns 200")

	_, metrics := get("/metrics")
	assert.Contains(t, metrics, `prometheus_operator_controller_disabled{controller="alertmanager"} 1`)
	assert.Contains(t, metrics, `prometheus_operator_controller_disabled{controller="prometheus"} 0`)
	assert.Contains(t, metrics, `prometheus_operator_ready{controller="alertmanager"} 0`)
	assert.Contains(t, metrics, `prometheus_operator_ready{controller="prometheus"} 1`)
	assert.Contains(t, metrics, "prometheus_operator_leader 1")
	log := logs.String()
	assert.Contains(t, log, "controller=alertmanager")
	assert.Contains(t, log, "list alertmanagers")
	assert.Equal(t, 1, strings.Count(log, "may not write the status"), "the missing status permission is logged once")
	assert.Contains(t, log, "update prometheuses/status")
}
