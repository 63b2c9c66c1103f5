package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

func TestServeHTTPEnforcesTheWebConfigFile(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte("secret"), bcrypt.MinCost)
	require.NoError(t, err)
	webConfig := filepath.Join(t.TempDir(), "web.yaml")
	require.NoError(t, os.WriteFile(webConfig, []byte("basic_auth_users:\n  prometheus: "+string(hash)+"\n"), 0o600))
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	address := listener.Addr().String()
	require.NoError(t, listener.Close())

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serveHTTP(ctx, newHandler(prometheus.NewRegistry()), address, webConfig, slog.New(slog.DiscardHandler))
	}()
	defer func() {
		cancel()
		require.NoError(t, <-done)
	}()

	status := func(user, password string) int {
		request, err := http.NewRequest(http.MethodGet, "http://"+address+"/healthz", nil)
		require.NoError(t, err)
		if user != "" {
			request.SetBasicAuth(user, password)
		}
		response, err := http.DefaultClient.Do(request)
		if err != nil {
			return 0
		}
		// A probe: only the status matters, so neither the drain nor the close can fail it.
		_, _ = io.Copy(io.Discard, response.Body)
		_ = response.Body.Close()
		return response.StatusCode
	}
	require.Eventually(t, func() bool { return status("", "") != 0 }, 5*time.Second, 10*time.Millisecond, "server up")
	assert.Equal(t, http.StatusUnauthorized, status("", ""))
	assert.Equal(t, http.StatusUnauthorized, status("prometheus", "wrong"))
	assert.Equal(t, http.StatusOK, status("prometheus", "secret"))
}
