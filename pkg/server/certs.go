// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package server

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"
)

// lowestTLSVersion is the oldest TLS version the server negotiates.
const lowestTLSVersion = tls.VersionTLS12

// tlsFiles is one reading of the certificate, key and client CA files.
type tlsFiles struct {
	cert, key, clientCA []byte
}

func (f tlsFiles) equal(other tlsFiles) bool {
	return bytes.Equal(f.cert, other.cert) && bytes.Equal(f.key, other.key) && bytes.Equal(f.clientCA, other.clientCA)
}

// certReloader keeps the TLS configuration handed to each new connection in
// step with the files on disk, re-reading them every ReloadInterval.
type certReloader struct {
	options TLSOptions
	base    *tls.Config // version, suites, curves and ALPN; no certificates.
	logger  *slog.Logger
	files   tlsFiles
	current atomic.Pointer[tls.Config]
}

// newCertReloader reads the files once; failing to load them is an error.
func newCertReloader(options TLSOptions, nextProtos []string, logger *slog.Logger) (*certReloader, error) {
	minVersion, err := ParseTLSVersion(options.MinVersion)
	if err != nil {
		return nil, err
	}
	// TLS 1.0 and 1.1 are broken; the flag still takes their names so that
	// upstream's manifests start, but they are never negotiated.
	if minVersion < lowestTLSVersion {
		logger.Warn("TLS 1.0 and 1.1 are refused: serving TLS 1.2 and above", "web.tls-min-version", options.MinVersion)
		minVersion = lowestTLSVersion
	}
	suites, err := ParseCipherSuites(options.CipherSuites)
	if err != nil {
		return nil, err
	}
	curves, err := ParseCurves(options.Curves)
	if err != nil {
		return nil, err
	}
	reloader := &certReloader{
		options: options,
		base:    &tls.Config{MinVersion: minVersion, CipherSuites: suites, CurvePreferences: curves, NextProtos: nextProtos},
		logger:  logger,
	}
	if _, err := reloader.reload(); err != nil {
		return nil, err
	}
	if reloader.current.Load().ClientCAs == nil {
		logger.Info("no client CA file: client certificates are not verified", "file", options.ClientCAFile)
	}
	return reloader, nil
}

// listenerConfig is the configuration for the TLS listener: it defers every
// handshake to the latest loaded configuration.
func (r *certReloader) listenerConfig() *tls.Config {
	return &tls.Config{
		MinVersion: r.base.MinVersion,
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			return r.current.Load(), nil
		},
	}
}

// readFiles reads the three files; a missing client CA file is not an error.
func (r *certReloader) readFiles() (tlsFiles, error) {
	var files tlsFiles
	var err error
	if files.cert, err = os.ReadFile(r.options.CertFile); err != nil {
		return files, fmt.Errorf("read TLS certificate: %w", err)
	}
	if files.key, err = os.ReadFile(r.options.KeyFile); err != nil {
		return files, fmt.Errorf("read TLS key: %w", err)
	}
	if r.options.ClientCAFile != "" {
		files.clientCA, err = os.ReadFile(r.options.ClientCAFile)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return files, fmt.Errorf("read client CA: %w", err)
		}
	}
	return files, nil
}

// reload reads the files and, when they changed, swaps in a configuration
// built from them. It reports whether anything changed.
func (r *certReloader) reload() (bool, error) {
	files, err := r.readFiles()
	if err != nil {
		return false, err
	}
	if r.current.Load() != nil && files.equal(r.files) {
		return false, nil
	}
	certificate, err := tls.X509KeyPair(files.cert, files.key)
	if err != nil {
		return false, fmt.Errorf("load TLS key pair %s, %s: %w", r.options.CertFile, r.options.KeyFile, err)
	}
	config := r.base.Clone()
	config.Certificates = []tls.Certificate{certificate}
	if len(files.clientCA) > 0 {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(files.clientCA) {
			return false, fmt.Errorf("client CA file %s holds no PEM certificate", r.options.ClientCAFile)
		}
		config.ClientCAs = pool
		// As upstream: with a client CA, every client must present a
		// certificate chaining to it.
		config.ClientAuth = tls.RequireAndVerifyClientCert
	}
	r.current.Store(config)
	r.files = files
	return true, nil
}

// run re-reads the files every ReloadInterval until ctx is done. A failed
// reload keeps the previous certificate.
func (r *certReloader) run(ctx context.Context) {
	ticker := time.NewTicker(r.options.ReloadInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		changed, err := r.reload()
		switch {
		case err != nil:
			r.logger.Error("TLS files not reloaded; keeping the previous ones", "err", err)
		case changed:
			r.logger.Info("TLS files reloaded", "cert", r.options.CertFile)
		}
	}
}
