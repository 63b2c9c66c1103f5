// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1alpha1

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// scrapeConfigManifests returns the ScrapeConfig test manifests by file name.
func scrapeConfigManifests(t *testing.T) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "scrapeconfig-*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "no ScrapeConfig manifests under testdata")
	manifests := make(map[string][]byte, len(paths))
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		manifests[filepath.Base(path)] = data
	}
	return manifests
}

// decodeScrapeConfig decodes a manifest strictly, so that a field whose JSON
// name our types do not know fails the test instead of being dropped.
func decodeScrapeConfig(t *testing.T, manifest []byte) *ScrapeConfig {
	t.Helper()
	var scrapeConfig ScrapeConfig
	require.NoError(t, yaml.UnmarshalStrict(manifest, &scrapeConfig))
	return &scrapeConfig
}

// asGenericJSON turns JSON into maps and slices so that key order does not matter.
func asGenericJSON(t *testing.T, data []byte) any {
	t.Helper()
	var value any
	require.NoError(t, json.Unmarshal(data, &value))
	return value
}

func TestScrapeConfigManifestsRoundTrip(t *testing.T) {
	for name, manifest := range scrapeConfigManifests(t) {
		t.Run(name, func(t *testing.T) {
			scrapeConfig := decodeScrapeConfig(t, manifest)

			encoded, err := json.Marshal(scrapeConfig)
			require.NoError(t, err)
			source, err := yaml.YAMLToJSON(manifest)
			require.NoError(t, err)
			require.Equal(t, asGenericJSON(t, source), asGenericJSON(t, encoded),
				"re-encoding the decoded object must give back the manifest")

			copied := scrapeConfig.DeepCopy()
			require.True(t, reflect.DeepEqual(scrapeConfig, copied), "a deep copy must equal its source")
		})
	}
}

func TestScrapeConfigManifestsCoverEveryDiscoveryMechanism(t *testing.T) {
	used := map[string]bool{}
	for _, manifest := range scrapeConfigManifests(t) {
		discovery := reflect.ValueOf(decodeScrapeConfig(t, manifest).Spec.ScrapeConfigDiscovery)
		for i := range discovery.NumField() {
			if discovery.Field(i).Len() > 0 {
				used[discovery.Type().Field(i).Name] = true
			}
		}
	}
	discoveryType := reflect.TypeFor[ScrapeConfigDiscovery]()
	for i := range discoveryType.NumField() {
		name := discoveryType.Field(i).Name
		require.Truef(t, used[name], "no test manifest sets %s", name)
	}
}

func TestScrapeConfigInlineBlocksDecodeIntoTheirFields(t *testing.T) {
	manifests := scrapeConfigManifests(t)
	kubernetes := decodeScrapeConfig(t, manifests["scrapeconfig-kubernetes.yaml"]).Spec
	cloud := decodeScrapeConfig(t, manifests["scrapeconfig-cloud.yaml"]).Spec
	hosting := decodeScrapeConfig(t, manifests["scrapeconfig-hosting.yaml"]).Spec
	registries := decodeScrapeConfig(t, manifests["scrapeconfig-registries.yaml"]).Spec

	kubernetesSD := kubernetes.KubernetesSDConfigs[0]
	require.Equal(t, KubernetesRolePod, kubernetesSD.Role)
	require.Equal(t, "socks5://proxy.example.com:1080", *kubernetesSD.ProxyURL)
	require.Equal(t, "http://proxy.example.com:3128", *kubernetesSD.OAuth2.ProxyURL,
		"the OAuth2 proxy must not be confused with the discovery proxy")
	require.Equal(t, "client-cert", kubernetesSD.TLSConfig.KeySecret.Name)
	require.True(t, *kubernetesSD.FollowRedirects)
	require.False(t, *kubernetesSD.EnableHTTP2)
	require.Equal(t, []K8SSelectorConfig{
		{Role: KubernetesRolePod, Label: new("app.kubernetes.io/part-of=shop"), Field: new("status.phase=Running")},
		{Role: KubernetesRoleNode, Label: new("node-role.kubernetes.io/worker=")},
	}, kubernetesSD.Selectors)

	require.True(t, *kubernetes.EnableHTTP2, "the spec-level enableHTTP2 is separate from the discovery one")
	require.Equal(t, uint64(10000), *kubernetes.SampleLimit)
	require.Equal(t, monitoringv1.ByteSize("10MiB"), *kubernetes.BodySizeLimit)
	require.Equal(t, int64(2), kubernetes.NativeHistogramMinBucketFactor.Value())
	require.True(t, *kubernetes.ProxyFromEnvironment)

	ec2 := cloud.EC2SDConfigs[0]
	require.Equal(t, "eu-west-1", *ec2.Region)
	require.Equal(t, "access-key-id", ec2.AccessKey.Key)
	require.Equal(t, []SDFilter{
		{Name: "tag:Environment", Values: []string{"prod", "staging"}},
		{Name: "instance-state-name", Values: []string{"running"}},
	}, ec2.Filters)
	require.Equal(t, "ls", cloud.LightSailSDConfigs[0].BasicAuth.Username.Name)
	require.Equal(t, AzureAuthenticationWorkloadIdentity, *cloud.AzureSDConfigs[0].AuthenticationMethod)
	require.Equal(t, "app-secret", cloud.OpenStackSDConfigs[0].ApplicationCredentialSecret.Key)

	require.Equal(t, "ionos", hosting.IonosSDConfigs[0].Authorization.Credentials.Name)
	require.Equal(t, "do", hosting.DigitalOceanSDConfigs[0].Authorization.Credentials.Name)
	require.Equal(t, HetznerRole("Robot"), hosting.HetznerSDConfigs[1].Role)
	require.Equal(t, "scaleway", hosting.ScalewaySDConfigs[0].SecretKey.Name)
	require.Equal(t, OVHCloudServiceDedicatedServer, hosting.OVHCloudSDConfigs[0].Service)

	require.Equal(t, []Target{"db-1.example.com:9187", "db-2.example.com:9187"}, registries.StaticConfigs[0].Targets)
	require.Equal(t, monitoringv1.Scheme("https"), *registries.ConsulSDConfigs[0].Scheme)
	require.True(t, *registries.ConsulSDConfigs[0].TokenRef.Optional)
	require.Equal(t, "puppet-oauth", registries.PuppetDBSDConfigs[0].OAuth2.ClientID.ConfigMap.Name)
}

func TestScrapeConfigDeepCopyIsIndependent(t *testing.T) {
	original := decodeScrapeConfig(t, scrapeConfigManifests(t)["scrapeconfig-cloud.yaml"])
	copied := original.DeepCopy()

	copied.Spec.EC2SDConfigs[0].Filters[0].Values[0] = "changed"
	*copied.Spec.EC2SDConfigs[0].ProxyURL = "http://other:1"
	copied.Spec.OpenStackSDConfigs[0].Password.Key = "changed"

	require.Equal(t, "prod", original.Spec.EC2SDConfigs[0].Filters[0].Values[0])
	require.Equal(t, "http://proxy:3128", *original.Spec.EC2SDConfigs[0].ProxyURL)
	require.Equal(t, "password", original.Spec.OpenStackSDConfigs[0].Password.Key)
}

func TestScrapeConfigIsRegisteredInTheScheme(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, AddToScheme(scheme))

	object, err := scheme.New(SchemeGroupVersion.WithKind(ScrapeConfigsKind))
	require.NoError(t, err)
	require.IsType(t, &ScrapeConfig{}, object)
	list, err := scheme.New(SchemeGroupVersion.WithKind(ScrapeConfigsKind + "List"))
	require.NoError(t, err)
	require.IsType(t, &ScrapeConfigList{}, list)
}
