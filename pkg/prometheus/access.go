// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"fmt"

	rbacv1 "k8s.io/api/rbac/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader"
)

// reloaderAccessName names the Role and RoleBinding of a workload's
// reloader.
func reloaderAccessName(p monitoringv1.PrometheusInterface) string {
	return manifests.PrefixedName(p) + "-config-reloader"
}

// defaultServiceAccountNotice says why a workload without its own service
// account does not get the API-watch mode.
const defaultServiceAccountNotice = "the config reloader reads the mounted files, not the API: " +
	"--config-reloader-watch-api needs spec.serviceAccountName, as granting the namespace's default " +
	"service account read access to the configuration Secret would expose its credentials to every pod"

// syncReloaderAccess grants the pods' service account read access to the
// configuration Secret (and its siblings when the configuration is split)
// and the rule ConfigMaps, which the reloader watches
// through the API with --config-reloader-watch-api. It returns whether the
// reloader watches the API; when it does not although the flag asks for
// it, notice says why. Without the flag nothing is created.
func (c *workloadController) syncReloaderAccess(ctx context.Context, p monitoringv1.PrometheusInterface, ruleConfigMapNames, configSiblingNames []string) (watchAPI bool, notice string, err error) {
	o := c.operator
	if !o.config.Reloader.WatchAPI {
		return false, "", nil
	}
	serviceAccount := p.GetCommonPrometheusFields().ServiceAccountName
	// The default service account is shared by every pod of the namespace.
	if serviceAccount == "" || serviceAccount == "default" {
		return false, defaultServiceAccountNotice, nil
	}
	meta := o.generatedMeta(p, reloaderAccessName(p), nil)
	role, binding := reloader.BuildRBAC(reloader.RBACOptions{
		Namespace:          p.GetNamespace(),
		Name:               meta.Name,
		ServiceAccountName: serviceAccount,
		Secrets:            append([]string{manifests.ConfigSecretName(p)}, configSiblingNames...),
		ConfigMaps:         ruleConfigMapNames,
		Labels:             meta.Labels,
		OwnerReferences:    meta.OwnerReferences,
	})
	rbac := o.kubeClient.RbacV1()
	if err := checkOwnership(ctx, rbac.Roles(p.GetNamespace()), "Role", meta.Name, p); err != nil {
		return false, "", err
	}
	if err := checkOwnership(ctx, rbac.RoleBindings(p.GetNamespace()), "RoleBinding", meta.Name, p); err != nil {
		return false, "", err
	}
	if _, err := kube.CreateOrUpdate(ctx, rbac.Roles(p.GetNamespace()), role, mergeRole); err != nil {
		return false, "", fmt.Errorf("reloader Role: %w", err)
	}
	if _, err := kube.CreateOrUpdate(ctx, rbac.RoleBindings(p.GetNamespace()), binding, mergeRoleBinding); err != nil {
		return false, "", fmt.Errorf("reloader RoleBinding: %w", err)
	}
	return true, "", nil
}

// checkOwnership refuses to touch an existing object of that name that p
// does not control: a RoleBinding someone else made is never taken over.
func checkOwnership[T metav1.Object](ctx context.Context, client kube.ObjectClient[T], kind, name string, p monitoringv1.PrometheusInterface) error {
	existing, err := client.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read reloader %s: %w", kind, err)
	}
	if !ownedBy(existing, p) {
		return fmt.Errorf("reloader %s %s/%s exists and is not owned by %s: not taken over; delete or rename it",
			kind, p.GetNamespace(), name, p.GetName())
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
