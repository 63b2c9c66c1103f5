// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

const goodExtraJob = "- job_name: extra\n  static_configs:\n  - targets: [\"10.0.0.1:9100\"]\n"

// extraConfigFixture syncs a Prometheus whose additionalScrapeConfigs and
// additionalAlertRelabelConfigs Secret keys start valid.
func extraConfigFixture(t *testing.T, prometheusVersion string) *fixture {
	t.Helper()
	f := newFixture(t)
	f.add(&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "extra"},
		Data: map[string][]byte{"jobs": []byte(goodExtraJob), "relabel": []byte("- action: labeldrop\n  regex: replica\n")}})
	f.add(fixtures.ServiceMonitor("web", frontendTeam), fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.Version = prometheusVersion
		p.Spec.AdditionalScrapeConfigs = secretKey("extra", "jobs")
		p.Spec.AdditionalAlertRelabelConfigs = secretKey("extra", "relabel")
	})))
	f.sync("prometheus", "default", "main")
	require.Contains(t, f.generatedConfig("default", "prometheus-main"), "job_name: extra")
	return f
}

// editExtra changes one key of the user's Secret and tells the store.
func (f *fixture) editExtra(key, value string) {
	f.t.Helper()
	secret := f.secret("default", "extra")
	secret.Data[key] = []byte(value)
	secret.ResourceVersion = "2"
	_, err := f.kubeClient.CoreV1().Secrets("default").Update(f.ctx, secret, metav1.UpdateOptions{})
	require.NoError(f.t, err)
	f.operator.assets.Observe(assets.Reference{Kind: assets.SecretKind, Namespace: "default", Name: "extra"}, "2", false)
}

func TestInvalidAdditionalConfigsKeepTheLastGoodConfig(t *testing.T) {
	tests := map[string]struct {
		key, value, version, why string
	}{
		"a job without job_name": {
			key: "jobs", value: "- static_configs:\n  - targets: [\"a:1\"]\n", why: "job_name is missing",
		},
		"a job named like a generated one": {
			key: "jobs", value: "- job_name: serviceMonitor/default/web/0\n", why: `job_name "serviceMonitor/default/web/0" is used by another job`,
		},
		"two extra jobs of the same name": {
			key: "jobs", value: goodExtraJob + goodExtraJob, why: `job_name "extra" is used by another job`,
		},
		"relabel rules that are not a list": {
			key: "relabel", value: "action: drop\n", why: "additional alert relabel configs", // Already refused by the generator.
		},
		"a field Prometheus 3 rejects": {
			key: "jobs", value: "- job_name: extra\n  scrape_interval: soon\n", version: "v3.5.0", why: "Prometheus 3 configuration loader",
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			f := extraConfigFixture(t, test.version)
			before := f.generatedConfig("default", "prometheus-main")
			f.editExtra(test.key, test.value)
			err := f.trySync("prometheus", "default", "main")
			require.Error(t, err)
			assert.Contains(t, err.Error(), test.why)
			assert.Equal(t, before, f.generatedConfig("default", "prometheus-main"), "the last good configuration stays")
			reconciled := findCondition(f.storedPrometheus("main").Status.Conditions, monitoringv1.ConditionReconciled)
			assert.Equal(t, monitoringv1.ConditionFalse, reconciled.Status)
			assert.Contains(t, reconciled.Message, test.why)
		})
	}
}

func TestAPrometheus2WorkloadIsNotJudgedByThePrometheus3Loader(t *testing.T) {
	f := extraConfigFixture(t, "v2.55.1")
	f.editExtra("jobs", "- job_name: extra\n  scrape_interval: soon\n")
	require.NoError(t, f.trySync("prometheus", "default", "main"))
	assert.Contains(t, f.generatedConfig("default", "prometheus-main"), "scrape_interval: soon")
}
