// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"testing"

	// Register the discovery sections ScrapeConfigs use with the loader.
	_ "github.com/prometheus/prometheus/discovery/aws"
	_ "github.com/prometheus/prometheus/discovery/azure"
	_ "github.com/prometheus/prometheus/discovery/consul"
	_ "github.com/prometheus/prometheus/discovery/digitalocean"
	_ "github.com/prometheus/prometheus/discovery/dns"
	_ "github.com/prometheus/prometheus/discovery/eureka"
	_ "github.com/prometheus/prometheus/discovery/file"
	_ "github.com/prometheus/prometheus/discovery/gce"
	_ "github.com/prometheus/prometheus/discovery/hetzner"
	_ "github.com/prometheus/prometheus/discovery/http"
	_ "github.com/prometheus/prometheus/discovery/ionos"
	_ "github.com/prometheus/prometheus/discovery/linode"
	_ "github.com/prometheus/prometheus/discovery/moby"
	_ "github.com/prometheus/prometheus/discovery/nomad"
	_ "github.com/prometheus/prometheus/discovery/openstack"
	_ "github.com/prometheus/prometheus/discovery/ovhcloud"
	_ "github.com/prometheus/prometheus/discovery/puppetdb"
	_ "github.com/prometheus/prometheus/discovery/scaleway"
	_ "github.com/prometheus/prometheus/discovery/xds"
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// staticTargets adds a static list, so a fixture has at least one target.
func staticTargets(targets ...monitoringv1alpha1.Target) fixtures.Option {
	return fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.StaticConfigs = append(spec.StaticConfigs, monitoringv1alpha1.StaticConfig{Targets: targets})
	})
}

func scrapeConfigBasicAuth() fixtures.Option {
	return fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
		spec.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
	})
}

// scrapeConfigInput passes objects to the generator the way the controller
// does, with the Secrets of the test store plus the cloud provider keys.
func scrapeConfigInput(objects ...*monitoringv1alpha1.ScrapeConfig) Input {
	return Input{ExtraJobs: []JobSource{ScrapeConfigs(objects)}, Store: scrapeConfigStore()}
}

func scrapeConfigStore() assets.MapStore {
	store := testStore()
	for _, ns := range []string{"default", "team"} {
		store.Secrets[ns+"/cloud"] = map[string]string{
			"application-secret": "ovh-app-secret", "consumer-key": "ovh-consumer-key",
			"scaleway-secret": "11111111-2222-3333-4444-555555555555", "consul-token": "consul-acl-token",
			"azure-secret": "azure-client-secret", "openstack-password": "os-password",
			"app-credential": "os-app-credential", "empty": "",
		}
	}
	return store
}

// basicAuthSD, authorizationSD and tlsSD are the client settings of
// discovery entries used across families.
func basicAuthSD() *monitoringv1.BasicAuth {
	return &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "password")}
}

func authorizationSD() *monitoringv1.SafeAuthorization {
	return &monitoringv1.SafeAuthorization{Credentials: ptr(secretKey("auth", "token"))}
}

func oauth2SD() *monitoringv1.OAuth2 {
	return &monitoringv1.OAuth2{
		ClientID:     monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("auth", "client-id"))},
		ClientSecret: secretKey("auth", "client-secret"),
		TokenURL:     "https://auth.example.com/token",
		Scopes:       []string{"read"},
	}
}

func tlsSD() *monitoringv1.SafeTLSConfig {
	return &monitoringv1.SafeTLSConfig{
		CA:         monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "ca"))},
		Cert:       monitoringv1.SecretOrConfigMap{Secret: ptr(secretKey("tls", "cert"))},
		KeySecret:  ptr(secretKey("tls", "key")),
		ServerName: ptr("sd.example.com"),
	}
}

func proxySD() monitoringv1.ProxyConfig {
	return monitoringv1.ProxyConfig{
		ProxyURL:           ptr("http://proxy.example.com:3128"),
		NoProxy:            ptr("10.0.0.0/8"),
		ProxyConnectHeader: map[string][]corev1.SecretKeySelector{"Proxy-Authorization": {secretKey("auth", "token")}},
	}
}

func duration(value string) *monitoringv1.Duration {
	d := monitoringv1.Duration(value)
	return &d
}

func TestScrapeConfigJob(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a static target gives a job named after the object with only the job name capture": {
			workload: fixtures.Prometheus("example", walkthrough),
			input:    scrapeConfigInput(fixtures.ScrapeConfig("static", walkthrough, staticTargets("app.example.com:8080"))),
		},
		"every scrape setting is written in upstream's order": {
			workload: fixtures.Prometheus("example", walkthrough),
			input:    scrapeConfigInput(fixtures.ScrapeConfig("everything", walkthrough, fixtures.WithScrapeConfigSpec(everyScrapeSetting))),
		},
		"authorization and oauth2 credentials are inlined from Secrets": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(
				fixtures.ScrapeConfig("authorization", walkthrough, staticTargets("a:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.Authorization = &monitoringv1.SafeAuthorization{Type: "Token", Credentials: ptr(secretKey("auth", "token"))}
				})),
				fixtures.ScrapeConfig("oauth2", walkthrough, staticTargets("b:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.OAuth2 = oauth2SD()
				})),
			),
		},
		"every discovery family in one job, in upstream's order": {
			workload: fixtures.Prometheus("example", walkthrough),
			input:    scrapeConfigInput(fixtures.ScrapeConfig("all-families", walkthrough, fixtures.WithScrapeConfigSpec(everyDiscoveryFamily))),
		},
		"bad ScrapeConfigs are left out while the others still generate": {
			workload: fixtures.Prometheus("example", walkthrough),
			input: scrapeConfigInput(
				fixtures.ScrapeConfig("good", walkthrough, staticTargets("a:80")),
				fixtures.ScrapeConfig("missing-secret-key", walkthrough, staticTargets("b:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "nope")}
				})),
				fixtures.ScrapeConfig("bad-regex", walkthrough, staticTargets("c:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.RelabelConfigs = []monitoringv1.RelabelConfig{{SourceLabels: []monitoringv1.LabelName{"a"}, Regex: "(", Action: "keep"}}
				})),
				fixtures.ScrapeConfig("unknown-class", walkthrough, staticTargets("d:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.ScrapeClassName = ptr("nope")
				})),
				fixtures.ScrapeConfig("zz-also-good", walkthrough, staticTargets("e:80")),
			),
			rejected: []string{"ScrapeConfig default/missing-secret-key", "ScrapeConfig default/bad-regex", "ScrapeConfig default/unknown-class"},
		},
	})
}

func TestScrapeConfigJobWithWorkloadSettings(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"a scrape class adds relabelings, TLS files, authorization and a fallback protocol": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.ScrapeClasses = []monitoringv1.ScrapeClass{
					{
						Name: "default-class", Default: ptr(true),
						Relabelings:       []monitoringv1.RelabelConfig{{TargetLabel: "cluster", Replacement: ptr("eu-1")}},
						MetricRelabelings: []monitoringv1.RelabelConfig{{Action: "drop", SourceLabels: []monitoringv1.LabelName{"__name__"}, Regex: "go_.*"}},
						Authorization:     &monitoringv1.Authorization{CredentialsFile: "/etc/prometheus/token"},
						TLSConfig:         &monitoringv1.TLSConfig{CAFile: "/etc/prometheus/ca.crt"},
					},
					{Name: "text-fallback", FallbackScrapeProtocol: ptr(monitoringv1.ScrapeProtocolPrometheusText0_0_4)},
				}
			})),
			input: scrapeConfigInput(
				fixtures.ScrapeConfig("default-class", walkthrough, staticTargets("a:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.JobName = ptr("renamed")
				})),
				fixtures.ScrapeConfig("named-class", walkthrough, staticTargets("b:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.ScrapeClassName = ptr("text-fallback")
				})),
			),
		},
		"the enforced namespace label goes on targets with relabelings and always on samples": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.EnforcedNamespaceLabel = "tenant"
				c.ExcludedFromEnforcement = []monitoringv1.ObjectReference{{Resource: "scrapeconfigs", Namespace: "default", Name: "excluded"}}
			})),
			input: scrapeConfigInput(
				fixtures.ScrapeConfig("with-relabelings", walkthrough, staticTargets("a:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.RelabelConfigs = []monitoringv1.RelabelConfig{{TargetLabel: "team", Replacement: ptr("frontend")}}
				})),
				fixtures.ScrapeConfig("without-relabelings", walkthrough, staticTargets("b:80")),
				fixtures.ScrapeConfig("excluded", walkthrough, staticTargets("c:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.RelabelConfigs = []monitoringv1.RelabelConfig{{TargetLabel: "team", Replacement: ptr("frontend")}}
				})),
			),
		},
		"sharding is appended unless the object already shards by hash": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithShards(3)),
			input: scrapeConfigInput(
				fixtures.ScrapeConfig("sharded", walkthrough, staticTargets("a:80", "b:80")),
				fixtures.ScrapeConfig("own-hashmod", walkthrough, staticTargets("c:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
					spec.RelabelConfigs = []monitoringv1.RelabelConfig{
						{SourceLabels: []monitoringv1.LabelName{"__address__"}, TargetLabel: "__tmp_own_hash", Modulus: 2, Action: "hashmod"},
						{SourceLabels: []monitoringv1.LabelName{"__tmp_own_hash"}, Regex: "0", Action: "keep"},
					}
				})),
			),
		},
		"enforced limits cap the object's limits": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.EnforcedSampleLimit = ptr(uint64(1000))
				c.EnforcedTargetLimit = ptr(uint64(10))
				c.EnforcedBodySizeLimit = "10MB"
			})),
			input: scrapeConfigInput(fixtures.ScrapeConfig("limits", walkthrough, staticTargets("a:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.SampleLimit = ptr(uint64(5000))
				spec.TargetLimit = ptr(uint64(5))
				spec.LabelLimit = ptr(uint64(40))
				spec.BodySizeLimit = ptr(monitoringv1.ByteSize("20MB"))
			}))),
		},
		"honor overrides force the honor flags off": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) {
				c.OverrideHonorLabels = true
				c.OverrideHonorTimestamps = true
			})),
			input: scrapeConfigInput(fixtures.ScrapeConfig("honor", walkthrough, staticTargets("a:80"), fixtures.WithScrapeConfigSpec(func(spec *monitoringv1alpha1.ScrapeConfigSpec) {
				spec.HonorLabels = ptr(true)
				spec.HonorTimestamps = ptr(true)
			}))),
		},
	})
}

func TestScrapeConfigJobGating(t *testing.T) {
	runGoldenCases(t, map[string]goldenCase{
		"Prometheus 2.45 drops the settings it lacks with a warning": {
			workload: fixtures.Prometheus("example", walkthrough, fixtures.WithVersion("v2.45.0")),
			input:    scrapeConfigInput(fixtures.ScrapeConfig("old", walkthrough, fixtures.WithScrapeConfigSpec(everyScrapeSetting))),
			warnings: []string{
				`"enable_compression"`, `"track_timestamps_staleness"`, `"fallback_scrape_protocol"`,
				`"metric_name_validation_scheme"`, `"metric_name_escaping_scheme"`, `"scrape_native_histograms"`,
			},
		},
	})
}

// everyScrapeSetting sets every scrape-level field of a ScrapeConfig.
func everyScrapeSetting(spec *monitoringv1alpha1.ScrapeConfigSpec) {
	spec.StaticConfigs = []monitoringv1alpha1.StaticConfig{{Targets: []monitoringv1alpha1.Target{"app:8080"}, Labels: map[string]string{"env": "prod"}}}
	spec.JobName = ptr("my-job")
	spec.HonorTimestamps = ptr(false)
	spec.TrackTimestampsStaleness = ptr(true)
	spec.HonorLabels = ptr(true)
	spec.MetricsPath = ptr("/custom/metrics")
	spec.Params = map[string][]string{"module": {"http_2xx"}, "debug": {"true"}}
	spec.EnableCompression = ptr(false)
	spec.EnableHTTP2 = ptr(false)
	spec.ScrapeInterval = duration("15s")
	spec.ScrapeTimeout = duration("10s")
	spec.ScrapeProtocols = []monitoringv1.ScrapeProtocol{monitoringv1.ScrapeProtocolPrometheusProto, monitoringv1.ScrapeProtocolPrometheusText1_0_0}
	spec.FallbackScrapeProtocol = ptr(monitoringv1.ScrapeProtocolPrometheusText0_0_4)
	spec.Scheme = ptr(monitoringv1.Scheme("HTTPS"))
	spec.ProxyConfig = proxySD()
	spec.BasicAuth = basicAuthSD()
	spec.TLSConfig = tlsSD()
	spec.ScrapeLimits = monitoringv1.ScrapeLimits{
		SampleLimit: ptr(uint64(100)), TargetLimit: ptr(uint64(10)), LabelLimit: ptr(uint64(30)),
		LabelNameLengthLimit: ptr(uint64(50)), LabelValueLengthLimit: ptr(uint64(60)), KeepDroppedTargets: ptr(uint64(5)),
	}
	spec.NativeHistogramConfig = monitoringv1.NativeHistogramConfig{
		ScrapeNativeHistograms: ptr(true), ScrapeClassicHistograms: ptr(true), NativeHistogramBucketLimit: ptr(uint64(160)),
		NativeHistogramMinBucketFactor: quantity("1.1"), ConvertClassicHistogramsToNHCB: ptr(true),
	}
	spec.BodySizeLimit = ptr(monitoringv1.ByteSize("5MB"))
	spec.RelabelConfigs = []monitoringv1.RelabelConfig{{SourceLabels: []monitoringv1.LabelName{"__address__"}, TargetLabel: "host", Regex: "(.+):.*", Replacement: ptr("$1")}}
	spec.MetricRelabelConfigs = []monitoringv1.RelabelConfig{{Action: "labeldrop", Regex: "tmp_.*"}}
	spec.NameValidationScheme = ptr(monitoringv1.NameValidationSchemeUTF8)
	spec.NameEscapingScheme = ptr(monitoringv1.NameEscapingSchemeAllowUTF8)
}

// everyDiscoveryFamily sets one minimal entry of every discovery family.
func everyDiscoveryFamily(spec *monitoringv1alpha1.ScrapeConfigSpec) {
	spec.IonosSDConfigs = []monitoringv1alpha1.IonosSDConfig{{DataCenterID: "dc", Authorization: *authorizationSD()}}
	spec.ScalewaySDConfigs = []monitoringv1alpha1.ScalewaySDConfig{{AccessKey: "SCWXXXXXXXXXXXXXXXXX", SecretKey: secretKey("cloud", "scaleway-secret"),
		ProjectID: "6e5b8b4c-9c1f-4a5e-8a1a-2b0f4c3d2e1f", Role: monitoringv1alpha1.ScalewayRoleInstance}}
	spec.OVHCloudSDConfigs = []monitoringv1alpha1.OVHCloudSDConfig{{ApplicationKey: "k", ApplicationSecret: secretKey("cloud", "application-secret"),
		ConsumerKey: secretKey("cloud", "consumer-key"), Service: monitoringv1alpha1.OVHCloudServiceVPS}}
	spec.LightSailSDConfigs = []monitoringv1alpha1.LightSailSDConfig{{AWSCredentials: awsKeys()}}
	spec.PuppetDBSDConfigs = []monitoringv1alpha1.PuppetDBSDConfig{{URL: "https://puppetdb", Query: "nodes { }"}}
	spec.DockerSwarmSDConfigs = []monitoringv1alpha1.DockerSwarmSDConfig{{Host: "unix:///var/run/docker.sock", Role: monitoringv1alpha1.DockerSwarmRoleTasks}}
	spec.NomadSDConfigs = []monitoringv1alpha1.NomadSDConfig{{Server: "http://nomad:4646"}}
	spec.HetznerSDConfigs = []monitoringv1alpha1.HetznerSDConfig{{Role: monitoringv1alpha1.HetznerRoleHcloud}}
	spec.LinodeSDConfigs = []monitoringv1alpha1.LinodeSDConfig{{}}
	spec.DockerSDConfigs = []monitoringv1alpha1.DockerSDConfig{{Host: "unix:///var/run/docker.sock"}}
	spec.EurekaSDConfigs = []monitoringv1alpha1.EurekaSDConfig{{Server: "http://eureka:8761/eureka"}}
	spec.KumaSDConfigs = []monitoringv1alpha1.KumaSDConfig{{Server: "http://kuma:5676"}}
	spec.DigitalOceanSDConfigs = []monitoringv1alpha1.DigitalOceanSDConfig{{}}
	spec.OpenStackSDConfigs = []monitoringv1alpha1.OpenStackSDConfig{{Role: monitoringv1alpha1.OpenStackRoleInstance, Region: "RegionOne"}}
	spec.GCESDConfigs = []monitoringv1alpha1.GCESDConfig{{Project: "p", Zone: "us-central1-a"}}
	spec.AzureSDConfigs = []monitoringv1alpha1.AzureSDConfig{{SubscriptionID: "s", AuthenticationMethod: ptr(monitoringv1alpha1.AzureAuthenticationSDK)}}
	spec.EC2SDConfigs = []monitoringv1alpha1.EC2SDConfig{{AWSCredentials: monitoringv1alpha1.AWSCredentials{Region: ptr("us-east-1")}}}
	spec.DNSSDConfigs = []monitoringv1alpha1.DNSSDConfig{{Names: []string{"_metrics._tcp.example.com"}}}
	spec.ConsulSDConfigs = []monitoringv1alpha1.ConsulSDConfig{{Server: "consul:8500"}}
	spec.KubernetesSDConfigs = []monitoringv1alpha1.KubernetesSDConfig{{Role: monitoringv1alpha1.KubernetesRolePod}}
	spec.HTTPSDConfigs = []monitoringv1alpha1.HTTPSDConfig{{URL: "http://sd/targets"}}
	spec.FileSDConfigs = []monitoringv1alpha1.FileSDConfig{{Files: []monitoringv1alpha1.SDFile{"/etc/targets.json"}}}
	spec.StaticConfigs = []monitoringv1alpha1.StaticConfig{{Targets: []monitoringv1alpha1.Target{"a:80"}}}
}
