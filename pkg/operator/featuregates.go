// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package operator

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The feature gates upstream knows, with our defaults. Two differ from
// upstream's on purpose: the agent DaemonSet mode and status bindings on
// configuration resources are on by default here.
const (
	GatePrometheusAgentDaemonSet            = "PrometheusAgentDaemonSet"
	GatePrometheusTopologySharding          = "PrometheusTopologySharding"
	GatePrometheusShardRetentionPolicy      = "PrometheusShardRetentionPolicy"
	GateStatusForConfigurationResources     = "StatusForConfigurationResources"
	GateRemoteWriteCustomResourceDefinition = "RemoteWriteCustomResourceDefinition"
)

// FeatureGates maps a gate name to whether it is enabled.
type FeatureGates map[string]bool

// DefaultFeatureGates returns the gates with their default values.
func DefaultFeatureGates() FeatureGates {
	return FeatureGates{
		GatePrometheusAgentDaemonSet:            true,
		GatePrometheusTopologySharding:          true,
		GatePrometheusShardRetentionPolicy:      true,
		GateStatusForConfigurationResources:     true,
		GateRemoteWriteCustomResourceDefinition: false,
	}
}

// Enabled reports whether gate is on.
func (g FeatureGates) Enabled(gate string) bool { return g[gate] }

// String renders the gates as the flag takes them, sorted by name.
func (g FeatureGates) String() string {
	parts := make([]string, 0, len(g))
	for _, name := range slices.Sorted(maps.Keys(g)) {
		parts = append(parts, name+"="+strconv.FormatBool(g[name]))
	}
	return strings.Join(parts, ",")
}

// Set parses "Name=true,Other=false"; unknown gate names are an error.
func (g FeatureGates) Set(value string) error {
	for item := range strings.SplitSeq(value, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, raw, ok := strings.Cut(item, "=")
		if !ok {
			return fmt.Errorf("feature gate %q: want Name=true|false", item)
		}
		if _, known := g[name]; !known {
			return fmt.Errorf("unknown feature gate %q (known: %s)", name, strings.Join(slices.Sorted(maps.Keys(g)), ", "))
		}
		enabled, err := strconv.ParseBool(raw)
		if err != nil {
			return fmt.Errorf("feature gate %q: %w", name, err)
		}
		g[name] = enabled
	}
	return nil
}
