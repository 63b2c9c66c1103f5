// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promproc

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestWithKubeconfigFile(t *testing.T) {
	tests := map[string]struct {
		config    string
		wantCount int
	}{
		"every scrape and alerting discovery entry gets the file": {
			config: `global:
  scrape_interval: 30s
scrape_configs:
- job_name: a
  kubernetes_sd_configs:
  - role: endpoints
    namespaces:
      names: [default]
  - role: pod
- job_name: b
  static_configs:
  - targets: [x:1]
alerting:
  alertmanagers:
  - kubernetes_sd_configs:
    - role: endpoints
`,
			wantCount: 3,
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := WithKubeconfigFile([]byte(test.config), "/tmp/kubeconfig")
			require.NoError(t, err)
			var parsed struct {
				ScrapeConfigs []struct {
					JobName string           `yaml:"job_name"`
					SD      []map[string]any `yaml:"kubernetes_sd_configs"`
				} `yaml:"scrape_configs"`
				Alerting struct {
					Alertmanagers []struct {
						SD []map[string]any `yaml:"kubernetes_sd_configs"`
					} `yaml:"alertmanagers"`
				} `yaml:"alerting"`
			}
			require.NoError(t, yaml.Unmarshal(out, &parsed))
			entries := append(append([]map[string]any{}, parsed.ScrapeConfigs[0].SD...), parsed.Alerting.Alertmanagers[0].SD...)
			require.Len(t, entries, test.wantCount)
			for _, entry := range entries {
				assert.Equal(t, "/tmp/kubeconfig", entry["kubeconfig_file"])
			}
			assert.Equal(t, "endpoints", entries[0]["role"], "other keys are kept")
			assert.Empty(t, parsed.ScrapeConfigs[1].SD, "jobs without Kubernetes discovery are left alone")
		})
	}
}

func TestWithKubeconfigFileRefusesConfigWithoutKubernetesDiscovery(t *testing.T) {
	_, err := WithKubeconfigFile([]byte("scrape_configs:\n- job_name: a\n"), "/tmp/kubeconfig")
	assert.ErrorContains(t, err, "no kubernetes_sd_configs")
}
