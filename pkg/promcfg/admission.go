// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
)

// The admission webhook checks one ServiceMonitor, PodMonitor, Probe or
// ScrapeConfig at a time with the very code that builds its scrape jobs:
// CheckObject runs the generator for a minimal workload that selects only
// that object and reports the object's rejection and version warnings.

// CheckOptions describe the workload an object is checked against.
type CheckOptions struct {
	// Version is the workload's Prometheus version; empty means the
	// operator's default.
	Version string
	// Store resolves the Secret and ConfigMap keys the object refers to;
	// nil resolves every reference to a placeholder value, so that only the
	// object's own fields are judged.
	Store assets.KeyReader
	// Agent checks the object for a PrometheusAgent instead of a server.
	Agent bool
}

// CheckResult is the outcome of CheckObject.
type CheckResult struct {
	// Rejection is why the generator leaves the object out; nil when it
	// produces the object's jobs.
	Rejection error
	// Warnings are the object's settings the workload's version drops.
	Warnings []string
}

// CheckObject builds the scrape jobs of object, a *ServiceMonitor,
// *PodMonitor, *Probe or *ScrapeConfig, as the controller would for a
// workload selecting it, and reports whether the object is rejected and
// which of its settings are dropped. The object's scrape class, which only
// the selecting workload defines, is assumed to exist and to be empty.
func CheckObject(object any, opts CheckOptions) (CheckResult, error) {
	var input Input
	var className *string
	switch typed := object.(type) {
	case *monitoringv1.ServiceMonitor:
		input.ServiceMonitors, className = []*monitoringv1.ServiceMonitor{typed}, typed.Spec.ScrapeClassName
	case *monitoringv1.PodMonitor:
		input.PodMonitors, className = []*monitoringv1.PodMonitor{typed}, typed.Spec.ScrapeClassName
	case *monitoringv1.Probe:
		input.Probes, className = []*monitoringv1.Probe{typed}, typed.Spec.ScrapeClassName
	case *monitoringv1alpha1.ScrapeConfig:
		input.ExtraJobs, className = []JobSource{ScrapeConfigs{typed}}, typed.Spec.ScrapeClassName
	default:
		return CheckResult{}, fmt.Errorf("no scrape jobs are built from a %T", object)
	}
	input.Store = opts.Store
	if input.Store == nil {
		input.Store = placeholderStore{}
	}
	common := monitoringv1.CommonPrometheusFields{Version: opts.Version}
	if className != nil && *className != "" {
		common.ScrapeClasses = []monitoringv1.ScrapeClass{{Name: *className}}
	}
	var workload monitoringv1.PrometheusInterface = &monitoringv1.Prometheus{Spec: monitoringv1.PrometheusSpec{CommonPrometheusFields: common}}
	if opts.Agent {
		workload = &monitoringv1alpha1.PrometheusAgent{Spec: monitoringv1alpha1.PrometheusAgentSpec{CommonPrometheusFields: common}}
	}
	result, err := Generate(workload, input, Options{EndpointSliceSupported: true})
	if err != nil {
		return CheckResult{}, fmt.Errorf("check against Prometheus %q: %w", opts.Version, err)
	}
	var check CheckResult
	if len(result.Rejected) > 0 {
		check.Rejection = result.Rejected[0].Reason
	}
	for _, warning := range result.Warnings {
		check.Warnings = append(check.Warnings, warning.String())
	}
	return check, nil
}

// placeholderValue stands for every referenced Secret or ConfigMap key when
// no store is given. It is a UUID, the strictest format a key is held to.
const placeholderValue = "00000000-0000-4000-8000-000000000000"

// placeholderStore resolves every reference to placeholderValue.
type placeholderStore struct{}

// SecretKey implements assets.KeyReader.
func (placeholderStore) SecretKey(string, corev1.SecretKeySelector) (string, error) {
	return placeholderValue, nil
}

// ConfigMapKey implements assets.KeyReader.
func (placeholderStore) ConfigMapKey(string, corev1.ConfigMapKeySelector) (string, error) {
	return placeholderValue, nil
}
