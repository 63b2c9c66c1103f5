// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8stesting "k8s.io/client-go/testing"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped/gzippedtest"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

func TestAnOutageReadingASecretKeepsTheLastGoodConfigAndRetries(t *testing.T) {
	f := newFixture(t)
	f.add(&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "creds"},
		Data: map[string][]byte{"user": []byte("scraper"), "password": []byte("s3cret")}})
	f.add(fixtures.Prometheus("main", selectsFrontend), fixtures.ServiceMonitor("web", frontendTeam, fixtures.With(func(m *monitoringv1.ServiceMonitor) {
		m.Spec.Endpoints[0].BasicAuth = &monitoringv1.BasicAuth{Username: *secretKey("creds", "user"), Password: *secretKey("creds", "password")}
	})))
	f.sync("prometheus", "default", "main")
	before := f.generatedConfig("default", "prometheus-main")
	require.Contains(t, before, "serviceMonitor/default/web/0")

	// The Secret changes, and reading it again fails on the server side.
	f.kubeClient.PrependReactor("get", "secrets", func(action k8stesting.Action) (bool, runtime.Object, error) {
		if action.(k8stesting.GetAction).GetName() == "creds" {
			return true, nil, apierrors.NewInternalError(errors.New("etcd timeout"))
		}
		return false, nil, nil
	})
	f.operator.assets.Observe(assets.Reference{Kind: assets.SecretKind, Namespace: "default", Name: "creds"}, "99", false)
	err := f.trySync("prometheus", "default", "main")
	require.ErrorIs(t, err, assets.ErrUnavailable, "the sync fails, to be retried with backoff")
	assert.Equal(t, before, f.generatedConfig("default", "prometheus-main"), "the last good configuration is kept")
}

func TestReadingBackTheConfigSecretIsBounded(t *testing.T) {
	_, err := readConfig(gzippedtest.Bomb(t, 2*gzipped.MaxSize))
	require.ErrorIs(t, err, gzipped.ErrTooLarge)

	f := newFixture(t)
	f.add(&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "prometheus-main"},
		Data: map[string][]byte{"prometheus.yaml.gz": gzippedtest.Bomb(t, 1<<30)}})
	f.add(fixtures.Prometheus("main", selectsFrontend))
	f.sync("prometheus", "default", "main")
	assert.Contains(t, f.generatedConfig("default", "prometheus-main"), "global:", "the bomb is replaced")
}

func TestWatchAPIModeNeverGrantsTheDefaultServiceAccount(t *testing.T) {
	f := newFixture(t, func(c *operator.Config) { c.Reloader.WatchAPI = true })
	f.add(fixtures.Prometheus("main", selectsFrontend)) // No serviceAccountName: the pods run as "default".
	f.sync("prometheus", "default", "main")

	_, err := f.kubeClient.RbacV1().RoleBindings("default").Get(f.ctx, "prometheus-main-config-reloader", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err), "no RoleBinding for the default service account")
	_, err = f.kubeClient.RbacV1().Roles("default").Get(f.ctx, "prometheus-main-config-reloader", metav1.GetOptions{})
	assert.True(t, apierrors.IsNotFound(err))
	statefulSet, err := f.kubeClient.AppsV1().StatefulSets("default").Get(f.ctx, "prometheus-main", metav1.GetOptions{})
	require.NoError(t, err)
	for _, container := range statefulSet.Spec.Template.Spec.Containers {
		assert.NotContains(t, strings.Join(container.Args, " "), "--watch-secret", "the reloader falls back to the mounted files")
	}
	reconciled := findCondition(f.storedPrometheus("main").Status.Conditions, monitoringv1.ConditionReconciled)
	require.NotNil(t, reconciled)
	assert.Contains(t, reconciled.Message, "serviceAccountName")
}

func TestARoleBindingWeDoNotOwnIsNeverTakenOver(t *testing.T) {
	f := newFixture(t, func(c *operator.Config) { c.Reloader.WatchAPI = true })
	foreign := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "prometheus-main-config-reloader"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: "prometheus-main-config-reloader"},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: "someone-else", Namespace: "default"}},
	}
	_, err := f.kubeClient.RbacV1().RoleBindings("default").Create(f.ctx, foreign, metav1.CreateOptions{})
	require.NoError(t, err)
	f.add(fixtures.Prometheus("main", selectsFrontend, fixtures.With(func(p *monitoringv1.Prometheus) { p.Spec.ServiceAccountName = "prometheus" })))
	err = f.trySync("prometheus", "default", "main")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not owned")

	stored, err := f.kubeClient.RbacV1().RoleBindings("default").Get(f.ctx, "prometheus-main-config-reloader", metav1.GetOptions{})
	require.NoError(t, err)
	assert.Equal(t, "someone-else", stored.Subjects[0].Name, "the foreign binding is left alone")
}
