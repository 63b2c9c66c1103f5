package reloader

import (
	"testing"

	"github.com/stretchr/testify/assert"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestBuildRBACGrantsExactlyTheNamedObjects(t *testing.T) {
	owner := metav1.OwnerReference{APIVersion: "monitoring.coreos.com/v1", Kind: "Prometheus", Name: "k8s", UID: "u1"}
	role, binding := BuildRBAC(RBACOptions{
		Namespace:          "monitoring",
		Name:               "prometheus-k8s-config-reloader",
		ServiceAccountName: "prometheus-k8s",
		Secrets:            []string{"prometheus-k8s"},
		ConfigMaps:         []string{"prometheus-k8s-rulefiles-1", "prometheus-k8s-rulefiles-0", "prometheus-k8s-rulefiles-0", ""},
		Labels:             map[string]string{"managed-by": "prometheus-operator"},
		OwnerReferences:    []metav1.OwnerReference{owner},
	})

	assert.Equal(t, "Role", role.Kind)
	assert.Equal(t, "rbac.authorization.k8s.io/v1", role.APIVersion)
	assert.Equal(t, "monitoring", role.Namespace)
	assert.Equal(t, "prometheus-k8s-config-reloader", role.Name)
	assert.Equal(t, []rbacv1.PolicyRule{
		{APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"get", "list", "watch"},
			ResourceNames: []string{"prometheus-k8s-rulefiles-0", "prometheus-k8s-rulefiles-1"}},
		{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"get", "list", "watch"},
			ResourceNames: []string{"prometheus-k8s"}},
	}, role.Rules)
	assert.Equal(t, []metav1.OwnerReference{owner}, role.OwnerReferences)

	assert.Equal(t, "RoleBinding", binding.Kind)
	assert.Equal(t, "monitoring", binding.Namespace)
	assert.Equal(t, rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "prometheus-k8s-config-reloader"}, binding.RoleRef)
	assert.Equal(t, []rbacv1.Subject{{Kind: "ServiceAccount", Name: "prometheus-k8s", Namespace: "monitoring"}}, binding.Subjects)
	assert.Equal(t, map[string]string{"managed-by": "prometheus-operator"}, binding.Labels)
}

func TestBuildRBACNeverEmitsARuleWithoutNames(t *testing.T) {
	role, binding := BuildRBAC(RBACOptions{Namespace: "ns", Name: "r", Secrets: []string{"s"}, ConfigMaps: []string{""}})
	for _, rule := range role.Rules {
		assert.NotEmpty(t, rule.ResourceNames, "an empty resourceNames would grant every %v", rule.Resources)
		assert.NotContains(t, rule.Resources, "configmaps")
	}
	assert.Len(t, role.Rules, 1)
	assert.Equal(t, "default", binding.Subjects[0].Name, "the namespace's default service account by default")
}

func TestBuildRBACDoesNotShareTheCallersMaps(t *testing.T) {
	labels := map[string]string{"a": "1"}
	role, _ := BuildRBAC(RBACOptions{Namespace: "ns", Name: "r", Labels: labels})
	role.Labels["a"] = "changed"
	assert.Equal(t, "1", labels["a"])
}
