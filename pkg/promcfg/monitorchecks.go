// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
)

// usesRoleSelector tells whether a monitor hands its selector to service
// discovery instead of filtering with relabel rules.
func usesRoleSelector(mechanism *monitoringv1.SelectorMechanism) bool {
	return mechanism != nil && *mechanism == monitoringv1.SelectorMechanismRole
}

// roleSelectorOf returns the selector to pass to service discovery, if any.
func roleSelectorOf(selector *metav1.LabelSelector, mechanism *monitoringv1.SelectorMechanism) *metav1.LabelSelector {
	if !usesRoleSelector(mechanism) {
		return nil
	}
	return selector
}

// checkMonitorSelector refuses selectors Kubernetes would refuse and the
// role selector mechanism on Prometheus older than 2.17.
func (m *monitorJob) checkMonitorSelector(selector metav1.LabelSelector, mechanism *monitoringv1.SelectorMechanism) error {
	if _, err := metav1.LabelSelectorAsSelector(&selector); err != nil {
		return fmt.Errorf("selector: %w", err)
	}
	if usesRoleSelector(mechanism) && !m.target.Supports("2.17.0") {
		return errors.New("the RoleSelector selectorMechanism needs Prometheus 2.17.0 or newer")
	}
	return nil
}

// checkEndpoint validates the settings shared by ServiceMonitor and
// PodMonitor endpoints.
func (m *monitorJob) checkEndpoint(ep *monitoringv1.ScrapeEndpointSettings) error {
	if ep.Interval != "" {
		if _, err := parseDuration("interval", ep.Interval); err != nil {
			return err
		}
	}
	if err := m.checkIntervals(ep.Interval, ep.ScrapeTimeout); err != nil {
		return err
	}
	if err := checkScheme(ep.Scheme); err != nil {
		return err
	}
	if err := m.checkRelabelings("relabelings", ep.RelabelConfigs); err != nil {
		return err
	}
	return m.checkRelabelings("metricRelabelings", ep.MetricRelabelConfigs)
}

// checkScheme refuses schemes other than http and https.
func checkScheme(scheme *monitoringv1.Scheme) error {
	if scheme == nil {
		return nil
	}
	switch lowerScheme(*scheme) {
	case "http", "https":
		return nil
	}
	return fmt.Errorf("scheme %q is neither http nor https", *scheme)
}

// checkMonitorSettings validates the job-level settings shared by every
// monitor kind.
func (m *monitorJob) checkMonitorSettings(settings *monitoringv1.MonitorScrapeSettings, bodySizeLimit *monitoringv1.ByteSize) error {
	if err := checkByteSize("bodySizeLimit", ptrValue(bodySizeLimit)); err != nil {
		return err
	}
	if factor := settings.NativeHistogramMinBucketFactor; factor != nil && factor.Sign() < 0 {
		return errors.New("nativeHistogramMinBucketFactor must not be negative")
	}
	return nil
}

// checkTargetLabels refuses labels to copy whose sanitized name is not a
// valid label name for the target (empty, or starting with a digit before
// Prometheus 3).
func (env *Environment) checkTargetLabels(field string, labels []string) error {
	for _, label := range labels {
		if name := relabel.SanitizeLabelName(label); !env.validator.ValidLabelName(name) {
			return fmt.Errorf("%s: %q does not give a valid label name", field, label)
		}
	}
	return nil
}
