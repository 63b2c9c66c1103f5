// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestGoverningService(t *testing.T) {
	config := testConfig(func(c *operator.Config) {
		c.Labels = operator.StringMap{"env": "prod"}
		c.Annotations = operator.StringMap{"owner": "platform"}
	})
	tests := map[string]struct {
		object    monitoringv1.PrometheusInterface
		name      string
		selector  map[string]string
		ports     []corev1.ServicePort
		ownerKind string
	}{
		"a server": {
			object:    fixtures.Prometheus("main"),
			name:      "prometheus-operated",
			selector:  map[string]string{"app.kubernetes.io/name": "prometheus"},
			ports:     []corev1.ServicePort{{Name: "web", Port: 9090, TargetPort: intstr.FromString("web")}},
			ownerKind: "Prometheus",
		},
		"a server with a Thanos sidecar also serves gRPC": {
			object:   fixtures.Prometheus("main", fixtures.WithThanos(monitoringv1.ThanosSpec{})),
			name:     "prometheus-operated",
			selector: map[string]string{"app.kubernetes.io/name": "prometheus"},
			ports: []corev1.ServicePort{
				{Name: "web", Port: 9090, TargetPort: intstr.FromString("web")},
				{Name: "grpc", Port: 10901, TargetPort: intstr.FromString("grpc")},
			},
			ownerKind: "Prometheus",
		},
		"an agent with a custom port name": {
			object:    fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.PortName = "http" })),
			name:      "prometheus-agent-operated",
			selector:  map[string]string{"app.kubernetes.io/name": "prometheus-agent"},
			ports:     []corev1.ServicePort{{Name: "http", Port: 9090, TargetPort: intstr.FromString("http")}},
			ownerKind: "PrometheusAgent",
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			service := GoverningService(test.object, config)
			assert.Equal(t, test.name, service.Name)
			assert.Equal(t, "default", service.Namespace)
			assert.Equal(t, corev1.ClusterIPNone, service.Spec.ClusterIP)
			assert.Equal(t, test.selector, service.Spec.Selector)
			assert.Equal(t, test.ports, service.Spec.Ports)
			assert.Equal(t, map[string]string{
				"managed-by": "prometheus-operator", "app.kubernetes.io/managed-by": "prometheus-operator",
				"operated-prometheus": "true", "env": "prod",
			}, service.Labels)
			assert.Equal(t, map[string]string{"owner": "platform"}, service.Annotations)
			require.Len(t, service.OwnerReferences, 1)
			owner := service.OwnerReferences[0]
			assert.Equal(t, test.ownerKind, owner.Kind)
			assert.Nil(t, owner.Controller, "the Service is shared: no single controller owns it")
		})
	}
}

func TestGoverningServiceSelectsThePods(t *testing.T) {
	for name, object := range map[string]monitoringv1.PrometheusInterface{"server": fixtures.Prometheus("main"), "agent": fixtures.PrometheusAgent("main")} {
		t.Run(name, func(t *testing.T) {
			podLabels := buildStatefulSet(t, object).Spec.Template.Labels
			for key, value := range GoverningService(object, nil).Spec.Selector {
				assert.Equal(t, value, podLabels[key])
			}
		})
	}
}
