//go:build e2e

package cluster_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/cluster"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/manifest"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/poll"
)

const controllerTimeout = 60 * time.Second

func TestMain(m *testing.M) { os.Exit(cluster.RunTests(m)) }

// setup returns the shared cluster, a clientset, and an applier whose
// Namespace is a fresh namespace that is deleted when the test ends.
func setup(t *testing.T) (*cluster.Cluster, *kubernetes.Clientset, *manifest.Applier) {
	t.Helper()
	c := cluster.Shared(t)
	clientset, err := c.Clientset()
	require.NoError(t, err)
	applier, err := manifest.NewApplier(c.Config)
	require.NoError(t, err)
	applier.Namespace = c.Namespace(t)
	return c, clientset, applier
}

func TestServerReportsItsVersion(t *testing.T) {
	c, clientset, _ := setup(t)
	info, err := clientset.Discovery().ServerVersion()
	require.NoError(t, err)
	require.NotEmpty(t, info.GitVersion)
	if c.Local {
		assert.Equal(t, "v1.37.2", info.GitVersion)
		assert.Equal(t, "1", info.Major)
		assert.Equal(t, "37", info.Minor)
	}
}

func TestConfigMapRoundTrip(t *testing.T) {
	_, clientset, applier := setup(t)
	_, err := applier.ApplyYAML(t.Context(), []byte(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  greeting: hello
`))
	require.NoError(t, err)

	read, err := clientset.CoreV1().ConfigMaps(applier.Namespace).Get(t.Context(), "settings", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "hello", read.Data["greeting"])
	managers := read.GetManagedFields()
	require.NotEmpty(t, managers)
	assert.Equal(t, manifest.DefaultFieldManager, managers[0].Manager)
	assert.Equal(t, metav1.ManagedFieldsOperationApply, managers[0].Operation)
}

func TestStatefulSetControllerCreatesPods(t *testing.T) {
	_, clientset, applier := setup(t)
	_, err := applier.ApplyYAML(t.Context(), []byte(`
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 1
  serviceName: web
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.invalid/web:1
`))
	require.NoError(t, err)

	// No kubelet runs, so the pod stays Pending; that it exists at all shows
	// the StatefulSet controller acted.
	poll.Eventually(t, controllerTimeout, "pod web-0", func(ctx context.Context) error {
		pod, err := clientset.CoreV1().Pods(applier.Namespace).Get(ctx, "web-0", metav1.GetOptions{})
		if err != nil {
			return err
		}
		owner := metav1.GetControllerOf(pod)
		if owner == nil || owner.Kind != "StatefulSet" || owner.Name != "web" {
			return fmt.Errorf("pod web-0 is not controlled by StatefulSet web: %v", owner)
		}
		return nil
	})
	pod, err := clientset.CoreV1().Pods(applier.Namespace).Get(t.Context(), "web-0", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, corev1.PodPending, pod.Status.Phase)
}

func TestGarbageCollectorRemovesDependents(t *testing.T) {
	_, clientset, applier := setup(t)
	configMaps := clientset.CoreV1().ConfigMaps(applier.Namespace)
	owner, err := configMaps.Create(t.Context(), &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "owner"},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	_, err = configMaps.Create(t.Context(), &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{
			Name: "dependent",
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "v1", Kind: "ConfigMap", Name: owner.Name, UID: owner.UID,
			}},
		},
	}, metav1.CreateOptions{})
	require.NoError(t, err)

	require.NoError(t, configMaps.Delete(t.Context(), owner.Name, metav1.DeleteOptions{}))
	poll.Eventually(t, controllerTimeout, "dependent to be collected", poll.Gone(func(ctx context.Context) error {
		_, err := configMaps.Get(ctx, "dependent", metav1.GetOptions{})
		return err
	}))
}

func TestApplyYAMLServesCustomResourcesOfANewCRD(t *testing.T) {
	_, _, applier := setup(t)
	group := "fw" + fmt.Sprint(time.Now().UnixNano()%1_000_000) + ".example.com"
	crdName := "widgets." + group
	t.Cleanup(func() {
		crd := &unstructured.Unstructured{}
		crd.SetAPIVersion("apiextensions.k8s.io/v1")
		crd.SetKind("CustomResourceDefinition")
		crd.SetName(crdName)
		assert.NoError(t, applier.Delete(context.Background(), crd))
	})
	applied, err := applier.ApplyYAML(t.Context(), []byte(strings.ReplaceAll(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.GROUP
spec:
  group: GROUP
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
---
apiVersion: GROUP/v1
kind: Widget
metadata:
  name: small
spec:
  size: 3
`, "GROUP", group)))
	require.NoError(t, err)
	require.Len(t, applied, 2)

	// Reads of a brand-new kind may briefly fail while its storage starts.
	widgets := applier.Client().Resource(schema.GroupVersionResource{Group: group, Version: "v1", Resource: "widgets"})
	poll.Eventually(t, 10*time.Second, "widget small with size 3", func(ctx context.Context) error {
		widget, err := widgets.Namespace(applier.Namespace).Get(ctx, "small", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if size, _, _ := unstructured.NestedInt64(widget.Object, "spec", "size"); size != 3 {
			return fmt.Errorf("size is %d", size)
		}
		return nil
	})
}

func TestAPIServerRestartKeepsData(t *testing.T) {
	c, clientset, applier := setup(t)
	if !c.Local {
		t.Skip("restarting the API server needs the local control plane")
	}
	configMaps := clientset.CoreV1().ConfigMaps(applier.Namespace)
	_, err := configMaps.Create(t.Context(), &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "before-restart"},
	}, metav1.CreateOptions{})
	require.NoError(t, err)

	require.NoError(t, c.RestartAPIServer(t.Context()))

	read, err := configMaps.Get(t.Context(), "before-restart", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "before-restart", read.Name)
}

func TestSaveLogsCopiesComponentLogs(t *testing.T) {
	c := cluster.Shared(t)
	if !c.Local {
		t.Skip("only the local control plane has component logs")
	}
	dir, err := c.SaveLogs()
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	for _, component := range []string{"etcd", "kube-apiserver", "kube-controller-manager"} {
		data, err := os.ReadFile(filepath.Join(dir, component+".log"))
		require.NoError(t, err)
		assert.NotEmpty(t, data, component)
	}
}
