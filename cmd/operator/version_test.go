// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionFlags(t *testing.T) {
	saved := version
	t.Cleanup(func() { version = saved })
	version = "1.2.3"

	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"--short-version"}, &stdout, &stderr), stderr.String())
	assert.Equal(t, "1.2.3\n", stdout.String())

	stdout.Reset()
	require.Equal(t, 0, run([]string{"--version"}, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), "prometheus-operator, version 1.2.3")
	assert.Contains(t, stdout.String(), runtime.Version())

	version = ""
	stdout.Reset()
	require.Equal(t, 0, run([]string{"--short-version"}, &stdout, &stderr))
	assert.Equal(t, "dev\n", stdout.String(), "an unversioned build says so")
}

func TestBadWebAndMemoryFlagsFail(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown TLS version":  {"--web.tls-min-version=TLS9"},
		"unknown cipher suite": {"--web.tls-cipher-suites=NOPE"},
		"unknown curve":        {"--web.tls-curves=P-999"},
		"ratio above one":      {"--auto-gomemlimit-ratio=2"},
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, 2, run(args, &stdout, &stderr))
			assert.NotEmpty(t, stderr.String())
		})
	}
}
