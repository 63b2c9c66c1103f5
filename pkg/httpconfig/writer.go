// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package httpconfig writes the HTTP client settings of generated
// configurations (Prometheus scrape jobs, service discovery, remote
// write/read, alerting, tracing; Alertmanager and Thanos client files):
// basic auth, authorization, bearer tokens, OAuth 2.0, proxy, TLS,
// follow_redirects, enable_http2 and SigV4. Credentials are read through an
// assets.KeyReader and inlined; TLS material is referenced as files of the
// workload's tls-assets Secret.
package httpconfig

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// Options configure a Writer.
type Options struct {
	// Store resolves the Secret and ConfigMap keys the settings refer to.
	Store assets.KeyReader
	// Namespace is where the referenced Secrets and ConfigMaps live.
	Namespace string
	// Target is the version the configuration is generated for; fields it
	// lacks are dropped with a warning.
	Target version.Target
	// TLSAssetsDir is where the tls-assets Secret is mounted, for example
	// /etc/prometheus/certs.
	TLSAssetsDir string
	// Versions are the versions of Target's component that introduced the
	// gated fields; nil means Prometheus's (PrometheusVersions).
	Versions *FieldVersions
}

// FieldVersions are the versions that introduced the version-gated client
// settings. An empty value lets the setting through at every version.
type FieldVersions struct {
	Authorization     string
	OAuth2            string
	OAuth2ProxyAndTLS string
	ProxyExtras       string
	FollowRedirects   string
	EnableHTTP2       string
	TLSMinVersion     string
	TLSMaxVersion     string
	SigV4ExternalID   string
	SigV4FIPS         string
}

// PrometheusVersions are the Prometheus versions of the gated settings.
var PrometheusVersions = FieldVersions{
	Authorization:     "2.26.0",
	OAuth2:            "2.27.0",
	OAuth2ProxyAndTLS: "2.43.0",
	ProxyExtras:       "2.43.0",
	FollowRedirects:   "2.26.0",
	EnableHTTP2:       "2.35.0",
	TLSMinVersion:     "2.35.0",
	TLSMaxVersion:     "2.41.0",
	SigV4ExternalID:   "3.11.0",
	SigV4FIPS:         "2.54.0",
}

// Writer writes the HTTP client settings of one part of a configuration.
// Each key has exactly one writer here; callers only choose the order. The
// first failure is kept and returned by Err; the TLS files referenced are
// collected in Assets.
type Writer struct {
	opts     Options
	versions FieldVersions
	assets   assets.TLSAssets
	err      error
}

// New returns a Writer with its own, empty set of TLS assets.
func New(opts Options) *Writer {
	if opts.Store == nil {
		opts.Store = assets.MapStore{}
	}
	versions := PrometheusVersions
	if opts.Versions != nil {
		versions = *opts.Versions
	}
	return &Writer{opts: opts, versions: versions, assets: assets.TLSAssets{}}
}

// Err returns the first failure met while writing.
func (c *Writer) Err() error { return c.err }

// Target returns the version the writer gates fields on.
func (c *Writer) Target() version.Target { return c.opts.Target }

// Assets returns the TLS files referenced so far.
func (c *Writer) Assets() assets.TLSAssets { return c.assets }

// Fail records err unless an earlier failure is already recorded.
func (c *Writer) Fail(err error) {
	if c.err == nil && err != nil {
		c.err = err
	}
}

// gate returns the gate of a setting introduced in minimum ("" = always).
func (c *Writer) gate(minimum string) version.Gate {
	if minimum == "" {
		return c.opts.Target.Always()
	}
	return c.opts.Target.AtLeast(minimum)
}

// supports reports whether the target has the setting introduced in minimum.
func (c *Writer) supports(minimum string) bool {
	return minimum == "" || c.opts.Target.Supports(minimum)
}

// Secret returns the value of a Secret key, recording a failure that names
// field.
func (c *Writer) Secret(field string, selector corev1.SecretKeySelector) string {
	value, err := assets.SecretValue(c.opts.Store, c.opts.Namespace, field, selector)
	c.Fail(err)
	return value
}

// BasicAuth writes basic_auth with the user name and password inlined.
func (c *Writer) BasicAuth(doc yamldoc.Map, auth *monitoringv1.BasicAuth) yamldoc.Map {
	if auth == nil {
		return doc
	}
	credentials := yamldoc.Map{}.
		Add("username", c.Secret("basicAuth.username", auth.Username)).
		Add("password", c.Secret("basicAuth.password", auth.Password))
	return doc.Add("basic_auth", credentials)
}

// BearerTokenSecret writes bearer_token from a Secret key (deprecated field).
func (c *Writer) BearerTokenSecret(doc yamldoc.Map, selector *corev1.SecretKeySelector) yamldoc.Map {
	if selector == nil || selector.Name == "" {
		return doc
	}
	return doc.Add("bearer_token", c.Secret("bearerTokenSecret", *selector))
}

// authorizationBody builds the authorization map; "Bearer" is the default type.
func (c *Writer) authorizationBody(auth *monitoringv1.SafeAuthorization) yamldoc.Map {
	authType := strings.TrimSpace(auth.Type)
	if authType == "" {
		authType = "Bearer"
	}
	if strings.EqualFold(authType, "basic") {
		c.Fail(errors.New(`authorization: type "Basic" is not allowed, use basicAuth instead`))
	}
	body := yamldoc.Map{}.Add("type", authType)
	if auth.Credentials != nil {
		body = body.Add("credentials", c.Secret("authorization.credentials", *auth.Credentials))
	}
	return body
}

// SafeAuthorization writes authorization from a Secret key.
func (c *Writer) SafeAuthorization(doc yamldoc.Map, auth *monitoringv1.SafeAuthorization) yamldoc.Map {
	if auth == nil {
		return doc
	}
	return c.gate(c.versions.Authorization).Set(doc, "authorization", c.authorizationBody(auth))
}

// Authorization writes authorization from a Secret key or a file.
func (c *Writer) Authorization(doc yamldoc.Map, auth *monitoringv1.Authorization) yamldoc.Map {
	if auth == nil {
		return doc
	}
	if auth.Credentials != nil && auth.CredentialsFile != "" {
		c.Fail(errors.New("authorization: credentials and credentialsFile are mutually exclusive"))
	}
	body := c.authorizationBody(&auth.SafeAuthorization)
	body = body.AddIf(auth.CredentialsFile != "", "credentials_file", auth.CredentialsFile)
	return c.gate(c.versions.Authorization).Set(doc, "authorization", body)
}

// OAuth2 writes the OAuth 2.0 client-credentials settings.
func (c *Writer) OAuth2(doc yamldoc.Map, auth *monitoringv1.OAuth2) yamldoc.Map {
	if auth == nil {
		return doc
	}
	clientID, err := assets.SecretOrConfigMapValue(c.opts.Store, c.opts.Namespace, "oauth2.clientId", auth.ClientID)
	c.Fail(err)
	if auth.TokenURL == "" {
		c.Fail(errors.New("oauth2: tokenUrl is required"))
	}
	body := yamldoc.Map{}.
		Add("client_id", clientID).
		Add("client_secret", c.Secret("oauth2.clientSecret", auth.ClientSecret)).
		Add("token_url", auth.TokenURL)
	body = body.AddIf(len(auth.Scopes) > 0, "scopes", auth.Scopes)
	body = body.AddIf(len(auth.EndpointParams) > 0, "endpoint_params", auth.EndpointParams)
	nested := c.WithTarget(c.opts.Target.For("oauth2"))
	if c.supports(c.versions.OAuth2ProxyAndTLS) {
		body = nested.Proxy(body, auth.ProxyConfig)
		body = nested.SafeTLS(body, auth.TLSConfig)
	} else if auth.TLSConfig != nil || !isZeroProxy(auth.ProxyConfig) {
		c.gate(c.versions.OAuth2ProxyAndTLS).Check("oauth2.tls_config/proxy")
	}
	c.Fail(nested.err)
	return c.gate(c.versions.OAuth2).Set(doc, "oauth2", body)
}

// WithTarget returns a writer sharing the options and the TLS assets of c
// whose fields are gated on target; its failures are its own.
func (c *Writer) WithTarget(target version.Target) *Writer {
	opts := c.opts
	opts.Target = target
	return &Writer{opts: opts, versions: c.versions, assets: c.assets}
}

// Proxy writes proxy_url, no_proxy, proxy_from_environment and
// proxy_connect_header (the last three are gated on ProxyExtras).
func (c *Writer) Proxy(doc yamldoc.Map, proxy monitoringv1.ProxyConfig) yamldoc.Map {
	if isZeroProxy(proxy) {
		return doc
	}
	c.Fail(ValidateProxy(proxy))
	if proxy.ProxyURL != nil {
		doc = doc.Add("proxy_url", *proxy.ProxyURL)
	}
	gate := c.gate(c.versions.ProxyExtras)
	if proxy.NoProxy != nil {
		doc = gate.Set(doc, "no_proxy", *proxy.NoProxy)
	}
	if proxy.ProxyFromEnvironment != nil {
		doc = gate.Set(doc, "proxy_from_environment", *proxy.ProxyFromEnvironment)
	}
	if proxy.ProxyConnectHeader != nil {
		headers := make(map[string][]string, len(proxy.ProxyConnectHeader))
		for name, selectors := range proxy.ProxyConnectHeader {
			values := []string{}
			for _, selector := range selectors {
				values = append(values, c.Secret("proxyConnectHeader."+name, selector))
			}
			headers[name] = values
		}
		doc = gate.Set(doc, "proxy_connect_header", yamldoc.FromStringMap(headers))
	}
	return doc
}

func isZeroProxy(proxy monitoringv1.ProxyConfig) bool {
	return proxy.ProxyURL == nil && proxy.NoProxy == nil && proxy.ProxyFromEnvironment == nil && proxy.ProxyConnectHeader == nil
}

// FollowRedirects writes follow_redirects.
func (c *Writer) FollowRedirects(doc yamldoc.Map, follow *bool) yamldoc.Map {
	if follow == nil {
		return doc
	}
	return c.gate(c.versions.FollowRedirects).Set(doc, "follow_redirects", *follow)
}

// EnableHTTP2 writes enable_http2.
func (c *Writer) EnableHTTP2(doc yamldoc.Map, enable *bool) yamldoc.Map {
	if enable == nil {
		return doc
	}
	return c.gate(c.versions.EnableHTTP2).Set(doc, "enable_http2", *enable)
}

// safeTLSBody builds the tls_config map of Secret and ConfigMap material.
// certFile and keyFile are the container files that may complete the pair.
func (c *Writer) safeTLSBody(config *monitoringv1.SafeTLSConfig, certFile, keyFile string) yamldoc.Map {
	c.Fail(ValidateSafeTLS(config, certFile, keyFile))
	body := yamldoc.Map{}
	if config.InsecureSkipVerify != nil {
		body = body.Add("insecure_skip_verify", *config.InsecureSkipVerify)
	}
	if !config.CA.IsEmpty() {
		file, err := c.assets.Add(c.opts.Store, c.opts.Namespace, c.opts.TLSAssetsDir, config.CA)
		c.Fail(wrapField("tlsConfig.ca", err))
		body = body.Add("ca_file", file)
	}
	if !config.Cert.IsEmpty() {
		file, err := c.assets.Add(c.opts.Store, c.opts.Namespace, c.opts.TLSAssetsDir, config.Cert)
		c.Fail(wrapField("tlsConfig.cert", err))
		body = body.Add("cert_file", file)
	}
	if config.KeySecret != nil {
		file, err := c.assets.Add(c.opts.Store, c.opts.Namespace, c.opts.TLSAssetsDir, monitoringv1.SecretOrConfigMap{Secret: config.KeySecret})
		c.Fail(wrapField("tlsConfig.keySecret", err))
		body = body.Add("key_file", file)
	}
	if c.err == nil {
		c.Fail(c.checkTLSMaterial(config))
	}
	if config.ServerName != nil && *config.ServerName != "" {
		body = body.Add("server_name", *config.ServerName)
	}
	if config.MinVersion != nil {
		body = c.gate(c.versions.TLSMinVersion).Set(body, "min_version", string(*config.MinVersion))
	}
	if config.MaxVersion != nil {
		body = c.gate(c.versions.TLSMaxVersion).Set(body, "max_version", string(*config.MaxVersion))
	}
	return body
}

// SafeTLS writes tls_config from Secret and ConfigMap material.
func (c *Writer) SafeTLS(doc yamldoc.Map, config *monitoringv1.SafeTLSConfig) yamldoc.Map {
	if config == nil {
		return doc
	}
	return doc.Add("tls_config", c.safeTLSBody(config, "", ""))
}

// TLS writes tls_config, adding the file paths of the container.
func (c *Writer) TLS(doc yamldoc.Map, config *monitoringv1.TLSConfig) yamldoc.Map {
	if config == nil {
		return doc
	}
	if (config.CAFile != "" && !config.CA.IsEmpty()) || (config.CertFile != "" && !config.Cert.IsEmpty()) ||
		(config.KeyFile != "" && config.KeySecret != nil) {
		c.Fail(errors.New("tlsConfig: a file and a Secret or ConfigMap cannot both be set for the same item"))
	}
	body := c.safeTLSBody(&config.SafeTLSConfig, config.CertFile, config.KeyFile)
	body = body.AddIf(config.CAFile != "", "ca_file", config.CAFile)
	body = body.AddIf(config.CertFile != "", "cert_file", config.CertFile)
	body = body.AddIf(config.KeyFile != "", "key_file", config.KeyFile)
	return doc.Add("tls_config", body)
}

// checkTLSMaterial parses the CA and the client key pair so that a monitor
// with broken material is refused instead of breaking the scrape.
func (c *Writer) checkTLSMaterial(config *monitoringv1.SafeTLSConfig) error {
	if !config.CA.IsEmpty() {
		ca, _ := assets.SecretOrConfigMapValue(c.opts.Store, c.opts.Namespace, "tlsConfig.ca", config.CA)
		block, _ := pem.Decode([]byte(ca))
		if block == nil {
			return errors.New("tlsConfig.ca: no PEM block found")
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Errorf("tlsConfig.ca: %w", err)
		}
	}
	if !config.Cert.IsEmpty() && config.KeySecret != nil {
		cert, _ := assets.SecretOrConfigMapValue(c.opts.Store, c.opts.Namespace, "tlsConfig.cert", config.Cert)
		key, _ := assets.SecretValue(c.opts.Store, c.opts.Namespace, "tlsConfig.keySecret", *config.KeySecret)
		if _, err := tls.X509KeyPair([]byte(cert), []byte(key)); err != nil {
			return fmt.Errorf("tlsConfig.cert and keySecret: %w", err)
		}
	}
	return nil
}

// SigV4 writes the AWS Signature Version 4 settings.
func (c *Writer) SigV4(doc yamldoc.Map, gate version.Gate, config *monitoringv1.Sigv4) yamldoc.Map {
	if config == nil {
		return doc
	}
	body := yamldoc.Map{}.AddIf(config.Region != "", "region", config.Region)
	if config.AccessKey != nil && config.SecretKey != nil {
		accessKey := c.Secret("sigv4.accessKey", *config.AccessKey)
		secretKey := c.Secret("sigv4.secretKey", *config.SecretKey)
		if accessKey != "" && secretKey != "" {
			body = body.Add("access_key", accessKey).Add("secret_key", secretKey)
		}
	}
	body = body.AddIf(config.Profile != "", "profile", config.Profile)
	body = body.AddIf(config.RoleArn != "", "role_arn", config.RoleArn)
	if config.ExternalID != nil && *config.ExternalID != "" {
		body = c.gate(c.versions.SigV4ExternalID).Set(body, "external_id", *config.ExternalID)
	}
	if config.UseFIPSSTSEndpoint != nil {
		body = c.gate(c.versions.SigV4FIPS).Set(body, "use_fips_sts_endpoint", *config.UseFIPSSTSEndpoint)
	}
	return gate.Set(doc, "sigv4", body)
}

func wrapField(field string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", field, err)
}
