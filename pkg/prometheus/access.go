// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"

	rbacv1 "k8s.io/api/rbac/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/build"
	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader"
)

// reloaderAccessName names the Role and RoleBinding of a workload's
// reloader.
func reloaderAccessName(p monitoringv1.PrometheusInterface) string {
	return build.PrefixedName(p) + "-config-reloader"
}

// syncReloaderAccess grants the pods' service account read access to the
// configuration Secret and the rule ConfigMaps, which the reloader watches
// through the API with --config-reloader-watch-api. Without the flag
// nothing is created.
func (c *workloadController) syncReloaderAccess(ctx context.Context, p monitoringv1.PrometheusInterface, ruleConfigMapNames []string) error {
	o := c.operator
	if !o.config.Reloader.WatchAPI {
		return nil
	}
	meta := o.generatedMeta(p, reloaderAccessName(p), nil)
	role, binding := reloader.BuildRBAC(reloader.RBACOptions{
		Namespace:          p.GetNamespace(),
		Name:               meta.Name,
		ServiceAccountName: p.GetCommonPrometheusFields().ServiceAccountName,
		Secrets:            []string{build.ConfigSecretName(p)},
		ConfigMaps:         ruleConfigMapNames,
		Labels:             meta.Labels,
		OwnerReferences:    meta.OwnerReferences,
	})
	rbac := o.kubeClient.RbacV1()
	if _, err := kube.CreateOrUpdate(ctx, rbac.Roles(p.GetNamespace()), role, mergeRole); err != nil {
		return fmt.Errorf("reloader Role: %w", err)
	}
	if _, err := kube.CreateOrUpdate(ctx, rbac.RoleBindings(p.GetNamespace()), binding, mergeRoleBinding); err != nil {
		return fmt.Errorf("reloader RoleBinding: %w", err)
	}
	return nil
}

func mergeRole(existing, desired *rbacv1.Role) (*rbacv1.Role, bool) {
	merged := existing.DeepCopy()
	changed := kube.MergeMetadata(merged, desired)
	if !apiequality.Semantic.DeepEqual(merged.Rules, desired.Rules) {
		merged.Rules = desired.Rules
		changed = true
	}
	return merged, changed
}

// mergeRoleBinding updates the subjects; the role reference cannot change
// and is always the same Role.
func mergeRoleBinding(existing, desired *rbacv1.RoleBinding) (*rbacv1.RoleBinding, bool) {
	merged := existing.DeepCopy()
	changed := kube.MergeMetadata(merged, desired)
	if !apiequality.Semantic.DeepEqual(merged.Subjects, desired.Subjects) {
		merged.Subjects = desired.Subjects
		changed = true
	}
	return merged, changed
}
