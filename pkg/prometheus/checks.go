// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"errors"
	"strings"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// Reconciled condition reasons of the checks made before anything is
// generated.
const (
	reasonDeprecatedFieldsInUse = "DeprecatedFieldsInUse"
	reasonStorageClassNotFound  = "StorageClassNotFound"
)

// reasonedError is a reconcile error that carries its own Reconciled
// condition reason.
type reasonedError struct {
	reason string
	err    error
}

func (e *reasonedError) Error() string { return e.err.Error() }
func (e *reasonedError) Unwrap() error { return e.err }

// deprecation names a deprecated field set on a workload and what to use
// instead ("" when the field simply has no effect any more).
type deprecation struct {
	field, replacement string
}

func (d deprecation) String() string {
	if d.replacement == "" {
		return d.field + " is deprecated and has no effect"
	}
	return d.field + " is deprecated, use " + d.replacement
}

// deprecatedFields lists the deprecated fields the workload sets, in a
// fixed order.
func deprecatedFields(p monitoringv1.PrometheusInterface) []deprecation {
	found := traitsOf(p).kindDeprecations()
	if storage := p.GetCommonPrometheusFields().Storage; storage != nil && storage.DisableMountSubPath {
		found = append(found, deprecation{field: "spec.storage.disableMountSubPath"})
	}
	return found
}

// serverDeprecations lists the deprecated fields of a Prometheus spec, in a
// fixed order.
func serverDeprecations(spec *monitoringv1.PrometheusSpec) []deprecation {
	var found []deprecation
	add := func(set bool, field, replacement string) {
		if set {
			found = append(found, deprecation{field: field, replacement: replacement})
		}
	}
	add(spec.BaseImage != "", "spec.baseImage", "spec.image")
	add(spec.Tag != "", "spec.tag", "spec.image")
	add(spec.SHA != "", "spec.sha", "spec.image")
	if thanos := spec.Thanos; thanos != nil {
		add(nonEmpty(thanos.BaseImage), "spec.thanos.baseImage", "spec.thanos.image")
		add(nonEmpty(thanos.Tag), "spec.thanos.tag", "spec.thanos.image")
		add(nonEmpty(thanos.SHA), "spec.thanos.sha", "spec.thanos.image")
	}
	add(spec.AllowOverlappingBlocks, "spec.allowOverlappingBlocks", "")
	add(len(spec.PrometheusRulesExcludedFromEnforce) > 0, "spec.prometheusRulesExcludedFromEnforce", "spec.excludedFromEnforcement")
	return found
}

func nonEmpty(value *string) bool { return value != nil && *value != "" }

// deprecationMessage joins the deprecations into one condition message.
func deprecationMessage(deprecations []deprecation) string {
	parts := make([]string, 0, len(deprecations))
	for _, d := range deprecations {
		parts = append(parts, d.String())
	}
	return strings.Join(parts, "; ")
}

// logDeprecations writes one warning per deprecated field in use.
func (c *workloadController) logDeprecations(p monitoringv1.PrometheusInterface, deprecations []deprecation) {
	for _, d := range deprecations {
		c.logger.Warn("deprecated field in use", "namespace", p.GetNamespace(), "name", p.GetName(),
			"field", d.field, "replacement", d.replacement)
	}
}

// checkStorageClasses makes sure that the storage classes the volume
// claims name exist (a DaemonSet has no claims); a missing one is the
// StorageClassNotFound reason.
func (c *workloadController) checkStorageClasses(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	if isDaemonSet(p) {
		return nil
	}
	err := c.operator.storageClasses.Check(ctx, p.GetCommonPrometheusFields().Storage)
	if errors.Is(err, workload.ErrStorageClassNotFound) {
		return &reasonedError{reason: reasonStorageClassNotFound, err: err}
	}
	return err
}
