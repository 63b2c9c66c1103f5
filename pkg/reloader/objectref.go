package reloader

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
)

// ObjectReference names one namespaced Kubernetes object.
type ObjectReference struct {
	// Namespace holds the object.
	Namespace string
	// Name is the object's name.
	Name string
}

// ParseObjectReference reads "<namespace>/<name>".
func ParseObjectReference(value string) (ObjectReference, error) {
	namespace, name, found := strings.Cut(value, "/")
	if !found || namespace == "" || name == "" || strings.Contains(name, "/") {
		return ObjectReference{}, fmt.Errorf("object reference %q: want <namespace>/<name>", value)
	}
	if problems := validation.IsDNS1123Label(namespace); len(problems) > 0 {
		return ObjectReference{}, fmt.Errorf("object reference %q: invalid namespace: %s", value, strings.Join(problems, "; "))
	}
	if problems := validation.IsDNS1123Subdomain(name); len(problems) > 0 {
		return ObjectReference{}, fmt.Errorf("object reference %q: invalid name: %s", value, strings.Join(problems, "; "))
	}
	return ObjectReference{Namespace: namespace, Name: name}, nil
}

// String renders the reference as "<namespace>/<name>".
func (r ObjectReference) String() string { return r.Namespace + "/" + r.Name }

// ConfigMapTarget is a ConfigMap whose keys the reloader mirrors as files in
// a directory, in API-watch mode.
type ConfigMapTarget struct {
	// Object is the ConfigMap.
	Object ObjectReference
	// Dir receives one file per key.
	Dir string
}

// ParseConfigMapTarget reads "<namespace>/<name>" or
// "<namespace>/<name>=<dir>". Without a directory, the files go to
// <defaultParent>/<name>, matching where the operator mounts rule ConfigMaps
// (/etc/prometheus/rules/<name>).
func ParseConfigMapTarget(value, defaultParent string) (ConfigMapTarget, error) {
	reference, dir, hasDir := strings.Cut(value, "=")
	object, err := ParseObjectReference(reference)
	if err != nil {
		return ConfigMapTarget{}, err
	}
	if !hasDir {
		dir = defaultParent + "/" + object.Name
	}
	if dir == "" {
		return ConfigMapTarget{}, fmt.Errorf("configmap target %q: empty directory", value)
	}
	return ConfigMapTarget{Object: object, Dir: dir}, nil
}
