// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
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
	var found []deprecation
	add := func(set bool, field, replacement string) {
		if set {
			found = append(found, deprecation{field: field, replacement: replacement})
		}
	}
	if server, ok := p.(*monitoringv1.Prometheus); ok {
		spec := server.Spec
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
	}
	if storage := p.GetCommonPrometheusFields().Storage; storage != nil {
		add(storage.DisableMountSubPath, "spec.storage.disableMountSubPath", "")
	}
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

// storageClassNames returns the storage classes the workload's volume
// claims name explicitly.
func storageClassNames(p monitoringv1.PrometheusInterface) []string {
	storage := p.GetCommonPrometheusFields().Storage
	if storage == nil || isDaemonSet(p) {
		return nil
	}
	var names []string
	if name := storage.VolumeClaimTemplate.Spec.StorageClassName; nonEmpty(name) {
		names = append(names, *name)
	}
	if ephemeral := storage.Ephemeral; ephemeral != nil && ephemeral.VolumeClaimTemplate != nil {
		if name := ephemeral.VolumeClaimTemplate.Spec.StorageClassName; nonEmpty(name) {
			names = append(names, *name)
		}
	}
	return names
}

// checkStorageClasses makes sure that the storage classes the volume
// claims name exist: a claim naming a missing class stays Pending forever,
// and so would the pods. An operator not allowed to read storage classes
// skips the check.
func (c *workloadController) checkStorageClasses(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	for _, name := range storageClassNames(p) {
		_, err := c.operator.kubeClient.StorageV1().StorageClasses().Get(ctx, name, metav1.GetOptions{})
		switch {
		case err == nil:
		case apierrors.IsForbidden(err):
			if c.operator.storageClassesUnreadable.CompareAndSwap(false, true) {
				c.logger.Warn("not allowed to read storage classes: their existence is not checked", "err", err)
			}
			return nil
		case apierrors.IsNotFound(err):
			return &reasonedError{reason: reasonStorageClassNotFound, err: fmt.Errorf(
				"storage class %q named by spec.storage does not exist: no StatefulSet is changed until it does", name)}
		default:
			return fmt.Errorf("read storage class %q: %w", name, err)
		}
	}
	return nil
}
