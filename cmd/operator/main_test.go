// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"log/slog"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	"sigs.k8s.io/yaml"
)

func TestCRDCommands(t *testing.T) {
	var full, stripped, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"full-crds"}, &full, &stderr), stderr.String())
	require.Equal(t, 0, run([]string{"crds"}, &stripped, &stderr), stderr.String())

	for name, output := range map[string]string{"full": full.String(), "stripped": stripped.String()} {
		documents := regexp.MustCompile(`(?m)^---\n`).Split(output, -1)[1:]
		require.GreaterOrEqual(t, len(documents), 10, name)
		var kinds []string
		for _, document := range documents {
			var crd struct {
				Kind string `json:"kind"`
				Spec struct {
					Names struct {
						Kind string `json:"kind"`
					} `json:"names"`
				} `json:"spec"`
			}
			require.NoError(t, yaml.Unmarshal([]byte(document), &crd))
			require.Equal(t, "CustomResourceDefinition", crd.Kind)
			kinds = append(kinds, crd.Spec.Names.Kind)
		}
		require.Subset(t, kinds, []string{"Prometheus", "PrometheusAgent", "ServiceMonitor", "PodMonitor", "ScrapeConfig"}, name)
	}
	require.Contains(t, full.String(), "description:")
	// Only the full set converts AlertmanagerConfig through the webhook, as
	// upstream's full set does.
	require.Equal(t, "Webhook", alertmanagerConfigConversion(t, full.String()))
	require.Equal(t, "None", alertmanagerConfigConversion(t, stripped.String()))
	require.Less(t, stripped.Len(), full.Len()/2, "descriptions make up most of the CRDs")
	// A field named "description" (in PrometheusRule annotations, say) is a
	// property, not a description: the schema must keep its properties.
	require.Contains(t, stripped.String(), "openAPIV3Schema:")
	require.Contains(t, stripped.String(), "serviceMonitorSelector:")
}

// alertmanagerConfigConversion returns the conversion strategy of the
// AlertmanagerConfig CRD of a printed CRD set.
func alertmanagerConfigConversion(t *testing.T, output string) string {
	t.Helper()
	for _, document := range regexp.MustCompile(`(?m)^---\n`).Split(output, -1)[1:] {
		var crd struct {
			Spec struct {
				Names struct {
					Kind string `json:"kind"`
				} `json:"names"`
				Conversion *struct {
					Strategy string `json:"strategy"`
					Webhook  *struct {
						ClientConfig struct {
							Service struct {
								Name string `json:"name"`
								Path string `json:"path"`
							} `json:"service"`
						} `json:"clientConfig"`
					} `json:"webhook"`
				} `json:"conversion"`
			} `json:"spec"`
		}
		require.NoError(t, yaml.Unmarshal([]byte(document), &crd))
		if crd.Spec.Names.Kind != "AlertmanagerConfig" {
			continue
		}
		if crd.Spec.Conversion == nil {
			return "None"
		}
		if crd.Spec.Conversion.Strategy == "Webhook" {
			require.NotNil(t, crd.Spec.Conversion.Webhook)
			require.Equal(t, "prometheus-operator-admission-webhook", crd.Spec.Conversion.Webhook.ClientConfig.Service.Name)
			require.Equal(t, "/convert", crd.Spec.Conversion.Webhook.ClientConfig.Service.Path)
		}
		return crd.Spec.Conversion.Strategy
	}
	t.Fatal("no AlertmanagerConfig CRD printed")
	return ""
}

func TestUnknownCommandAndBadFlagsFail(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 2, run([]string{"launch"}, &stdout, &stderr))
	require.Contains(t, stderr.String(), `unknown command "launch"`)
	stderr.Reset()
	require.Equal(t, 2, run([]string{"--namespaces=a", "--deny-namespaces=b"}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "mutually exclusive")
	require.Equal(t, 0, run([]string{"--help"}, &stdout, &stderr))
}

func servedResources(client *fake.Clientset, groupVersion string, names ...string) {
	list := &metav1.APIResourceList{GroupVersion: groupVersion}
	for _, name := range names {
		list.APIResources = append(list.APIResources, metav1.APIResource{Name: name})
	}
	client.Resources = append(client.Resources, list)
}

func TestMissingOptionalCRDsAreSkippedWithALogLine(t *testing.T) {
	client := fake.NewClientset()
	servedResources(client, "monitoring.coreos.com/v1", "prometheuses", "servicemonitors", "podmonitors", "probes", "prometheusrules")
	var logs bytes.Buffer
	served, err := discoverKinds(client, slog.New(slog.NewTextHandler(&logs, nil)))
	require.NoError(t, err)
	require.Equal(t, servedKinds{prometheuses: true}, served)
	require.Contains(t, logs.String(), "kind=PrometheusAgent")
	require.Contains(t, logs.String(), "kind=ScrapeConfig")

	servedResources(client, "monitoring.coreos.com/v1alpha1", "prometheusagents", "scrapeconfigs")
	served, err = discoverKinds(client, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.Equal(t, servedKinds{prometheuses: true, agents: true, scrapeConfigs: true}, served)
}

func TestMissingMonitorCRDsStopTheOperator(t *testing.T) {
	client := fake.NewClientset()
	servedResources(client, "monitoring.coreos.com/v1", "prometheuses")
	_, err := discoverKinds(client, slog.New(slog.DiscardHandler))
	require.ErrorContains(t, err, "servicemonitors")
}
