// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/units"
	"github.com/prometheus/common/model"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// The checks below refuse input that Prometheus would refuse when loading
// the generated configuration, so that one bad object cannot break the
// configuration of every other one.

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
