// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	fakediscovery "k8s.io/client-go/discovery/fake"
	kubefake "k8s.io/client-go/kubernetes/fake"
	metadatafake "k8s.io/client-go/metadata/fake"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestThanosRulerControllerNeedsItsCRD(t *testing.T) {
	scheme, err := kube.Scheme()
	require.NoError(t, err)
	for name, test := range map[string]struct {
		served  []metav1.APIResource
		enabled bool
	}{
		"the CRD is served":  {served: []metav1.APIResource{{Name: monitoringv1.ThanosRulerName}}, enabled: true},
		"the CRD is missing": {served: []metav1.APIResource{{Name: monitoringv1.PrometheusName}}, enabled: false},
	} {
		t.Run(name, func(t *testing.T) {
			kubeClient := kubefake.NewClientset()
			kubeClient.Discovery().(*fakediscovery.FakeDiscovery).Resources = []*metav1.APIResourceList{
				{GroupVersion: monitoringv1.SchemeGroupVersion.String(), APIResources: test.served},
			}
			var logs bytes.Buffer
			runner, err := newThanosRulerRunner(operator.NewConfig(), controllerDependencies{clients: &clients{
				kube: kubeClient, monitoring: monitoringfake.NewClientset(), metadata: metadatafake.NewSimpleMetadataClient(scheme),
			}}, slog.New(slog.NewTextHandler(&logs, nil)))
			require.NoError(t, err)
			assert.Equal(t, test.enabled, runner != nil)
			if !test.enabled {
				assert.Contains(t, logs.String(), "the ThanosRuler controller is disabled")
				assert.True(t, runner.hasSynced(), "a disabled controller does not hold up the start")
			}
		})
	}
}
