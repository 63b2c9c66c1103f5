// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/yamldoc"
)

// clientFields writes the HTTP client settings shared by scrape jobs,
// service discovery, remote write/read, alerting and tracing. Credentials
// are read from the store and inlined; TLS material is referenced as files
// of the tls-assets Secret. Each key has exactly one writer here; callers
// only choose the order. The first failure is kept in err.
type clientFields struct {
	store     Store
	namespace string
	target    version.Target
	assets    tlsAssets
	err       error
}

func newClientFields(store Store, namespace string, target version.Target) *clientFields {
	return &clientFields{store: store, namespace: namespace, target: target, assets: tlsAssets{}}
}

func (c *clientFields) fail(err error) {
	if c.err == nil && err != nil {
		c.err = err
	}
}

func (c *clientFields) secret(field string, selector corev1.SecretKeySelector) string {
	value, err := secretValue(c.store, c.namespace, field, selector)
	c.fail(err)
	return value
}

// basicAuth writes basic_auth with the user name and password inlined.
func (c *clientFields) basicAuth(doc yamldoc.Map, auth *monitoringv1.BasicAuth) yamldoc.Map {
	if auth == nil {
		return doc
	}
	credentials := yamldoc.Map{}.
		Add("username", c.secret("basicAuth.username", auth.Username)).
		Add("password", c.secret("basicAuth.password", auth.Password))
	return doc.Add("basic_auth", credentials)
}

// bearerTokenSecret writes bearer_token from a Secret key (deprecated field).
func (c *clientFields) bearerTokenSecret(doc yamldoc.Map, selector *corev1.SecretKeySelector) yamldoc.Map {
	if selector == nil || selector.Name == "" {
		return doc
	}
	return doc.Add("bearer_token", c.secret("bearerTokenSecret", *selector))
}

// authorizationBody builds the authorization map; "Bearer" is the default type.
func (c *clientFields) authorizationBody(auth *monitoringv1.SafeAuthorization) yamldoc.Map {
	authType := strings.TrimSpace(auth.Type)
	if authType == "" {
		authType = "Bearer"
	}
	if strings.EqualFold(authType, "basic") {
		c.fail(errors.New(`authorization: type "Basic" is not allowed, use basicAuth instead`))
	}
	body := yamldoc.Map{}.Add("type", authType)
	if auth.Credentials != nil {
		body = body.Add("credentials", c.secret("authorization.credentials", *auth.Credentials))
	}
	return body
}

// safeAuthorization writes authorization from a Secret key.
func (c *clientFields) safeAuthorization(doc yamldoc.Map, auth *monitoringv1.SafeAuthorization) yamldoc.Map {
	if auth == nil {
		return doc
	}
	return c.target.AtLeast("2.26.0").Set(doc, "authorization", c.authorizationBody(auth))
}

// authorization writes authorization from a Secret key or a file.
func (c *clientFields) authorization(doc yamldoc.Map, auth *monitoringv1.Authorization) yamldoc.Map {
	if auth == nil {
		return doc
	}
	if auth.Credentials != nil && auth.CredentialsFile != "" {
		c.fail(errors.New("authorization: credentials and credentialsFile are mutually exclusive"))
	}
	body := c.authorizationBody(&auth.SafeAuthorization)
	body = body.AddIf(auth.CredentialsFile != "", "credentials_file", auth.CredentialsFile)
	return c.target.AtLeast("2.26.0").Set(doc, "authorization", body)
}

// oauth2 writes the OAuth 2.0 client-credentials settings.
func (c *clientFields) oauth2(doc yamldoc.Map, auth *monitoringv1.OAuth2) yamldoc.Map {
	if auth == nil {
		return doc
	}
	clientID, err := secretOrConfigMapValue(c.store, c.namespace, "oauth2.clientId", auth.ClientID)
	c.fail(err)
	if auth.TokenURL == "" {
		c.fail(errors.New("oauth2: tokenUrl is required"))
	}
	body := yamldoc.Map{}.
		Add("client_id", clientID).
		Add("client_secret", c.secret("oauth2.clientSecret", auth.ClientSecret)).
		Add("token_url", auth.TokenURL)
	body = body.AddIf(len(auth.Scopes) > 0, "scopes", auth.Scopes)
	body = body.AddIf(len(auth.EndpointParams) > 0, "endpoint_params", auth.EndpointParams)
	nested := c.withTarget(c.target.For("oauth2"))
	if c.target.Supports("2.43.0") {
		body = nested.proxy(body, auth.ProxyConfig)
		body = nested.safeTLS(body, auth.TLSConfig)
	} else if auth.TLSConfig != nil || !isZeroProxy(auth.ProxyConfig) {
		c.target.AtLeast("2.43.0").Check("oauth2.tls_config/proxy")
	}
	c.fail(nested.err)
	return c.target.AtLeast("2.27.0").Set(doc, "oauth2", body)
}

// withTarget returns writer sharing the store, namespace and assets.
func (c *clientFields) withTarget(target version.Target) *clientFields {
	return &clientFields{store: c.store, namespace: c.namespace, target: target, assets: c.assets}
}

// proxy writes proxy_url, no_proxy, proxy_from_environment and
// proxy_connect_header (the last three need Prometheus 2.43).
func (c *clientFields) proxy(doc yamldoc.Map, proxy monitoringv1.ProxyConfig) yamldoc.Map {
	if isZeroProxy(proxy) {
		return doc
	}
	c.fail(validateProxy(proxy))
	if proxy.ProxyURL != nil {
		doc = doc.Add("proxy_url", *proxy.ProxyURL)
	}
	gate := c.target.AtLeast("2.43.0")
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
				values = append(values, c.secret("proxyConnectHeader."+name, selector))
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

// followRedirects writes follow_redirects (Prometheus 2.26+).
func (c *clientFields) followRedirects(doc yamldoc.Map, follow *bool) yamldoc.Map {
	if follow == nil {
		return doc
	}
	return c.target.AtLeast("2.26.0").Set(doc, "follow_redirects", *follow)
}

// enableHTTP2 writes enable_http2 (Prometheus 2.35+).
func (c *clientFields) enableHTTP2(doc yamldoc.Map, enable *bool) yamldoc.Map {
	if enable == nil {
		return doc
	}
	return c.target.AtLeast("2.35.0").Set(doc, "enable_http2", *enable)
}

// safeTLSBody builds the tls_config map of Secret and ConfigMap material.
// certFile and keyFile are the container files that may complete the pair.
func (c *clientFields) safeTLSBody(config *monitoringv1.SafeTLSConfig, certFile, keyFile string) yamldoc.Map {
	c.fail(validateSafeTLS(config, certFile, keyFile))
	body := yamldoc.Map{}
	if config.InsecureSkipVerify != nil {
		body = body.Add("insecure_skip_verify", *config.InsecureSkipVerify)
	}
	if !config.CA.IsEmpty() {
		file, err := c.assets.add(c.store, c.namespace, config.CA)
		c.fail(wrapField("tlsConfig.ca", err))
		body = body.Add("ca_file", file)
	}
	if !config.Cert.IsEmpty() {
		file, err := c.assets.add(c.store, c.namespace, config.Cert)
		c.fail(wrapField("tlsConfig.cert", err))
		body = body.Add("cert_file", file)
	}
	if config.KeySecret != nil {
		file, err := c.assets.add(c.store, c.namespace, monitoringv1.SecretOrConfigMap{Secret: config.KeySecret})
		c.fail(wrapField("tlsConfig.keySecret", err))
		body = body.Add("key_file", file)
	}
	if c.err == nil {
		c.fail(c.checkTLSMaterial(config))
	}
	if config.ServerName != nil && *config.ServerName != "" {
		body = body.Add("server_name", *config.ServerName)
	}
	if config.MinVersion != nil {
		body = c.target.AtLeast("2.35.0").Set(body, "min_version", string(*config.MinVersion))
	}
	if config.MaxVersion != nil {
		body = c.target.AtLeast("2.41.0").Set(body, "max_version", string(*config.MaxVersion))
	}
	return body
}

// safeTLS writes tls_config from Secret and ConfigMap material.
func (c *clientFields) safeTLS(doc yamldoc.Map, config *monitoringv1.SafeTLSConfig) yamldoc.Map {
	if config == nil {
		return doc
	}
	return doc.Add("tls_config", c.safeTLSBody(config, "", ""))
}

// tls writes tls_config, adding the file paths of the container.
func (c *clientFields) tls(doc yamldoc.Map, config *monitoringv1.TLSConfig) yamldoc.Map {
	if config == nil {
		return doc
	}
	if (config.CAFile != "" && !config.CA.IsEmpty()) || (config.CertFile != "" && !config.Cert.IsEmpty()) ||
		(config.KeyFile != "" && config.KeySecret != nil) {
		c.fail(errors.New("tlsConfig: a file and a Secret or ConfigMap cannot both be set for the same item"))
	}
	body := c.safeTLSBody(&config.SafeTLSConfig, config.CertFile, config.KeyFile)
	body = body.AddIf(config.CAFile != "", "ca_file", config.CAFile)
	body = body.AddIf(config.CertFile != "", "cert_file", config.CertFile)
	body = body.AddIf(config.KeyFile != "", "key_file", config.KeyFile)
	return doc.Add("tls_config", body)
}

// checkTLSMaterial parses the CA and the client key pair so that a monitor
// with broken material is refused instead of breaking the scrape.
func (c *clientFields) checkTLSMaterial(config *monitoringv1.SafeTLSConfig) error {
	if !config.CA.IsEmpty() {
		ca, _ := secretOrConfigMapValue(c.store, c.namespace, "tlsConfig.ca", config.CA)
		block, _ := pem.Decode([]byte(ca))
		if block == nil {
			return errors.New("tlsConfig.ca: no PEM block found")
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Errorf("tlsConfig.ca: %w", err)
		}
	}
	if !config.Cert.IsEmpty() && config.KeySecret != nil {
		cert, _ := secretOrConfigMapValue(c.store, c.namespace, "tlsConfig.cert", config.Cert)
		key, _ := secretValue(c.store, c.namespace, "tlsConfig.keySecret", *config.KeySecret)
		if _, err := tls.X509KeyPair([]byte(cert), []byte(key)); err != nil {
			return fmt.Errorf("tlsConfig.cert and keySecret: %w", err)
		}
	}
	return nil
}

// sigv4 writes the AWS Signature Version 4 settings.
func (c *clientFields) sigv4(doc yamldoc.Map, gate version.Gate, config *monitoringv1.Sigv4) yamldoc.Map {
	if config == nil {
		return doc
	}
	body := yamldoc.Map{}.AddIf(config.Region != "", "region", config.Region)
	if config.AccessKey != nil && config.SecretKey != nil {
		accessKey := c.secret("sigv4.accessKey", *config.AccessKey)
		secretKey := c.secret("sigv4.secretKey", *config.SecretKey)
		if accessKey != "" && secretKey != "" {
			body = body.Add("access_key", accessKey).Add("secret_key", secretKey)
		}
	}
	body = body.AddIf(config.Profile != "", "profile", config.Profile)
	body = body.AddIf(config.RoleArn != "", "role_arn", config.RoleArn)
	if config.ExternalID != nil && *config.ExternalID != "" {
		body = c.target.AtLeast("3.11.0").Set(body, "external_id", *config.ExternalID)
	}
	if config.UseFIPSSTSEndpoint != nil {
		body = c.target.AtLeast("2.54.0").Set(body, "use_fips_sts_endpoint", *config.UseFIPSSTSEndpoint)
	}
	return gate.Set(doc, "sigv4", body)
}

func wrapField(field string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", field, err)
}
