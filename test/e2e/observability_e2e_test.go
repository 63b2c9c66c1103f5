//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/hack/observability"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/operator"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
)

// observedWorkload gives the operator something to reconcile, so that the
// per-controller series exist.
const observedWorkload = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: observed
spec:
  serviceMonitorSelector: {}
  ruleSelector: {}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: observed
spec:
  selector:
    matchLabels:
      app: observed
  endpoints:
  - port: web
`

// exportedSeriesNames returns the series names a /metrics text can hold:
// each family's name, plus _bucket, _sum and _count for histograms and
// summaries.
func exportedSeriesNames(text string) map[string]bool {
	names := map[string]bool{}
	for line := range strings.SplitSeq(text, "\n") {
		fields := strings.Fields(line)
		if len(fields) != 4 || fields[0] != "#" || fields[1] != "TYPE" {
			continue
		}
		name := fields[2]
		names[name] = true
		switch fields[3] {
		case "histogram":
			names[name+"_bucket"], names[name+"_sum"], names[name+"_count"] = true, true, true
		case "summary":
			names[name+"_sum"], names[name+"_count"] = true, true
		}
	}
	return names
}

// TestDashboardAndAlertsUseExportedMetrics runs the operator, lets it
// reconcile a Prometheus, and checks that every metric name used by
// example/dashboards and example/alerts is in its /metrics.
func TestDashboardAndAlertsUseExportedMetrics(t *testing.T) {
	plain := newEnv(t)
	installCRDsOnce(t, plain)
	monitoring, err := versioned.NewForConfig(plain.cluster.Config)
	require.NoError(t, err)
	// The kubelet controller and leader election run too, for their series.
	started := operator.Start(t, operator.Options{
		Kubeconfig: plain.cluster.KubeconfigPath, Namespaces: []string{plain.namespace},
		Args: []string{"--kubelet-service=" + plain.namespace + "/kubelet", "--leader-elect", "--leader-election-namespace=" + plain.namespace},
	})
	e := &operatorEnv{env: plain, operator: started, monitoring: monitoring}
	t.Cleanup(func() { e.deleteWorkloads(t) })
	_, err = e.applier.ApplyYAML(t.Context(), []byte(observedWorkload))
	require.NoError(t, err)

	expressions, err := observability.FileExpressions(repoPath())
	require.NoError(t, err)
	used := map[string][]string{}
	for _, expression := range expressions {
		names, err := observability.MetricNames(expression.Expr)
		require.NoError(t, err, expression.Source)
		for _, name := range names {
			used[name] = append(used[name], expression.Source)
		}
	}
	require.NotEmpty(t, used)

	var missing []string
	err = poll.Until(t.Context(), reconcileTimeout, func(ctx context.Context) error {
		text, err := e.operator.Metrics(ctx)
		if err != nil {
			return err
		}
		exported := exportedSeriesNames(text)
		missing = missing[:0]
		for name := range used {
			if !exported[name] {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("not exported yet: %v", missing)
		}
		return nil
	})
	slices.Sort(missing)
	for _, name := range missing {
		assert.Fail(t, "metric not exported by the operator", "%s is used by %v", name, used[name])
	}
	require.NoError(t, err)
}
