// Package manifest applies YAML or JSON manifests to a cluster with
// server-side apply, for any kind the API server knows, CRDs included.
package manifest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
)

// DefaultFieldManager is the field manager used when none is set.
const DefaultFieldManager = "e2e-framework"

// crdEstablishTimeout bounds the wait for a freshly applied CRD to serve.
const crdEstablishTimeout = 30 * time.Second

// discoveryLagTimeout bounds how long an unknown kind is retried: the API
// server publishes a new CRD's kinds in discovery a little after it reports
// the CRD established.
const discoveryLagTimeout = 10 * time.Second

var crdKind = schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}

// Applier applies objects through the dynamic client, finding each kind's
// resource through discovery.
type Applier struct {
	// FieldManager names the owner of the applied fields.
	FieldManager string
	// Namespace is used for namespaced objects that do not name one.
	Namespace string

	client dynamic.Interface
	mapper *restmapper.DeferredDiscoveryRESTMapper
}

// NewApplier returns an Applier for the cluster behind config.
func NewApplier(config *rest.Config) (*Applier, error) {
	client, err := dynamic.NewForConfig(config)
	if err != nil {
		return nil, fmt.Errorf("creating dynamic client: %w", err)
	}
	discoveryClient, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		return nil, fmt.Errorf("creating discovery client: %w", err)
	}
	cached := memory.NewMemCacheClientWithContext(discoveryClient)
	return &Applier{
		FieldManager: DefaultFieldManager,
		Namespace:    metav1.NamespaceDefault,
		client:       client,
		mapper:       restmapper.NewDeferredDiscoveryRESTMapperWithContext(cached),
	}, nil
}

// Client returns the dynamic client the Applier uses.
func (a *Applier) Client() dynamic.Interface { return a.client }

// ApplyFiles applies every object of the given manifest files, in order.
func (a *Applier) ApplyFiles(ctx context.Context, paths ...string) ([]*unstructured.Unstructured, error) {
	var applied []*unstructured.Unstructured
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return applied, fmt.Errorf("reading manifest: %w", err)
		}
		objects, err := a.ApplyYAML(ctx, data)
		applied = append(applied, objects...)
		if err != nil {
			return applied, fmt.Errorf("applying %s: %w", path, err)
		}
	}
	return applied, nil
}

// ApplyYAML applies every object of a multi-document YAML (or JSON) stream,
// in order. A CRD is waited for until it is established, so that custom
// resources later in the same stream can be applied.
func (a *Applier) ApplyYAML(ctx context.Context, data []byte) ([]*unstructured.Unstructured, error) {
	objects, err := Decode(data)
	if err != nil {
		return nil, err
	}
	applied := make([]*unstructured.Unstructured, 0, len(objects))
	for _, object := range objects {
		result, err := a.Apply(ctx, object)
		if err != nil {
			return applied, err
		}
		applied = append(applied, result)
		if object.GroupVersionKind().GroupKind() == crdKind {
			if err := a.waitEstablished(ctx, result.GetName()); err != nil {
				return applied, err
			}
		}
	}
	return applied, nil
}

// Apply applies one object with server-side apply, taking ownership of
// fields other managers hold. A kind that is not served yet (a CRD applied
// a moment ago) is retried for a few seconds with fresh discovery.
func (a *Applier) Apply(ctx context.Context, object *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	var result *unstructured.Unstructured
	var lastErr error
	err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, discoveryLagTimeout, true,
		func(ctx context.Context) (bool, error) {
			result, lastErr = a.applyOnce(ctx, object)
			if lastErr == nil {
				return true, nil
			}
			if meta.IsNoMatchError(lastErr) || apierrors.IsNotFound(lastErr) {
				a.mapper.ResetWithContext(ctx)
				return false, nil
			}
			return false, lastErr
		})
	if lastErr != nil {
		return nil, lastErr
	}
	if err != nil {
		return nil, fmt.Errorf("applying %s %s: %w", object.GetKind(), describe(object), err)
	}
	return result, nil
}

func (a *Applier) applyOnce(ctx context.Context, object *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	resource, err := a.ResourceFor(ctx, object)
	if err != nil {
		return nil, err
	}
	result, err := resource.Apply(ctx, object.GetName(), object, metav1.ApplyOptions{
		FieldManager: a.FieldManager,
		Force:        true,
	})
	if err != nil {
		return nil, fmt.Errorf("applying %s %s: %w", object.GetKind(), describe(object), err)
	}
	return result, nil
}

// Delete deletes one object in the foreground, ignoring objects that are
// already gone.
func (a *Applier) Delete(ctx context.Context, object *unstructured.Unstructured) error {
	resource, err := a.ResourceFor(ctx, object)
	if err != nil {
		return err
	}
	propagation := metav1.DeletePropagationForeground
	err = resource.Delete(ctx, object.GetName(), metav1.DeleteOptions{PropagationPolicy: &propagation})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting %s %s: %w", object.GetKind(), describe(object), err)
	}
	return nil
}

// ResourceFor returns the dynamic client for the object's kind, scoped to
// its namespace (set to the Applier's default when it names none). Kinds
// the cached discovery does not know yet trigger one refresh.
func (a *Applier) ResourceFor(ctx context.Context, object *unstructured.Unstructured) (dynamic.ResourceInterface, error) {
	gvk := object.GroupVersionKind()
	mapping, err := a.mapper.RESTMappingWithContext(ctx, gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		a.mapper.ResetWithContext(ctx)
		mapping, err = a.mapper.RESTMappingWithContext(ctx, gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, fmt.Errorf("finding resource for %s: %w", gvk, err)
	}
	if mapping.Scope.Name() != meta.RESTScopeNameNamespace {
		return a.client.Resource(mapping.Resource), nil
	}
	if object.GetNamespace() == "" {
		object.SetNamespace(a.Namespace)
	}
	return a.client.Resource(mapping.Resource).Namespace(object.GetNamespace()), nil
}

// waitEstablished polls a CRD until its Established condition is True and
// then refreshes discovery so its kinds can be mapped.
func (a *Applier) waitEstablished(ctx context.Context, name string) error {
	crds := a.client.Resource(schema.GroupVersionResource{
		Group: crdKind.Group, Version: "v1", Resource: "customresourcedefinitions",
	})
	err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, crdEstablishTimeout, true,
		func(ctx context.Context) (bool, error) {
			crd, err := crds.Get(ctx, name, metav1.GetOptions{})
			if err != nil {
				return false, fmt.Errorf("reading CRD: %w", err)
			}
			return ConditionStatus(crd, "Established") == "True", nil
		})
	if err != nil {
		return fmt.Errorf("waiting for CRD %s to be established: %w", name, err)
	}
	a.mapper.ResetWithContext(ctx)
	return nil
}

// Decode splits a multi-document YAML or JSON stream into objects, skipping
// empty documents and flattening List kinds.
func Decode(data []byte) ([]*unstructured.Unstructured, error) {
	decoder := yaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var objects []*unstructured.Unstructured
	for index := 0; ; index++ {
		var content map[string]any
		err := decoder.Decode(&content)
		if errors.Is(err, io.EOF) {
			return objects, nil
		}
		if err != nil {
			return nil, fmt.Errorf("decoding manifest document %d: %w", index, err)
		}
		if len(content) == 0 {
			continue
		}
		object := &unstructured.Unstructured{Object: content}
		if object.GetKind() == "" || object.GetAPIVersion() == "" {
			return nil, fmt.Errorf("manifest document %d has no kind or apiVersion", index)
		}
		if !object.IsList() {
			objects = append(objects, object)
			continue
		}
		list, err := object.ToList()
		if err != nil {
			return nil, fmt.Errorf("reading list in manifest document %d: %w", index, err)
		}
		for i := range list.Items {
			objects = append(objects, &list.Items[i])
		}
	}
}

// ConditionStatus returns the status ("True", "False", "Unknown") of the
// condition of the given type in an object's status.conditions, or "" when
// the object has no such condition.
func ConditionStatus(object *unstructured.Unstructured, conditionType string) string {
	conditions, _, _ := unstructured.NestedSlice(object.Object, "status", "conditions")
	for _, entry := range conditions {
		condition, ok := entry.(map[string]any)
		if !ok || condition["type"] != conditionType {
			continue
		}
		status, _ := condition["status"].(string)
		return status
	}
	return ""
}

func describe(object *unstructured.Unstructured) string {
	if object.GetNamespace() == "" {
		return object.GetName()
	}
	return object.GetNamespace() + "/" + object.GetName()
}
