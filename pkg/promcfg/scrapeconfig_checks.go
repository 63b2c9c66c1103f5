// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"errors"
	"fmt"
	"strings"

	"github.com/prometheus/common/model"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
)

// knownScrapeProtocols are the exposition formats Prometheus negotiates.
var knownScrapeProtocols = map[monitoringv1.ScrapeProtocol]bool{
	monitoringv1.ScrapeProtocolPrometheusProto:      true,
	monitoringv1.ScrapeProtocolOpenMetricsText0_0_1: true,
	monitoringv1.ScrapeProtocolOpenMetricsText1_0_0: true,
	monitoringv1.ScrapeProtocolPrometheusText0_0_4:  true,
	monitoringv1.ScrapeProtocolPrometheusText1_0_0:  true,
}

// checkScrapeConfig refuses scrape-level settings that Prometheus would
// refuse when loading the job. The discovery entries are checked while
// they are written.
func (m *monitorJob) checkScrapeConfig(spec *monitoringv1alpha1.ScrapeConfigSpec) error {
	if err := m.checkScrapeConfigRelabelings(spec); err != nil {
		return err
	}
	if err := m.checkIntervals(ptrValue(spec.ScrapeInterval), ptrValue(spec.ScrapeTimeout)); err != nil {
		return err
	}
	if spec.BodySizeLimit != nil {
		if err := checkByteSize("bodySizeLimit", *spec.BodySizeLimit); err != nil {
			return err
		}
	}
	if spec.Scheme != nil {
		if scheme := lowerScheme(*spec.Scheme); scheme != "http" && scheme != "https" {
			return fmt.Errorf("scheme: unknown scheme %q", *spec.Scheme)
		}
	}
	if err := checkScrapeProtocols(spec.ScrapeProtocols, spec.FallbackScrapeProtocol); err != nil {
		return err
	}
	if err := m.checkNameSchemes(spec); err != nil {
		return err
	}
	return checkScrapeConfigText(spec)
}

// checkScrapeConfigRelabelings validates the scrape class's and the
// object's rules with the label name rules of the job itself.
func (m *monitorJob) checkScrapeConfigRelabelings(spec *monitoringv1alpha1.ScrapeConfigSpec) error {
	validator := relabel.NewValidator(m.target, m.nameValidation(spec) == model.LegacyValidation)
	lists := []struct {
		field string
		rules []monitoringv1.RelabelConfig
	}{
		{"scrapeClass.relabelings", m.class.Relabelings},
		{"scrapeClass.metricRelabelings", m.class.MetricRelabelings},
		{"relabelings", spec.RelabelConfigs},
		{"metricRelabelings", spec.MetricRelabelConfigs},
	}
	for _, list := range lists {
		if err := validator.ValidateList(list.rules); err != nil {
			return fmt.Errorf("%s%w", list.field, err)
		}
	}
	return nil
}

// checkScrapeProtocols refuses unknown or repeated formats.
func checkScrapeProtocols(protocols []monitoringv1.ScrapeProtocol, fallback *monitoringv1.ScrapeProtocol) error {
	seen := make(map[monitoringv1.ScrapeProtocol]bool, len(protocols))
	for _, protocol := range protocols {
		if !knownScrapeProtocols[protocol] {
			return fmt.Errorf("scrapeProtocols: unknown protocol %q", protocol)
		}
		if seen[protocol] {
			return fmt.Errorf("scrapeProtocols: %q is listed twice", protocol)
		}
		seen[protocol] = true
	}
	if fallback != nil && !knownScrapeProtocols[*fallback] {
		return fmt.Errorf("fallbackScrapeProtocol: unknown protocol %q", *fallback)
	}
	return nil
}

// checkNameSchemes refuses unknown schemes and the UTF-8 escaping scheme
// on a job whose names are validated with the legacy rules.
func (m *monitorJob) checkNameSchemes(spec *monitoringv1alpha1.ScrapeConfigSpec) error {
	if scheme := spec.NameValidationScheme; scheme != nil &&
		*scheme != monitoringv1.NameValidationSchemeUTF8 && *scheme != monitoringv1.NameValidationSchemeLegacy {
		return fmt.Errorf("nameValidationScheme: unknown scheme %q", *scheme)
	}
	if spec.NameEscapingScheme == nil {
		return nil
	}
	if _, ok := escapingSchemes[*spec.NameEscapingScheme]; !ok {
		return fmt.Errorf("nameEscapingScheme: unknown scheme %q", *spec.NameEscapingScheme)
	}
	if *spec.NameEscapingScheme == monitoringv1.NameEscapingSchemeAllowUTF8 && m.target.Supports("3.4.0") &&
		m.nameValidation(spec) == model.LegacyValidation {
		return errors.New("nameEscapingScheme: AllowUTF8 needs the UTF8 name validation scheme, the job uses Legacy")
	}
	return nil
}

// checkScrapeConfigText refuses strings that YAML cannot carry as text.
func checkScrapeConfigText(spec *monitoringv1alpha1.ScrapeConfigSpec) error {
	if spec.JobName != nil {
		if err := checkText("jobName", *spec.JobName); err != nil {
			return err
		}
		if strings.TrimSpace(*spec.JobName) == "" {
			return errors.New("jobName: must not be empty")
		}
	}
	if spec.MetricsPath != nil {
		if err := checkText("metricsPath", *spec.MetricsPath); err != nil {
			return err
		}
	}
	for name, values := range spec.Params {
		if err := checkText("params", name); err != nil {
			return err
		}
		for _, value := range values {
			if err := checkText("params."+name, value); err != nil {
				return err
			}
		}
	}
	return nil
}
