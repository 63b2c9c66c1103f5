// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// rejectionCase is a ScrapeConfig the generator must leave out, with the
// text its reason must contain.
type rejectionCase struct {
	version string
	change  fixtures.Option
	reason  string
}

// scrapeConfigRejections are the bad ScrapeConfigs, each with the text its
// rejection reason must contain.
var scrapeConfigRejections = map[string]rejectionCase{
	"a missing Secret key in a discovery entry": {change: consulWith(func(c *monitoringv1alpha1.ConsulSDConfig) {
		c.TokenRef = ptr(secretKey("cloud", "nope"))
	}), reason: `consulSDConfigs[0]: tokenRef: key "nope" not found in secret default/cloud`},
	"a missing Secret behind discovery basic auth": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{URL: "http://sd/", SDHTTPClientConfig: httpClientSD(
			&monitoringv1.BasicAuth{Username: secretKey("absent", "user"), Password: secretKey("absent", "password")}, nil, nil, monitoringv1alpha1.SDTransportConfig{})}}
	}), reason: "httpSDConfigs[0]: basicAuth.username: secret default/absent not found"},
	"an empty Secret value a provider needs": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.OVHCloudSDConfigs = []monitoringv1alpha1.OVHCloudSDConfig{{ApplicationKey: "k", ApplicationSecret: secretKey("cloud", "empty"),
			ConsumerKey: secretKey("cloud", "consumer-key"), Service: monitoringv1alpha1.OVHCloudServiceVPS}}
	}), reason: "ovhcloudSDConfigs[0]: applicationSecret: the Secret key cloud/empty is empty"},
	"an unknown OVHcloud service": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.OVHCloudSDConfigs = []monitoringv1alpha1.OVHCloudSDConfig{{ApplicationKey: "k", ApplicationSecret: secretKey("cloud", "application-secret"),
			ConsumerKey: secretKey("cloud", "consumer-key"), Service: "Kubernetes"}}
	}), reason: `ovhcloudSDConfigs[0]: service: unknown value "Kubernetes"`},
	"an invalid AWS region": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.EC2SDConfigs = []monitoringv1alpha1.EC2SDConfig{{AWSCredentials: monitoringv1alpha1.AWSCredentials{Region: ptr("Europe West")}}}
	}), reason: `ec2SDConfigs[0]: region: "Europe West" is not a valid value`},
	"an invalid Linode region": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.LinodeSDConfigs = []monitoringv1alpha1.LinodeSDConfig{{Region: ptr("us east")}}
	}), reason: `linodeSDConfigs[0]: region: "us east" is not a valid value`},
	"an invalid Scaleway zone": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.ScalewaySDConfigs = []monitoringv1alpha1.ScalewaySDConfig{{AccessKey: "SCWXXXXXXXXXXXXXXXXX", SecretKey: secretKey("cloud", "scaleway-secret"),
			ProjectID: "6e5b8b4c-9c1f-4a5e-8a1a-2b0f4c3d2e1f", Role: monitoringv1alpha1.ScalewayRoleInstance, Zone: ptr("paris")}}
	}), reason: `scalewaySDConfigs[0]: zone: "paris" is not a valid value`},
	"an unknown Azure cloud": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.AzureSDConfigs = []monitoringv1alpha1.AzureSDConfig{{Environment: ptr("MarsCloud"), SubscriptionID: "s",
			AuthenticationMethod: ptr(monitoringv1alpha1.AzureAuthenticationManagedIdentity)}}
	}), reason: `azureSDConfigs[0]: environment: unknown Azure cloud "MarsCloud"`},
	"the Azure OAuth method without a client secret": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.AzureSDConfigs = []monitoringv1alpha1.AzureSDConfig{{SubscriptionID: "s", TenantID: ptr("t"), ClientID: ptr("c")}}
	}), reason: "azureSDConfigs[0]: the OAuth authentication method needs clientSecret"},
	"a port out of range": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.DNSSDConfigs = []monitoringv1alpha1.DNSSDConfig{{Names: []string{"a.example.com"}, Type: ptr(monitoringv1alpha1.DNSRecordTypeA), Port: ptr(int32(70000))}}
	}), reason: "dnsSDConfigs[0]: port 70000 is out of the range 0-65535"},
	"a negative port": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.PuppetDBSDConfigs = []monitoringv1alpha1.PuppetDBSDConfig{{URL: "https://puppetdb", Query: "nodes {}", Port: ptr(int32(-1))}}
	}), reason: "puppetDBSDConfigs[0]: port -1 is out of the range 0-65535"},
	"an A record without a port": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.DNSSDConfigs = []monitoringv1alpha1.DNSSDConfig{{Names: []string{"a.example.com"}, Type: ptr(monitoringv1alpha1.DNSRecordTypeA)}}
	}), reason: "dnsSDConfigs[0]: port: record type A needs a port"},
	"an unknown DNS record type": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.DNSSDConfigs = []monitoringv1alpha1.DNSSDConfig{{Names: []string{"a.example.com"}, Type: ptr(monitoringv1alpha1.DNSRecordType("TXT")), Port: ptr(int32(80))}}
	}), reason: `dnsSDConfigs[0]: type: unknown record type "TXT"`},
	"an HTTP discovery URL with another scheme": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{URL: "ftp://sd.example.com/targets"}}
	}), reason: `httpSDConfigs[0]: url: "ftp://sd.example.com/targets" must use http or https`},
	"an HTTP discovery URL that does not parse": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{URL: "http://[::1"}}
	}), reason: "httpSDConfigs[0]: url: parse"},
	"a Eureka server without a host": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.EurekaSDConfigs = []monitoringv1alpha1.EurekaSDConfig{{Server: "eureka"}}
	}), reason: `eurekaSDConfigs[0]: server: "eureka" needs a scheme and a host`},
	"a PuppetDB URL with another scheme": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.PuppetDBSDConfigs = []monitoringv1alpha1.PuppetDBSDConfig{{URL: "tcp://puppetdb:8080", Query: "nodes {}"}}
	}), reason: "puppetDBSDConfigs[0]: url: \"tcp://puppetdb:8080\" must use http or https"},
	"a Docker host that is not a URL": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.DockerSDConfigs = []monitoringv1alpha1.DockerSDConfig{{Host: "docker.sock"}}
	}), reason: `dockerSDConfigs[0]: host: "docker.sock" is not a daemon URL`},
	"a refresh interval Prometheus cannot parse": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.FileSDConfigs = []monitoringv1alpha1.FileSDConfig{{Files: []monitoringv1alpha1.SDFile{"/etc/t.json"}, RefreshInterval: duration("5 minutes")}}
	}), reason: `fileSDConfigs[0]: refresh_interval: unknown unit " minutes"`},
	"a target file Prometheus refuses": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.FileSDConfigs = []monitoringv1alpha1.FileSDConfig{{Files: []monitoringv1alpha1.SDFile{"/etc/targets.txt"}}}
	}), reason: `fileSDConfigs[0]: files: "/etc/targets.txt" is not a .json, .yml or .yaml path`},
	"Kubernetes client settings without an API server": {change: withKubernetesSD(kubernetesSDEntry(monitoringv1alpha1.KubernetesRolePod,
		func(c *monitoringv1alpha1.KubernetesSDConfig) { c.BasicAuth = basicAuthSD() })),
		reason: "kubernetesSDConfigs[0]: HTTP client settings need apiServer"},
	"ownNamespace with an API server": {change: withKubernetesSD(kubernetesSDEntry(monitoringv1alpha1.KubernetesRolePod, func(c *monitoringv1alpha1.KubernetesSDConfig) {
		c.APIServer = ptr("https://kube:6443")
		c.Namespaces = &monitoringv1alpha1.NamespaceDiscovery{IncludeOwnNamespace: ptr(true)}
	})), reason: "kubernetesSDConfigs[0]: namespaces.ownNamespace cannot be used with apiServer"},
	"a selector for a role the discovery does not watch": {change: withKubernetesSD(kubernetesSDEntry(monitoringv1alpha1.KubernetesRolePod, func(c *monitoringv1alpha1.KubernetesSDConfig) {
		c.Selectors = []monitoringv1alpha1.K8SSelectorConfig{{Role: monitoringv1alpha1.KubernetesRoleService, Label: ptr("a=b")}}
	})), reason: "kubernetesSDConfigs[0]: selectors: the pod role takes selectors for pod only"},
	"a label selector that does not parse": {change: withKubernetesSD(kubernetesSDEntry(monitoringv1alpha1.KubernetesRoleNode, func(c *monitoringv1alpha1.KubernetesSDConfig) {
		c.Selectors = []monitoringv1alpha1.K8SSelectorConfig{{Role: monitoringv1alpha1.KubernetesRoleNode, Label: ptr("app in (web")}}
	})), reason: "kubernetesSDConfigs[0]: selectors: label:"},
	"the OpenStack LoadBalancer role on Prometheus 3.1": {version: "v3.1.0", change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.OpenStackSDConfigs = []monitoringv1alpha1.OpenStackSDConfig{{Role: monitoringv1alpha1.OpenStackRoleLoadBalancer, Region: "r"}}
	}), reason: "openstackSDConfigs[0]: the LoadBalancer role needs Prometheus >= 3.2.0, target is v3.1.0"},
	"a Kuma client ID on Prometheus 2.49": {version: "v2.49.0", change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.KumaSDConfigs = []monitoringv1alpha1.KumaSDConfig{{Server: "http://kuma:5676", ClientID: ptr("p")}}
	}), reason: "kumaSDConfigs[0]: clientID needs Prometheus >= 2.50.0"},
	"a Consul health filter on Prometheus 3.11.1": {version: "v3.11.1", change: consulWith(func(c *monitoringv1alpha1.ConsulSDConfig) {
		c.HealthFilter = ptr("Status == \"passing\"")
	}), reason: "consulSDConfigs[0]: healthFilter needs Prometheus >= 3.11.2"},
	"DigitalOcean discovery on Prometheus 2.19": {version: "v2.19.0", change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.DigitalOceanSDConfigs = []monitoringv1alpha1.DigitalOceanSDConfig{{}}
	}), reason: "digitalOceanSDConfigs: this service discovery needs Prometheus >= 2.20.0"},
	"a Consul token next to an authorization header": {change: consulWith(func(c *monitoringv1alpha1.ConsulSDConfig) {
		c.TokenRef = ptr(secretKey("cloud", "consul-token"))
		c.Authorization = authorizationSD()
	}), reason: "consulSDConfigs[0]: tokenRef cannot be combined with authorization or oauth2"},
	"two authentication methods on one discovery entry": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{URL: "http://sd/", SDHTTPClientConfig: httpClientSD(basicAuthSD(), authorizationSD(), nil, monitoringv1alpha1.SDTransportConfig{})}}
	}), reason: "httpSDConfigs[0]: only one authentication method may be used"},
	"an AWS access key without its secret key": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.LightSailSDConfigs = []monitoringv1alpha1.LightSailSDConfig{{AWSCredentials: monitoringv1alpha1.AWSCredentials{AccessKey: ptr(secretKey("auth", "access-key"))}}}
	}), reason: "lightSailSDConfigs[0]: accessKey and secretKey must be set together"},
	"a role ARN that is not an ARN": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.EC2SDConfigs = []monitoringv1alpha1.EC2SDConfig{{AWSCredentials: monitoringv1alpha1.AWSCredentials{RoleARN: ptr("prometheus")}}}
	}), reason: `ec2SDConfigs[0]: roleARN: "prometheus" is not an ARN`},
	"a broken CA in a discovery entry": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.NomadSDConfigs = []monitoringv1alpha1.NomadSDConfig{{Server: "https://nomad:4646", SDHTTPClientConfig: httpClientSD(nil, nil, nil, monitoringv1alpha1.SDTransportConfig{
			TLSConfig: &monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("broken-tls", "ca"))}}})}}
	}), reason: "nomadSDConfigs[0]: tlsConfig.ca: no PEM block found"},
	"a scrape timeout longer than the interval": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.ScrapeInterval, spec.ScrapeTimeout = duration("10s"), duration("20s")
	}), reason: `scrapeTimeout "20s" is greater than the scrape interval "10s"`},
	"a body size limit that does not parse": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.BodySizeLimit = ptr(monitoringv1.ByteSize("lots"))
	}), reason: "bodySizeLimit:"},
	"a UTF-8 label in a relabeling of a legacy-validated job": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.NameValidationScheme = ptr(monitoringv1.NameValidationSchemeLegacy)
		spec.RelabelConfigs = []monitoringv1.RelabelConfig{{TargetLabel: "état", Replacement: ptr("x")}}
	}), reason: "relabelings[0]:"},
	"UTF-8 escaping on a legacy-validated job": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.NameValidationScheme = ptr(monitoringv1.NameValidationSchemeLegacy)
		spec.NameEscapingScheme = ptr(monitoringv1.NameEscapingSchemeAllowUTF8)
	}), reason: "nameEscapingScheme: AllowUTF8 needs the UTF8 name validation scheme"},
	"a static label name Prometheus 2 refuses": {version: "v2.55.0", change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.StaticConfigs = []monitoringv1alpha1.StaticConfig{{Targets: []monitoringv1alpha1.Target{"a:80"}, Labels: map[string]string{"service.name": "x"}}}
	}), reason: `staticConfigs[0]: labels: invalid label name "service.name"`},
	"a scrape protocol listed twice": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.ScrapeProtocols = []monitoringv1.ScrapeProtocol{monitoringv1.ScrapeProtocolPrometheusProto, monitoringv1.ScrapeProtocolPrometheusProto}
	}), reason: `scrapeProtocols: "PrometheusProto" is listed twice`},
	"a relabel regex that does not compile": {change: fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.MetricRelabelConfigs = []monitoringv1.RelabelConfig{{SourceLabels: []monitoringv1.LabelName{"__name__"}, Regex: "(", Action: "drop"}}
	}), reason: "metricRelabelings[0]: invalid regex"},
}

func TestScrapeConfigRejections(t *testing.T) {
	for name, tc := range scrapeConfigRejections {
		t.Run(name, func(t *testing.T) { checkRejection(t, tc) })
	}
}

// checkRejection generates the bad object next to a good one: only the bad
// one is left out, with the expected reason, and the rest still loads.
func checkRejection(t *testing.T, tc rejectionCase) {
	t.Helper()
	workload := fixtures.Prometheus("example", walkthrough, fixtures.WithVersion(tc.version))
	bad := fixtures.ScrapeConfig("bad", walkthrough, tc.change)
	good := fixtures.ScrapeConfig("good", walkthrough, staticTargets("a:80"))
	result, err := Generate(workload, scrapeConfigInput(bad, good), Options{})
	require.NoError(t, err)
	require.Len(t, result.Rejected, 1, "rejections: %v", result.Rejected)
	rejection := result.Rejected[0]
	require.Equal(t, "ScrapeConfig default/bad", rejection.Kind+" "+rejection.Namespace+"/"+rejection.Name)
	require.Contains(t, rejection.Reason.Error(), tc.reason)
	require.Contains(t, string(result.Config), "job_name: scrapeConfig/default/good")
	require.NotContains(t, string(result.Config), "scrapeConfig/default/bad")
	loadWithPrometheus(t, result.Config, workload)
}

func consulWith(change func(*monitoringv1alpha1.ConsulSDConfig)) fixtures.Option {
	return fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		config := monitoringv1alpha1.ConsulSDConfig{Server: "consul:8500"}
		change(&config)
		spec.ConsulSDConfigs = []monitoringv1alpha1.ConsulSDConfig{config}
	})
}

func TestScrapeConfigRejectedObjectLeavesNoTLSAssets(t *testing.T) {
	rejected := fixtures.ScrapeConfig("rejected", walkthrough, fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{URL: "https://sd/", SDHTTPClientConfig: httpClientSD(nil, nil, nil,
			monitoringv1alpha1.SDTransportConfig{TLSConfig: tlsSD()})}}
		spec.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "missing")}
	}))
	accepted := fixtures.ScrapeConfig("accepted", walkthrough, fixtures.InNamespace("team"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.EurekaSDConfigs = []monitoringv1alpha1.EurekaSDConfig{{Server: "https://eureka/", SDHTTPClientConfig: httpClientSD(nil, nil, nil,
			monitoringv1alpha1.SDTransportConfig{TLSConfig: &monitoringv1.SafeTLSConfig{CA: monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("tls-ca", "ca.crt"))}}})}}
	}))
	result, err := Generate(fixtures.Prometheus("example", walkthrough), scrapeConfigInput(rejected, accepted), Options{})
	require.NoError(t, err)
	require.Len(t, result.Rejected, 1)
	keys := make([]string, 0, len(result.TLSAssets))
	for _, asset := range result.TLSAssets {
		keys = append(keys, asset.Key)
	}
	require.Equal(t, []string{"1_team_tls-ca_ca.crt"}, keys, "only the accepted object's TLS files are kept")
}
