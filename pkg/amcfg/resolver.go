// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"
	"path"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// resolver reads the Secret and ConfigMap keys of one namespace for the
// conversion of one resource. It remembers every Secret value it handed
// out, so that no message about the resource can leak one, and the TLS
// files the resource needs.
type resolver struct {
	store     Store
	namespace string
	secrets   []string
	assets    map[string]string
}

func newResolver(store Store, namespace string) *resolver {
	return &resolver{store: store, namespace: namespace, assets: map[string]string{}}
}

// secret returns the value of a Secret key; field names the spec field in
// the error.
func (r *resolver) secret(field string, selector corev1.SecretKeySelector) (string, error) {
	if r.store == nil {
		return "", fmt.Errorf("%s: no Secret store available", field)
	}
	value, err := r.store.SecretKey(r.namespace, selector)
	if err != nil {
		return "", fmt.Errorf("%s: %w", field, err)
	}
	if strings.TrimSpace(value) != "" {
		r.secrets = append(r.secrets, value)
	}
	return value, nil
}

// secretOrConfigMap returns the value of a Secret or ConfigMap key.
func (r *resolver) secretOrConfigMap(field string, source monitoringv1.SecretOrConfigMap) (string, error) {
	switch {
	case source.Secret != nil:
		return r.secret(field, *source.Secret)
	case source.ConfigMap != nil:
		if r.store == nil {
			return "", fmt.Errorf("%s: no ConfigMap store available", field)
		}
		value, err := r.store.ConfigMapKey(r.namespace, *source.ConfigMap)
		if err != nil {
			return "", fmt.Errorf("%s: %w", field, err)
		}
		return value, nil
	}
	return "", fmt.Errorf("%s: neither a Secret nor a ConfigMap key is set", field)
}

// asset records a TLS file of the tls-assets Secret and returns its path.
func (r *resolver) asset(field string, source monitoringv1.SecretOrConfigMap) (string, error) {
	var key string
	switch {
	case source.Secret != nil:
		key = fmt.Sprintf("0_%s_%s_%s", r.namespace, source.Secret.Name, source.Secret.Key)
	case source.ConfigMap != nil:
		key = fmt.Sprintf("1_%s_%s_%s", r.namespace, source.ConfigMap.Name, source.ConfigMap.Key)
	default:
		return "", nil
	}
	data, err := r.secretOrConfigMap(field, source)
	if err != nil {
		return "", err
	}
	r.assets[key] = data
	return path.Join(TLSAssetsDir, key), nil
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
	out := yamldoc.Map{}
	var err error
	add := func(key string, source monitoringv1.SecretOrConfigMap, name string) {
		if err != nil {
			return
		}
		var file string
		file, err = r.asset(field+"."+name, source)
		out = out.Add(key, file)
	}
	add("ca_file", in.CA, "ca")
	add("cert_file", in.Cert, "cert")
	if in.KeySecret != nil {
		add("key_file", monitoringv1.SecretOrConfigMap{Secret: in.KeySecret}, "keySecret")
	}
	if err != nil {
		return nil, err
	}
	out = out.Add("server_name", deref(in.ServerName))
	if in.InsecureSkipVerify != nil {
		out = out.Add("insecure_skip_verify", *in.InsecureSkipVerify)
	}
	if in.MinVersion != nil {
		out = out.Add("min_version", string(*in.MinVersion))
	}
	if in.MaxVersion != nil {
		out = out.Add("max_version", string(*in.MaxVersion))
	}
	return out, nil
}

// proxyFields adds the proxy settings to out.
func (r *resolver) proxyFields(field string, out yamldoc.Map, in monitoringv1.ProxyConfig) (yamldoc.Map, error) {
	out = out.Add("proxy_url", deref(in.ProxyURL)).Add("no_proxy", deref(in.NoProxy))
	if in.ProxyFromEnvironment != nil {
		out = out.Add("proxy_from_environment", *in.ProxyFromEnvironment)
	}
	if len(in.ProxyConnectHeader) == 0 {
		return out, nil
	}
	headers := make(map[string][]string, len(in.ProxyConnectHeader))
	for name, selectors := range in.ProxyConnectHeader {
		headers[name] = []string{}
		for i, selector := range selectors {
			value, err := r.secret(fmt.Sprintf("%s.proxyConnectHeader[%s][%d]", field, name, i), selector)
			if err != nil {
				return nil, err
			}
			headers[name] = append(headers[name], value)
		}
	}
	return out.Add("proxy_connect_header", headers), nil
}

// httpClientParts is the HTTP client configuration of an integration or of
// the global section, in the shape of the spec types.
type httpClientParts struct {
	client           monitoringv1.HTTPClientConfig
	tls              *monitoringv1.SafeTLSConfig
	proxy            monitoringv1.ProxyConfig
	proxyURLOriginal string
}

// httpConfig converts an HTTP client configuration. Credentials are read
// and inlined; upstream leaves basic_auth out when both values are empty,
// authorization out when its credentials are empty, and never writes the
// oauth2 TLS settings.
func (r *resolver) httpConfig(field string, in httpClientParts) (yamldoc.Map, error) {
	out, err := r.proxyFields(field, yamldoc.Map{}, in.proxy)
	if err != nil {
		return nil, err
	}
	if in.proxyURLOriginal != "" {
		out = out.Replace("proxy_url", in.proxyURLOriginal)
	}
	if in.client.FollowRedirects != nil {
		out = out.Add("follow_redirects", *in.client.FollowRedirects)
	}
	if in.client.EnableHTTP2 != nil {
		out = out.Add("enable_http2", *in.client.EnableHTTP2)
	}
	if auth := in.client.BasicAuth; auth != nil {
		username, err := r.secret(field+".basicAuth.username", auth.Username)
		if err != nil {
			return nil, err
		}
		password, err := r.secret(field+".basicAuth.password", auth.Password)
		if err != nil {
			return nil, err
		}
		if username != "" || password != "" {
			out = out.Add("basic_auth", yamldoc.Map{}.Add("username", username).Add("password", password))
		}
	}
	if auth := in.client.Authorization; auth != nil && auth.Credentials != nil {
		credentials, err := r.secret(field+".authorization.credentials", *auth.Credentials)
		if err != nil {
			return nil, err
		}
		if credentials != "" {
			kind := auth.Type
			if kind == "" {
				kind = "Bearer"
			}
			out = out.Add("authorization", yamldoc.Map{}.Add("type", kind).Add("credentials", credentials))
		}
	}
	if in.tls != nil {
		tls, err := r.tlsConfig(field+".tlsConfig", in.tls)
		if err != nil {
			return nil, err
		}
		out = out.Add("tls_config", tls)
	}
	if in.client.BearerTokenSecret != nil {
		token, err := r.secret(field+".bearerTokenSecret", *in.client.BearerTokenSecret)
		if err != nil {
			return nil, err
		}
		out = out.Add("bearer_token", token)
	}
	if in.client.OAuth2 != nil {
		oauth2, err := r.oauth2(field+".oauth2", in.client.OAuth2)
		if err != nil {
			return nil, err
		}
		out = out.Add("oauth2", oauth2)
	}
	return out, nil
}

func (r *resolver) oauth2(field string, in *monitoringv1.OAuth2) (yamldoc.Map, error) {
	clientID, err := r.secretOrConfigMap(field+".clientId", in.ClientID)
	if err != nil {
		return nil, err
	}
	clientSecret, err := r.secret(field+".clientSecret", in.ClientSecret)
	if err != nil {
		return nil, err
	}
	out := yamldoc.Map{}.Add("client_id", clientID).Add("client_secret", clientSecret).
		Add("scopes", in.Scopes).Add("token_url", in.TokenURL).Add("endpoint_params", in.EndpointParams)
	return r.proxyFields(field, out, in.ProxyConfig)
}

// deref returns the string a pointer holds, or "".
func deref[T ~string](value *T) string {
	if value == nil {
		return ""
	}
	return string(*value)
}
