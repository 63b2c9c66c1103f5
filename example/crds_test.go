// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package example

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"
)

// loadCRDs decodes every embedded CRD into the internal apiextensions type the
// API server validates.
func loadCRDs(t *testing.T) map[string]*apiextensions.CustomResourceDefinition {
	t.Helper()
	scheme := runtime.NewScheme()
	require.NoError(t, apiextensions.AddToScheme(scheme))
	require.NoError(t, apiextensionsv1.AddToScheme(scheme))
	names, contents, err := CRDs()
	require.NoError(t, err)
	out := map[string]*apiextensions.CustomResourceDefinition{}
	for _, name := range names {
		var external apiextensionsv1.CustomResourceDefinition
		require.NoError(t, yaml.UnmarshalStrict(contents[name], &external), name)
		var internal apiextensions.CustomResourceDefinition
		require.NoError(t, scheme.Convert(&external, &internal, nil), name)
		out[internal.Spec.Names.Kind] = &internal
	}
	return out
}

func TestCRDsAreValidAndStructural(t *testing.T) {
	crds := loadCRDs(t)
	wantKinds := []string{"Alertmanager", "AlertmanagerConfig", "PodMonitor", "Probe", "Prometheus",
		"PrometheusAgent", "PrometheusRule", "ScrapeConfig", "ServiceMonitor", "ThanosRuler"}
	for _, kind := range wantKinds {
		t.Run(kind, func(t *testing.T) {
			crd, ok := crds[kind]
			require.True(t, ok, "no CRD for %s", kind)
			// The API server records the storage version on creation; do the same.
			for _, v := range crd.Spec.Versions {
				if v.Storage {
					crd.Status.StoredVersions = []string{v.Name}
				}
			}
			errs := validation.ValidateCustomResourceDefinition(context.Background(), crd)
			assert.Empty(t, errs.ToAggregate(), "the API server would reject the %s CRD", kind)
			assert.Equal(t, "monitoring.coreos.com", crd.Spec.Group)
			assert.Contains(t, crd.Spec.Names.Categories, "prometheus-operator")
		})
	}
}

func TestCRDFileNames(t *testing.T) {
	names, _, err := CRDs()
	require.NoError(t, err)
	for _, name := range names {
		assert.True(t, strings.HasPrefix(name, "monitoring.coreos.com_"), name)
	}
	assert.Len(t, names, 10)
}
