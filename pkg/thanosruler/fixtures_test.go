// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// minimalRuler makes a fixture the smallest ThanosRuler the operator
// accepts: one query endpoint and a rule selector.
var minimalRuler = fixtures.With(func(tr *monitoringv1.ThanosRuler) {
	tr.Spec.QueryEndpoints = []string{"dnssrv+_http._tcp.thanos-querier.monitoring.svc.cluster.local"}
	tr.Spec.RuleSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"role": "alert-rules"}}
})

func testConfig() *operator.Config {
	config := operator.NewConfig()
	config.LocalHost = "localhost"
	config.Reloader.Image = "quay.io/example/reloader:v1"
	return config
}

func defaultOptions() BuildOptions {
	return BuildOptions{Config: testConfig(), RuleConfigMapNames: []string{"thanos-ruler-example-rulefiles-0"}, TLSAssetSecretNames: []string{"thanos-ruler-example-tls-assets-0"}}
}

// build builds the StatefulSet of tr with the default options.
func build(t *testing.T, tr *monitoringv1.ThanosRuler) *appsv1.StatefulSet {
	t.Helper()
	statefulSet, err := StatefulSet(tr, defaultOptions())
	require.NoError(t, err)
	return statefulSet
}

func container(t *testing.T, statefulSet *appsv1.StatefulSet, name string) corev1.Container {
	t.Helper()
	for _, c := range statefulSet.Spec.Template.Spec.Containers {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no container %q", name)
	return corev1.Container{}
}
