// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v2"
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg"
)

// remoteWriteEndpoint is one remote_write entry of the test agent and the
// keys it must produce ("a.b" walks into nested maps) with their values
// (nil: present, any value).
type remoteWriteEndpoint struct {
	spec monitoringv1.RemoteWriteSpec
	want map[string]any
}

func remoteSecret(key string) *corev1.SecretKeySelector {
	return &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "remote-auth"}, Key: key}
}

// remoteWriteStore holds the Secret keys the endpoints refer to, with a
// freshly generated self-signed certificate as CA and client pair.
func remoteWriteStore(t *testing.T) assets.MapStore {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "agent"}, IsCA: true, BasicConstraintsValid: true,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	cert := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	return assets.MapStore{Secrets: map[string]map[string]string{
		"default/remote-auth": {
			"user": "agent", "password": "pw", "token": "t0ken", "client-id": "client", "client-secret": "cs",
			"access-key": "AKIA", "secret-key": "sk", "azure-secret": "as", "proxy-auth": "Basic eA==",
			"ca.crt": cert, "tls.crt": cert, "tls.key": string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})),
		},
	}}
}

// tunedRemoteWrite sets every field that is not an authentication method.
func tunedRemoteWrite() remoteWriteEndpoint {
	duration := func(d string) *monitoringv1.Duration { return ptrTo(monitoringv1.Duration(d)) }
	tls := func(v monitoringv1.TLSVersion) *monitoringv1.TLSVersion { return &v }
	return remoteWriteEndpoint{
		spec: monitoringv1.RemoteWriteSpec{
			URL: walkthroughRemoteURL, Name: ptrTo("greptimedb"), RemoteTimeout: duration("20s"),
			Headers:        map[string]string{"X-Greptime-DB-Name": "public"},
			MessageVersion: ptrTo(monitoringv1.RemoteWriteMessageVersion1_0), SendExemplars: ptrTo(true), SendNativeHistograms: ptrTo(true),
			WriteRelabelConfigs: []monitoringv1.RelabelConfig{{Action: "drop", SourceLabels: []monitoringv1.LabelName{"__name__"}, Regex: "go_.*"}},
			FollowRedirects:     ptrTo(true), EnableHTTP2: ptrTo(false), RoundRobinDNS: ptrTo(true),
			QueueConfig: &monitoringv1.QueueConfig{
				Capacity: 5000, MinShards: 1, MaxShards: 10, MaxSamplesPerSend: 1000, BatchSendDeadline: duration("5s"), MaxRetries: 3,
				MinBackoff: duration("30ms"), MaxBackoff: duration("5s"), RetryOnRateLimit: true, SampleAgeLimit: duration("1h"),
			},
			MetadataConfig: &monitoringv1.MetadataConfig{Send: true, SendInterval: "1m", MaxSamplesPerSend: ptrTo[int32](500)},
			TLSConfig: &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
				CA: monitoringv1.SecretOrConfigMap{Secret: remoteSecret("ca.crt")}, Cert: monitoringv1.SecretOrConfigMap{Secret: remoteSecret("tls.crt")},
				KeySecret: remoteSecret("tls.key"), ServerName: ptrTo("greptimedb"), InsecureSkipVerify: ptrTo(false),
				MinVersion: tls("TLS12"), MaxVersion: tls("TLS13"),
			}},
			ProxyConfig: monitoringv1.ProxyConfig{
				ProxyURL: ptrTo("http://proxy:3128"), NoProxy: ptrTo("10.0.0.0/8"),
				ProxyConnectHeader: map[string][]corev1.SecretKeySelector{"Proxy-Authorization": {*remoteSecret("proxy-auth")}},
			},
		},
		want: map[string]any{
			"url": walkthroughRemoteURL, "name": "greptimedb", "remote_timeout": "20s", "headers.X-Greptime-DB-Name": "public",
			"protobuf_message": "prometheus.WriteRequest", "send_exemplars": true, "send_native_histograms": true,
			"write_relabel_configs": nil, "follow_redirects": true, "enable_http2": false, "round_robin_dns": true,
			"queue_config.capacity": 5000, "queue_config.min_shards": 1, "queue_config.max_shards": 10,
			"queue_config.max_samples_per_send": 1000, "queue_config.batch_send_deadline": "5s", "queue_config.min_backoff": "30ms",
			"queue_config.max_backoff": "5s", "queue_config.retry_on_http_429": true, "queue_config.sample_age_limit": "1h",
			"metadata_config.send": true, "metadata_config.send_interval": "1m", "metadata_config.max_samples_per_send": 500,
			"tls_config.ca_file": nil, "tls_config.cert_file": nil, "tls_config.key_file": nil, "tls_config.server_name": "greptimedb",
			"tls_config.insecure_skip_verify": false, "tls_config.min_version": "TLS12", "tls_config.max_version": "TLS13",
			"proxy_url": "http://proxy:3128", "no_proxy": "10.0.0.0/8", "proxy_connect_header.Proxy-Authorization": nil,
		},
	}
}

// authenticatedRemoteWrites set each authentication method once, one per
// endpoint since they exclude each other, plus the file-based TLS fields,
// remote write 2.0 and proxyFromEnvironment.
func authenticatedRemoteWrites() []remoteWriteEndpoint {
	url := func(path string) string { return "https://receiver.example.com/" + path }
	return []remoteWriteEndpoint{
		{spec: monitoringv1.RemoteWriteSpec{URL: url("basic"), BasicAuth: &monitoringv1.BasicAuth{Username: *remoteSecret("user"), Password: *remoteSecret("password")}},
			want: map[string]any{"basic_auth.username": "agent", "basic_auth.password": "pw"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("authorization"), Authorization: &monitoringv1.Authorization{
			SafeAuthorization: monitoringv1.SafeAuthorization{Type: "Bearer", Credentials: remoteSecret("token")}}},
			want: map[string]any{"authorization.type": "Bearer", "authorization.credentials": "t0ken"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("authorization-file"), Authorization: &monitoringv1.Authorization{CredentialsFile: "/var/run/secrets/token"}},
			want: map[string]any{"authorization.credentials_file": "/var/run/secrets/token"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("bearer"), BearerToken: "inline-token"}, want: map[string]any{"bearer_token": "inline-token"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("bearer-file"), BearerTokenFile: "/var/run/secrets/bearer"}, want: map[string]any{"bearer_token_file": "/var/run/secrets/bearer"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("oauth2"), OAuth2: &monitoringv1.OAuth2{
			ClientID: monitoringv1.SecretOrConfigMap{Secret: remoteSecret("client-id")}, ClientSecret: *remoteSecret("client-secret"),
			TokenURL: "https://auth.example.com/token", Scopes: []string{"write"}, EndpointParams: map[string]string{"audience": "metrics"},
			TLSConfig:   &monitoringv1.SafeTLSConfig{InsecureSkipVerify: ptrTo(true)},
			ProxyConfig: monitoringv1.ProxyConfig{ProxyURL: ptrTo("http://oauth-proxy:3128")},
		}}, want: map[string]any{"oauth2.client_id": "client", "oauth2.client_secret": "cs", "oauth2.token_url": "https://auth.example.com/token",
			"oauth2.scopes": nil, "oauth2.endpoint_params.audience": "metrics", "oauth2.tls_config.insecure_skip_verify": true,
			"oauth2.proxy_url": "http://oauth-proxy:3128"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("sigv4"), Sigv4: &monitoringv1.Sigv4{
			Region: "eu-west-1", AccessKey: remoteSecret("access-key"), SecretKey: remoteSecret("secret-key"), Profile: "metrics",
			RoleArn: "arn:aws:iam::123456789012:role/agent", ExternalID: ptrTo("ext"), UseFIPSSTSEndpoint: ptrTo(true),
		}}, want: map[string]any{"sigv4.region": "eu-west-1", "sigv4.access_key": "AKIA", "sigv4.secret_key": "sk", "sigv4.profile": "metrics",
			"sigv4.role_arn": "arn:aws:iam::123456789012:role/agent", "sigv4.external_id": "ext", "sigv4.use_fips_sts_endpoint": true}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("azure-managed"), AzureAD: &monitoringv1.AzureAD{
			Cloud: ptrTo("AzureChina"), Scope: ptrTo("https://monitor.azure.com/.default"),
			ManagedIdentity: &monitoringv1.ManagedIdentity{ClientID: ptrTo("00000000-0000-0000-0000-000000000001")},
		}}, want: map[string]any{"azuread.cloud": "AzureChina", "azuread.scope": "https://monitor.azure.com/.default",
			"azuread.managed_identity.client_id": "00000000-0000-0000-0000-000000000001"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("azure-oauth"), AzureAD: &monitoringv1.AzureAD{OAuth: &monitoringv1.AzureOAuth{
			ClientID: "00000000-0000-0000-0000-000000000002", ClientSecret: *remoteSecret("azure-secret"), TenantID: "00000000-0000-0000-0000-000000000003",
		}}}, want: map[string]any{"azuread.oauth.client_id": "00000000-0000-0000-0000-000000000002", "azuread.oauth.client_secret": "as"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("azure-sdk"), AzureAD: &monitoringv1.AzureAD{SDK: &monitoringv1.AzureSDK{TenantID: ptrTo("00000000-0000-0000-0000-000000000004")}}},
			want: map[string]any{"azuread.sdk.tenant_id": "00000000-0000-0000-0000-000000000004"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("azure-workload"), AzureAD: &monitoringv1.AzureAD{WorkloadIdentity: &monitoringv1.AzureWorkloadIdentity{
			ClientID: "00000000-0000-0000-0000-000000000005", TenantID: "00000000-0000-0000-0000-000000000006",
		}}}, want: map[string]any{"azuread.workload_identity.client_id": "00000000-0000-0000-0000-000000000005"}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("files"), TLSConfig: &monitoringv1.TLSConfig{
			CAFile: "/etc/prometheus/secrets/remote/ca.crt", CertFile: "/etc/prometheus/secrets/remote/tls.crt", KeyFile: "/etc/prometheus/secrets/remote/tls.key",
		}, ProxyConfig: monitoringv1.ProxyConfig{ProxyFromEnvironment: ptrTo(true)}},
			want: map[string]any{"tls_config.ca_file": "/etc/prometheus/secrets/remote/ca.crt", "tls_config.cert_file": "/etc/prometheus/secrets/remote/tls.crt",
				"tls_config.key_file": "/etc/prometheus/secrets/remote/tls.key", "proxy_from_environment": true}},
		{spec: monitoringv1.RemoteWriteSpec{URL: url("v2"), MessageVersion: ptrTo(monitoringv1.RemoteWriteMessageVersion2_0)},
			want: map[string]any{"protobuf_message": "io.prometheus.write.v2.Request"}},
	}
}

// lookupKey walks a dotted key path through decoded YAML maps.
func lookupKey(value any, keyPath string) (any, bool) {
	for _, key := range strings.Split(keyPath, ".") {
		entries, ok := value.(yaml.MapSlice)
		if !ok {
			return nil, false
		}
		found := false
		for _, item := range entries {
			if fmt.Sprint(item.Key) == key {
				value, found = item.Value, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return value, true
}

// TestAgentRemoteWriteCarriesEveryField sets every remoteWrite field on an
// agent (authentication methods on separate endpoints) and checks that each
// reaches the remote_write block of a configuration Prometheus loads in
// agent mode. maxRetries is the one field Prometheus 3 no longer knows: it
// is dropped with a warning.
func TestAgentRemoteWriteCarriesEveryField(t *testing.T) {
	endpoints := append([]remoteWriteEndpoint{tunedRemoteWrite()}, authenticatedRemoteWrites()...)
	agent := fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
		for _, endpoint := range endpoints {
			c.RemoteWrite = append(c.RemoteWrite, endpoint.spec)
		}
	}))

	result, err := promcfg.Generate(agent, promcfg.Input{Store: remoteWriteStore(t)}, promcfg.Options{})
	require.NoError(t, err)
	require.Len(t, result.Warnings, 1)
	assert.Contains(t, result.Warnings[0].String(), "max_retries")
	assetKeys := make([]string, 0, len(result.TLSAssets))
	for _, asset := range result.TLSAssets {
		assetKeys = append(assetKeys, asset.Key)
	}
	assert.Equal(t, []string{"0_default_remote-auth_ca.crt", "0_default_remote-auth_tls.crt", "0_default_remote-auth_tls.key"}, assetKeys,
		"the TLS material from Secrets goes to the tls-assets Secret")
	written, ok := section(t, loadAgentConfig(t, result.Config), "remote_write").([]any)
	require.True(t, ok)
	require.Len(t, written, len(endpoints))

	for i, endpoint := range endpoints {
		assert.Equal(t, endpoint.spec.URL, mustLookup(t, written[i], "url"))
		for keyPath, want := range endpoint.want {
			got := mustLookup(t, written[i], keyPath)
			if want != nil {
				assert.Equal(t, want, got, "remote_write[%d].%s", i, keyPath)
			}
		}
	}
}

func mustLookup(t *testing.T, value any, keyPath string) any {
	t.Helper()
	got, ok := lookupKey(value, keyPath)
	require.True(t, ok, "missing %s in %v", keyPath, value)
	return got
}
