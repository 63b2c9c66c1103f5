//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package scale measures the operator at the size of a large cluster: many
// ServiceMonitors (two endpoints each, one in ten authenticating with a
// basic-auth Secret) and thousands of unrelated large Secrets. It reports
// the time from start to the first complete configuration, memory, CPU, the
// API requests of a resync that changes nothing, and how long a
// ServiceMonitor edit takes to reach the config Secret. See
// hack/bench/README.md.
package scale

import (
	"flag"
	"strings"
	"time"
)

var (
	monitorCount   = flag.Int("bench.monitors", 1000, "ServiceMonitors the Prometheus selects")
	endpointCount  = flag.Int("bench.endpoints", 2, "endpoints (scrape jobs) per ServiceMonitor")
	basicAuthEvery = flag.Int("bench.basic-auth-every", 10, "every n-th ServiceMonitor authenticates with its own basic-auth Secret (0: none)")
	secretCount    = flag.Int("bench.secrets", 5000, "unrelated Secrets in the cluster")
	secretBytes    = flag.Int("bench.secret-bytes", 100<<10, "size of each unrelated Secret's payload")
	workers        = flag.Int("bench.workers", 8, "parallel requests when creating objects")
	editCount      = flag.Int("bench.edits", 20, "ServiceMonitor edits timed until the config Secret holds them")
	resyncCount    = flag.Int("bench.resyncs", 3, "resyncs that change nothing whose API requests are counted")
	settle         = flag.Duration("bench.settle", 30*time.Second, "wait once the operator is idle, before reading steady memory")
	quiet          = flag.Duration("bench.quiet", 2*time.Second, "the operator counts as idle after this long without an API request")
	editJitter     = flag.Duration("bench.edit-jitter", 200*time.Millisecond, "the pause before each edit is random in [0, this)")
	syncTimeout    = flag.Duration("bench.sync-timeout", 15*time.Minute, "limit for the first complete configuration")
	idleTimeout    = flag.Duration("bench.idle-timeout", 15*time.Minute, "limit for the operator to become idle after its first sync")
	heapProfile    = flag.String("bench.heap-profile", "", "write the operator's heap profile (after settling) to this file")
	cpuProfile     = flag.String("bench.cpu-profile", "", "write the operator's CPU profile over the edits to this file")
	operatorArgs   = flag.String("bench.operator-args", "", "extra operator flags, space-separated")
)

// extraOperatorArgs splits -bench.operator-args.
func extraOperatorArgs() []string { return strings.Fields(*operatorArgs) }
