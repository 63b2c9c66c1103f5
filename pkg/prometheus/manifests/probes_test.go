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
)

func TestDefaultProbes(t *testing.T) {
	prometheus := container(t, buildStatefulSet(t, fixtures.Prometheus("main")).Spec.Template.Spec, PrometheusContainerName)
	ready := corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/-/ready", Port: intstr.FromString("web")}}

	assert.Equal(t, &corev1.Probe{ProbeHandler: ready, TimeoutSeconds: 3, PeriodSeconds: 15, FailureThreshold: 60}, prometheus.StartupProbe)
	assert.Equal(t, &corev1.Probe{ProbeHandler: ready, TimeoutSeconds: 3, PeriodSeconds: 5, FailureThreshold: 3}, prometheus.ReadinessProbe)
	assert.Equal(t, &corev1.Probe{
		ProbeHandler:   corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/-/healthy", Port: intstr.FromString("web")}},
		TimeoutSeconds: 3, PeriodSeconds: 5, FailureThreshold: 6,
	}, prometheus.LivenessProbe)
	assert.Equal(t, []corev1.ContainerPort{{Name: "web", ContainerPort: 9090, Protocol: corev1.ProtocolTCP}}, prometheus.Ports)
}

func TestStartupProbeTiming(t *testing.T) {
	tests := map[string]struct {
		maximum                *int32
		wantPeriod, wantThresh int32
	}{
		"unset keeps 15s x 60":           {nil, 15, 60},
		"60s is one step of 60s":         {ptrTo[int32](60), 60, 1},
		"600s is 10 steps of 60s":        {ptrTo[int32](600), 60, 10},
		"900s is 15 steps of 60s":        {ptrTo[int32](900), 60, 15},
		"a partial minute rounds up":     {ptrTo[int32](61), 31, 2},
		"values below a minute are void": {ptrTo[int32](30), 15, 60},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			p := fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.MaximumStartupDurationSeconds = test.maximum }))
			startup := container(t, buildStatefulSet(t, p).Spec.Template.Spec, PrometheusContainerName).StartupProbe
			assert.Equal(t, test.wantPeriod, startup.PeriodSeconds)
			assert.Equal(t, test.wantThresh, startup.FailureThreshold)
		})
	}
}

func TestProbeVariants(t *testing.T) {
	tests := map[string]struct {
		change func(*monitoringv1.CommonPrometheusFields)
		check  func(t *testing.T, prometheus corev1.Container)
	}{
		"a route prefix prefixes the probe paths": {
			change: func(c *monitoringv1.CommonPrometheusFields) { c.RoutePrefix = "/prom/" },
			check: func(t *testing.T, prometheus corev1.Container) {
				assert.Equal(t, "/prom/-/ready", prometheus.ReadinessProbe.HTTPGet.Path)
				assert.Equal(t, "/prom/-/healthy", prometheus.LivenessProbe.HTTPGet.Path)
			},
		},
		"web TLS probes over HTTPS": {
			change: func(c *monitoringv1.CommonPrometheusFields) {
				c.Web = &monitoringv1.PrometheusWebSpec{WebConfigFileFields: monitoringv1.WebConfigFileFields{TLSConfig: &monitoringv1.WebTLSConfig{}}}
			},
			check: func(t *testing.T, prometheus corev1.Container) {
				assert.Equal(t, corev1.URISchemeHTTPS, prometheus.StartupProbe.HTTPGet.Scheme)
				assert.Equal(t, corev1.URISchemeHTTPS, prometheus.LivenessProbe.HTTPGet.Scheme)
			},
		},
		"a custom port name is probed": {
			change: func(c *monitoringv1.CommonPrometheusFields) { c.PortName = "http" },
			check: func(t *testing.T, prometheus corev1.Container) {
				assert.Equal(t, intstr.FromString("http"), prometheus.ReadinessProbe.HTTPGet.Port)
				assert.Equal(t, "http", prometheus.Ports[0].Name)
			},
		},
		"listenLocal probes from inside the container and exposes no port": {
			change: func(c *monitoringv1.CommonPrometheusFields) { c.ListenLocal = true },
			check: func(t *testing.T, prometheus corev1.Container) {
				assert.Nil(t, prometheus.Ports)
				require.NotNil(t, prometheus.ReadinessProbe.Exec)
				assert.Nil(t, prometheus.ReadinessProbe.HTTPGet)
				assert.Equal(t, []string{"sh", "-c",
					`if [ -x "$(command -v curl)" ]; then exec curl --fail http://localhost:9090/-/ready; elif [ -x "$(command -v wget)" ]; then exec wget -q -O /dev/null http://localhost:9090/-/ready; else exit 1; fi`,
				}, prometheus.ReadinessProbe.Exec.Command)
				assert.Contains(t, prometheus.LivenessProbe.Exec.Command[2], "http://localhost:9090/-/healthy")
			},
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			set := buildStatefulSet(t, fixtures.Prometheus("main", fixtures.WithCommon(test.change)))
			test.check(t, container(t, set.Spec.Template.Spec, PrometheusContainerName))
		})
	}
}
