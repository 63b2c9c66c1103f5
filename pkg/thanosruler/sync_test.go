// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// alertRules labels a PrometheusRule for the rule selector of minimalRuler.
var alertRules = fixtures.WithLabels(map[string]string{"role": "alert-rules"})

// storedThanosRuler is the minimal ThanosRuler without the fixture's UID,
// which the fake API fills in.
func storedThanosRuler(options ...fixtures.Option) *monitoringv1.ThanosRuler {
	tr := fixtures.ThanosRuler("example", append([]fixtures.Option{minimalRuler}, options...)...)
	tr.UID = ""
	return tr
}

func TestSyncCreatesEveryObject(t *testing.T) {
	f := newSyncFixture(t)
	rule := fixtures.PrometheusRule("alerts", alertRules)
	f.add(storedThanosRuler(), rule)
	require.NoError(t, f.sync("default", "example"))

	configMap, err := f.configMap("default", "thanos-ruler-example-rulefiles-0")
	require.NoError(t, err)
	assert.Equal(t, "example", configMap.Labels["thanos-ruler-name"])
	content := configMap.Data[fmt.Sprintf("default-alerts-%s.yaml", rule.UID)]
	assert.Contains(t, content, "partial_response_strategy: warn", "the Thanos format keeps it")
	assert.Contains(t, content, "alert: Down")

	config, err := f.secret("default", "thanos-ruler-example-config")
	require.NoError(t, err)
	assert.Equal(t, "remote_write: []\n", string(config.Data["remote-write.yaml"]))
	require.Len(t, config.OwnerReferences, 1)
	assert.Nil(t, config.OwnerReferences[0].Controller, "as upstream, the config Secret has a plain owner reference")
	for _, name := range []string{"thanos-ruler-example-web-config", "thanos-ruler-example-tls-assets-0"} {
		secret, err := f.secret("default", name)
		require.NoError(t, err, name)
		assert.True(t, *secret.OwnerReferences[0].Controller, name)
	}
	service, err := f.kubeClient.CoreV1().Services("default").Get(context.Background(), "thanos-ruler-operated", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "true", service.Labels["operated-thanos-ruler"])

	statefulSet, err := f.statefulSet("default", "thanos-ruler-example")
	require.NoError(t, err)
	assert.Equal(t, "rule", statefulSet.Spec.Template.Spec.Containers[0].Args[0])
	assert.Contains(t, statefulSet.Spec.Template.Spec.Containers[1].Args, "--watched-dir=/etc/thanos/rules/thanos-ruler-example-rulefiles-0")

	f.syncStatus("default", "example")
	status := f.thanosRuler("default", "example").Status
	reconciled := workload.FindCondition(status.Conditions, monitoringv1.ConditionReconciled)
	require.NotNil(t, reconciled)
	assert.Equal(t, monitoringv1.ConditionTrue, reconciled.Status)
	assert.Empty(t, reconciled.Reason)
	available := workload.FindCondition(status.Conditions, monitoringv1.ConditionAvailable)
	require.NotNil(t, available)
	assert.Equal(t, monitoringv1.ConditionFalse, available.Status, "no pod is ready in a fake cluster")
}

func TestRuleAddChangeAndDelete(t *testing.T) {
	f := newSyncFixture(t)
	first := fixtures.PrometheusRule("first", alertRules)
	f.add(storedThanosRuler(), first)
	require.NoError(t, f.sync("default", "example"))

	second := fixtures.PrometheusRule("second", alertRules, fixtures.WithRuleGroups(monitoringv1.RuleGroup{Name: "rec", Rules: []monitoringv1.Rule{{Record: "job:up:sum", Expr: intstr.FromString("sum by (job) (up)")}}}))
	f.add(second)
	require.NoError(t, f.sync("default", "example"))
	configMap, err := f.configMap("default", "thanos-ruler-example-rulefiles-0")
	require.NoError(t, err)
	assert.Len(t, configMap.Data, 2, "a new rule is added")

	changed := second.DeepCopy()
	changed.Spec.Groups[0].Rules[0].Expr = intstr.FromString("count by (job) (up)")
	_, err = f.monitoringClient.MonitoringV1().PrometheusRules("default").Update(context.Background(), changed, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	require.NoError(t, f.sync("default", "example"))
	configMap, err = f.configMap("default", "thanos-ruler-example-rulefiles-0")
	require.NoError(t, err)
	assert.Contains(t, configMap.Data[fmt.Sprintf("default-second-%s.yaml", second.UID)], "count by (job) (up)")

	require.NoError(t, f.monitoringClient.MonitoringV1().PrometheusRules("default").Delete(context.Background(), "first", metav1.DeleteOptions{}))
	f.refresh()
	require.NoError(t, f.sync("default", "example"))
	configMap, err = f.configMap("default", "thanos-ruler-example-rulefiles-0")
	require.NoError(t, err)
	assert.NotContains(t, configMap.Data, fmt.Sprintf("default-first-%s.yaml", first.UID), "a deleted rule is removed")
	assert.Len(t, configMap.Data, 1)
}

func TestRuleConfigMapsSplitPastHalfAMebibyte(t *testing.T) {
	f := newSyncFixture(t)
	f.add(storedThanosRuler())
	// Each rule renders to about 200 KiB: three fit in two ConfigMaps.
	for i := range 3 {
		var annotations = map[string]string{"description": strings.Repeat("x", 200*1024)}
		f.add(fixtures.PrometheusRule(fmt.Sprintf("big-%d", i), alertRules, fixtures.WithRuleGroups(monitoringv1.RuleGroup{
			Name: "big", Rules: []monitoringv1.Rule{{Alert: "Big", Expr: intstr.FromString("up == 0"), Annotations: annotations}},
		})))
	}
	require.NoError(t, f.sync("default", "example"))
	first, err := f.configMap("default", "thanos-ruler-example-rulefiles-0")
	require.NoError(t, err)
	second, err := f.configMap("default", "thanos-ruler-example-rulefiles-1")
	require.NoError(t, err)
	assert.Len(t, first.Data, 2)
	assert.Len(t, second.Data, 1)
	statefulSet, err := f.statefulSet("default", "thanos-ruler-example")
	require.NoError(t, err)
	reloaderArgs := statefulSet.Spec.Template.Spec.Containers[1].Args
	assert.Contains(t, reloaderArgs, "--watched-dir=/etc/thanos/rules/thanos-ruler-example-rulefiles-1")
	assert.NotContains(t, reloaderArgs, "--watched-dir=/etc/thanos/rules/thanos-ruler-example-rulefiles-2", "not padded")

	// Back under the limit: the second ConfigMap goes.
	require.NoError(t, f.monitoringClient.MonitoringV1().PrometheusRules("default").Delete(context.Background(), "big-2", metav1.DeleteOptions{}))
	require.NoError(t, f.monitoringClient.MonitoringV1().PrometheusRules("default").Delete(context.Background(), "big-1", metav1.DeleteOptions{}))
	f.refresh()
	require.NoError(t, f.sync("default", "example"))
	_, err = f.configMap("default", "thanos-ruler-example-rulefiles-1")
	assert.True(t, apierrors.IsNotFound(err), "excess rule ConfigMap deleted")
}

func TestVersionGatedRuleFields(t *testing.T) {
	group := monitoringv1.RuleGroup{
		Name: "gated", Limit: ptr.To(10), QueryOffset: ptr.To(monitoringv1.Duration("1m")),
		Labels: map[string]string{"team": "a"},
		Rules:  []monitoringv1.Rule{{Alert: "Down", Expr: intstr.FromString("up == 0"), KeepFiringFor: ptr.To(monitoringv1.NonEmptyDuration("5m"))}},
	}
	for name, test := range map[string]struct {
		version string
		present []string
		absent  []string
	}{
		"the default Thanos reads every field": {
			version: "", present: []string{"limit: 10", "query_offset: 1m", "team: a", "keep_firing_for: 5m"},
		},
		"Thanos 0.38 has no group labels": {
			version: "v0.38.0", present: []string{"query_offset: 1m", "keep_firing_for: 5m"}, absent: []string{"team: a"},
		},
		"Thanos 0.33 has only the limit": {
			version: "v0.33.0", present: []string{"limit: 10"}, absent: []string{"query_offset", "team: a", "keep_firing_for"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newSyncFixture(t)
			rule := fixtures.PrometheusRule("gated", alertRules, fixtures.WithRuleGroups(group))
			f.add(storedThanosRuler(fixtures.WithVersion(valueOr(test.version, "v0.42.4"))), rule)
			require.NoError(t, f.sync("default", "example"))
			configMap, err := f.configMap("default", "thanos-ruler-example-rulefiles-0")
			require.NoError(t, err)
			content := configMap.Data[fmt.Sprintf("default-gated-%s.yaml", rule.UID)]
			for _, want := range test.present {
				assert.Contains(t, content, want)
			}
			for _, unwanted := range test.absent {
				assert.NotContains(t, content, unwanted)
			}
		})
	}
}

func TestInvalidRuleIsRejectedAndOthersKept(t *testing.T) {
	f := newSyncFixture(t)
	good := fixtures.PrometheusRule("good", alertRules)
	bad := fixtures.PrometheusRule("bad", alertRules, fixtures.WithRuleGroups(monitoringv1.RuleGroup{Name: "bad", Rules: []monitoringv1.Rule{{Alert: "Broken", Expr: intstr.FromString("up ==")}}}))
	// Thanos rejects experimental PromQL functions, whatever enableFeatures says.
	experimental := fixtures.PrometheusRule("experimental", alertRules, fixtures.WithRuleGroups(monitoringv1.RuleGroup{Name: "x", Rules: []monitoringv1.Rule{{Record: "r", Expr: intstr.FromString("sort_by_label(up, \"job\")")}}}))
	f.add(storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Spec.EnableFeatures = []monitoringv1.EnableFeature{"promql-experimental-functions"}
	})), good, bad, experimental)
	require.NoError(t, f.sync("default", "example"))
	configMap, err := f.configMap("default", "thanos-ruler-example-rulefiles-0")
	require.NoError(t, err)
	assert.Equal(t, []string{fmt.Sprintf("default-good-%s.yaml", good.UID)}, mapKeys(configMap.Data))
	events := strings.Join(f.events(), "\n")
	assert.Contains(t, events, "PrometheusRule bad was rejected due to invalid configuration")
	assert.Contains(t, events, "PrometheusRule experimental was rejected")

	stored, err := f.monitoringClient.MonitoringV1().PrometheusRules("default").Get(context.Background(), "bad", metav1.GetOptions{})
	require.NoError(t, err)
	require.Len(t, stored.Status.Bindings, 1)
	binding := stored.Status.Bindings[0]
	assert.Equal(t, []string{"thanosrulers", "default", "example"}, []string{binding.Resource, binding.Namespace, binding.Name})
	assert.Equal(t, monitoringv1.ConditionFalse, binding.Conditions[0].Status)
	assert.Equal(t, "InvalidConfiguration", binding.Conditions[0].Reason)
	accepted, err := f.monitoringClient.MonitoringV1().PrometheusRules("default").Get(context.Background(), "good", metav1.GetOptions{})
	require.NoError(t, err)
	require.Len(t, accepted.Status.Bindings, 1)
	assert.Equal(t, monitoringv1.ConditionTrue, accepted.Status.Bindings[0].Conditions[0].Status)
}

func mapKeys(data map[string]string) []string {
	keys := make([]string, 0, len(data))
	for key := range data {
		keys = append(keys, key)
	}
	return keys
}

func TestNoSelectedRules(t *testing.T) {
	f := newSyncFixture(t)
	f.add(storedThanosRuler())
	require.NoError(t, f.sync("default", "example"))
	configMap, err := f.configMap("default", "thanos-ruler-example-rulefiles-0")
	require.NoError(t, err, "one ConfigMap even without rules")
	assert.Empty(t, configMap.Data)
	f.syncStatus("default", "example")
	reconciled := workload.FindCondition(f.thanosRuler("default", "example").Status.Conditions, monitoringv1.ConditionReconciled)
	require.NotNil(t, reconciled)
	assert.Equal(t, monitoringv1.ConditionTrue, reconciled.Status)
	assert.Equal(t, "NoSelectedResources", reconciled.Reason)
	assert.Equal(t, "No PrometheusRule have been selected.", reconciled.Message)
}

func TestThanosRulerWithoutQueryIsRefused(t *testing.T) {
	f := newSyncFixture(t)
	f.add(storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) { tr.Spec.QueryEndpoints = nil })))
	other := storedThanosRuler()
	other.Name = "other"
	f.add(other)
	err := f.sync("default", "example")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrNoQuery)
	f.syncStatus("default", "example")
	reconciled := workload.FindCondition(f.thanosRuler("default", "example").Status.Conditions, monitoringv1.ConditionReconciled)
	require.NotNil(t, reconciled)
	assert.Equal(t, monitoringv1.ConditionFalse, reconciled.Status)
	assert.Equal(t, "InvalidConfiguration", reconciled.Reason)
	assert.Contains(t, reconciled.Message, "example: thanos ruler requires query config or at least one query endpoint to be specified")
	assert.Contains(t, strings.Join(f.events(), "\n"), "thanos ruler requires query config")
	_, err = f.statefulSet("default", "thanos-ruler-example")
	assert.True(t, apierrors.IsNotFound(err), "nothing is written for a refused ThanosRuler")

	require.NoError(t, f.sync("default", "other"), "one bad ThanosRuler does not break the others")
	_, err = f.statefulSet("default", "thanos-ruler-other")
	assert.NoError(t, err)
}

func TestPausedThanosRulerIsNotTouched(t *testing.T) {
	f := newSyncFixture(t)
	f.add(storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) { tr.Spec.Paused = true })), fixtures.PrometheusRule("alerts", alertRules))
	require.NoError(t, f.sync("default", "example"))
	_, err := f.statefulSet("default", "thanos-ruler-example")
	assert.True(t, apierrors.IsNotFound(err))
	_, err = f.configMap("default", "thanos-ruler-example-rulefiles-0")
	assert.True(t, apierrors.IsNotFound(err))
	f.syncStatus("default", "example")
	status := f.thanosRuler("default", "example").Status
	assert.True(t, status.Paused)
	assert.Equal(t, "Paused", workload.FindCondition(status.Conditions, monitoringv1.ConditionReconciled).Reason)
}

func TestReferencedSecretChangeRollsThePods(t *testing.T) {
	f := newSyncFixture(t)
	query := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "query", ResourceVersion: "1"},
		Data: map[string][]byte{"query.yaml": []byte("- addresses: [a:9090]\n")}}
	f.add(query, storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) { tr.Spec.QueryConfig = secretKey("query", "query.yaml") })))
	require.NoError(t, f.sync("default", "example"))
	before, err := f.statefulSet("default", "thanos-ruler-example")
	require.NoError(t, err)
	hash := before.Spec.Template.Annotations[ReferencedSecretsHashAnnotation]
	require.NotEmpty(t, hash)

	require.Zero(t, f.controller.Queues.Reconcile.Len())
	changed := query.DeepCopy()
	changed.Data["query.yaml"] = []byte("- addresses: [b:9090]\n")
	changed.ResourceVersion = "2"
	_, err = f.kubeClient.CoreV1().Secrets("default").Update(context.Background(), changed, metav1.UpdateOptions{})
	require.NoError(t, err)
	// The metadata informer sees the new resourceVersion.
	handler := f.controller.Assets.EventHandler("Secret")
	handler.OnUpdate(&metav1.PartialObjectMetadata{ObjectMeta: query.ObjectMeta}, &metav1.PartialObjectMetadata{ObjectMeta: changed.ObjectMeta})
	assert.Equal(t, 1, f.controller.Queues.Reconcile.Len(), "a referenced Secret's change re-queues its ThanosRuler")

	f.refresh()
	require.NoError(t, f.sync("default", "example"))
	after, err := f.statefulSet("default", "thanos-ruler-example")
	require.NoError(t, err)
	assert.NotEqual(t, hash, after.Spec.Template.Annotations[ReferencedSecretsHashAnnotation], "the pods restart with the new content")
}

func TestMissingReferencedSecretIsReported(t *testing.T) {
	f := newSyncFixture(t)
	f.add(storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) { tr.Spec.AlertManagersConfig = secretKey("missing", "am.yaml") })))
	err := f.sync("default", "example")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "spec.alertmanagersConfig")
}

func TestHashSkipAndRecreateOnInvalidUpdate(t *testing.T) {
	f := newSyncFixture(t)
	f.add(storedThanosRuler())
	// The stored spec is part of the hash: the second sync writes it once
	// (as upstream), after which the StatefulSet has converged.
	require.NoError(t, f.sync("default", "example"))
	require.NoError(t, f.sync("default", "example"))
	f.kubeClient.ClearActions()
	require.NoError(t, f.sync("default", "example"))
	for _, action := range f.kubeClient.Actions() {
		if action.GetVerb() != "list" && action.GetVerb() != "get" {
			assert.NotEqual(t, "statefulsets", action.GetResource().Resource, "converged: the StatefulSet is not written (%s)", action.GetVerb())
			assert.NotEqual(t, "configmaps", action.GetResource().Resource, "converged: no ConfigMap is written (%s)", action.GetVerb())
		}
	}

	// A change the API server refuses as invalid (an immutable field).
	f.kubeClient.PrependReactor("update", "statefulsets", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewInvalid(appsv1.SchemeGroupVersion.WithKind("StatefulSet").GroupKind(), "thanos-ruler-example", nil)
	})
	tr := f.thanosRuler("default", "example")
	tr.Spec.PodMetadata = &monitoringv1.EmbeddedObjectMetadata{Labels: map[string]string{"new": "selector"}}
	_, err := f.monitoringClient.MonitoringV1().ThanosRulers("default").Update(context.Background(), tr, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	require.NoError(t, f.sync("default", "example"))
	_, err = f.statefulSet("default", "thanos-ruler-example")
	assert.True(t, apierrors.IsNotFound(err), "deleted, to be re-created by the next sync")
}

func TestFinalizerAndBindingCleanup(t *testing.T) {
	f := newSyncFixture(t)
	require.True(t, f.config.Gates.Enabled(operator.GateStatusForConfigurationResources))
	rule := fixtures.PrometheusRule("alerts", alertRules)
	f.add(storedThanosRuler(), rule)
	require.NoError(t, f.sync("default", "example"))
	tr := f.thanosRuler("default", "example")
	assert.Contains(t, tr.Finalizers, operator.StatusCleanupFinalizer)
	stored, err := f.monitoringClient.MonitoringV1().PrometheusRules("default").Get(context.Background(), "alerts", metav1.GetOptions{})
	require.NoError(t, err)
	require.Len(t, stored.Status.Bindings, 1)

	now := metav1.Now()
	tr.DeletionTimestamp = &now
	_, err = f.monitoringClient.MonitoringV1().ThanosRulers("default").Update(context.Background(), tr, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	require.NoError(t, f.sync("default", "example"))
	stored, err = f.monitoringClient.MonitoringV1().PrometheusRules("default").Get(context.Background(), "alerts", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Empty(t, stored.Status.Bindings, "bindings withdrawn on deletion")
	assert.NotContains(t, f.thanosRuler("default", "example").Finalizers, operator.StatusCleanupFinalizer)
}

func TestCustomGoverningService(t *testing.T) {
	f := newSyncFixture(t)
	f.add(storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) { tr.Spec.ServiceName = ptr.To("mine") })))
	assert.ErrorContains(t, f.sync("default", "example"), "governing Service mine (spec.serviceName) not found")

	f.add(&corev1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "mine"},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app.kubernetes.io/name": "thanos-ruler"}}})
	require.NoError(t, f.sync("default", "example"))
	statefulSet, err := f.statefulSet("default", "thanos-ruler-example")
	require.NoError(t, err)
	assert.Equal(t, "mine", statefulSet.Spec.ServiceName)
	_, err = f.kubeClient.CoreV1().Services("default").Get(context.Background(), "thanos-ruler-operated", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "no governing Service of ours when the user names one")
}

func TestMissingStorageClassStopsBeforeTheStatefulSet(t *testing.T) {
	f := newSyncFixture(t)
	f.add(storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) {
		tr.Spec.Storage = &monitoringv1.StorageSpec{}
		tr.Spec.Storage.VolumeClaimTemplate.Spec.StorageClassName = ptr.To("missing")
	})))
	assert.ErrorContains(t, f.sync("default", "example"), `storage class "missing"`)
	_, err := f.statefulSet("default", "thanos-ruler-example")
	assert.True(t, apierrors.IsNotFound(err))
	f.syncStatus("default", "example")
	assert.Equal(t, "StorageClassNotFound", workload.FindCondition(f.thanosRuler("default", "example").Status.Conditions, monitoringv1.ConditionReconciled).Reason)
}

func TestSecretOutageIsRetriedNotRefused(t *testing.T) {
	f := newSyncFixture(t)
	f.add(storedThanosRuler(fixtures.With(func(tr *monitoringv1.ThanosRuler) { tr.Spec.QueryConfig = secretKey("query", "query.yaml") })))
	f.kubeClient.PrependReactor("get", "secrets", func(k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewInternalError(fmt.Errorf("etcd is down"))
	})
	err := f.sync("default", "example")
	require.Error(t, err)
	assert.NotErrorIs(t, err, controller.ErrPermanent, "an outage is retried with backoff")
	_, err = f.statefulSet("default", "thanos-ruler-example")
	assert.True(t, apierrors.IsNotFound(err))
}
