// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubefake "k8s.io/client-go/kubernetes/fake"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
)

const validServiceMonitor = `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: default, labels: {team: web}}
spec:
  selector: {matchLabels: {app: web}}
  endpoints:
    - port: http
      interval: 30s
      relabelings:
        - {sourceLabels: [__meta_kubernetes_pod_name], targetLabel: pod}
`

// scrapeObjectCase is one object sent to a validating path, and the
// fragments its refusal must name.
type scrapeObjectCase struct {
	path      string
	resource  scrapeResource
	object    string
	fragments []string // empty: admitted
}

// scrapeObjectCases holds one admitted and one refused object of each
// scrape kind, or more.
func scrapeObjectCases() map[string]scrapeObjectCase {
	return map[string]scrapeObjectCase{
		"a valid ServiceMonitor is admitted": {ServiceMonitorsValidatePath, serviceMonitorResource, validServiceMonitor, nil},
		"a ServiceMonitor with an invalid relabel regex is refused": {ServiceMonitorsValidatePath, serviceMonitorResource, `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: default}
spec:
  selector: {}
  endpoints:
    - port: http
      relabelings: [{sourceLabels: [a], regex: "(unclosed", targetLabel: b}]
`, []string{"relabelings", "(unclosed"}},
		"a ServiceMonitor whose timeout exceeds its interval is refused": {ServiceMonitorsValidatePath, serviceMonitorResource, `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: default}
spec:
  selector: {}
  endpoints: [{port: http, interval: 10s, scrapeTimeout: 20s}]
`, []string{"scrapeTimeout"}},
		"a PodMonitor with a hashmod rule without modulus is refused": {PodMonitorsValidatePath, podMonitorResource, `
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: pods, namespace: default}
spec:
  selector: {}
  podMetricsEndpoints:
    - port: metrics
      metricRelabelings: [{action: hashmod, sourceLabels: [a], targetLabel: b}]
`, []string{"metricRelabelings", "modulus"}},
		"a valid Probe is admitted": {ProbesValidatePath, probeResource, `
apiVersion: monitoring.coreos.com/v1
kind: Probe
metadata: {name: sites, namespace: default}
spec:
  prober: {url: blackbox:9115}
  targets: {staticConfig: {static: [https://example.com]}}
`, nil},
		"a Probe with both basic auth and OAuth2 is refused": {ProbesValidatePath, probeResource, `
apiVersion: monitoring.coreos.com/v1
kind: Probe
metadata: {name: sites, namespace: default}
spec:
  prober: {url: blackbox:9115}
  targets: {staticConfig: {static: [https://example.com]}}
  basicAuth: {username: {name: s, key: u}, password: {name: s, key: p}}
  oauth2: {clientId: {secret: {name: s, key: id}}, clientSecret: {name: s, key: secret}, tokenUrl: https://token.example}
`, []string{"authentication"}},
		"a ScrapeConfig with an invalid static target label name is refused": {ScrapeConfigsValidatePath, scrapeConfigResource, `
apiVersion: monitoring.coreos.com/v1alpha1
kind: ScrapeConfig
metadata: {name: static, namespace: default}
spec:
  staticConfigs: [{targets: [a:9100]}]
  relabelings: [{action: labelmap, regex: "(["}]
`, []string{"relabelings"}},
		"a valid ScrapeConfig is admitted": {ScrapeConfigsValidatePath, scrapeConfigResource, `
apiVersion: monitoring.coreos.com/v1alpha1
kind: ScrapeConfig
metadata: {name: static, namespace: default}
spec:
  staticConfigs: [{targets: [a:9100], labels: {env: prod}}]
`, nil},
	}
}

func TestScrapeObjectsAreJudgedByTheGenerator(t *testing.T) {
	f := newFixture(t, nil)
	for name, tc := range scrapeObjectCases() {
		t.Run(name, func(t *testing.T) {
			response := f.review(t, tc.path, tc.resource.gvr, tc.object)
			if len(tc.fragments) == 0 {
				require.True(t, response.Allowed, "%+v", response.Result)
				assert.Empty(t, response.Warnings)
				return
			}
			requireDenied(t, response, tc.resource.kind+" is invalid", tc.resource.kind, tc.fragments...)
		})
	}
}

func TestScrapeObjectWarningsComeFromTheCluster(t *testing.T) {
	object := `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: apps, labels: {team: web}}
spec:
  selector: {matchLabels: {app: web}}
  keepDroppedTargets: 10
  endpoints:
    - port: http
      basicAuth: {username: {name: web-auth, key: user}, password: {name: web-auth, key: password}}
`
	old := &monitoringv1.Prometheus{
		ObjectMeta: metav1.ObjectMeta{Name: "old", Namespace: "monitoring"},
		Spec: monitoringv1.PrometheusSpec{CommonPrometheusFields: monitoringv1.CommonPrometheusFields{
			Version:                         "v2.45.0",
			ServiceMonitorSelector:          &metav1.LabelSelector{MatchLabels: map[string]string{"team": "web"}},
			ServiceMonitorNamespaceSelector: &metav1.LabelSelector{},
		}},
	}
	// Selects nothing: no selector at all.
	blind := &monitoringv1.Prometheus{
		ObjectMeta: metav1.ObjectMeta{Name: "blind", Namespace: "apps"},
		Spec:       monitoringv1.PrometheusSpec{CommonPrometheusFields: monitoringv1.CommonPrometheusFields{Version: "v2.30.0"}},
	}
	// Same namespace only (no namespace selector), and a matching label.
	agent := &monitoringv1alpha1.PrometheusAgent{
		ObjectMeta: metav1.ObjectMeta{Name: "agent", Namespace: "apps"},
		Spec: monitoringv1alpha1.PrometheusAgentSpec{CommonPrometheusFields: monitoringv1.CommonPrometheusFields{
			Version: "v2.46.0", ServiceMonitorSelector: &metav1.LabelSelector{},
		}},
	}
	kube := kubefake.NewClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "apps"}})
	cluster := &APICluster{Kube: kube, Monitoring: monitoringfake.NewClientset(old, blind, agent)}
	f := newFixture(t, cluster)

	response := f.review(t, ServiceMonitorsValidatePath, serviceMonitorResource.gvr, object)
	require.True(t, response.Allowed, "a missing Secret or an old Prometheus does not refuse the object")
	joined := strings.Join(response.Warnings, "\n")
	assert.Contains(t, joined, "will be rejected until this is fixed")
	assert.Contains(t, joined, "Secret apps/web-auth")
	assert.Contains(t, joined, "Prometheus monitoring/old (v2.45.0)")
	assert.Contains(t, joined, "PrometheusAgent apps/agent (v2.46.0)")
	assert.Contains(t, joined, "keep_dropped_targets")
	assert.NotContains(t, joined, "blind", "a Prometheus without a ServiceMonitor selector selects nothing")

	// Once the Secret exists, only the version warnings remain.
	_, err := kube.CoreV1().Secrets("apps").Create(t.Context(), &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "web-auth", Namespace: "apps"},
		Data:       map[string][]byte{"user": []byte("u"), "password": []byte("p")},
	}, metav1.CreateOptions{})
	require.NoError(t, err)
	response = f.review(t, ServiceMonitorsValidatePath, serviceMonitorResource.gvr, object)
	require.True(t, response.Allowed)
	assert.Len(t, response.Warnings, 2, "%q", response.Warnings)
	for _, warning := range response.Warnings {
		assert.Contains(t, warning, "keep_dropped_targets")
	}
}

func TestNamespaceSelectorsDecideWhichWorkloadsWarn(t *testing.T) {
	labelled := &monitoringv1.Prometheus{
		ObjectMeta: metav1.ObjectMeta{Name: "labelled", Namespace: "monitoring"},
		Spec: monitoringv1.PrometheusSpec{CommonPrometheusFields: monitoringv1.CommonPrometheusFields{
			Version:                         "v2.45.0",
			ServiceMonitorSelector:          &metav1.LabelSelector{},
			ServiceMonitorNamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"monitored": "yes"}},
		}},
	}
	for name, tc := range map[string]struct {
		labels map[string]string
		warned bool
	}{
		"namespace with the label":    {map[string]string{"monitored": "yes"}, true},
		"namespace without the label": {nil, false},
	} {
		t.Run(name, func(t *testing.T) {
			kube := kubefake.NewClientset(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "apps", Labels: tc.labels}})
			cluster := &APICluster{Kube: kube, Monitoring: monitoringfake.NewClientset(labelled)}
			workloads, err := cluster.Workloads(t.Context(), monitoringv1.ServiceMonitorName, &metav1.ObjectMeta{Name: "web", Namespace: "apps"})
			require.NoError(t, err)
			assert.Equal(t, tc.warned, len(workloads) == 1, "%v", workloads)
		})
	}
}
