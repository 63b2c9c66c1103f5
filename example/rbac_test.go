// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package example

import (
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	rbacv1 "k8s.io/api/rbac/v1"
	"sigs.k8s.io/yaml"
)

// operatorCalls is every API call of the operator binary, by group, resource
// and verb, as found in the code (client calls, informers, the event
// recorder, leader election). The ClusterRole must grant exactly these.
var operatorCalls = map[string][]string{
	"monitoring.coreos.com/prometheuses":                {"get", "list", "watch", "patch"},
	"monitoring.coreos.com/prometheusagents":            {"get", "list", "watch", "patch"},
	"monitoring.coreos.com/thanosrulers":                {"get", "list", "watch", "patch"},
	"monitoring.coreos.com/alertmanagers":               {"get", "list", "watch"},
	"monitoring.coreos.com/alertmanagers/finalizers":    {"update"},
	"monitoring.coreos.com/prometheuses/finalizers":     {"update"},
	"monitoring.coreos.com/prometheusagents/finalizers": {"update"},
	"monitoring.coreos.com/thanosrulers/finalizers":     {"update"},
	"monitoring.coreos.com/alertmanagers/status":        {"update"},
	"monitoring.coreos.com/prometheuses/status":         {"update"},
	"monitoring.coreos.com/prometheusagents/status":     {"update"},
	"monitoring.coreos.com/thanosrulers/status":         {"update"},
	"monitoring.coreos.com/alertmanagerconfigs":         {"get", "list", "watch"},
	"monitoring.coreos.com/podmonitors":                 {"get", "list", "watch"},
	"monitoring.coreos.com/probes":                      {"get", "list", "watch"},
	"monitoring.coreos.com/prometheusrules":             {"get", "list", "watch"},
	"monitoring.coreos.com/scrapeconfigs":               {"get", "list", "watch"},
	"monitoring.coreos.com/servicemonitors":             {"get", "list", "watch"},
	"monitoring.coreos.com/alertmanagerconfigs/status":  {"update"},
	"monitoring.coreos.com/podmonitors/status":          {"update"},
	"monitoring.coreos.com/probes/status":               {"update"},
	"monitoring.coreos.com/prometheusrules/status":      {"update"},
	"monitoring.coreos.com/scrapeconfigs/status":        {"update"},
	"monitoring.coreos.com/servicemonitors/status":      {"update"},
	"apps/statefulsets":                                 {"get", "list", "watch", "create", "update", "delete"},
	"apps/daemonsets":                                   {"list", "watch", "create", "update", "delete"},
	"/configmaps":                                       {"get", "list", "watch", "create", "update", "delete"},
	"/secrets":                                          {"get", "list", "watch", "create", "update", "delete"},
	"/pods":                                             {"list", "delete"},
	"/pods/eviction":                                    {"create"},
	"/services":                                         {"get", "create", "update"},
	"/endpoints":                                        {"get", "create", "update"},
	"discovery.k8s.io/endpointslices":                   {"list", "create", "update", "delete"},
	"/nodes":                                            {"list"},
	"/namespaces":                                       {"list", "watch"},
	"/events":                                           {"create", "patch"},
	"storage.k8s.io/storageclasses":                     {"get"},
	"coordination.k8s.io/leases":                        {"get", "create", "update"},
}

func readClusterRole(t *testing.T, path string) *rbacv1.ClusterRole {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var role rbacv1.ClusterRole
	require.NoError(t, yaml.UnmarshalStrict(data, &role))
	return &role
}

// granted flattens the rules into "group/resource" -> sorted verbs.
func granted(role *rbacv1.ClusterRole) map[string][]string {
	out := map[string][]string{}
	for _, rule := range role.Rules {
		for _, group := range rule.APIGroups {
			for _, resource := range rule.Resources {
				key := group + "/" + resource
				out[key] = append(out[key], rule.Verbs...)
			}
		}
	}
	for key, verbs := range out {
		slices.Sort(verbs)
		out[key] = slices.Compact(verbs)
	}
	return out
}

func TestTheClusterRoleGrantsExactlyWhatTheOperatorCalls(t *testing.T) {
	want := map[string][]string{}
	for key, verbs := range operatorCalls {
		want[key] = slices.Sorted(slices.Values(verbs))
	}
	role := readClusterRole(t, "rbac/prometheus-operator/prometheus-operator-cluster-role.yaml")
	assert.Equal(t, want, granted(role))
}

func TestTheWatchAPIRoleOnlyManagesRolesAndBindings(t *testing.T) {
	role := readClusterRole(t, "rbac/config-reloader-watch-api/config-reloader-watch-api-cluster-role.yaml")
	assert.Equal(t, map[string][]string{
		"rbac.authorization.k8s.io/roles":        {"create", "get", "update"},
		"rbac.authorization.k8s.io/rolebindings": {"create", "get", "update"},
	}, granted(role))
}
