//go:build e2e

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	monitoringv1beta1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1beta1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/admission"
)

// webhookEnv is a namespace whose monitoring objects go through a webhook
// process registered by URL with a CA bundle of the test.
type webhookEnv struct {
	*env
	webhook   *webhookProcess
	authority *testAuthority
}

func newWebhookEnv(t *testing.T) *webhookEnv {
	t.Helper()
	e := newEnv(t)
	installCRDsOnce(t, e)
	authority := newTestAuthority(t)
	dir := t.TempDir()
	authority.issue(t, dir, "first")
	w := startWebhook(t, e, dir, func() []byte { return authority.pem })
	registerWebhooks(t, e, w, authority.pem, "e2e-"+e.namespace)
	return &webhookEnv{env: e, webhook: w, authority: authority}
}

func TestAdmissionWebhookJudgesObjectsOnTheAPIServer(t *testing.T) {
	e := newWebhookEnv(t)
	runRuleAdmission(t, e)
	runMonitorAdmission(t, e)

	t.Run("an AlertmanagerConfig routing to an undefined receiver is refused", func(t *testing.T) {
		// (Duplicate receiver names are already refused by the CRD's schema.)
		out := e.eventuallyRefused(t, `
apiVersion: monitoring.coreos.com/v1alpha1
kind: AlertmanagerConfig
metadata: {name: broken}
spec:
  route: {receiver: nobody}
  receivers: [{name: hook}]
`, "nobody")
		assert.Contains(t, out, `The AlertmanagerConfig "broken" is invalid`)
	})

	t.Run("the requests are counted", func(t *testing.T) {
		response, err := httpsClient(e.authority.pem).Get("https://" + e.webhook.address + "/metrics")
		require.NoError(t, err)
		defer response.Body.Close()
		body, err := io.ReadAll(response.Body)
		require.NoError(t, err)
		assert.Contains(t, string(body), `prometheus_operator_admission_webhook_requests_total{endpoint="/admission-servicemonitors/validate",result="denied"}`)
		assert.Contains(t, string(body), `prometheus_operator_admission_webhook_requests_total{endpoint="/admission-prometheusrules/mutate",result="allowed"}`)
		assert.Contains(t, string(body), "prometheus_operator_admission_webhook_build_info")
	})
}

// runRuleAdmission sends a broken and a valid PrometheusRule through the
// API server: the first is refused, the second admitted and mutated.
func runRuleAdmission(t *testing.T, e *webhookEnv) {
	t.Run("an invalid PrometheusRule is refused with the PromQL error", func(t *testing.T) {
		out := e.eventuallyRefused(t, `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: broken}
spec:
  groups: [{name: availability, rules: [{alert: Down, expr: "sum(up"}]}]
`, "unclosed left parenthesis")
		assert.Contains(t, out, `The PrometheusRule "broken" is invalid`)
		assert.Contains(t, out, `group "availability", rule 1`)
	})

	t.Run("a valid PrometheusRule is admitted and mutated", func(t *testing.T) {
		// A number as a label value: only the mutating webhook makes it a
		// string the CRD's schema accepts.
		out, err := e.kubectlTry(t, `
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: fine}
spec:
  groups: [{name: availability, rules: [{alert: Down, expr: up == 0, labels: {tier: 3}}]}]
`, "create", "--validate=false", "-f", "-")
		require.NoError(t, err, out)
		monitoring, err := versioned.NewForConfig(e.cluster.Config)
		require.NoError(t, err)
		rule, err := monitoring.MonitoringV1().PrometheusRules(e.namespace).Get(t.Context(), "fine", metav1.GetOptions{})
		require.NoError(t, err)
		assert.Equal(t, "true", rule.Annotations[admission.ValidatedAnnotation])
		assert.Equal(t, "3", rule.Spec.Groups[0].Rules[0].Labels["tier"])
	})
}

// runMonitorAdmission sends a broken ServiceMonitor, then one using a field
// the selecting Prometheus's version lacks.
func runMonitorAdmission(t *testing.T, e *webhookEnv) {
	t.Run("an invalid ServiceMonitor is refused", func(t *testing.T) {
		out := e.eventuallyRefused(t, `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: broken}
spec:
  selector: {}
  endpoints: [{port: http, relabelings: [{sourceLabels: [a], regex: "(unclosed", targetLabel: b}]}]
`, "invalid regex")
		assert.Contains(t, out, `The ServiceMonitor "broken" is invalid: spec: endpoints[0]: relabelings[0]`)
	})

	t.Run("a field the selecting Prometheus's version lacks is admitted with a warning", func(t *testing.T) {
		_, err := e.kubectlTry(t, `
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: old}
spec: {version: v2.45.0, serviceMonitorSelector: {matchLabels: {team: web}}}
`, "apply", "-f", "-")
		require.NoError(t, err)
		out, err := e.kubectlTry(t, `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, labels: {team: web}}
spec:
  selector: {matchLabels: {app: web}}
  keepDroppedTargets: 5
  endpoints: [{port: http}]
`, "apply", "-f", "-")
		require.NoError(t, err, out)
		assert.Contains(t, out, "Warning:")
		assert.Contains(t, out, "Prometheus "+e.namespace+"/old (v2.45.0)")
		assert.Contains(t, out, "keep_dropped_targets")
	})
}

func TestRotatedServingCertificateIsUsedWithoutARestart(t *testing.T) {
	e := newWebhookEnv(t)
	broken := `
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: broken}
spec: {selector: {}, endpoints: [{port: http, interval: 10s, scrapeTimeout: 20s}]}
`
	e.eventuallyRefused(t, broken, "scrapeTimeout")

	e.authority.issue(t, e.webhook.certDir, "second")
	require.Eventually(t, func() bool {
		name, err := e.webhook.servedCommonName(e.authority.pem)
		return err == nil && name == "second"
	}, 20*time.Second, 100*time.Millisecond, "the rotated certificate is served by the running process")
	e.eventuallyRefused(t, broken, "scrapeTimeout")
	exited, _ := e.webhook.Exited()
	assert.False(t, exited, "the same process serves the new certificate")
}

// TestAlertmanagerConfigConversionWebhook turns on the CRD's conversion
// webhook (by URL), creates an AlertmanagerConfig as v1beta1 and reads it
// back in both versions.
func TestAlertmanagerConfigConversionWebhook(t *testing.T) {
	e := newWebhookEnv(t)
	extensions, err := apiextensionsclient.NewForConfig(e.cluster.Config)
	require.NoError(t, err)
	crds := extensions.ApiextensionsV1().CustomResourceDefinitions()
	const crdName = "alertmanagerconfigs.monitoring.coreos.com"
	conversion := apiextensionsv1.CustomResourceConversion{
		Strategy: apiextensionsv1.WebhookConverter,
		Webhook: &apiextensionsv1.WebhookConversion{
			ClientConfig:             &apiextensionsv1.WebhookClientConfig{URL: e.webhook.url(admission.ConvertPath), CABundle: e.authority.pem},
			ConversionReviewVersions: []string{"v1"},
		},
	}
	patch, err := json.Marshal(map[string]any{"spec": map[string]any{"conversion": conversion}})
	require.NoError(t, err)
	_, err = crds.Patch(t.Context(), crdName, types.MergePatchType, patch, metav1.PatchOptions{})
	require.NoError(t, err)
	t.Cleanup(func() {
		restore := []byte(`{"spec":{"conversion":{"strategy":"None","webhook":null}}}`)
		_, err := crds.Patch(context.Background(), crdName, types.MergePatchType, restore, metav1.PatchOptions{})
		assert.NoError(t, err, "the CRD's conversion must go back to None for the other tests")
	})

	monitoring, err := versioned.NewForConfig(e.cluster.Config)
	require.NoError(t, err)
	// The API server takes a moment to use the new conversion: a v1alpha1
	// object reads back as v1beta1 with timeIntervals only once it does.
	sentinel := &monitoringv1alpha1.AlertmanagerConfig{
		ObjectMeta: metav1.ObjectMeta{Name: "sentinel", Namespace: e.namespace},
		Spec: monitoringv1alpha1.AlertmanagerConfigSpec{
			Route:             &monitoringv1alpha1.Route{Receiver: "hook"},
			Receivers:         []monitoringv1alpha1.Receiver{{Name: "hook"}},
			MuteTimeIntervals: []monitoringv1alpha1.MuteTimeInterval{{Name: "always", TimeIntervals: []monitoringv1alpha1.TimeInterval{{Weekdays: []monitoringv1alpha1.WeekdayRange{"monday"}}}}},
		},
	}
	_, err = monitoring.MonitoringV1alpha1().AlertmanagerConfigs(e.namespace).Create(t.Context(), sentinel, metav1.CreateOptions{})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		read, err := monitoring.MonitoringV1beta1().AlertmanagerConfigs(e.namespace).Get(t.Context(), "sentinel", metav1.GetOptions{})
		return err == nil && len(read.Spec.TimeIntervals) == 1
	}, 60*time.Second, 250*time.Millisecond, "the API server converts through the webhook")

	original := &monitoringv1beta1.AlertmanagerConfig{
		ObjectMeta: metav1.ObjectMeta{Name: "team", Namespace: e.namespace},
		Spec: monitoringv1beta1.AlertmanagerConfigSpec{
			Route: &monitoringv1beta1.Route{
				Receiver: "hook", GroupBy: []string{"alertname"}, MuteTimeIntervals: []string{"nights"},
				Matchers: []monitoringv1beta1.Matcher{{Name: "severity", Value: "crit.*", MatchType: monitoringv1beta1.MatchRegexp}},
			},
			Receivers: []monitoringv1beta1.Receiver{{Name: "hook", WebhookConfigs: []monitoringv1beta1.WebhookConfig{{URL: ptrTo("https://hooks.example/alert")}}}},
			TimeIntervals: []monitoringv1beta1.TimeInterval{{Name: "nights", TimeIntervals: []monitoringv1beta1.TimePeriod{{
				Times: []monitoringv1beta1.TimeRange{{StartTime: "22:00", EndTime: "24:00"}},
			}}}},
		},
	}
	_, err = monitoring.MonitoringV1beta1().AlertmanagerConfigs(e.namespace).Create(t.Context(), original, metav1.CreateOptions{})
	require.NoError(t, err)

	stored, err := monitoring.MonitoringV1alpha1().AlertmanagerConfigs(e.namespace).Get(t.Context(), "team", metav1.GetOptions{})
	require.NoError(t, err)
	require.Len(t, stored.Spec.MuteTimeIntervals, 1, "v1beta1 timeIntervals are stored as v1alpha1 muteTimeIntervals")
	assert.Equal(t, "nights", stored.Spec.MuteTimeIntervals[0].Name)
	crd, err := crds.Get(t.Context(), crdName, metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"v1alpha1"}, crd.Status.StoredVersions, "objects are stored as v1alpha1")

	readBack, err := monitoring.MonitoringV1beta1().AlertmanagerConfigs(e.namespace).Get(t.Context(), "team", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, original.Spec, readBack.Spec, "the object reads back equal as v1beta1")
	response, err := httpsClient(e.authority.pem).Get("https://" + e.webhook.address + "/metrics")
	require.NoError(t, err)
	defer response.Body.Close()
	body, _ := io.ReadAll(response.Body)
	assert.True(t, strings.Contains(string(body), `endpoint="/convert",result="allowed"`), "the API server called /convert")
}

func ptrTo[T any](value T) *T { return &value }

func TestAdmissionWebhookBundleAppliesServerSide(t *testing.T) {
	e := newEnv(t)
	installCRDsOnce(t, e)
	out := e.kubectl(t, "apply", "--server-side", "--force-conflicts", "--dry-run=server", "-f", repoPath("bundle-admission-webhook.yaml"))
	for _, object := range []string{
		"deployment.apps/prometheus-operator-admission-webhook", "service/prometheus-operator-admission-webhook",
		"poddisruptionbudget.policy/prometheus-operator-admission-webhook",
		"validatingwebhookconfiguration.admissionregistration.k8s.io/prometheus-operator-admission-webhook",
		"mutatingwebhookconfiguration.admissionregistration.k8s.io/prometheus-operator-admission-webhook",
		"customresourcedefinition.apiextensions.k8s.io/alertmanagerconfigs.monitoring.coreos.com",
	} {
		assert.Contains(t, out, object+" serverside-applied")
	}
}
