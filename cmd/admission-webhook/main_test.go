// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultsAreUpstreams(t *testing.T) {
	config := newConfig()
	config.registerFlags(flag.NewFlagSet("test", flag.ContinueOnError))
	assert.Equal(t, ":8443", config.web.Address)
	assert.True(t, config.web.TLS.Enabled, "TLS is on by default")
	assert.Equal(t, "/etc/tls/private/tls.crt", config.web.TLS.CertFile)
	assert.Equal(t, "/etc/tls/private/tls.key", config.web.TLS.KeyFile)
	assert.Equal(t, "/etc/tls/private/tls-ca.crt", config.web.TLS.ClientCAFile)
	assert.Equal(t, "VersionTLS13", config.web.TLS.MinVersion)
	assert.Equal(t, time.Minute, config.web.TLS.ReloadInterval)
	assert.False(t, config.web.EnableHTTP2)
	assert.Equal(t, "legacy", config.rules.NameValidationScheme)
	require.NoError(t, config.validate())
}

func TestFlagsAreParsed(t *testing.T) {
	config := newConfig()
	flags := flag.NewFlagSet("test", flag.ContinueOnError)
	config.registerFlags(flags)
	require.NoError(t, flags.Parse([]string{
		"--web.listen-address=127.0.0.1:9443", "--web.enable-tls=false", "--name-validation-scheme=utf8",
		"--promql-options=experimental-functions,binop-fill-modifiers,duration-expression-parsing",
		"--tls-provisioning-secret=monitoring/webhook-tls", "--tls-provisioning-service=monitoring/webhook",
	}))
	err := config.validate()
	require.ErrorContains(t, err, "--tls-provisioning-secret needs --web.enable-tls")
	assert.True(t, config.rules.PromQLOptions.EnableExperimentalFunctions)
	assert.True(t, config.rules.PromQLOptions.EnableBinopFillModifiers)
	assert.Equal(t, "127.0.0.1:9443", config.web.Address)
}

func TestBadFlagValuesExitWithOne(t *testing.T) {
	for _, args := range [][]string{
		{"--name-validation-scheme=ascii"},
		{"--promql-options=time-travel"},
		{"--web.tls-min-version=TLS1.2"},
		{"--tls-provisioning-secret=no-namespace", "--tls-provisioning-service=monitoring/webhook"},
		{"--tls-provisioning-secret=monitoring/webhook-tls"},
	} {
		var stderr bytes.Buffer
		assert.Equal(t, 1, run(args, io.Discard, &stderr), "%v", args)
		assert.NotEmpty(t, stderr.String())
	}
	assert.Equal(t, 2, run([]string{"--no-such-flag"}, io.Discard, io.Discard))
}

func TestVersionFlags(t *testing.T) {
	var stdout bytes.Buffer
	require.Equal(t, 0, run([]string{"--short-version"}, &stdout, io.Discard))
	assert.Equal(t, "dev\n", stdout.String())
	stdout.Reset()
	require.Equal(t, 0, run([]string{"--version"}, &stdout, io.Discard))
	assert.Contains(t, stdout.String(), "admission-webhook, version dev")
}
