// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/pkg/server"
)

// The operator's port answers admission reviews like the webhook binary,
// as upstream's operator does.
func TestOperatorPortServesAdmissionRoutes(t *testing.T) {
	srv := server.New(prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	srv.Register(func(mux *http.ServeMux) { registerAdmission(mux, slog.New(slog.DiscardHandler)) })
	web := httptest.NewServer(srv.Handler())
	defer web.Close()

	review := func(expr string) string {
		return `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1",` +
			`"resource":{"group":"monitoring.coreos.com","version":"v1","resource":"prometheusrules"},` +
			`"object":{"apiVersion":"monitoring.coreos.com/v1","kind":"PrometheusRule","metadata":{"name":"r"},` +
			`"spec":{"groups":[{"name":"g","rules":[{"alert":"A","expr":"` + expr + `"}]}]}}}}`
	}
	post := func(path, body string) string {
		response, err := http.Post(web.URL+path, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		defer func() { _ = response.Body.Close() }()
		require.Equal(t, http.StatusOK, response.StatusCode, path)
		data, err := io.ReadAll(response.Body)
		require.NoError(t, err)
		return string(data)
	}

	denied := post("/admission-prometheusrules/validate", review("sum(up"))
	assert.Contains(t, denied, `"allowed":false`)
	assert.Contains(t, denied, "unclosed left parenthesis")
	assert.Contains(t, post("/admission-prometheusrules/validate", review("sum(up)")), `"allowed":true`)
	assert.Contains(t, post("/admission-prometheusrules/mutate", review("sum(up)")), `"allowed":true`)

	health, err := http.Get(web.URL + "/healthz")
	require.NoError(t, err)
	_ = health.Body.Close()
	assert.Equal(t, http.StatusOK, health.StatusCode, "the operator's own routes stay")
}
