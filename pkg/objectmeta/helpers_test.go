// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package objectmeta

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
)

var prometheusKind = schema.GroupVersionKind{Group: "monitoring.coreos.com", Version: "v1", Kind: "Prometheus"}

func TestOwnerReferences(t *testing.T) {
	owner := &metav1.ObjectMeta{Name: "main", UID: types.UID("uid-1")}

	controller := ControllerReference(owner, prometheusKind)
	assert.Equal(t, metav1.OwnerReference{
		APIVersion: "monitoring.coreos.com/v1", Kind: "Prometheus", Name: "main", UID: "uid-1",
		Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true),
	}, controller)

	plain := OwnerReference(owner, prometheusKind)
	assert.Nil(t, plain.Controller)
	assert.Nil(t, plain.BlockOwnerDeletion)
}

func TestMergeOwnerReferences(t *testing.T) {
	tests := map[string]struct {
		existing, wanted, want []metav1.OwnerReference
	}{
		"a new owner is appended": {
			existing: []metav1.OwnerReference{{UID: "a", Name: "a"}},
			wanted:   []metav1.OwnerReference{{UID: "b", Name: "b"}},
			want:     []metav1.OwnerReference{{UID: "a", Name: "a"}, {UID: "b", Name: "b"}},
		},
		"an owner with a known UID is replaced in place": {
			existing: []metav1.OwnerReference{{UID: "a", Name: "old"}, {UID: "b", Name: "b"}},
			wanted:   []metav1.OwnerReference{{UID: "a", Name: "new"}},
			want:     []metav1.OwnerReference{{UID: "a", Name: "new"}, {UID: "b", Name: "b"}},
		},
		"nothing in, nothing out": {},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, test.want, MergeOwnerReferences(test.existing, test.wanted))
		})
	}
}

func TestMergeMaps(t *testing.T) {
	tests := map[string]struct {
		layers []map[string]string
		want   map[string]string
	}{
		"later layers win":            {layers: []map[string]string{{"a": "1", "b": "1"}, {"b": "2"}}, want: map[string]string{"a": "1", "b": "2"}},
		"empty layers give nil":       {layers: []map[string]string{nil, {}}, want: nil},
		"a single layer is copied in": {layers: []map[string]string{{"a": "1"}}, want: map[string]string{"a": "1"}},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, test.want, MergeMaps(test.layers...))
		})
	}

	source := map[string]string{"a": "1"}
	merged := MergeMaps(source)
	merged["a"] = "changed"
	assert.Equal(t, "1", source["a"], "the result must not alias an input")
}

func TestWithoutKeyPrefix(t *testing.T) {
	kept := WithoutKeyPrefix(map[string]string{
		"kubectl.kubernetes.io/last-applied-configuration": "{}",
		"team": "a",
	}, "kubectl.kubernetes.io/")
	assert.Equal(t, map[string]string{"team": "a"}, kept)
	assert.Nil(t, WithoutKeyPrefix(map[string]string{"kubectl.kubernetes.io/x": ""}, "kubectl.kubernetes.io/"))
}

func TestDNS1123Label(t *testing.T) {
	tests := map[string]struct {
		prefix, name, want string
	}{
		"a plain name gets the prefix":               {prefix: "secret", name: "etcd-certs", want: "secret-etcd-certs"},
		"dots and capitals are sanitized":            {prefix: "configmap", name: "My.Config_Map", want: "configmap-my-config-map"},
		"a trailing dash of the prefix is kept once": {prefix: "secret-", name: "x", want: "secret-x"},
		"long names are cut at 63 characters":        {prefix: "secret", name: strings.Repeat("a", 80), want: "secret-" + strings.Repeat("a", 56)},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			label, err := DNS1123Label(test.prefix, test.name)
			require.NoError(t, err)
			assert.Equal(t, test.want, label)
		})
	}
}

func TestUniqueDNS1123Label(t *testing.T) {
	long := strings.Repeat("b", 70)
	first, err := UniqueDNS1123Label("web-config-tls-secret-key", long+"1")
	require.NoError(t, err)
	second, err := UniqueDNS1123Label("web-config-tls-secret-key", long+"2")
	require.NoError(t, err)

	assert.NotEqual(t, first, second, "names equal after cutting must still differ")
	assert.LessOrEqual(t, len(first), 63)
	assert.True(t, strings.HasPrefix(first, "web-config-tls-secret-key-bbb"))

	again, err := UniqueDNS1123Label("web-config-tls-secret-key", long+"1")
	require.NoError(t, err)
	assert.Equal(t, first, again, "the label is deterministic")

	short, err := UniqueDNS1123Label("web-config-tls-secret-key", "tls")
	require.NoError(t, err)
	assert.Regexp(t, `^web-config-tls-secret-key-tls-[0-9a-f]{8}$`, short)
}
