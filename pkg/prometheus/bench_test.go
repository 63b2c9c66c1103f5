// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// BenchmarkConvergedSync measures one reconcile of a Prometheus selecting
// 1,000 ServiceMonitors once everything is in place: selection,
// configuration generation, reads of every generated object, no writes.
func BenchmarkConvergedSync(b *testing.B) {
	f := newFixture(b)
	objects := []runtime.Object{fixtures.Prometheus("main", selectsFrontend)}
	for i := range 1000 {
		objects = append(objects, fixtures.ServiceMonitor(fmt.Sprintf("app-%d", i), frontendTeam))
	}
	f.add(objects...)
	f.sync("prometheus", "default", "main")
	f.sync("prometheus", "default", "main")
	c := f.controllerFor("prometheus")
	f.clearActions()
	b.ResetTimer()
	for b.Loop() {
		require.NoError(b, c.sync(f.ctx, keyOf("main")))
	}
	b.StopTimer()
	require.Empty(b, f.writes())
}
