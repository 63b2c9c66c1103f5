// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/util/uuid"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// serviceAccountNamespaceFile holds the pod's namespace in a cluster.
const serviceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"

// errLeadershipLost ends the process so that it restarts as a candidate:
// a replica that lost the lease must stop writing at once.
var errLeadershipLost = errors.New("leader election lost")

// runAsLeader runs work while this replica holds the Lease. It returns
// when ctx is done or the lease is lost.
func runAsLeader(ctx context.Context, config *operator.Config, client kubernetes.Interface, logger *slog.Logger, work func(context.Context) error) error {
	hostname, err := os.Hostname()
	if err != nil {
		return fmt.Errorf("leader election identity: %w", err)
	}
	identity := hostname + "_" + string(uuid.NewUUID())
	lock := &resourcelock.LeaseLock{
		Client:     client.CoordinationV1(),
		LockConfig: resourcelock.ResourceLockConfig{Identity: identity},
	}
	lock.LeaseMeta.Namespace, lock.LeaseMeta.Name = leaderElectionNamespace(config), config.LeaderElectionName

	// The elector calls back in its own goroutine; work runs here instead,
	// on the context the elector cancels when the lease is lost.
	leading := make(chan context.Context, 1)
	electionCtx, stopElection := context.WithCancel(ctx)
	defer stopElection()
	elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
		Lock:            lock,
		LeaseDuration:   leaseTimings.lease,
		RenewDeadline:   leaseTimings.renew,
		RetryPeriod:     leaseTimings.retry,
		ReleaseOnCancel: true,
		Name:            config.LeaderElectionName,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(leaderCtx context.Context) { leading <- leaderCtx },
			OnStoppedLeading: func() {},
			OnNewLeader: func(leader string) {
				if leader != identity {
					logger.Info("waiting: another replica leads", "leader", leader)
				}
			},
		},
	})
	if err != nil {
		return fmt.Errorf("leader election: %w", err)
	}
	logger.Info("running for leader", "lease", lock.LeaseMeta.Namespace+"/"+lock.LeaseMeta.Name, "identity", identity)
	electionDone := make(chan struct{})
	go func() {
		defer close(electionDone)
		elector.Run(electionCtx)
	}()

	select {
	case <-electionDone:
		// Stopped before winning the lease.
		return nil
	case leaderCtx := <-leading:
		logger.Info("became the leader", "identity", identity)
		workErr := work(leaderCtx)
		lost := leaderCtx.Err() != nil && ctx.Err() == nil
		// Release the lease (if still held) and wait for the elector.
		stopElection()
		<-electionDone
		if lost {
			return errors.Join(errLeadershipLost, workErr)
		}
		return workErr
	}
}

// leaderElectionNamespace is --leader-election-namespace, else the pod's
// namespace, else "default".
func leaderElectionNamespace(config *operator.Config) string {
	if config.LeaderElectionNS != "" {
		return config.LeaderElectionNS
	}
	if namespace := os.Getenv("POD_NAMESPACE"); namespace != "" {
		return namespace
	}
	if data, err := os.ReadFile(serviceAccountNamespaceFile); err == nil {
		if namespace := strings.TrimSpace(string(data)); namespace != "" {
			return namespace
		}
	}
	return "default"
}
