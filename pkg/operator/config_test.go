// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package operator

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parse(t *testing.T, args ...string) (*Config, error) {
	t.Helper()
	c := NewConfig()
	fs := flag.NewFlagSet("operator", flag.ContinueOnError)
	c.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, c.Validate()
}

func TestFlags(t *testing.T) {
	t.Run("upstream's flag names parse into the config", func(t *testing.T) {
		c, err := parse(t, "--namespaces=a,b", "--labels=team=x,env=prod", "--log-level=debug",
			"--prometheus-instance-selector=shard in (1,2)", "--feature-gates=PrometheusAgentDaemonSet=false")
		require.NoError(t, err)
		assert.Equal(t, []string{"a", "b"}, c.Namespaces.Sorted())
		assert.Equal(t, StringMap{"team": "x", "env": "prod"}, c.Labels)
		assert.Equal(t, "debug", c.LogLevel)
		assert.False(t, c.Gates.Enabled(GatePrometheusAgentDaemonSet))
		assert.True(t, c.Gates.Enabled(GateStatusForConfigurationResources), "bindings are on by default")
	})
	t.Run("allow and deny lists together are rejected", func(t *testing.T) {
		_, err := parse(t, "--namespaces=a", "--deny-namespaces=b")
		assert.ErrorContains(t, err, "mutually exclusive")
	})
	t.Run("an unknown feature gate is rejected", func(t *testing.T) {
		_, err := parse(t, "--feature-gates=NoSuchGate=true")
		assert.ErrorContains(t, err, "unknown feature gate")
	})
	t.Run("a bad instance selector is rejected", func(t *testing.T) {
		_, err := parse(t, "--prometheus-instance-selector=a in (")
		assert.ErrorContains(t, err, "prometheus-instance-selector")
	})
	t.Run("the instance namespaces fall back to --namespaces", func(t *testing.T) {
		c, err := parse(t, "--namespaces=a")
		require.NoError(t, err)
		assert.Equal(t, []string{"a"}, c.InstanceNamespaces(c.PrometheusInstanceNamespaces).Sorted())
	})
}
