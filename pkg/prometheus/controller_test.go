// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	k8stesting "k8s.io/client-go/testing"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func namespace(name string, labels map[string]string) *corev1.Namespace {
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
}

func refNames(refs []workloadRef) []string {
	var names []string
	for _, ref := range refs {
		names = append(names, ref.controller.kind.controllerName()+":"+ref.namespace+"/"+ref.name)
	}
	slices.Sort(names)
	return names
}

func TestOneMappingFromResourceEventsToWorkloads(t *testing.T) {
	f := newFixture(t)
	f.add(namespace("team-a", map[string]string{"monitored": "yes"}), namespace("team-b", nil))
	ownNamespace := fixtures.Prometheus("own", selectsFrontend)
	everywhere := fixtures.Prometheus("everywhere", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.ServiceMonitorNamespaceSelector = &metav1.LabelSelector{}
	}))
	labelled := fixtures.Prometheus("labelled", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.ServiceMonitorNamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"monitored": "yes"}}
	}))
	selectsNothing := fixtures.Prometheus("nothing", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.ServiceMonitorSelector = nil }))
	agent := fixtures.PrometheusAgent("agent", frontendAgent(monitoringv1alpha1.StatefulSetPrometheusAgentMode))
	f.add(ownNamespace, everywhere, labelled, selectsNothing, agent)

	tests := map[string]struct {
		kind      configKind
		namespace string
		want      []string
	}{
		"a ServiceMonitor in the workloads' namespace": {
			kind: serviceMonitorKind, namespace: "default",
			want: []string{"prometheus-agent:default/agent", "prometheus:default/everywhere", "prometheus:default/own"},
		},
		"a ServiceMonitor in a labelled namespace": {
			kind: serviceMonitorKind, namespace: "team-a",
			want: []string{"prometheus:default/everywhere", "prometheus:default/labelled"},
		},
		"a ServiceMonitor in an unlabelled namespace": {
			kind: serviceMonitorKind, namespace: "team-b", want: []string{"prometheus:default/everywhere"},
		},
		"a PodMonitor is only for workloads selecting PodMonitors": {
			kind: podMonitorKind, namespace: "default", want: []string{"prometheus-agent:default/agent"},
		},
		"a PrometheusRule never maps to an agent": {
			kind: ruleKind, namespace: "default", want: nil,
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			require.Equal(t, test.want, refNames(f.operator.workloadsForResource(test.kind, test.namespace)))
		})
	}
}

func TestNamespaceLabelChangeMapsToWorkloadsWhoseSelectionChanged(t *testing.T) {
	f := newFixture(t)
	labelled := fixtures.Prometheus("labelled", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) {
		p.Spec.PodMonitorSelector = &metav1.LabelSelector{}
		p.Spec.PodMonitorNamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"monitored": "yes"}}
	}))
	f.add(labelled, fixtures.Prometheus("own", selectsFrontend))

	entered := f.operator.workloadsForNamespaceChange(namespaceRelabelled("team-a", nil, labels.Set{"monitored": "yes"}))
	require.Equal(t, []string{"prometheus:default/labelled"}, refNames(entered))
	unrelated := f.operator.workloadsForNamespaceChange(namespaceRelabelled("team-a", labels.Set{"x": "1"}, labels.Set{"x": "2"}))
	require.Empty(t, unrelated)
	deleted := f.operator.workloadsForNamespaceChange(namespaceDeleted("team-a", labels.Set{"monitored": "yes"}))
	require.Equal(t, []string{"prometheus:default/labelled"}, refNames(deleted))
	created := f.operator.workloadsForNamespaceChange(namespaceCreated("team-b", labels.Set{"monitored": "yes"}))
	require.Equal(t, []string{"prometheus:default/labelled"}, refNames(created))
	require.Empty(t, f.operator.workloadsForNamespaceChange(namespaceCreated("team-c", labels.Set{"x": "1"})))
}

func TestSelectionSemantics(t *testing.T) {
	f := newFixture(t)
	f.add(namespace("team-a", map[string]string{"monitored": "yes"}), namespace("team-b", nil))
	monitor := func(namespace, name string, labels map[string]string) *monitoringv1.ServiceMonitor {
		m := fixtures.ServiceMonitor(name, frontendTeam)
		m.Namespace, m.Labels = namespace, labels
		return m
	}
	f.add(
		monitor("default", "front", map[string]string{"team": "frontend"}),
		monitor("default", "back", map[string]string{"team": "backend"}),
		monitor("team-a", "front", map[string]string{"team": "frontend"}),
		monitor("team-b", "front", map[string]string{"team": "frontend"}),
	)
	frontend := &metav1.LabelSelector{MatchLabels: map[string]string{"team": "frontend"}}
	tests := map[string]struct {
		selector, namespaceSelector *metav1.LabelSelector
		want                        []string
	}{
		"a nil selector selects nothing":                        {selector: nil, want: nil},
		"an empty selector selects everything of the namespace": {selector: &metav1.LabelSelector{}, want: []string{"default/back", "default/front"}},
		"a nil namespace selector means the own namespace":      {selector: frontend, want: []string{"default/front"}},
		"an empty namespace selector means every namespace": {
			selector: frontend, namespaceSelector: &metav1.LabelSelector{},
			want: []string{"default/front", "team-a/front", "team-b/front"},
		},
		"a namespace selector picks namespaces by label": {
			selector: frontend, namespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"monitored": "yes"}},
			want: []string{"team-a/front"},
		},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			p := fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) {
				p.Spec.ServiceMonitorSelector = test.selector
				p.Spec.ServiceMonitorNamespaceSelector = test.namespaceSelector
			}))
			selected, err := f.operator.selectResources(p)
			require.NoError(t, err)
			var got []string
			for _, m := range selected.serviceMonitors {
				got = append(got, m.Namespace+"/"+m.Name)
			}
			require.Equal(t, test.want, got)
		})
	}
}

func TestInvalidUpdateDeletesTheStatefulSetForRecreation(t *testing.T) {
	f := newFixture(t)
	f.add(fixtures.Prometheus("main", selectsFrontend))
	f.sync("prometheus", "default", "main")
	f.kubeClient.PrependReactor("update", "statefulsets", func(action k8stesting.Action) (bool, runtime.Object, error) {
		return true, nil, apierrors.NewInvalid(schema.GroupKind{Group: "apps", Kind: "StatefulSet"}, "prometheus-main",
			field.ErrorList{field.Forbidden(field.NewPath("spec"), "updates to this field are forbidden")})
	})
	stored := f.storedPrometheus("main")
	stored.Spec.PortName = "changed"
	_, err := f.monitoringClient.MonitoringV1().Prometheuses("default").Update(f.ctx, stored, metav1.UpdateOptions{})
	require.NoError(t, err)
	f.refresh()
	f.clearActions()
	f.sync("prometheus", "default", "main")

	require.Contains(t, f.writes(), "delete statefulsets prometheus-main")
	for _, action := range f.kubeClient.Actions() {
		if deleteAction, ok := action.(k8stesting.DeleteAction); ok && deleteAction.GetResource().Resource == "statefulsets" {
			require.Equal(t, metav1.DeletePropagationForeground, *deleteAction.GetDeleteOptions().PropagationPolicy)
		}
	}
}

func TestOwnedWorkloadEventsReachTheRightQueue(t *testing.T) {
	f := newFixture(t)
	p := fixtures.Prometheus("main", selectsFrontend)
	f.add(p)
	c := f.controllerFor("prometheus")
	handler := f.operator.ownedWorkloadHandler()
	owned := &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{
		Namespace: "default", Name: "prometheus-main", ResourceVersion: "1", Generation: 1,
		OwnerReferences: []metav1.OwnerReference{objectmeta.ControllerReference(p, monitoringv1.SchemeGroupVersion.WithKind("Prometheus"))},
	}}
	replicasOnly := owned.DeepCopy()
	replicasOnly.ResourceVersion, replicasOnly.Status.ReadyReplicas = "2", 1
	handler.OnUpdate(owned, replicasOnly)
	require.Equal(t, 0, c.queue.Len(), "a status change does not reconcile")
	require.Equal(t, 1, c.statusQueue.Len())

	edited := replicasOnly.DeepCopy()
	edited.ResourceVersion, edited.Generation = "3", 2
	handler.OnUpdate(replicasOnly, edited)
	require.Equal(t, 1, c.queue.Len(), "someone edited the spec: reconcile")

	require.Equal(t, 0, f.controllerFor("prometheus-agent").queue.Len())
}

func TestChangedReferencedSecretRequeuesItsReader(t *testing.T) {
	f := newFixture(t)
	c := f.controllerFor("prometheus")
	view := f.operator.assets.ForReader(context.Background(), readerKey(c.kind, "default", "main"))
	_, err := view.SecretKey("default", *secretKey("creds", "password"))
	require.Error(t, err, "not there yet")

	f.operator.assets.Observe(assets.Reference{Kind: assets.SecretKind, Namespace: "default", Name: "creds"}, "1", false)
	require.Equal(t, 1, c.queue.Len())
	require.Equal(t, 0, f.controllerFor("prometheus-agent").queue.Len())
}

func TestReloaderWatchingTheAPIGetsARole(t *testing.T) {
	f := newFixture(t, func(c *operator.Config) { c.Reloader.WatchAPI = true })
	f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.ServiceAccountName = "prometheus" })))
	f.sync("prometheus", "default", "main")

	role, err := f.kubeClient.RbacV1().Roles("default").Get(f.ctx, "prometheus-main-config-reloader", metav1.GetOptions{})
	require.NoError(t, err)
	var secrets, configMaps []string
	for _, rule := range role.Rules {
		switch rule.Resources[0] {
		case "secrets":
			secrets = rule.ResourceNames
		case "configmaps":
			configMaps = rule.ResourceNames
		}
	}
	require.Equal(t, []string{"prometheus-main"}, secrets)
	require.Equal(t, []string{"prometheus-main-rulefiles-0", "prometheus-main-rulefiles-1", "prometheus-main-rulefiles-2"}, configMaps)
	binding, err := f.kubeClient.RbacV1().RoleBindings("default").Get(f.ctx, "prometheus-main-config-reloader", metav1.GetOptions{})
	require.NoError(t, err)
	require.Equal(t, "prometheus", binding.Subjects[0].Name)

	f.sync("prometheus", "default", "main")
	f.clearActions()
	f.sync("prometheus", "default", "main")
	require.Empty(t, f.writes())
}

func TestNoRoleWithoutAPIWatching(t *testing.T) {
	f := newFixture(t)
	f.add(fixtures.Prometheus("main", selectsFrontend))
	f.sync("prometheus", "default", "main")
	roles, err := f.kubeClient.RbacV1().Roles("default").List(f.ctx, metav1.ListOptions{})
	require.NoError(t, err)
	require.Empty(t, roles.Items)
}
