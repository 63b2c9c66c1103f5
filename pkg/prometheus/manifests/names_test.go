// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"testing"

	"github.com/stretchr/testify/assert"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func TestNames(t *testing.T) {
	server, agent := fixtures.Prometheus("main"), fixtures.PrometheusAgent("main")
	tests := map[string]struct {
		got, want any
	}{
		"a server's objects start with prometheus-":      {PrefixedName(server), "prometheus-main"},
		"an agent's objects start with prom-agent-":      {PrefixedName(agent), "prom-agent-main"},
		"shard 0 keeps the prefixed name":                {StatefulSetName(server, 0), "prometheus-main"},
		"later shards get a -shard- suffix":              {StatefulSetName(agent, 2), "prom-agent-main-shard-2"},
		"the config Secret is the prefixed name":         {ConfigSecretName(agent), "prom-agent-main"},
		"the web config Secret":                          {WebConfigSecretName(server), "prometheus-main-web-config"},
		"tls-assets shards are numbered from 0":          {TLSAssetsSecretNames(server, 2), []string{"prometheus-main-tls-assets-0", "prometheus-main-tls-assets-1"}},
		"at least one tls-assets shard is named":         {TLSAssetsSecretNames(server, 0), []string{"prometheus-main-tls-assets-0"}},
		"the thanos http client Secret":                  {ThanosHTTPClientSecretName(server), "prometheus-main-thanos-prometheus-http-client-file"},
		"servers share prometheus-operated":              {GoverningServiceName(server), "prometheus-operated"},
		"agents share prometheus-agent-operated":         {GoverningServiceName(agent), "prometheus-agent-operated"},
		"the data volume is <prefixed name>-db":          {DataVolumeName(agent), "prom-agent-main-db"},
		"the DaemonSet is the prefixed name":             {DaemonSetName(fixtures.PrometheusAgent("main", fixtures.WithAgentMode(monitoringv1alpha1.DaemonSetPrometheusAgentMode))), "prom-agent-main"},
		"rule ConfigMap names are padded to three":       {RuleConfigMapNames(server, 1), []string{"prometheus-main-rulefiles-0", "prometheus-main-rulefiles-1", "prometheus-main-rulefiles-2"}},
		"rule ConfigMap names grow past three as needed": {len(RuleConfigMapNames(server, 5)), 5},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) { assert.Equal(t, test.want, test.got) })
	}
}

func TestExpectedStatefulSetNames(t *testing.T) {
	tests := map[string]struct {
		shards *int32
		want   []string
	}{
		"unset shards mean one StatefulSet": {nil, []string{"prometheus-main"}},
		"zero shards mean one StatefulSet":  {ptrTo[int32](0), []string{"prometheus-main"}},
		"negative shards mean one":          {ptrTo[int32](-3), []string{"prometheus-main"}},
		"three shards":                      {ptrTo[int32](3), []string{"prometheus-main", "prometheus-main-shard-1", "prometheus-main-shard-2"}},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			p := fixtures.Prometheus("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Shards = test.shards }))
			assert.Equal(t, test.want, ExpectedStatefulSetNames(p))
		})
	}
}

func TestStatefulSetServiceName(t *testing.T) {
	assert.Equal(t, "prometheus-operated", StatefulSetServiceName(fixtures.Prometheus("main")))
	custom := fixtures.PrometheusAgent("main", fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { c.ServiceName = ptrTo("mine") }))
	assert.Equal(t, "mine", StatefulSetServiceName(custom))
}

func TestLogFilePath(t *testing.T) {
	assert.Equal(t, "/var/log/prometheus/query.log", LogFilePath("query.log"))
	assert.Equal(t, "/data/query.log", LogFilePath("/data/query.log"))
	assert.Empty(t, LogFilePath(""))
}

func ptrTo[T any](value T) *T { return &value }
