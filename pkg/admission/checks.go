// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"context"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
)

// Checks are the functions that decide whether an object is accepted. The
// webhook holds no rule of its own: these are the functions the
// controllers run on the same objects at reconcile time. (ServiceMonitors,
// PodMonitors, Probes and ScrapeConfigs are always judged by
// promcfg.CheckObject, the configuration generator itself.)
type Checks struct {
	// PrometheusRule returns every reason the rules would be refused.
	PrometheusRule func(*monitoringv1.PrometheusRule) []error
	// AlertmanagerConfig returns every reason the configuration would be
	// refused; a v1beta1 object is converted to v1alpha1 first.
	AlertmanagerConfig func(*monitoringv1alpha1.AlertmanagerConfig) []error
	// PrometheusRuleFor renders the rules for a Prometheus of version and
	// returns the fields it drops and why it would refuse them (nil: no
	// warnings about PrometheusRules).
	PrometheusRuleFor func(rule *monitoringv1.PrometheusRule, version string) (dropped []string, refused error)
	// AlertmanagerConfigFor checks the configuration for an Alertmanager of
	// version, reading Secrets through store (nil: no warnings about
	// AlertmanagerConfigs).
	AlertmanagerConfigFor func(config *monitoringv1alpha1.AlertmanagerConfig, version string, store assets.KeyReader) error
}

// Workload is a Prometheus, PrometheusAgent (or, for AlertmanagerConfigs,
// Alertmanager) that selects an object under review.
type Workload struct {
	// Kind is Prometheus, PrometheusAgent or Alertmanager.
	Kind string
	// Namespace and Name identify the workload.
	Namespace, Name string
	// Version is the workload's spec.version, empty for the default.
	Version string
}

// String names the workload and its version in a warning.
func (w Workload) String() string {
	version := w.Version
	if version == "" {
		version = "default version"
	}
	return w.Kind + " " + w.Namespace + "/" + w.Name + " (" + version + ")"
}

// Cluster gives the webhook the cluster state that turns a valid object
// into a degraded one: the Secrets and ConfigMaps it refers to and the
// workloads that select it. Its answers only ever produce warnings.
type Cluster interface {
	// Store reads Secret and ConfigMap keys; a missing one is an error.
	Store(ctx context.Context) assets.KeyReader
	// Workloads returns the workloads of the given kinds that select the
	// object of resource (a plural such as "servicemonitors").
	Workloads(ctx context.Context, resource string, object metav1.Object) ([]Workload, error)
}
