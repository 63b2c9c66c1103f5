// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// everyRemoteWriteField is a remoteWrite list setting every field of the
// CRD at least once. The authentication methods exclude each other, so each
// has an endpoint of its own; the first endpoint carries every other field.
func everyRemoteWriteField() []monitoringv1.RemoteWriteSpec {
	return append([]monitoringv1.RemoteWriteSpec{tunedRemoteWrite()}, remoteWriteAuthentications()...)
}

// tunedRemoteWrite sets every field that is not an authentication method,
// with basic auth and TLS from Secrets.
func tunedRemoteWrite() monitoringv1.RemoteWriteSpec {
	v1 := monitoringv1.RemoteWriteMessageVersion1_0
	return monitoringv1.RemoteWriteSpec{
		URL: remoteURL, Name: ptr("tuned"), RemoteTimeout: ptr(monitoringv1.Duration("45s")),
		Headers:        map[string]string{"X-Scope-OrgID": "agents"},
		MessageVersion: &v1, SendExemplars: ptr(true), SendNativeHistograms: ptr(true),
		WriteRelabelConfigs: []monitoringv1.RelabelConfig{
			{Action: "HashMod", SourceLabels: []monitoringv1.LabelName{"instance", "job"}, Separator: ptr("/"), Modulus: 4, TargetLabel: "__tmp_bucket"},
			{Action: "Replace", SourceLabels: []monitoringv1.LabelName{"__tmp_bucket"}, Regex: "(.+)", Replacement: ptr("bucket-$1"), TargetLabel: "bucket"},
		},
		FollowRedirects: ptr(false), EnableHTTP2: ptr(true), RoundRobinDNS: ptr(true),
		QueueConfig:    fullQueue(),
		MetadataConfig: &monitoringv1.MetadataConfig{Send: true, SendInterval: "2m", MaxSamplesPerSend: ptr(int32(250))},
		BasicAuth:      &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")},
		TLSConfig: &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
			CA:   monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))},
			Cert: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "cert"))}, KeySecret: ptr(secretKey("tls", "key")),
			ServerName: ptr("metrics.example.com"), InsecureSkipVerify: ptr(false),
			MinVersion: ptr(monitoringv1.TLSVersion("TLS12")), MaxVersion: ptr(monitoringv1.TLSVersion("TLS13")),
		}},
		ProxyConfig: monitoringv1.ProxyConfig{
			ProxyURL: ptr("http://proxy.example.com:3128"), NoProxy: ptr("10.0.0.0/8"),
			ProxyConnectHeader: map[string][]corev1.SecretKeySelector{"Proxy-Authorization": {secretKey("auth", "token")}},
		},
	}
}

// remoteWriteAuthentications sets each authentication method and its
// leaves once, plus TLS from ConfigMaps and from files, the environment
// proxy and remote write 2.0.
func remoteWriteAuthentications() []monitoringv1.RemoteWriteSpec {
	url := func(path string) string { return "https://receiver.example.com/" + path }
	return []monitoringv1.RemoteWriteSpec{
		{URL: url("authorization"), Authorization: &monitoringv1.Authorization{SafeAuthorization: monitoringv1.SafeAuthorization{
			Type: "Token", Credentials: ptr(secretKey("auth", "token")),
		}}},
		{URL: url("authorization-file"), Authorization: &monitoringv1.Authorization{CredentialsFile: "/etc/prometheus/secrets/remote/credentials"}},
		{URL: url("bearer-token"), BearerToken: "inline-bearer-token"},
		{URL: url("bearer-token-file"), BearerTokenFile: "/etc/prometheus/secrets/remote/bearer"},
		{URL: url("oauth2"), OAuth2: &monitoringv1.OAuth2{
			ClientID: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("auth", "client-id"))}, ClientSecret: secretKey("auth", "client-secret"),
			TokenURL: "https://auth.example.com/token", Scopes: []string{"remote-write"}, EndpointParams: map[string]string{"audience": "receiver"},
			TLSConfig: &monitoringv1.SafeTLSConfig{
				CA:   monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))},
				Cert: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "cert"))}, KeySecret: ptr(secretKey("tls", "key")),
				ServerName: ptr("auth.example.com"), InsecureSkipVerify: ptr(false),
				MinVersion: ptr(monitoringv1.TLSVersion("TLS12")), MaxVersion: ptr(monitoringv1.TLSVersion("TLS13")),
			},
			ProxyConfig: monitoringv1.ProxyConfig{
				ProxyURL: ptr("http://oauth-proxy.example.com:3128"), NoProxy: ptr("auth.internal"),
				ProxyConnectHeader: map[string][]corev1.SecretKeySelector{"Proxy-Authorization": {secretKey("auth", "token")}},
			},
		}},
		{URL: url("oauth2-environment-proxy"), OAuth2: &monitoringv1.OAuth2{
			ClientID: monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("oauth", "client-id"))}, ClientSecret: secretKey("auth", "client-secret"),
			TokenURL: "https://auth.example.com/token", ProxyConfig: monitoringv1.ProxyConfig{ProxyFromEnvironment: ptr(true)},
			TLSConfig: &monitoringv1.SafeTLSConfig{
				CA:   monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("tls-ca", "ca.crt"))},
				Cert: monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("tls-ca", "ca.crt"))}, KeySecret: ptr(secretKey("tls", "key")),
			},
		}},
		{URL: url("sigv4"), Sigv4: &monitoringv1.Sigv4{
			Region: "eu-central-1", AccessKey: ptr(secretKey("auth", "access-key")), SecretKey: ptr(secretKey("auth", "secret-key")),
			Profile: "agents", RoleArn: "arn:aws:iam::123456789012:role/agent", ExternalID: ptr("agent-ext"), UseFIPSSTSEndpoint: ptr(true),
		}},
		{URL: url("azure-managed-identity"), AzureAD: &monitoringv1.AzureAD{
			Cloud: ptr("AzureGovernment"), Scope: ptr("https://monitor.azure.us/.default"),
			ManagedIdentity: &monitoringv1.ManagedIdentity{ClientID: ptr("00000000-0000-0000-0000-00000000000a")},
		}},
		{URL: url("azure-oauth"), AzureAD: &monitoringv1.AzureAD{OAuth: &monitoringv1.AzureOAuth{
			ClientID: "00000000-0000-0000-0000-00000000000b", ClientSecret: secretKey("auth", "client-secret"), TenantID: "00000000-0000-0000-0000-00000000000c",
		}}},
		{URL: url("azure-sdk"), AzureAD: &monitoringv1.AzureAD{SDK: &monitoringv1.AzureSDK{TenantID: ptr("00000000-0000-0000-0000-00000000000d")}}},
		{URL: url("azure-workload-identity"), AzureAD: &monitoringv1.AzureAD{WorkloadIdentity: &monitoringv1.AzureWorkloadIdentity{
			ClientID: "00000000-0000-0000-0000-00000000000e", TenantID: "00000000-0000-0000-0000-00000000000f",
		}}},
		{URL: url("tls-from-configmaps"), TLSConfig: &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
			CA:   monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("tls-ca", "ca.crt"))},
			Cert: monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("tls-ca", "ca.crt"))}, KeySecret: ptr(secretKey("tls", "key")),
		}}},
		{URL: url("tls-files"), TLSConfig: &monitoringv1.TLSConfig{
			CAFile: "/etc/prometheus/secrets/remote/ca.crt", CertFile: "/etc/prometheus/secrets/remote/tls.crt", KeyFile: "/etc/prometheus/secrets/remote/tls.key",
		}, ProxyConfig: monitoringv1.ProxyConfig{ProxyFromEnvironment: ptr(true)}},
		{URL: url("v2"), MessageVersion: ptr(monitoringv1.RemoteWriteMessageVersion2_0)},
	}
}
