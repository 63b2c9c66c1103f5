// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package process

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProcessLogsAndStops(t *testing.T) {
	p := Start(t, Spec{Name: "sleeper", Binary: "/bin/sh", Args: []string{"-c", "echo started $GREETING; exec sleep 60"}, Env: []string{"GREETING=hello"}})
	require.Eventually(t, func() bool { return strings.Contains(p.Log(), "started hello") }, 10*time.Second, 20*time.Millisecond)
	exited, _ := p.Exited()
	assert.False(t, exited)
	began := time.Now()
	p.Stop()
	assert.Less(t, time.Since(began), stopGrace, "SIGTERM ends sleep without waiting for the kill")
	exited, err := p.Exited()
	assert.True(t, exited)
	assert.Error(t, err, "killed by a signal")
	p.Stop() // a second Stop is harmless
}

func TestWaitFailsFastWhenTheProcessExits(t *testing.T) {
	p := Start(t, Spec{Name: "quitter", Binary: "/bin/sh", Args: []string{"-c", "echo bye; exit 3"}})
	began := time.Now()
	err := p.WaitHealthy(t.Context(), "http://"+FreeAddress(t)+"/healthz", time.Minute)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bye", "the error carries the log")
	assert.Less(t, time.Since(began), 30*time.Second)
	assert.ErrorContains(t, p.Wait(t.Context(), time.Second), "exit status 3")
}

func TestWaitHealthyAcceptsOK(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	t.Cleanup(server.Close)
	p := Start(t, Spec{Name: "sleeper", Binary: "/bin/sh", Args: []string{"-c", "exec sleep 60"}})
	require.NoError(t, p.WaitHealthy(t.Context(), server.URL, 10*time.Second))
}

func TestTailKeepsWholeLinesAtTheEnd(t *testing.T) {
	assert.Equal(t, "short", tail("short", 10))
	assert.Equal(t, "[...]\nline3\n", tail("line1\nline2\nline3\n", 8))
}
