// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package server

import (
	"flag"
	"log/slog"
	"net/http"
	"strings"
)

// NewWithHandler builds a Server that serves handler instead of the
// operator's endpoints, with the same HTTPS and certificate reload
// machinery (the admission webhook uses it).
func NewWithHandler(handler http.Handler, logger *slog.Logger) *Server {
	return &Server{handler: handler, logger: logger}
}

// RegisterFlags registers upstream's --web.* flags on fs with o's current
// values as defaults; served describes what the listen address serves.
func (o *Options) RegisterFlags(fs *flag.FlagSet, served string) {
	fs.StringVar(&o.Address, "web.listen-address", o.Address, "Address serving "+served+".")
	fs.BoolVar(&o.EnableHTTP2, "web.enable-http2", o.EnableHTTP2, "Offer HTTP/2 on the HTTPS endpoint (off: HTTP/1.1 only).")
	fs.BoolVar(&o.TLS.Enabled, "web.enable-tls", o.TLS.Enabled, "Serve HTTPS instead of HTTP.")
	fs.StringVar(&o.TLS.CertFile, "web.cert-file", o.TLS.CertFile, "PEM certificate served over HTTPS.")
	fs.StringVar(&o.TLS.KeyFile, "web.key-file", o.TLS.KeyFile, "PEM private key of --web.cert-file.")
	fs.StringVar(&o.TLS.ClientCAFile, "web.client-ca-file", o.TLS.ClientCAFile, "PEM CAs that client certificates must chain to, when the file exists.")
	fs.DurationVar(&o.TLS.ReloadInterval, "web.tls-reload-interval", o.TLS.ReloadInterval, "How often the certificate, key and client CA files are read again.")
	fs.StringVar(&o.TLS.MinVersion, "web.tls-min-version", o.TLS.MinVersion, "Lowest TLS version accepted: "+strings.Join(TLSVersionNames(), ", ")+".")
	fs.Var((*nameList)(&o.TLS.CipherSuites), "web.tls-cipher-suites", "Comma-separated crypto/tls cipher suite names for TLS 1.2 and below; Go's defaults when empty.")
	fs.Var((*nameList)(&o.TLS.Curves), "web.tls-curves", "Comma-separated key exchanges, in preference order: "+strings.Join(CurveNames(), ", ")+"; Go's defaults when empty.")
}

// nameList is a comma-separated flag value.
type nameList []string

func (l *nameList) String() string { return strings.Join(*l, ",") }

func (l *nameList) Set(value string) error {
	*l = nil
	for item := range strings.SplitSeq(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			*l = append(*l, item)
		}
	}
	return nil
}
