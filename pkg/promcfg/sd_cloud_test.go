// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"testing"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

func awsKeys() monitoringv1alpha1.AWSCredentials {
	return monitoringv1alpha1.AWSCredentials{
		Region: ptr("eu-west-1"), AccessKey: ptr(secretKey("auth", "access-key")), SecretKey: ptr(secretKey("auth", "secret-key")),
	}
}

func TestScrapeConfigEC2SD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"an access key pair from Secrets and filters sorted by name": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("ec2", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.EC2SDConfigs = []monitoringv1alpha1.EC2SDConfig{{
					AWSCredentials: awsKeys(), Port: ptr(int32(9100)), RefreshInterval: duration("5m"),
					Filters: []monitoringv1alpha1.SDFilter{
						{Name: "tag:team", Values: []string{"frontend"}},
						{Name: "instance-state-name", Values: []string{"running", "pending"}},
					},
				}}
			}))),
		},
		"a role to assume, with TLS and a proxy": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("ec2-role", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.EC2SDConfigs = []monitoringv1alpha1.EC2SDConfig{{
					AWSCredentials:    monitoringv1alpha1.AWSCredentials{Region: ptr("us-gov-west-1"), RoleARN: ptr("arn:aws:iam::123456789012:role/prometheus")},
					SDTransportConfig: monitoringv1alpha1.SDTransportConfig{TLSConfig: tlsSD(), ProxyConfig: proxySD(), FollowRedirects: ptr(false)},
				}}
			}))),
		},
		"Prometheus 2.40 drops the EC2 HTTP client settings with a warning": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.40.0")),
			input: scrapeConfigInput(fixtures.ScrapeConfig("ec2-old", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.EC2SDConfigs = []monitoringv1alpha1.EC2SDConfig{{
					AWSCredentials:    awsKeys(),
					SDTransportConfig: monitoringv1alpha1.SDTransportConfig{FollowRedirects: ptr(false), EnableHTTP2: ptr(false)},
				}}
			}))),
			warnings: []string{`"ec2SDConfigs[0].follow_redirects": needs Prometheus >= 2.41.0`, `"ec2SDConfigs[0].enable_http2"`},
		},
	})
}

func TestScrapeConfigLightsailSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"an access key pair from Secrets and a port": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("lightsail", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.LightSailSDConfigs = []monitoringv1alpha1.LightSailSDConfig{{AWSCredentials: awsKeys(), Port: ptr(int32(9100)), RefreshInterval: duration("2m")}}
			}))),
		},
		"a role, a custom endpoint and an authorization token from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("lightsail-role", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.LightSailSDConfigs = []monitoringv1alpha1.LightSailSDConfig{{
					AWSCredentials:     monitoringv1alpha1.AWSCredentials{Region: ptr("eu-central-1"), RoleARN: ptr("arn:aws:iam::123456789012:role/lightsail")},
					Endpoint:           ptr("https://lightsail.eu-central-1.amazonaws.com"),
					SDHTTPClientConfig: httpClientSD(nil, authorizationSD(), nil, monitoringv1alpha1.SDTransportConfig{EnableHTTP2: ptr(true)}),
				}}
			}))),
		},
	})
}

func TestScrapeConfigAzureSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"the OAuth method with the client secret inlined from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("azure", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.AzureSDConfigs = []monitoringv1alpha1.AzureSDConfig{{
					Environment: ptr("AzurePublicCloud"), AuthenticationMethod: ptr(monitoringv1alpha1.AzureAuthenticationOAuth),
					SubscriptionID: "11111111-1111-1111-1111-111111111111", TenantID: ptr("tenant"), ClientID: ptr("client"),
					ClientSecret: ptr(secretKey("cloud", "azure-secret")), ResourceGroup: ptr("rg"), RefreshInterval: duration("5m"), Port: ptr(int32(9100)),
				}}
			}))),
		},
		"managed, SDK and workload identities need no secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("azure-identity", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.AzureSDConfigs = []monitoringv1alpha1.AzureSDConfig{
					{AuthenticationMethod: ptr(monitoringv1alpha1.AzureAuthenticationManagedIdentity), SubscriptionID: "sub", ClientID: ptr("identity")},
					{AuthenticationMethod: ptr(monitoringv1alpha1.AzureAuthenticationSDK), SubscriptionID: "sub"},
					{AuthenticationMethod: ptr(monitoringv1alpha1.AzureAuthenticationWorkloadIdentity), SubscriptionID: "sub", TenantID: ptr("tenant"), ClientID: ptr("client")},
				}
			}))),
		},
		"Prometheus 3.10 has no workload identity, so the ScrapeConfig is rejected": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v3.10.0")),
			input: scrapeConfigInput(fixtures.ScrapeConfig("azure-old", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.AzureSDConfigs = []monitoringv1alpha1.AzureSDConfig{{AuthenticationMethod: ptr(monitoringv1alpha1.AzureAuthenticationWorkloadIdentity), SubscriptionID: "sub"}}
			})), fixtures.ScrapeConfig("zz-good", walkthrough, staticTargets("a:80"))),
			rejected:     []string{"ScrapeConfig default/azure-old"},
			rejectReason: "azureSDConfigs[0]: the WorkloadIdentity authentication method needs Prometheus >= 3.11.0",
		},
	})
}

func TestScrapeConfigGCESD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a project, zone, filter and tag separator": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("gce", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.GCESDConfigs = []monitoringv1alpha1.GCESDConfig{{
					Project: "my-project", Zone: "europe-west1-b", Filter: ptr(`labels.env = "prod"`),
					RefreshInterval: duration("1m"), Port: ptr(int32(9100)), TagSeparator: ptr("|"),
				}}
			}))),
		},
		"GCE targets scraped with basic auth from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("gce-auth", walkthrough, scrapeConfigBasicAuth(), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.GCESDConfigs = []monitoringv1alpha1.GCESDConfig{{Project: "my-project", Zone: "us-central1-a"}}
			}))),
		},
	})
}

func TestScrapeConfigOpenStackSD(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a user and password from a Secret": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("openstack", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.OpenStackSDConfigs = []monitoringv1alpha1.OpenStackSDConfig{{
					Role: monitoringv1alpha1.OpenStackRoleInstance, Region: "RegionOne", IdentityEndpoint: ptr("https://keystone.example.com:5000/v3"),
					OpenStackCredentials: monitoringv1alpha1.OpenStackCredentials{
						Username: ptr("prometheus"), Password: ptr(secretKey("cloud", "openstack-password")),
						DomainName: ptr("Default"), ProjectName: ptr("monitoring"),
					},
					AllTenants: ptr(true), RefreshInterval: duration("2m"), Port: ptr(int32(9100)), Availability: ptr("Internal"),
				}}
			}))),
		},
		"an application credential from a Secret, with TLS material": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(fixtures.ScrapeConfig("openstack-app", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.OpenStackSDConfigs = []monitoringv1alpha1.OpenStackSDConfig{
					{
						Role: monitoringv1alpha1.OpenStackRoleHypervisor, Region: "RegionOne",
						OpenStackCredentials: monitoringv1alpha1.OpenStackCredentials{
							UserID: ptr("uid"), ApplicationCredentialID: ptr("app-id"), ApplicationCredentialName: ptr("app"),
							ApplicationCredentialSecret: ptr(secretKey("cloud", "app-credential")), DomainID: ptr("did"), ProjectID: ptr("pid"),
						},
						TLSConfig: tlsSD(),
					},
					{Role: monitoringv1alpha1.OpenStackRoleLoadBalancer, Region: "RegionTwo"},
				}
			}))),
		},
	})
}
