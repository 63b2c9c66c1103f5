// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// fuzzFamilies add one fuzzed entry of a discovery family to a spec.
var fuzzFamilies = []func(*chooser, *monitoringv1alpha1.ScrapeConfigSpec){
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.StaticConfigs = append(spec.StaticConfigs, monitoringv1alpha1.StaticConfig{
			Targets: []monitoringv1alpha1.Target{"a:80"},
			Labels:  pick(c, []map[string]string{nil, {"env": "prod"}, {"service.name": "x"}, {"": "empty"}}),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.FileSDConfigs = append(spec.FileSDConfigs, monitoringv1alpha1.FileSDConfig{
			Files:           []monitoringv1alpha1.SDFile{pick(c, []monitoringv1alpha1.SDFile{"/etc/t/*.json", "/etc/t.txt", "/a*/b.yml"})},
			RefreshInterval: maybe(c, fuzzDurations...),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.HTTPSDConfigs = append(spec.HTTPSDConfigs, monitoringv1alpha1.HTTPSDConfig{
			URL: pick(c, fuzzURLs), RefreshInterval: maybe(c, fuzzDurations...), SDHTTPClientConfig: fuzzClient(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		roles := []monitoringv1alpha1.KubernetesRole{"Pod", "Endpoints", "EndpointSlice", "Service", "Node", "Ingress", "Secret"}
		config := monitoringv1alpha1.KubernetesSDConfig{
			Role: pick(c, roles), APIServer: maybe(c, "https://kube:6443", "%zz"), SDHTTPClientConfig: fuzzClient(c),
			Namespaces:     pick(c, []*monitoringv1alpha1.NamespaceDiscovery{nil, {Names: []string{"a"}}, {IncludeOwnNamespace: ptr(true)}}),
			AttachMetadata: pick(c, []*monitoringv1.AttachMetadata{nil, {Node: ptr(true)}}),
		}
		if c.intn(2) == 1 {
			config.Selectors = []monitoringv1alpha1.K8SSelectorConfig{{Role: pick(c, roles), Label: maybe(c, "app=web", "app in (x"), Field: maybe(c, "a=b", "=")}}
		}
		spec.KubernetesSDConfigs = append(spec.KubernetesSDConfigs, config)
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.ConsulSDConfigs = append(spec.ConsulSDConfigs, monitoringv1alpha1.ConsulSDConfig{
			Server: pick(c, []string{"consul:8500", "", "a b"}), TokenRef: maybe(c, secretKey("cloud", "consul-token"), secretKey("cloud", "nope")),
			Filter: maybe(c, "x"), HealthFilter: maybe(c, "y"), PathPrefix: maybe(c, "/c"), Namespace: maybe(c, "ns"),
			Scheme: maybe(c, monitoringv1.Scheme("https"), "gopher"), NodeMeta: pick(c, []map[string]string{nil, {"a": "b"}}),
			SDHTTPClientConfig: fuzzClient(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.DNSSDConfigs = append(spec.DNSSDConfigs, monitoringv1alpha1.DNSSDConfig{
			Names: pick(c, [][]string{{"a.example.com"}, nil, {""}}), Type: maybe(c, monitoringv1alpha1.DNSRecordType("A"), "MX", "NS", "SRV", "TXT"),
			Port: maybe(c, fuzzPorts...), RefreshInterval: maybe(c, fuzzDurations...),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.EC2SDConfigs = append(spec.EC2SDConfigs, monitoringv1alpha1.EC2SDConfig{
			AWSCredentials: fuzzAWS(c), Port: maybe(c, fuzzPorts...), SDTransportConfig: fuzzTransport(c),
			Filters: pick(c, [][]monitoringv1alpha1.SDFilter{nil, {{Name: "a", Values: []string{"b"}}}, {{Name: "a"}}, {{Name: "a", Values: []string{"b"}}, {Name: "a", Values: []string{"c"}}}}),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.AzureSDConfigs = append(spec.AzureSDConfigs, monitoringv1alpha1.AzureSDConfig{
			Environment:          maybe(c, "AzurePublicCloud", "Moon"),
			AuthenticationMethod: maybe(c, monitoringv1alpha1.AzureAuthenticationManagedIdentity, "SDK", "WorkloadIdentity", "OAuth", "Magic"),
			SubscriptionID:       pick(c, []string{"sub", ""}), TenantID: maybe(c, "t"), ClientID: maybe(c, "c"),
			ClientSecret: maybe(c, secretKey("cloud", "azure-secret"), secretKey("cloud", "empty")), ResourceGroup: maybe(c, "rg"),
			SDHTTPClientConfig: fuzzClient(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.GCESDConfigs = append(spec.GCESDConfigs, monitoringv1alpha1.GCESDConfig{
			Project: pick(c, []string{"p", ""}), Zone: pick(c, []string{"us-central1-a", "", "zone one"}), Port: maybe(c, fuzzPorts...),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.OpenStackSDConfigs = append(spec.OpenStackSDConfigs, monitoringv1alpha1.OpenStackSDConfig{
			Role: pick(c, []monitoringv1alpha1.OpenStackRole{"Instance", "LoadBalancer", "Volume"}), Region: pick(c, fuzzRegions),
			IdentityEndpoint: maybe(c, fuzzURLs...), Availability: maybe(c, "Public", "nowhere"),
			OpenStackCredentials: monitoringv1alpha1.OpenStackCredentials{Password: maybe(c, secretKey("cloud", "openstack-password"), secretKey("cloud", "nope"))},
			TLSConfig:            pick(c, []*monitoringv1.SafeTLSConfig{nil, tlsSD()}),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.DigitalOceanSDConfigs = append(spec.DigitalOceanSDConfigs, monitoringv1alpha1.DigitalOceanSDConfig{Port: maybe(c, fuzzPorts...), SDBearerClientConfig: fuzzBearer(c)})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.KumaSDConfigs = append(spec.KumaSDConfigs, monitoringv1alpha1.KumaSDConfig{
			Server: pick(c, fuzzURLs), ClientID: maybe(c, "p"), FetchTimeout: maybe(c, fuzzDurations...), SDHTTPClientConfig: fuzzClient(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.EurekaSDConfigs = append(spec.EurekaSDConfigs, monitoringv1alpha1.EurekaSDConfig{Server: pick(c, fuzzURLs), SDHTTPClientConfig: fuzzClient(c)})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.DockerSDConfigs = append(spec.DockerSDConfigs, monitoringv1alpha1.DockerSDConfig{
			Host: pick(c, []string{"unix:///var/run/docker.sock", "docker.sock", "tcp://d:2375"}), MatchFirstNetwork: maybe(c, true),
			Filters: pick(c, [][]monitoringv1alpha1.SDFilter{nil, {{Name: "label", Values: []string{"x"}}}}), SDHTTPClientConfig: fuzzClient(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.LinodeSDConfigs = append(spec.LinodeSDConfigs, monitoringv1alpha1.LinodeSDConfig{Region: maybe(c, fuzzRegions...), SDBearerClientConfig: fuzzBearer(c)})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.HetznerSDConfigs = append(spec.HetznerSDConfigs, monitoringv1alpha1.HetznerSDConfig{
			Role: pick(c, []monitoringv1alpha1.HetznerRole{"hcloud", "Robot", "vps"}), LabelSelector: maybe(c, "a=b"), SDHTTPClientConfig: fuzzClient(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.NomadSDConfigs = append(spec.NomadSDConfigs, monitoringv1alpha1.NomadSDConfig{Server: pick(c, fuzzURLs), Region: maybe(c, fuzzRegions...), SDHTTPClientConfig: fuzzClient(c)})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.DockerSwarmSDConfigs = append(spec.DockerSwarmSDConfigs, monitoringv1alpha1.DockerSwarmSDConfig{
			Host: pick(c, []string{"unix:///var/run/docker.sock", ""}), Role: pick(c, []monitoringv1alpha1.DockerSwarmRole{"Nodes", "Configs"}),
			SDHTTPClientConfig: fuzzClient(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.PuppetDBSDConfigs = append(spec.PuppetDBSDConfigs, monitoringv1alpha1.PuppetDBSDConfig{
			URL: pick(c, fuzzURLs), Query: pick(c, []string{"nodes {}", ""}), Port: maybe(c, fuzzPorts...), SDHTTPClientConfig: fuzzClient(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.LightSailSDConfigs = append(spec.LightSailSDConfigs, monitoringv1alpha1.LightSailSDConfig{
			AWSCredentials: fuzzAWS(c), Endpoint: maybe(c, fuzzURLs...), SDHTTPClientConfig: fuzzClient(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.OVHCloudSDConfigs = append(spec.OVHCloudSDConfigs, monitoringv1alpha1.OVHCloudSDConfig{
			ApplicationKey: pick(c, []string{"k", ""}), ApplicationSecret: secretKey("cloud", pick(c, []string{"application-secret", "empty", "nope"})),
			ConsumerKey: secretKey("cloud", "consumer-key"), Service: pick(c, []monitoringv1alpha1.OVHCloudService{"VPS", "DedicatedServer", "Cloud"}),
			Endpoint: maybe(c, "ovh-ca", ""),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.ScalewaySDConfigs = append(spec.ScalewaySDConfigs, monitoringv1alpha1.ScalewaySDConfig{
			AccessKey: pick(c, []string{"SCWXXXXXXXXXXXXXXXXX", "key"}), SecretKey: secretKey("cloud", pick(c, []string{"scaleway-secret", "consul-token", "empty"})),
			ProjectID: pick(c, []string{"6e5b8b4c-9c1f-4a5e-8a1a-2b0f4c3d2e1f", "project"}), Role: pick(c, []monitoringv1alpha1.ScalewayRole{"Instance", "Baremetal", "Lambda"}),
			Zone: maybe(c, "fr-par-1", "paris"), APIURL: maybe(c, "https://api.scaleway.com", "https://api.scaleway.com/"), SDTransportConfig: fuzzTransport(c),
		})
	},
	func(c *chooser, spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.IonosSDConfigs = append(spec.IonosSDConfigs, monitoringv1alpha1.IonosSDConfig{
			DataCenterID: pick(c, []string{"dc", ""}), Authorization: *authorizationSD(), OAuth2: pick(c, []*monitoringv1.OAuth2{nil, oauth2SD()}),
			SDTransportConfig: fuzzTransport(c),
		})
	},
}

func fuzzAWS(c *chooser) monitoringv1alpha1.AWSCredentials {
	credentials := monitoringv1alpha1.AWSCredentials{Region: maybe(c, fuzzRegions...), RoleARN: maybe(c, "arn:aws:iam::1:role/r", "role")}
	switch c.intn(3) {
	case 1:
		credentials.AccessKey, credentials.SecretKey = ptr(secretKey("auth", "access-key")), ptr(secretKey("auth", pick(c, []string{"secret-key", "nope"})))
	case 2:
		credentials.AccessKey = ptr(secretKey("auth", "access-key"))
	}
	return credentials
}
