// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/webconfig"
)

// Name prefixes and fixed object names.
const (
	serverPrefix = "prometheus"
	agentPrefix  = "prom-agent"

	// ServerGoverningServiceName is the headless Service shared by every
	// Prometheus of a namespace.
	ServerGoverningServiceName = "prometheus-operated"
	// AgentGoverningServiceName is the headless Service shared by every
	// PrometheusAgent of a namespace.
	AgentGoverningServiceName = "prometheus-agent-operated"

	// MinRuleConfigMaps is how many rule ConfigMap names are always mounted,
	// existing or not, so that growing the rules up to that many ConfigMaps
	// does not change the pod template.
	MinRuleConfigMaps = 3

	thanosHTTPClientSuffix = "thanos-prometheus-http-client-file"
)

// Prefix returns "prometheus" for a Prometheus and "prom-agent" for a
// PrometheusAgent: the start of the name of every object generated for it.
func Prefix(p monitoringv1.PrometheusInterface) string { return factsOf(p).prefix }

// PrefixedName returns "<prefix>-<name>", e.g. "prometheus-main".
func PrefixedName(p monitoringv1.PrometheusInterface) string {
	return Prefix(p) + "-" + p.GetName()
}

// ShardCount is the number of StatefulSets the object asks for: spec.shards,
// or one when it is unset or below one.
func ShardCount(p monitoringv1.PrometheusInterface) int32 {
	return p.GetCommonPrometheusFields().ShardCount()
}

// StatefulSetName names the StatefulSet of one shard: the prefixed name for
// shard 0, "<prefixed name>-shard-<n>" for the others.
func StatefulSetName(p monitoringv1.PrometheusInterface, shard int32) string {
	if shard == 0 {
		return PrefixedName(p)
	}
	return fmt.Sprintf("%s-shard-%d", PrefixedName(p), shard)
}

// ExpectedStatefulSetNames lists the StatefulSet names of every shard, in
// shard order.
func ExpectedStatefulSetNames(p monitoringv1.PrometheusInterface) []string {
	count := ShardCount(p)
	names := make([]string, 0, count)
	for shard := range count {
		names = append(names, StatefulSetName(p, shard))
	}
	return names
}

// DaemonSetName names the DaemonSet of an agent in DaemonSet mode.
func DaemonSetName(p *monitoringv1alpha1.PrometheusAgent) string {
	return PrefixedName(p)
}

// GoverningServiceName returns the name of the default governing Service of
// the object's kind, the one the operator creates.
func GoverningServiceName(p monitoringv1.PrometheusInterface) string {
	return factsOf(p).governingService
}

// StatefulSetServiceName returns the Service the StatefulSets name as their
// governing Service: spec.serviceName when set, else the default one.
func StatefulSetServiceName(p monitoringv1.PrometheusInterface) string {
	if name := p.GetCommonPrometheusFields().ServiceName; name != nil {
		return *name
	}
	return GoverningServiceName(p)
}

// ConfigSecretName names the Secret holding the gzipped configuration.
func ConfigSecretName(p monitoringv1.PrometheusInterface) string {
	return PrefixedName(p)
}

// TLSAssetsSecretBaseName is the name the tls-assets Secret shards derive
// from: shard i is "<base>-<i>".
func TLSAssetsSecretBaseName(p monitoringv1.PrometheusInterface) string {
	return PrefixedName(p) + "-tls-assets"
}

// TLSAssetsSecretNames names the first count tls-assets Secret shards; at
// least one, since the volume always projects shard 0.
func TLSAssetsSecretNames(p monitoringv1.PrometheusInterface, count int) []string {
	count = max(count, 1)
	names := make([]string, 0, count)
	for index := range count {
		names = append(names, assets.TLSAssetsSecretName(TLSAssetsSecretBaseName(p), index))
	}
	return names
}

// WebConfigLayout is where the web configuration of p lives: its Secret,
// the folder it is mounted in and the file name.
func WebConfigLayout(p monitoringv1.PrometheusInterface) webconfig.Layout {
	return webconfig.Layout{Dir: WebConfigDir, FileName: WebConfigFileName, SecretName: WebConfigSecretName(p)}
}

// WebConfigSecretName names the Secret holding web-config.yaml.
func WebConfigSecretName(p monitoringv1.PrometheusInterface) string {
	return PrefixedName(p) + "-web-config"
}

// ThanosHTTPClientSecretName names the Secret holding the HTTP client file
// the Thanos sidecar uses to reach Prometheus.
func ThanosHTTPClientSecretName(p monitoringv1.PrometheusInterface) string {
	return PrefixedName(p) + "-" + thanosHTTPClientSuffix
}

// RuleConfigMapName names the index-th ConfigMap holding rule files.
func RuleConfigMapName(p monitoringv1.PrometheusInterface, index int) string {
	return fmt.Sprintf("%s-rulefiles-%d", PrefixedName(p), index)
}

// RuleConfigMapNames returns the rule ConfigMap names to mount for existing
// ConfigMaps, padded to MinRuleConfigMaps names.
func RuleConfigMapNames(p monitoringv1.PrometheusInterface, existing int) []string {
	count := max(existing, MinRuleConfigMaps)
	names := make([]string, 0, count)
	for index := range count {
		names = append(names, RuleConfigMapName(p, index))
	}
	return names
}

// DataVolumeName is the default name of the volume holding the TSDB (or the
// agent's WAL): "<prefixed name>-db".
func DataVolumeName(p monitoringv1.PrometheusInterface) string {
	return PrefixedName(p) + "-db"
}

// DataVolumeClaimName is the name of the data volume as the pods see it: the
// volume claim template's name when storage sets one, else DataVolumeName.
func DataVolumeClaimName(p monitoringv1.PrometheusInterface) string {
	if storage := p.GetCommonPrometheusFields().Storage; storage != nil && storage.VolumeClaimTemplate.Name != "" {
		return storage.VolumeClaimTemplate.Name
	}
	return DataVolumeName(p)
}
