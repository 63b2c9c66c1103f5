// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"

	"k8s.io/client-go/kubernetes"

	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// clientLimits are the client-side rate limits of the operator's API
// clients. They are flags of ours: upstream has none.
type clientLimits struct {
	qps   float64
	burst int
}

// registerClientFlags adds --kube-api-qps and --kube-api-burst. The
// defaults leave room for the burst of status writes of a first sync
// (bindings on every selected resource) without starving the API server.
func registerClientFlags(flags *flag.FlagSet) *clientLimits {
	limits := &clientLimits{}
	flags.Float64Var(&limits.qps, "kube-api-qps", 100, "Sustained requests per second to the Kubernetes API, per client.")
	flags.IntVar(&limits.burst, "kube-api-burst", 200, "Requests to the Kubernetes API allowed at once above --kube-api-qps, per client.")
	return limits
}

func (l *clientLimits) validate() error {
	if l.qps <= 0 || l.burst <= 0 {
		return errors.New("--kube-api-qps and --kube-api-burst must be positive")
	}
	return nil
}

// lacksNamespaceAccess reports whether the operator is refused listing
// and watching namespaces cluster-wide; it then runs without a Namespace
// informer, which could never sync. When the review itself fails, access
// is assumed and the informer's own errors will tell.
func lacksNamespaceAccess(ctx context.Context, client kubernetes.Interface, logger *slog.Logger) bool {
	allowed, reason, err := kube.CanListAndWatch(ctx, client, "", "namespaces")
	if err != nil {
		logger.Warn("cannot review the access to namespaces, assuming it is granted", "err", err)
		return false
	}
	if !allowed {
		logger.Warn("listing and watching namespaces is refused", "refused", reason)
	}
	return !allowed
}
