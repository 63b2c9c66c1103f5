// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
)

func TestServer(t *testing.T) {
	registry := prometheus.NewRegistry()
	registry.MustRegister(prometheus.NewCounter(prometheus.CounterOpts{Name: "prometheus_operator_test_total", Help: "t"}))
	s := New(registry, slog.Default())
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}

	assert.Equal(t, http.StatusOK, get("/healthz").Code)
	assert.Equal(t, http.StatusServiceUnavailable, get("/readyz").Code, "not ready before caches sync")
	s.SetReady(true)
	assert.Equal(t, http.StatusOK, get("/readyz").Code)
	assert.Contains(t, get("/metrics").Body.String(), "prometheus_operator_test_total 0")
	assert.Equal(t, http.StatusOK, get("/debug/pprof/").Code)
}
