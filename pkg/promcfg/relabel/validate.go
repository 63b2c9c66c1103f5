// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package relabel

import (
	"fmt"

	"github.com/prometheus/common/model"
	promrelabel "github.com/prometheus/prometheus/model/relabel"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// Validator checks user-written rules the way the targeted Prometheus will
// check them when it loads the configuration.
type Validator struct {
	target version.Target
	scheme model.ValidationScheme
}

// NewValidator returns a validator for the target version. Label names are
// checked with the legacy character set when legacyNames is true or the
// target is Prometheus 2, and as UTF-8 otherwise.
func NewValidator(target version.Target, legacyNames bool) Validator {
	scheme := model.UTF8Validation
	if legacyNames || target.Major() < 3 {
		scheme = model.LegacyValidation
	}
	return Validator{target: target, scheme: scheme}
}

// ValidateList checks rules in order and names the first bad one by index.
func (v Validator) ValidateList(rcs []monitoringv1.RelabelConfig) error {
	for i, rc := range rcs {
		if err := v.Validate(rc); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	return nil
}

// Validate checks one rule.
func (v Validator) Validate(rc monitoringv1.RelabelConfig) error {
	action := promrelabel.Action(rc.Action.Normalized())
	switch action {
	case promrelabel.Lowercase, promrelabel.Uppercase:
		if !v.target.Supports("2.36.0") {
			return fmt.Errorf("%s relabel action is only supported from Prometheus version 2.36.0", rc.Action)
		}
	case promrelabel.KeepEqual, promrelabel.DropEqual:
		if !v.target.Supports("2.41.0") {
			return fmt.Errorf("%s relabel action is only supported from Prometheus version 2.41.0", rc.Action)
		}
	case promrelabel.Replace, promrelabel.Keep, promrelabel.Drop, promrelabel.HashMod,
		promrelabel.LabelMap, promrelabel.LabelDrop, promrelabel.LabelKeep:
	default:
		return fmt.Errorf("unknown relabel action %q", rc.Action)
	}

	config := promrelabel.DefaultRelabelConfig
	config.Action = action
	config.NameValidationScheme = v.scheme
	for _, label := range rc.SourceLabels {
		if !v.scheme.IsValidLabelName(string(label)) {
			return fmt.Errorf("invalid source label %q", label)
		}
		config.SourceLabels = append(config.SourceLabels, model.LabelName(label))
	}
	if rc.Separator != nil {
		config.Separator = *rc.Separator
	}
	if rc.Regex != "" {
		regex, err := promrelabel.NewRegexp(rc.Regex)
		if err != nil {
			return fmt.Errorf("invalid regex %q: %w", rc.Regex, err)
		}
		config.Regex = regex
	}
	config.Modulus = rc.Modulus
	config.TargetLabel = rc.TargetLabel
	if rc.Replacement != nil {
		config.Replacement = *rc.Replacement
	}
	if err := config.Validate(v.scheme); err != nil {
		return fmt.Errorf("invalid relabel rule: %w", err)
	}
	return nil
}

// ValidLabelName reports whether name is a valid label name for the target.
func (v Validator) ValidLabelName(name string) bool {
	return v.scheme.IsValidLabelName(name)
}
