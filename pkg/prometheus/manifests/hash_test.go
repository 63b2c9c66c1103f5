// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestInputHashIsStable(t *testing.T) {
	options := func() Options {
		return Options{
			Config:             testConfig(func(c *operator.Config) { c.Labels = operator.StringMap{"a": "1", "b": "2", "c": "3"} }),
			RuleConfigMapNames: []string{"x-2", "x-0", "x-1"},
		}
	}
	object := func() *monitoringv1.Prometheus {
		return fixtures.Prometheus("main", fixtures.WithLabels(map[string]string{"k1": "v", "k2": "v", "k3": "v"}), fixtures.WithAnnotations(nil))
	}
	first, err := InputHash(object(), options())
	require.NoError(t, err)
	for range 20 {
		again, err := InputHash(object(), options())
		require.NoError(t, err)
		assert.Equal(t, first, again)
	}

	reordered := options()
	reordered.RuleConfigMapNames = []string{"x-0", "x-1", "x-2"}
	same, err := InputHash(object(), reordered)
	require.NoError(t, err)
	assert.Equal(t, first, same, "rule ConfigMap names are a set")

	set := buildStatefulSet(t, object(), func(o *Options) { *o = options() })
	assert.Equal(t, first, set.Annotations[operator.InputHashAnnotation])
}

func TestInputHashChangesWithItsInputs(t *testing.T) {
	base := func() (monitoringv1.PrometheusInterface, Options) {
		return fixtures.Prometheus("main"), Options{Config: testConfig()}
	}
	baseObject, baseOptions := base()
	reference, err := InputHash(baseObject, baseOptions)
	require.NoError(t, err)

	existing := appsv1.StatefulSetSpec{ServiceName: "edited"}
	tests := map[string]func(p monitoringv1.PrometheusInterface, o *Options) monitoringv1.PrometheusInterface{
		"a spec change": func(p monitoringv1.PrometheusInterface, _ *Options) monitoringv1.PrometheusInterface {
			p.GetCommonPrometheusFields().LogLevel = "debug"
			return p
		},
		"a server-only spec change": func(p monitoringv1.PrometheusInterface, _ *Options) monitoringv1.PrometheusInterface {
			p.(*monitoringv1.Prometheus).Spec.Retention = "1d"
			return p
		},
		"a label change": func(p monitoringv1.PrometheusInterface, _ *Options) monitoringv1.PrometheusInterface {
			p.SetLabels(map[string]string{"team": "x"})
			return p
		},
		"an annotation change": func(p monitoringv1.PrometheusInterface, _ *Options) monitoringv1.PrometheusInterface {
			p.SetAnnotations(map[string]string{"note": "x"})
			return p
		},
		"a new generation": func(p monitoringv1.PrometheusInterface, _ *Options) monitoringv1.PrometheusInterface {
			p.SetGeneration(2)
			return p
		},
		"the operator's labels": func(p monitoringv1.PrometheusInterface, o *Options) monitoringv1.PrometheusInterface {
			o.Config.Labels = operator.StringMap{"env": "prod"}
			return p
		},
		"the reloader image": func(p monitoringv1.PrometheusInterface, o *Options) monitoringv1.PrometheusInterface {
			o.Config.Reloader.Image = "reloader:other"
			return p
		},
		"another rule ConfigMap": func(p monitoringv1.PrometheusInterface, o *Options) monitoringv1.PrometheusInterface {
			o.RuleConfigMapNames = []string{"prometheus-main-rulefiles-0"}
			return p
		},
		"another tls-assets shard": func(p monitoringv1.PrometheusInterface, o *Options) monitoringv1.PrometheusInterface {
			o.TLSAssetSecretNames = TLSAssetsSecretNames(p, 2)
			return p
		},
		"another shard": func(p monitoringv1.PrometheusInterface, o *Options) monitoringv1.PrometheusInterface {
			o.Shard = 1
			return p
		},
		"an edited stored StatefulSet": func(p monitoringv1.PrometheusInterface, o *Options) monitoringv1.PrometheusInterface {
			o.ExistingStatefulSetSpec = &existing
			return p
		},
		"another kind with the same spec": func(_ monitoringv1.PrometheusInterface, _ *Options) monitoringv1.PrometheusInterface {
			return fixtures.PrometheusAgent("main")
		},
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			object, options := base()
			object = change(object, &options)
			changed, err := InputHash(object, options)
			require.NoError(t, err)
			assert.NotEqual(t, reference, changed)
		})
	}
}

func TestInputHashIgnoresRevisionHistoryLimit(t *testing.T) {
	p := fixtures.Prometheus("main")
	first := appsv1.StatefulSetSpec{ServiceName: "prometheus-operated", RevisionHistoryLimit: ptrTo[int32](10)}
	second := appsv1.StatefulSetSpec{ServiceName: "prometheus-operated", RevisionHistoryLimit: ptrTo[int32](3)}
	a, err := InputHash(p, Options{Config: testConfig(), ExistingStatefulSetSpec: &first})
	require.NoError(t, err)
	b, err := InputHash(p, Options{Config: testConfig(), ExistingStatefulSetSpec: &second})
	require.NoError(t, err)
	assert.Equal(t, a, b)
	assert.Equal(t, int32(10), *first.RevisionHistoryLimit, "the caller's spec is not changed")
}

func TestInputHashIgnoresStatus(t *testing.T) {
	p := fixtures.Prometheus("main")
	before, err := InputHash(p, Options{Config: testConfig()})
	require.NoError(t, err)
	p.Status.AvailableReplicas = 3
	after, err := InputHash(p, Options{Config: testConfig()})
	require.NoError(t, err)
	assert.Equal(t, before, after)
}
