// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/units"
	"github.com/prometheus/common/model"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/yamldoc"
)

// The checks below refuse input that Prometheus would refuse when loading
// the generated configuration, so that one bad object cannot break the
// configuration of every other one.

// validateProxy applies Prometheus's rules on combining proxy settings.
func validateProxy(proxy monitoringv1.ProxyConfig) error {
	hasURL := proxy.ProxyURL != nil && *proxy.ProxyURL != ""
	fromEnvironment := proxy.ProxyFromEnvironment != nil && *proxy.ProxyFromEnvironment
	if hasURL {
		if _, err := url.Parse(*proxy.ProxyURL); err != nil {
			return fmt.Errorf("proxyUrl: %w", err)
		}
	}
	switch {
	case fromEnvironment && hasURL:
		return errors.New("proxyFromEnvironment and proxyUrl are mutually exclusive")
	case fromEnvironment && proxy.NoProxy != nil && *proxy.NoProxy != "":
		return errors.New("proxyFromEnvironment and noProxy are mutually exclusive")
	case !hasURL && proxy.NoProxy != nil && *proxy.NoProxy != "":
		return errors.New("noProxy needs proxyUrl")
	case !hasURL && !fromEnvironment && len(proxy.ProxyConnectHeader) > 0:
		return errors.New("proxyConnectHeader needs proxyUrl or proxyFromEnvironment")
	}
	return nil
}

// validateSafeTLS checks that each item has one source and that a client
// certificate comes with its key, either of which may be a container file.
func validateSafeTLS(config *monitoringv1.SafeTLSConfig, certFile, keyFile string) error {
	if config.CA.Secret != nil && config.CA.ConfigMap != nil {
		return errors.New("tlsConfig.ca: only one of secret and configMap may be set")
	}
	if config.Cert.Secret != nil && config.Cert.ConfigMap != nil {
		return errors.New("tlsConfig.cert: only one of secret and configMap may be set")
	}
	hasCert := !config.Cert.IsEmpty() || certFile != ""
	hasKey := config.KeySecret != nil || keyFile != ""
	if hasCert && !hasKey {
		return errors.New("tlsConfig: a client certificate needs a client key")
	}
	if hasKey && !hasCert {
		return errors.New("tlsConfig: a client key needs a client certificate")
	}
	if config.MinVersion != nil && config.MaxVersion != nil && *config.MaxVersion < *config.MinVersion {
		return errors.New("tlsConfig: maxVersion is lower than minVersion")
	}
	return nil
}

// singleAuthKeys are the authentication settings of which a Prometheus HTTP
// client accepts at most one.
var singleAuthKeys = []string{"basic_auth", "oauth2", "authorization", "bearer_token", "bearer_token_file"}

// checkSingleAuth refuses a client section that ended up with more than one
// authentication method (for example its own basic auth plus a scrape
// class's authorization).
func checkSingleAuth(doc yamldoc.Map) error {
	var found []string
	for _, key := range singleAuthKeys {
		if doc.Has(key) {
			found = append(found, key)
		}
	}
	if len(found) > 1 {
		return fmt.Errorf("only one authentication method may be used, found %s", strings.Join(found, ", "))
	}
	if value, ok := doc.Get("oauth2"); ok {
		if body, ok := value.(yamldoc.Map); ok {
			if id, _ := body.Get("client_id"); id == "" {
				return errors.New("oauth2: the client ID is empty")
			}
		}
	}
	if value, ok := doc.Get("tls_config"); ok {
		if err := checkTLSFiles(value.(yamldoc.Map)); err != nil {
			return err
		}
	}
	return nil
}

// checkTLSFiles applies Prometheus's rule that a client certificate and its
// key are given together, whether as Secret material or container files.
func checkTLSFiles(tlsConfig yamldoc.Map) error {
	if tlsConfig.Has("cert_file") != tlsConfig.Has("key_file") {
		return errors.New("tlsConfig: a client certificate and its key must be set together")
	}
	return nil
}

// parseDuration parses a Prometheus duration, naming the field on error.
func parseDuration(field string, value monitoringv1.Duration) (model.Duration, error) {
	parsed, err := model.ParseDuration(string(value))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", field, err)
	}
	return parsed, nil
}

// checkTimeoutWithinInterval refuses a scrape timeout longer than the
// interval; empty values fall back to the workload's defaults.
func checkTimeoutWithinInterval(interval, timeout, defaultInterval, defaultTimeout monitoringv1.Duration) error {
	if interval == "" {
		interval = defaultInterval
	}
	if interval == "" {
		interval = "30s"
	}
	intervalValue, err := parseDuration("interval", interval)
	if err != nil {
		return err
	}
	if timeout == "" {
		timeout = defaultTimeout
	}
	if timeout == "" {
		// Prometheus then uses min(interval, the global timeout) itself.
		return nil
	}
	timeoutValue, err := parseDuration("scrapeTimeout", timeout)
	if err != nil {
		return err
	}
	if timeoutValue > intervalValue {
		return fmt.Errorf("scrapeTimeout %q is greater than the scrape interval %q", timeout, interval)
	}
	return nil
}

// checkByteSize refuses a size Prometheus cannot parse.
func checkByteSize(field string, size monitoringv1.ByteSize) error {
	if size == "" {
		return nil
	}
	if _, err := units.ParseBase2Bytes(string(size)); err != nil {
		return fmt.Errorf("%s: %w", field, err)
	}
	return nil
}

// lowerByteSize returns the smaller of two sizes; sizes are validated first.
func lowerByteSize(a, b monitoringv1.ByteSize) monitoringv1.ByteSize {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	sizeA, _ := units.ParseBase2Bytes(string(a))
	sizeB, _ := units.ParseBase2Bytes(string(b))
	if sizeA > sizeB {
		return b
	}
	return a
}

// checkText refuses strings yaml.v2 would have to encode as binary.
func checkText(field, value string) error {
	if !utf8.ValidString(value) {
		return fmt.Errorf("%s: not valid UTF-8", field)
	}
	return nil
}

// checkURL refuses a URL that does not parse or lacks a scheme and host.
func checkURL(field, value string) error {
	parsed, err := url.Parse(value)
	if err != nil {
		return fmt.Errorf("%s: %w", field, err)
	}
	if parsed.Scheme == "" || parsed.Host == "" {
		return fmt.Errorf("%s: %q needs a scheme and a host", field, value)
	}
	return nil
}

// reservedHeaders are the HTTP headers Prometheus sets itself and refuses
// to take from the remote read/write and tracing configuration.
var reservedHeaders = map[string]bool{
	"host": true, "content-encoding": true, "content-length": true, "content-type": true,
	"user-agent": true, "connection": true, "keep-alive": true, "proxy-authenticate": true,
	"proxy-authorization": true, "www-authenticate": true, "accept-encoding": true,
	"x-prometheus-remote-write-version": true, "x-prometheus-remote-read-version": true,
	"x-amz-date": true, "x-amz-security-token": true, "x-amz-content-sha256": true,
}

// checkHeaders refuses reserved headers and the Authorization header, which
// must come from the authentication settings.
func checkHeaders(field string, headers map[string]string) error {
	for name := range headers {
		lower := strings.ToLower(name)
		if lower == "authorization" {
			return fmt.Errorf("%s: the Authorization header must be set through the authentication settings", field)
		}
		if reservedHeaders[lower] {
			return fmt.Errorf("%s: %s is a header Prometheus sets itself", field, name)
		}
	}
	return nil
}
