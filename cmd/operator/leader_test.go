// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestLeaderRunsTheWorkWhileHoldingTheLease(t *testing.T) {
	client := fake.NewClientset()
	config := operator.NewConfig()
	config.LeaderElectionNS = "operators"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	working := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- runAsLeader(ctx, config, client, slog.New(slog.DiscardHandler), func(workCtx context.Context) error {
			close(working)
			<-workCtx.Done()
			return nil
		})
	}()
	select {
	case <-working:
	case <-ctx.Done():
		t.Fatal("never became the leader")
	}
	lease, err := client.CoordinationV1().Leases("operators").Get(ctx, "prometheus-operator", metav1.GetOptions{})
	require.NoError(t, err)
	require.NotNil(t, lease.Spec.HolderIdentity)
	require.True(t, strings.Contains(*lease.Spec.HolderIdentity, "_"))

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "stopping is not losing the lease")
	case <-time.After(20 * time.Second):
		t.Fatal("runAsLeader did not return after the context ended")
	}
}

func TestLeaderElectionNamespaceFallsBackToThePodNamespace(t *testing.T) {
	config := operator.NewConfig()
	t.Setenv("POD_NAMESPACE", "monitoring")
	require.Equal(t, "monitoring", leaderElectionNamespace(config))
	config.LeaderElectionNS = "explicit"
	require.Equal(t, "explicit", leaderElectionNamespace(config))
}
