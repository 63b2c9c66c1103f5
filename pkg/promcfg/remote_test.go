// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

const remoteURL = "https://metrics.example.com/api/v1/write"

func remoteWrite(version string, specs ...monitoringv1.RemoteWriteSpec) goldenCase {
	return goldenCase{workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion(version), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.RemoteWrite = specs }))}
}

func fullQueue() *monitoringv1.QueueConfig {
	return &monitoringv1.QueueConfig{
		Capacity: 10000, MinShards: 2, MaxShards: 50, MaxSamplesPerSend: 2000, MaxRetries: 5, RetryOnRateLimit: true,
		BatchSendDeadline: ptr(monitoringv1.Duration("5s")), MinBackoff: ptr(monitoringv1.Duration("30ms")),
		MaxBackoff: ptr(monitoringv1.Duration("5s")), SampleAgeLimit: ptr(monitoringv1.Duration("1h")),
	}
}

func TestRemoteWrite(t *testing.T) {
	v2 := monitoringv1.RemoteWriteMessageVersion2_0
	runGoldenCases(t, map[string]goldenCase{
		"headers, name, message version and relabeling": remoteWrite("", monitoringv1.RemoteWriteSpec{
			URL: remoteURL, Name: ptr("primary"), RemoteTimeout: ptr(monitoringv1.Duration("30s")),
			Headers:        map[string]string{"X-Scope-OrgID": "tenant-1", "X-Custom": "a b"},
			MessageVersion: ptr(monitoringv1.RemoteWriteMessageVersion1_0), SendExemplars: ptr(true), SendNativeHistograms: ptr(true),
			WriteRelabelConfigs: []monitoringv1.RelabelConfig{{Action: "Drop", SourceLabels: []monitoringv1.LabelName{"__name__"}, Regex: "up|scrape_.*"}},
			FollowRedirects:     ptr(true), EnableHTTP2: ptr(false), RoundRobinDNS: ptr(true),
		}),
		"remote write 2.0 turns metadata sending off": remoteWrite("", monitoringv1.RemoteWriteSpec{
			URL: remoteURL, MessageVersion: &v2, MetadataConfig: &monitoringv1.MetadataConfig{Send: true, SendInterval: "1m", MaxSamplesPerSend: ptr(int32(500))},
		}),
		"the whole queue configuration": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, QueueConfig: fullQueue()}),
		"Prometheus 2.10 keeps max_retries and loses newer queue settings": remoteWrite("v2.10.0", monitoringv1.RemoteWriteSpec{
			URL: remoteURL, QueueConfig: fullQueue(), MetadataConfig: &monitoringv1.MetadataConfig{Send: true},
		}),
		"an empty metadata configuration": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, MetadataConfig: &monitoringv1.MetadataConfig{}}),
		"basic auth, TLS and proxy": remoteWrite("", monitoringv1.RemoteWriteSpec{
			URL: remoteURL, BasicAuth: &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")},
			TLSConfig: &monitoringv1.TLSConfig{
				SafeTLSConfig: monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))}},
				CertFile:      "/etc/prometheus/secrets/remote/tls.crt", KeyFile: "/etc/prometheus/secrets/remote/tls.key",
			},
			ProxyConfig: monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy:3128")},
		}),
		"authorization from a Secret": remoteWrite("", monitoringv1.RemoteWriteSpec{
			URL: remoteURL, Authorization: &monitoringv1.Authorization{SafeAuthorization: monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", "token"))}},
		}),
		"deprecated bearer token fields": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, BearerTokenFile: "/var/run/token"}),
		"OAuth2 client credentials":      remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, OAuth2: fullOAuth2()}),
		"sigv4 with keys, role and external id": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, Sigv4: &monitoringv1.Sigv4{
			Region: "eu-west-1", AccessKey: ptr(secretKey("auth", "access-key")), SecretKey: ptr(secretKey("auth", "secret-key")),
			Profile: "metrics", RoleArn: "arn:aws:iam::123456789012:role/prometheus", ExternalID: ptr("ext-1"), UseFIPSSTSEndpoint: ptr(true),
		}}),
		"sigv4 before Prometheus 3.11 has no external id": remoteWrite("v3.10.0", monitoringv1.RemoteWriteSpec{URL: remoteURL, Sigv4: &monitoringv1.Sigv4{
			Region: "eu-west-1", ExternalID: ptr("ext-1"), UseFIPSSTSEndpoint: ptr(false),
		}}),
		"sigv4 is dropped before Prometheus 2.26": remoteWrite("v2.25.0", monitoringv1.RemoteWriteSpec{URL: remoteURL, Sigv4: &monitoringv1.Sigv4{Region: "eu-west-1"}}),
		"Azure AD with a managed identity": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, AzureAD: &monitoringv1.AzureAD{
			Cloud: ptr("AzurePublic"), ManagedIdentity: &monitoringv1.ManagedIdentity{ClientID: ptr("00000000-0000-0000-0000-000000000000")},
		}}),
		"Azure AD with a system-assigned managed identity": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, AzureAD: &monitoringv1.AzureAD{
			ManagedIdentity: &monitoringv1.ManagedIdentity{},
		}}),
		"Azure AD with OAuth client credentials": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, AzureAD: &monitoringv1.AzureAD{
			OAuth: &monitoringv1.AzureOAuth{ClientID: "00000000-a12b-3cd4-e56f-000000000000", ClientSecret: secretKey("auth", "client-secret"), TenantID: "11111111-a12b-3cd4-e56f-000000000000"},
		}}),
		"Azure AD through the SDK with a scope": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, AzureAD: &monitoringv1.AzureAD{
			SDK: &monitoringv1.AzureSDK{TenantID: ptr("11111111-a12b-3cd4-e56f-000000000000")}, Scope: ptr("https://monitor.azure.com/.default"),
		}}),
		"Azure AD with workload identity": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL, AzureAD: &monitoringv1.AzureAD{
			WorkloadIdentity: &monitoringv1.AzureWorkloadIdentity{ClientID: "00000000-a12b-3cd4-e56f-000000000000", TenantID: "11111111-a12b-3cd4-e56f-000000000000"},
		}}),
		"the Azure AD scope is dropped before Prometheus 3.9": remoteWrite("v3.8.0", monitoringv1.RemoteWriteSpec{URL: remoteURL, AzureAD: &monitoringv1.AzureAD{
			ManagedIdentity: &monitoringv1.ManagedIdentity{ClientID: ptr("00000000-0000-0000-0000-000000000000")}, Scope: ptr("custom"),
		}}),
		"Prometheus 2.22 drops the metadata configuration": remoteWrite("v2.22.0", monitoringv1.RemoteWriteSpec{
			URL: remoteURL, MetadataConfig: &monitoringv1.MetadataConfig{Send: true}, Name: ptr("old"), SendExemplars: ptr(true),
		}),
		"two endpoints keep their order": remoteWrite("", monitoringv1.RemoteWriteSpec{URL: remoteURL}, monitoringv1.RemoteWriteSpec{URL: "http://thanos-receive:19291/api/v1/receive"}),
	})
}

func TestRemoteWriteRefusesBadEndpoints(t *testing.T) {
	cases := map[string]struct {
		spec    monitoringv1.RemoteWriteSpec
		version string
		wantErr string
	}{
		"two authentication methods": {
			spec: monitoringv1.RemoteWriteSpec{URL: remoteURL, BasicAuth: &monitoringv1.BasicAuth{}, Sigv4: &monitoringv1.Sigv4{}}, wantErr: "at most one authentication",
		},
		"a URL without a host": {spec: monitoringv1.RemoteWriteSpec{URL: "/api/v1/write"}, wantErr: "needs a scheme and a host"},
		"two Azure AD flavours": {
			spec:    monitoringv1.RemoteWriteSpec{URL: remoteURL, AzureAD: &monitoringv1.AzureAD{ManagedIdentity: &monitoringv1.ManagedIdentity{}, SDK: &monitoringv1.AzureSDK{}}},
			wantErr: "exactly one of managedIdentity",
		},
		"Azure workload identity on Prometheus 3.6": {
			version: "v3.6.0",
			spec:    monitoringv1.RemoteWriteSpec{URL: remoteURL, AzureAD: &monitoringv1.AzureAD{WorkloadIdentity: &monitoringv1.AzureWorkloadIdentity{}}},
			wantErr: "needs Prometheus 3.7.0",
		},
		"an Azure OAuth client id that is no UUID": {
			spec:    monitoringv1.RemoteWriteSpec{URL: remoteURL, AzureAD: &monitoringv1.AzureAD{OAuth: &monitoringv1.AzureOAuth{ClientID: "app"}}},
			wantErr: "not a valid UUID",
		},
		"a missing basic auth Secret key": {
			spec:    monitoringv1.RemoteWriteSpec{URL: remoteURL, BasicAuth: &monitoringv1.BasicAuth{Username: secretKey("auth", "nope"), Password: secretKey("auth", "password")}},
			wantErr: `key "nope" not found`,
		},
		"a reserved header": {
			spec: monitoringv1.RemoteWriteSpec{URL: remoteURL, Headers: map[string]string{"User-Agent": "me"}}, wantErr: "a header Prometheus sets itself",
		},
		"an invalid write relabeling": {
			spec:    monitoringv1.RemoteWriteSpec{URL: remoteURL, WriteRelabelConfigs: []monitoringv1.RelabelConfig{{Action: "Replace"}}},
			wantErr: "writeRelabelConfigs[0]",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := fixtures.Prometheus("example", walkthrough, fixtures.WithVersion(tc.version), fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.RemoteWrite = []monitoringv1.RemoteWriteSpec{tc.spec} }))
			_, err := Generate(p, Input{Store: testStore()}, Options{})
			require.ErrorContains(t, err, "remoteWrite[0]")
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
}

func remoteRead(version string, specs ...monitoringv1.RemoteReadSpec) goldenCase {
	return goldenCase{workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion(version), fixtures.WithServerSpec(func(s *monitoringv1.PrometheusSpec) { s.RemoteRead = specs }))}
}

func TestRemoteRead(t *testing.T) {
	full := monitoringv1.RemoteReadSpec{
		URL: "https://metrics.example.com/api/v1/read", Name: "longterm", RemoteTimeout: ptr(monitoringv1.Duration("1m")),
		Headers: map[string]string{"X-Scope-OrgID": "tenant-1"}, RequiredMatchers: map[string]string{"job": "node", "cluster": "eu"},
		ReadRecent: true, FollowRedirects: ptr(false), FilterExternalLabels: ptr(false),
		Authorization: &monitoringv1.Authorization{SafeAuthorization: monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", "token"))}},
		ProxyConfig:   monitoringv1.ProxyConfig{ProxyURL: ptr("http://proxy:3128")},
	}
	runGoldenCases(t, map[string]goldenCase{
		"every remote read setting":                       remoteRead("", full),
		"Prometheus 2.33 drops filter_external_labels":    remoteRead("v2.33.0", full),
		"Prometheus 2.25 drops headers and authorization": remoteRead("v2.25.0", full),
		"remote read with basic auth and TLS":             remoteRead("", monitoringv1.RemoteReadSpec{URL: "http://thanos:10901", BasicAuth: &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}, TLSConfig: &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{InsecureSkipVerify: ptr(true)}}}),
		"remote read with OAuth2 and a bearer token file": remoteRead("", monitoringv1.RemoteReadSpec{URL: "http://a:1"}, monitoringv1.RemoteReadSpec{URL: "http://b:2", BearerTokenFile: "/token"}),
	})
}
