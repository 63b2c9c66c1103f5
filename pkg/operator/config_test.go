// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package operator

import (
	"flag"
	"testing"
	"time"

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
	t.Run("web flags default to upstream's values", func(t *testing.T) {
		c, err := parse(t)
		require.NoError(t, err)
		assert.Equal(t, ":8080", c.Web.Address)
		assert.False(t, c.Web.TLS.Enabled)
		assert.False(t, c.Web.EnableHTTP2)
		assert.Equal(t, "/etc/tls/private/tls.crt", c.Web.TLS.CertFile)
		assert.Equal(t, "/etc/tls/private/tls.key", c.Web.TLS.KeyFile)
		assert.Equal(t, "/etc/tls/private/tls-ca.crt", c.Web.TLS.ClientCAFile)
		assert.Equal(t, time.Minute, c.Web.TLS.ReloadInterval)
		assert.Equal(t, "VersionTLS13", c.Web.TLS.MinVersion)
		assert.Zero(t, c.MemoryLimitRatio)
	})
	t.Run("web flags parse, keeping list order", func(t *testing.T) {
		c, err := parse(t, "--web.enable-tls", "--web.enable-http2", "--web.tls-min-version=VersionTLS12",
			"--web.tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
			"--web.tls-curves=X25519,CurveP256", "--web.tls-reload-interval=30s", "--auto-gomemlimit-ratio=0.8")
		require.NoError(t, err)
		assert.True(t, c.Web.TLS.Enabled)
		assert.True(t, c.Web.EnableHTTP2)
		assert.Equal(t, []string{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}, c.Web.TLS.CipherSuites)
		assert.Equal(t, []string{"X25519", "CurveP256"}, c.Web.TLS.Curves)
		assert.Equal(t, 30*time.Second, c.Web.TLS.ReloadInterval)
		assert.InDelta(t, 0.8, c.MemoryLimitRatio, 1e-9)
	})
	t.Run("bad web and memory values are rejected", func(t *testing.T) {
		for flagName, arg := range map[string]string{
			"web.tls-min-version":     "--web.tls-min-version=VersionTLS14",
			"web.tls-cipher-suites":   "--web.tls-cipher-suites=TLS_NOT_A_SUITE",
			"web.tls-curves":          "--web.tls-curves=P-256",
			"web.tls-reload-interval": "--web.tls-reload-interval=0s",
			"auto-gomemlimit-ratio":   "--auto-gomemlimit-ratio=-1",
		} {
			args := []string{arg}
			if flagName == "web.tls-reload-interval" {
				args = append(args, "--web.enable-tls")
			}
			_, err := parse(t, args...)
			assert.ErrorContains(t, err, flagName, arg)
		}
	})
	t.Run("the instance namespaces fall back to --namespaces", func(t *testing.T) {
		c, err := parse(t, "--namespaces=a")
		require.NoError(t, err)
		assert.Equal(t, []string{"a"}, c.InstanceNamespaces(c.PrometheusInstanceNamespaces).Sorted())
	})
}
