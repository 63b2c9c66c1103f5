// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package server is the operator's own HTTP endpoint: /metrics, /healthz,
// /readyz, the pprof handlers and what callers register (the admission
// routes), over HTTP or HTTPS with certificate reload.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Server serves the operator's HTTP endpoints.
type Server struct {
	ready   atomic.Bool
	address atomic.Value // string
	handler http.Handler
	mux     *http.ServeMux
	logger  *slog.Logger
}

// New builds a Server exposing gatherer's metrics.
func New(gatherer prometheus.Gatherer, logger *slog.Logger) *Server {
	s := &Server{logger: logger}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", s.serveReady)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	s.handler, s.mux = mux, mux
	return s
}

// Register lets register add routes (before ListenAndServe).
func (s *Server) Register(register func(*http.ServeMux)) { register(s.mux) }

// SetReady flips /readyz; the operator is ready once its caches have synced.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// Handler returns the HTTP handler, for tests.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) serveReady(w http.ResponseWriter, _ *http.Request) {
	if !s.ready.Load() {
		http.Error(w, "caches not synced", http.StatusServiceUnavailable)
		return
	}
	_, _ = fmt.Fprintln(w, "ok")
}

// ListenAndServe serves on options.Address until ctx is done: plain HTTP,
// or HTTPS with certificates re-read every options.TLS.ReloadInterval.
func (s *Server) ListenAndServe(ctx context.Context, options Options) error {
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, Protocols: new(http.Protocols)}
	srv.ErrorLog = slog.NewLogLogger(s.logger.Handler(), slog.LevelDebug)
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetHTTP2(options.EnableHTTP2)
	var reloader *certReloader
	if options.TLS.Enabled {
		if err := options.TLS.Validate(); err != nil {
			return err
		}
		nextProtos := []string{"http/1.1"}
		if options.EnableHTTP2 {
			nextProtos = []string{"h2", "http/1.1"}
		}
		var err error
		if reloader, err = newCertReloader(options.TLS, nextProtos, s.logger); err != nil {
			return err
		}
	}
	listener, err := net.Listen("tcp", options.Address)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", options.Address, err)
	}
	scheme := "HTTP"
	if reloader != nil {
		scheme = "HTTPS"
		listener = tls.NewListener(listener, reloader.listenerConfig())
		go reloader.run(ctx)
	}
	s.address.Store(listener.Addr().String())
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()
	s.logger.Info("serving "+scheme, "address", listener.Addr().String(), "http2", options.EnableHTTP2)
	if err := srv.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", scheme, err)
	}
	return nil
}

// Address is the address being listened on, once ListenAndServe has
// started listening; empty before.
func (s *Server) Address() string {
	address, _ := s.address.Load().(string)
	return address
}
