package manifest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func TestDecodeSplitsDocumentsAndSkipsEmptyOnes(t *testing.T) {
	data := []byte(`
# leading comment only
---
apiVersion: v1
kind: Namespace
metadata:
  name: demo
---
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: demo
data:
  key: value
`)
	objects, err := Decode(data)
	require.NoError(t, err)
	require.Len(t, objects, 2)
	assert.Equal(t, "Namespace", objects[0].GetKind())
	assert.Equal(t, "demo", objects[0].GetName())
	assert.Equal(t, "ConfigMap", objects[1].GetKind())
	assert.Equal(t, "demo", objects[1].GetNamespace())
	value, _, _ := unstructured.NestedString(objects[1].Object, "data", "key")
	assert.Equal(t, "value", value)
}

func TestDecodeFlattensLists(t *testing.T) {
	data := []byte(`{"apiVersion":"v1","kind":"List","items":[
		{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"}},
		{"apiVersion":"v1","kind":"Secret","metadata":{"name":"b"}}]}`)
	objects, err := Decode(data)
	require.NoError(t, err)
	require.Len(t, objects, 2)
	assert.Equal(t, "Service", objects[0].GetKind())
	assert.Equal(t, "b", objects[1].GetName())
}

func TestDecodeRejectsDocumentsWithoutKind(t *testing.T) {
	_, err := Decode([]byte("metadata:\n  name: nameless\n"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no kind or apiVersion")
}

func TestDecodeReportsMalformedYAML(t *testing.T) {
	_, err := Decode([]byte("apiVersion: v1\nkind: [unclosed\n"))
	require.Error(t, err)
}

func TestConditionStatus(t *testing.T) {
	object := &unstructured.Unstructured{Object: map[string]any{
		"status": map[string]any{"conditions": []any{
			map[string]any{"type": "NamesAccepted", "status": "True"},
			map[string]any{"type": "Established", "status": "False"},
		}},
	}}
	assert.Equal(t, "False", ConditionStatus(object, "Established"))
	assert.Equal(t, "True", ConditionStatus(object, "NamesAccepted"))
	assert.Empty(t, ConditionStatus(object, "Available"))
	assert.Empty(t, ConditionStatus(&unstructured.Unstructured{Object: map[string]any{}}, "Established"))
}
