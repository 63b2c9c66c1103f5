// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// selecting makes the Alertmanager select AlertmanagerConfigs labelled team=a.
func selecting(am *monitoringv1.Alertmanager) {
	am.Spec.AlertmanagerConfigSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"team": "a"}}
}

var teamA = map[string]string{"team": "a"}

func TestSyncCreatesUpstreamObjects(t *testing.T) {
	f := newFixture(t, fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(selecting)))
	require.NoError(t, f.sync("main"))

	for _, name := range []string{"alertmanager-main-generated", "alertmanager-main-tls-assets-0", "alertmanager-main-web-config", "alertmanager-main-cluster-tls-config"} {
		secret, err := f.kube.CoreV1().Secrets("monitoring").Get(f.ctx, name, metav1.GetOptions{})
		require.NoError(t, err, name)
		require.Len(t, secret.OwnerReferences, 1, name)
		assert.Equal(t, "Alertmanager", secret.OwnerReferences[0].Kind)
	}
	config := f.generatedConfig("main")
	assert.Contains(t, config, "receiver: \"null\"", "no user Secret: the default configuration")
	_, err := f.kube.CoreV1().Services("monitoring").Get(f.ctx, "alertmanager-operated", metav1.GetOptions{})
	require.NoError(t, err)
	statefulSet := f.statefulSet("main")
	assert.Equal(t, "alertmanager-operated", statefulSet.Spec.ServiceName)

	am := f.alertmanager("main")
	assert.Equal(t, "alertmanager=main,app.kubernetes.io/instance=main,app.kubernetes.io/managed-by=prometheus-operator,app.kubernetes.io/name=alertmanager", am.Status.Selector)
	assertCondition(t, am, monitoringv1.ConditionReconciled, monitoringv1.ConditionTrue, "")
	assertCondition(t, am, monitoringv1.ConditionAvailable, monitoringv1.ConditionFalse, "NoPodReady")

	// The StatefulSet controller reports the pod ready.
	statefulSet.Status = appsvStatus(1)
	_, err = f.kube.AppsV1().StatefulSets("monitoring").UpdateStatus(f.ctx, statefulSet, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	require.NoError(t, f.sync("main"))
	am = f.alertmanager("main")
	assertCondition(t, am, monitoringv1.ConditionAvailable, monitoringv1.ConditionTrue, "")
	assert.Equal(t, int32(1), am.Status.AvailableReplicas)

	// A converged Alertmanager costs no StatefulSet write.
	f.kube.ClearActions()
	require.NoError(t, f.sync("main"))
	for _, action := range f.kube.Actions() {
		assert.False(t, action.GetResource().Resource == "statefulsets" && action.GetVerb() == "update", "unexpected %v", action)
	}
}

func TestAlertmanagerConfigAddChangeDelete(t *testing.T) {
	f := newFixture(t, fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(selecting)))
	require.NoError(t, f.sync("main"))
	assert.NotContains(t, f.generatedConfig("main"), "monitoring/team-a/hook")

	f.add(fixtures.AlertmanagerConfig("team-a", fixtures.WithWebhookURL("http://hook.example/a"), fixtures.InNamespace("monitoring"), fixtures.WithLabels(teamA)))
	require.NoError(t, f.sync("main"))
	config := f.generatedConfig("main")
	assert.Contains(t, config, "name: monitoring/team-a/hook")
	assert.Contains(t, config, `namespace="monitoring"`)
	assert.Contains(t, config, "http://hook.example/a")
	binding := onlyBinding(t, f.alertmanagerConfig("monitoring", "team-a"))
	assert.Equal(t, "alertmanagers", binding.Resource)
	assert.Equal(t, "main", binding.Name)
	assert.Equal(t, monitoringv1.ConditionTrue, binding.Conditions[0].Status)

	changed := f.alertmanagerConfig("monitoring", "team-a")
	changed.Spec.Route.Matchers = []monitoringv1alpha1.Matcher{{Name: "severity", Value: "critical", MatchType: "="}}
	f.update(changed)
	require.NoError(t, f.sync("main"))
	assert.Contains(t, f.generatedConfig("main"), `severity="critical"`)

	unlabelled := f.alertmanagerConfig("monitoring", "team-a")
	unlabelled.Labels = nil
	f.update(unlabelled)
	require.NoError(t, f.sync("main"))
	assert.NotContains(t, f.generatedConfig("main"), "monitoring/team-a/hook")
	assert.Empty(t, f.alertmanagerConfig("monitoring", "team-a").Status.Bindings, "an unselected resource loses the binding")

	require.NoError(t, f.monitoring.MonitoringV1alpha1().AlertmanagerConfigs("monitoring").Delete(f.ctx, "team-a", metav1.DeleteOptions{}))
	f.refresh()
	require.NoError(t, f.sync("main"))
	assert.NotContains(t, f.generatedConfig("main"), "team-a")
}

func TestOneBadAlertmanagerConfigIsRejectedAlone(t *testing.T) {
	f := newFixture(t, fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(selecting)), fixtures.AlertmanagerConfig("good", fixtures.InNamespace("monitoring"), fixtures.WithLabels(teamA)))
	bad := fixtures.AlertmanagerConfig("bad", fixtures.WithWebhookURL(""), fixtures.InNamespace("monitoring"), fixtures.WithLabels(teamA))
	bad.Spec.Receivers[0].WebhookConfigs[0] = monitoringv1alpha1.WebhookConfig{URLSecret: &corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: "missing"}, Key: "url",
	}}
	f.add(bad)
	require.NoError(t, f.sync("main"))

	config := f.generatedConfig("main")
	assert.Contains(t, config, "monitoring/good/hook")
	assert.NotContains(t, config, "monitoring/bad/hook")
	rejected := onlyBinding(t, f.alertmanagerConfig("monitoring", "bad"))
	assert.Equal(t, monitoringv1.ConditionFalse, rejected.Conditions[0].Status)
	assert.Equal(t, "InvalidConfiguration", rejected.Conditions[0].Reason)
	assert.Contains(t, rejected.Conditions[0].Message, "missing", "the reason names what is wrong")
	assert.Equal(t, monitoringv1.ConditionTrue, onlyBinding(t, f.alertmanagerConfig("monitoring", "good")).Conditions[0].Status)
	events := strings.Join(f.events(), "\n")
	assert.Contains(t, events, "Warning InvalidConfiguration AlertmanagerConfig bad was rejected")
	assertCondition(t, f.alertmanager("main"), monitoringv1.ConditionReconciled, monitoringv1.ConditionTrue, "SomeResourcesRejected")
}

func TestNamespaceLabelChangeSelectsConfigs(t *testing.T) {
	f := newFixture(t,
		fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(selecting), fixtures.With(func(am *monitoringv1.Alertmanager) {
			am.Spec.AlertmanagerConfigNamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"alerting": "on"}}
		})),
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "apps"}},
		fixtures.AlertmanagerConfig("team-a", fixtures.WithWebhookURL("http://hook.example/apps"), fixtures.InNamespace("apps"), fixtures.WithLabels(teamA)),
	)
	require.NoError(t, f.sync("main"))
	assert.NotContains(t, f.generatedConfig("main"), "apps/team-a/hook")

	namespace, err := f.kube.CoreV1().Namespaces().Get(f.ctx, "apps", metav1.GetOptions{})
	require.NoError(t, err)
	old := namespace.DeepCopy()
	namespace.Labels = map[string]string{"alerting": "on"}
	namespace.ResourceVersion = "2"
	f.update(namespace)
	before := f.controller.Queues.Reconcile.Len()
	f.controller.namespaceHandler().OnUpdate(old, namespace)
	assert.Equal(t, before+1, f.controller.Queues.Reconcile.Len(), "the label change queues the Alertmanager")

	require.NoError(t, f.sync("main"))
	config := f.generatedConfig("main")
	assert.Contains(t, config, "name: apps/team-a/hook")
	assert.Contains(t, config, `namespace="apps"`)
}

func TestUserSecretChangeReachesTheConfiguration(t *testing.T) {
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "monitoring", Name: "alertmanager-main"},
		Data: map[string][]byte{
			"alertmanager.yaml": []byte("route:\n  receiver: first\nreceivers:\n- name: first\n"),
			"mail.tmpl":         []byte("{{ define \"x\" }}{{ end }}"),
		},
	}
	f := newFixture(t, fixtures.Alertmanager("main", fixtures.InNamespace("monitoring")), secret)
	require.NoError(t, f.sync("main"))
	assert.Equal(t, string(secret.Data["alertmanager.yaml"]), f.generatedConfig("main"), "unmanaged: copied verbatim")
	generated, err := f.kube.CoreV1().Secrets("monitoring").Get(f.ctx, "alertmanager-main-generated", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Contains(t, generated.Data, "mail.tmpl", "the other keys of the user Secret are copied")

	secret.Data["alertmanager.yaml"] = []byte("route:\n  receiver: second\nreceivers:\n- name: second\n")
	f.update(secret)
	before := f.controller.Queues.Reconcile.Len()
	f.controller.Assets.Observe(assets.Reference{Kind: assets.SecretKind, Namespace: "monitoring", Name: "alertmanager-main"}, "2", false)
	assert.Equal(t, before+1, f.controller.Queues.Reconcile.Len(), "the metadata informer's event queues the Alertmanager")
	require.NoError(t, f.sync("main"))
	assert.Contains(t, f.generatedConfig("main"), "receiver: second")
}

func TestPausedAlertmanagerIsLeftAlone(t *testing.T) {
	f := newFixture(t, fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(func(am *monitoringv1.Alertmanager) { am.Spec.Paused = true })))
	require.NoError(t, f.sync("main"))
	statefulSets, err := f.kube.AppsV1().StatefulSets("monitoring").List(f.ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.Empty(t, statefulSets.Items)
	am := f.alertmanager("main")
	assert.True(t, am.Status.Paused)
	assertCondition(t, am, monitoringv1.ConditionReconciled, monitoringv1.ConditionUnknown, "Paused")
}

func TestScaleChangesReplicasAndPeers(t *testing.T) {
	f := newFixture(t, fixtures.Alertmanager("main", fixtures.InNamespace("monitoring")))
	require.NoError(t, f.sync("main"))
	assert.Contains(t, f.statefulSet("main").Spec.Template.Spec.Containers[0].Args, "--cluster.listen-address=")

	am := f.alertmanager("main")
	am.Spec.Replicas = ptr.To[int32](3)
	f.update(am)
	require.NoError(t, f.sync("main"))
	statefulSet := f.statefulSet("main")
	assert.Equal(t, int32(3), *statefulSet.Spec.Replicas)
	args := statefulSet.Spec.Template.Spec.Containers[0].Args
	assert.Contains(t, args, "--cluster.listen-address=[$(POD_IP)]:9094")
	assert.Contains(t, args, "--cluster.peer=alertmanager-main-2.alertmanager-operated:9094")
}

func TestInvalidBaseConfigurationKeepsThePreviousSecret(t *testing.T) {
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: "monitoring", Name: "alertmanager-main"},
		Data:       map[string][]byte{"alertmanager.yaml": []byte("route:\n  receiver: ok\nreceivers:\n- name: ok\n")},
	}
	f := newFixture(t, fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(selecting)), secret)
	require.NoError(t, f.sync("main"))
	before := f.generatedConfig("main")

	secret.Data["alertmanager.yaml"] = []byte("route:\n  receiver: nowhere\n")
	f.update(secret)
	f.controller.Assets.Observe(assets.Reference{Kind: assets.SecretKind, Namespace: "monitoring", Name: "alertmanager-main"}, "2", false)
	require.Error(t, f.sync("main"))
	assert.Equal(t, before, f.generatedConfig("main"))
	assertCondition(t, f.alertmanager("main"), monitoringv1.ConditionReconciled, monitoringv1.ConditionFalse, "InvalidConfiguration")
	assert.Contains(t, strings.Join(f.events(), "\n"), "Warning InvalidConfiguration")
}

func assertCondition(t *testing.T, am *monitoringv1.Alertmanager, conditionType monitoringv1.ConditionType, status monitoringv1.ConditionStatus, reason string) {
	t.Helper()
	condition := workload.FindCondition(am.Status.Conditions, conditionType)
	require.NotNil(t, condition, "no %s condition in %+v", conditionType, am.Status.Conditions)
	assert.Equal(t, status, condition.Status, "%s: %s %s", conditionType, condition.Reason, condition.Message)
	if reason != "" {
		assert.Equal(t, reason, condition.Reason, condition.Message)
	}
}

func onlyBinding(t *testing.T, config *monitoringv1alpha1.AlertmanagerConfig) monitoringv1.WorkloadBinding {
	t.Helper()
	require.Len(t, config.Status.Bindings, 1)
	require.Len(t, config.Status.Bindings[0].Conditions, 1)
	return config.Status.Bindings[0]
}

func TestMissingStorageClassStopsBeforeTheStatefulSet(t *testing.T) {
	f := newFixture(t, fixtures.Alertmanager("main", fixtures.InNamespace("monitoring"), fixtures.With(func(am *monitoringv1.Alertmanager) {
		am.Spec.Storage = &monitoringv1.StorageSpec{VolumeClaimTemplate: monitoringv1.EmbeddedPersistentVolumeClaim{
			Spec: corev1.PersistentVolumeClaimSpec{StorageClassName: ptr.To("missing")},
		}}
	})))
	require.Error(t, f.sync("main"))
	statefulSets, err := f.kube.AppsV1().StatefulSets("monitoring").List(f.ctx, metav1.ListOptions{})
	require.NoError(t, err)
	assert.Empty(t, statefulSets.Items)
	assertCondition(t, f.alertmanager("main"), monitoringv1.ConditionReconciled, monitoringv1.ConditionFalse, "StorageClassNotFound")
}
