// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"
	"testing"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// BenchmarkGenerate measures a generation with many resources, with and
// without the per-resource trial load by Alertmanager's loader.
func BenchmarkGenerate(b *testing.B) {
	for _, count := range []int{10, 100} {
		configs := make([]*monitoringv1alpha1.AlertmanagerConfig, count)
		for i := range configs {
			configs[i] = routedConfig(fmt.Sprintf("ns%d", i%2+1), fmt.Sprintf("app-%03d", i))
		}
		input := Input{Alertmanager: fixtures.Alertmanager("main", parsedBase), RawConfig: []byte(richBase), Configs: configs, Store: testStore()}
		for name, options := range map[string]Options{"trial load": {}, "no trial load": {SkipTrialLoad: true}} {
			b.Run(fmt.Sprintf("%d resources, %s", count, name), func(b *testing.B) {
				for b.Loop() {
					if _, err := Generate(input, options); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
