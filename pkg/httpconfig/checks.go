// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package httpconfig

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// The checks below refuse client settings that Prometheus's HTTP client
// would refuse when loading the generated configuration, so that one bad
// object cannot break the configuration of every other one.

// ValidateProxy applies Prometheus's rules on combining proxy settings.
func ValidateProxy(proxy monitoringv1.ProxyConfig) error {
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

// ValidateSafeTLS checks that each item has one source and that a client
// certificate comes with its key, either of which may be a container file.
func ValidateSafeTLS(config *monitoringv1.SafeTLSConfig, certFile, keyFile string) error {
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

// CheckSingleAuth refuses a client section that ended up with more than one
// authentication method (for example its own basic auth plus a scrape
// class's authorization).
func CheckSingleAuth(doc yamldoc.Map) error {
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
