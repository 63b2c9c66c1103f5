package reloader

import (
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// watchVerbs are what a single-object informer needs: a list and a watch,
// both restricted to one name by a field selector, and get for good measure.
var watchVerbs = []string{"get", "list", "watch"}

// RBACOptions describes the access a reloader in API-watch mode needs.
type RBACOptions struct {
	// Namespace holds the watched objects, the Role and the RoleBinding.
	Namespace string
	// Name is given to both the Role and the RoleBinding.
	Name string
	// ServiceAccountName is the Prometheus pod's service account; empty
	// means "default".
	ServiceAccountName string
	// ServiceAccountNamespace defaults to Namespace.
	ServiceAccountNamespace string
	// Secrets are the Secret names the reloader watches.
	Secrets []string
	// ConfigMaps are the ConfigMap names the reloader watches.
	ConfigMaps []string
	// Labels are put on both objects.
	Labels map[string]string
	// OwnerReferences are put on both objects (normally the Prometheus).
	OwnerReferences []metav1.OwnerReference
}

// BuildRBAC returns the namespaced Role that lets the reloader read exactly
// the named Secrets and ConfigMaps, and the RoleBinding that grants it to the
// service account. It touches no API. A kind without names gets no rule at
// all: an empty resourceNames list would grant every object of that kind.
func BuildRBAC(options RBACOptions) (*rbacv1.Role, *rbacv1.RoleBinding) {
	serviceAccount := options.ServiceAccountName
	if serviceAccount == "" {
		serviceAccount = "default"
	}
	serviceAccountNamespace := options.ServiceAccountNamespace
	if serviceAccountNamespace == "" {
		serviceAccountNamespace = options.Namespace
	}
	meta := func() metav1.ObjectMeta {
		return metav1.ObjectMeta{
			Name:            options.Name,
			Namespace:       options.Namespace,
			Labels:          maps.Clone(options.Labels),
			OwnerReferences: slices.Clone(options.OwnerReferences),
		}
	}
	role := &rbacv1.Role{
		TypeMeta:   metav1.TypeMeta{APIVersion: rbacv1.SchemeGroupVersion.String(), Kind: "Role"},
		ObjectMeta: meta(),
	}
	if names := sortedUnique(options.ConfigMaps); len(names) > 0 {
		role.Rules = append(role.Rules, namedRule("configmaps", names))
	}
	if names := sortedUnique(options.Secrets); len(names) > 0 {
		role.Rules = append(role.Rules, namedRule("secrets", names))
	}
	binding := &rbacv1.RoleBinding{
		TypeMeta:   metav1.TypeMeta{APIVersion: rbacv1.SchemeGroupVersion.String(), Kind: "RoleBinding"},
		ObjectMeta: meta(),
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: options.Name},
		Subjects: []rbacv1.Subject{{
			Kind:      rbacv1.ServiceAccountKind,
			Name:      serviceAccount,
			Namespace: serviceAccountNamespace,
		}},
	}
	return role, binding
}

func namedRule(resource string, names []string) rbacv1.PolicyRule {
	return rbacv1.PolicyRule{
		APIGroups:     []string{corev1.GroupName},
		Resources:     []string{resource},
		ResourceNames: names,
		Verbs:         slices.Clone(watchVerbs),
	}
}

// sortedUnique returns the non-empty names once each, sorted, so the same
// input always gives the same object.
func sortedUnique(names []string) []string {
	result := slices.DeleteFunc(slices.Clone(names), func(name string) bool { return name == "" })
	slices.Sort(result)
	return slices.Compact(result)
}
