// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/httpconfig"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// resolver reads the Secret and ConfigMap keys of one namespace for the
// conversion of one resource. It remembers every Secret value it handed
// out, so that no message about the resource can leak one, and the TLS
// files the resource needs. It is itself an assets.KeyReader, so the
// shared HTTP client writer reads through it.
type resolver struct {
	store     Store
	namespace string
	secrets   []string
	assets    assets.TLSAssets
}

func newResolver(store Store, namespace string) *resolver {
	if store == nil {
		store = assets.MapStore{}
	}
	return &resolver{store: store, namespace: namespace, assets: assets.TLSAssets{}}
}

// SecretKey implements assets.KeyReader, remembering the value.
func (r *resolver) SecretKey(namespace string, selector corev1.SecretKeySelector) (string, error) {
	value, err := r.store.SecretKey(namespace, selector)
	if err == nil && strings.TrimSpace(value) != "" {
		r.secrets = append(r.secrets, value)
	}
	return value, err
}

// ConfigMapKey implements assets.KeyReader.
func (r *resolver) ConfigMapKey(namespace string, selector corev1.ConfigMapKeySelector) (string, error) {
	return r.store.ConfigMapKey(namespace, selector)
}

// secret returns the value of a Secret key; field names the spec field in
// the error.
func (r *resolver) secret(field string, selector corev1.SecretKeySelector) (string, error) {
	return assets.SecretValue(r, r.namespace, field, selector)
}

// writer returns the shared HTTP client writer for this resource. It
// gates nothing itself: the normaliser applies Alertmanager's version
// rules to whatever it writes.
func (r *resolver) writer(target version.Target) *httpconfig.Writer {
	return httpconfig.New(httpconfig.Options{
		Store: r, Namespace: r.namespace, Target: target.WithoutChecks(), TLSAssetsDir: TLSAssetsDir,
		Versions: &httpconfig.FieldVersions{},
	})
}

// redact replaces every Secret value read so far in text.
func (r *resolver) redact(text string) string {
	secrets := slices.Clone(r.secrets)
	// Longest first, so a value containing another is replaced whole.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, secret := range secrets {
		text = strings.ReplaceAll(text, secret, "<secret>")
	}
	return text
}

// redactError wraps err so that its message carries no Secret value.
func (r *resolver) redactError(err error) error {
	if err == nil {
		return nil
	}
	message := r.redact(err.Error())
	if message == err.Error() {
		return err
	}
	return redactedError{message: message, cause: err}
}

// redactedError is an error whose message had Secret values removed; the
// cause stays reachable through errors.Is/As but is not printed.
type redactedError struct {
	message string
	cause   error
}

func (e redactedError) Error() string { return e.message }
func (e redactedError) Unwrap() error { return e.cause }

// tlsConfig converts a TLS configuration; key and certificate files point
// into the tls-assets Secret.
func (r *resolver) tlsConfig(field string, in *monitoringv1.SafeTLSConfig) (yamldoc.Map, error) {
	writer := r.writer(version.Alertmanager.MustParse(""))
	doc := writer.SafeTLS(yamldoc.Map{}, in)
	if err := writer.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	r.assets.Merge(writer.Assets())
	value, _ := doc.Get("tls_config")
	return value.(yamldoc.Map), nil
}

// httpClientParts is the HTTP client configuration of an integration or of
// the global section, in the shape of the spec types.
type httpClientParts struct {
	client           monitoringv1.HTTPClientConfig
	tls              *monitoringv1.SafeTLSConfig
	proxy            monitoringv1.ProxyConfig
	proxyURLOriginal string
}

// httpConfig converts an HTTP client configuration with the shared writer.
// Upstream's Alertmanager output differs from Prometheus's in three ways
// kept here: basic_auth is left out when both values are empty,
// authorization when its credentials are empty, and the oauth2 TLS
// settings are never written.
func (r *resolver) httpConfig(field string, in httpClientParts) (yamldoc.Map, error) {
	writer := r.writer(version.Alertmanager.MustParse(""))
	proxy := in.proxy
	if in.proxyURLOriginal != "" {
		proxy.ProxyURL = &in.proxyURLOriginal
	}
	out := writer.Proxy(yamldoc.Map{}, proxy)
	out = writer.FollowRedirects(out, in.client.FollowRedirects)
	out = writer.EnableHTTP2(out, in.client.EnableHTTP2)
	if auth := in.client.BasicAuth; auth != nil {
		out = writer.BasicAuth(out, auth)
		if body, _ := out.Get("basic_auth"); stringValue(body.(yamldoc.Map), "username") == "" && stringValue(body.(yamldoc.Map), "password") == "" {
			out = without(out, "basic_auth")
		}
	}
	if auth := in.client.Authorization; auth != nil && auth.Credentials != nil {
		out = writer.SafeAuthorization(out, auth)
		if body, ok := out.Get("authorization"); ok && stringValue(body.(yamldoc.Map), "credentials") == "" {
			out = without(out, "authorization")
		}
	}
	out = writer.SafeTLS(out, in.tls)
	out = writer.BearerTokenSecret(out, in.client.BearerTokenSecret)
	if in.client.OAuth2 != nil {
		oauth2 := *in.client.OAuth2
		oauth2.TLSConfig = nil
		out = writer.OAuth2(out, &oauth2)
	}
	if err := writer.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	r.assets.Merge(writer.Assets())
	return out, nil
}

// deref returns the string a pointer holds, or "".
func deref[T ~string](value *T) string {
	if value == nil {
		return ""
	}
	return string(*value)
}
