// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"k8s.io/apimachinery/pkg/runtime/schema"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// kindFacts are the differences between a Prometheus and a PrometheusAgent
// that their generated objects carry, decided in this one place.
type kindFacts struct {
	// agent is true for a PrometheusAgent.
	agent bool
	// prefix starts the name of every generated object.
	prefix string
	// appName is the app.kubernetes.io/name label.
	appName string
	// governingService is the kind's shared headless Service.
	governingService string
	// kind is the API kind, which typed objects from informers do not carry.
	kind schema.GroupVersionKind
}

var (
	serverFacts = kindFacts{
		prefix: serverPrefix, appName: "prometheus", governingService: ServerGoverningServiceName,
		kind: monitoringv1.SchemeGroupVersion.WithKind(monitoringv1.PrometheusesKind),
	}
	agentFacts = kindFacts{
		agent: true, prefix: agentPrefix, appName: "prometheus-agent", governingService: AgentGoverningServiceName,
		kind: monitoringv1alpha1.SchemeGroupVersion.WithKind(monitoringv1alpha1.PrometheusAgentsKind),
	}
)

// factsOf returns the kind facts of p.
func factsOf(p monitoringv1.PrometheusInterface) kindFacts {
	if _, agent := p.(*monitoringv1alpha1.PrometheusAgent); agent {
		return agentFacts
	}
	return serverFacts
}

// specOf returns the whole spec of p; nil for an unknown kind.
func specOf(p monitoringv1.PrometheusInterface) any {
	switch typed := p.(type) {
	case *monitoringv1.Prometheus:
		return typed.Spec
	case *monitoringv1alpha1.PrometheusAgent:
		return typed.Spec
	}
	return nil
}

// thanosOf returns the Thanos sidecar settings of a server; an agent has
// no sidecar.
func thanosOf(p monitoringv1.PrometheusInterface) *monitoringv1.ThanosSpec {
	if server, ok := p.(*monitoringv1.Prometheus); ok {
		return server.Spec.Thanos
	}
	return nil
}
