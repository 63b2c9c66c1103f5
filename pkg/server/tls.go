// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package server

import (
	"crypto/tls"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// DefaultTLSDir is where the TLS files are looked for by default.
const DefaultTLSDir = "/etc/tls/private"

// TLSOptions configures HTTPS serving.
type TLSOptions struct {
	// Enabled switches from plain HTTP to HTTPS.
	Enabled bool
	// CertFile and KeyFile hold the PEM serving certificate and its key.
	CertFile string
	KeyFile  string
	// ClientCAFile, when the file exists, holds the CAs that client
	// certificates are verified against; every client must then present one.
	ClientCAFile string
	// ReloadInterval is how often the files are read again.
	ReloadInterval time.Duration
	// MinVersion is a crypto/tls constant name such as VersionTLS12;
	// VersionTLS10 and VersionTLS11 are accepted but served as VersionTLS12.
	MinVersion string
	// CipherSuites are crypto/tls cipher suite names; empty means Go's defaults.
	CipherSuites []string
	// Curves are key exchange names such as X25519; empty means Go's defaults.
	Curves []string
}

// Options configures where and how the Server listens.
type Options struct {
	// Address is the host:port to listen on.
	Address string
	// EnableHTTP2 offers HTTP/2 over TLS; off, only HTTP/1.1 is spoken.
	EnableHTTP2 bool
	// TLS configures HTTPS.
	TLS TLSOptions
}

// DefaultOptions returns the defaults of the operator's --web.* flags.
func DefaultOptions() Options {
	return Options{
		Address: ":8080",
		TLS: TLSOptions{
			CertFile:       DefaultTLSDir + "/tls.crt",
			KeyFile:        DefaultTLSDir + "/tls.key",
			ClientCAFile:   DefaultTLSDir + "/tls-ca.crt",
			ReloadInterval: time.Minute,
			MinVersion:     "VersionTLS13",
		},
	}
}

var tlsVersions = map[string]uint16{
	"VersionTLS10": tls.VersionTLS10,
	"VersionTLS11": tls.VersionTLS11,
	"VersionTLS12": tls.VersionTLS12,
	"VersionTLS13": tls.VersionTLS13,
}

var tlsCurves = map[string]tls.CurveID{}

func init() {
	for _, curve := range []tls.CurveID{tls.CurveP256, tls.CurveP384, tls.CurveP521, tls.X25519, tls.X25519MLKEM768} {
		tlsCurves[curve.String()] = curve
	}
}

// TLSVersionNames lists the accepted --web.tls-min-version values.
func TLSVersionNames() []string { return slices.Sorted(maps.Keys(tlsVersions)) }

// CurveNames lists the accepted --web.tls-curves values.
func CurveNames() []string { return slices.Sorted(maps.Keys(tlsCurves)) }

// ParseTLSVersion maps a crypto/tls version constant name to its value.
func ParseTLSVersion(name string) (uint16, error) {
	version, ok := tlsVersions[name]
	if !ok {
		return 0, fmt.Errorf("unknown TLS version %q; known versions: %s", name, strings.Join(TLSVersionNames(), ", "))
	}
	return version, nil
}

// ParseCipherSuites maps crypto/tls cipher suite names, secure or not, to
// their IDs.
func ParseCipherSuites(names []string) ([]uint16, error) {
	known := map[string]uint16{}
	for _, suite := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		known[suite.Name] = suite.ID
	}
	// crypto/tls also exports these shorter constant names.
	known["TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"] = tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305
	known["TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"] = tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305
	var ids []uint16
	var unknown []string
	for _, name := range names {
		id, ok := known[name]
		if !ok {
			unknown = append(unknown, name)
			continue
		}
		ids = append(ids, id)
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown TLS cipher suites: %s", strings.Join(unknown, ", "))
	}
	return ids, nil
}

// ParseCurves maps key exchange names to crypto/tls curve IDs.
func ParseCurves(names []string) ([]tls.CurveID, error) {
	var curves []tls.CurveID
	for _, name := range names {
		curve, ok := tlsCurves[name]
		if !ok {
			return nil, fmt.Errorf("unknown TLS curve %q; known curves: %s", name, strings.Join(CurveNames(), ", "))
		}
		curves = append(curves, curve)
	}
	return curves, nil
}

// Validate checks the TLS settings without reading any file.
func (o TLSOptions) Validate() error {
	var errs []error
	if _, err := ParseTLSVersion(o.MinVersion); err != nil {
		errs = append(errs, fmt.Errorf("--web.tls-min-version: %w", err))
	}
	if _, err := ParseCipherSuites(o.CipherSuites); err != nil {
		errs = append(errs, fmt.Errorf("--web.tls-cipher-suites: %w", err))
	}
	if _, err := ParseCurves(o.Curves); err != nil {
		errs = append(errs, fmt.Errorf("--web.tls-curves: %w", err))
	}
	if o.Enabled {
		if o.ReloadInterval <= 0 {
			errs = append(errs, fmt.Errorf("--web.tls-reload-interval must be positive, not %s", o.ReloadInterval))
		}
		if o.CertFile == "" || o.KeyFile == "" {
			errs = append(errs, errors.New("--web.enable-tls needs --web.cert-file and --web.key-file"))
		}
	}
	return errors.Join(errs...)
}
