// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"encoding/json"
	"slices"
	"sort"
	"testing"

	amconfig "github.com/prometheus/alertmanager/config"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// fuzzSeeds are the specs of the fixtures, as the API server stores them.
func fuzzSeeds() [][]byte {
	var specs []monitoringv1alpha1.AlertmanagerConfigSpec
	kinds := make([]string, 0, len(receiverFixtures))
	for kind := range receiverFixtures {
		kinds = append(kinds, kind)
	}
	sort.Strings(kinds)
	for _, kind := range kinds {
		fixture := receiverFixtures[kind]
		specs = append(specs, configsFor(fixture.minimal)[0].Spec, configsFor(fixture.complete)[0].Spec)
	}
	specs = append(specs, routedConfig("ns1", "x").Spec, legacyRoutedConfig("ns1", "x").Spec)
	for _, bad := range badResources {
		specs = append(specs, bad.config.Spec)
	}
	out := make([][]byte, 0, len(specs))
	for _, spec := range specs {
		raw, err := json.Marshal(spec)
		if err != nil {
			panic(err)
		}
		out = append(out, raw)
	}
	return out
}

// FuzzGenerate checks the central property of the generator: whatever
// resource it accepts, the generated configuration loads in Alertmanager,
// and a bad resource never takes a good one down with it.
func FuzzGenerate(f *testing.F) {
	for i, seed := range fuzzSeeds() {
		f.Add(uint8(i), seed)
	}
	f.Fuzz(func(t *testing.T, versionIndex uint8, rawSpec []byte) {
		var spec monitoringv1alpha1.AlertmanagerConfigSpec
		if err := json.Unmarshal(rawSpec, &spec); err != nil {
			return
		}
		fuzzed := fixtures.AlertmanagerConfig("fuzzed", fixtures.InNamespace("ns1"), fixtures.WithReceivers())
		fuzzed.Spec = spec
		good := routedConfig("ns2", "good")
		version := versionLadder[int(versionIndex)%len(versionLadder)]
		if versionLess(version, "0.22.0") {
			good = legacyRoutedConfig("ns2", "good")
		}
		result, err := Generate(Input{
			Alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion(version)), Store: testStore(),
			Configs: []*monitoringv1alpha1.AlertmanagerConfig{fuzzed, good},
		}, Options{})
		if err != nil {
			t.Fatalf("Generate failed for a selected resource instead of rejecting it: %v", err)
		}
		if !slices.Contains(result.Accepted, "ns2/good") {
			t.Fatalf("the good resource was not accepted next to the fuzzed one: %v", result.Rejected)
		}
		if _, err := amconfig.Load(string(result.Config)); err != nil {
			t.Fatalf("the generated configuration does not load: %v\n%s", err, result.Config)
		}
		for _, rejection := range result.Rejected {
			assertNoSecret(t, rejection.Error())
		}
	})
}
