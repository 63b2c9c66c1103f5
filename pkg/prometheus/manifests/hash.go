// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"slices"

	appsv1 "k8s.io/api/apps/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// hashInputs is everything a generated workload depends on. Maps encode with
// sorted keys, so equal inputs encode to equal bytes.
type hashInputs struct {
	Kind        string
	Namespace   string
	Name        string
	Labels      map[string]string
	Annotations map[string]string
	Generation  int64
	// Spec is the whole spec: the generation alone misses changes where the
	// API server does not bump it (and fake clients never do).
	Spec           any
	Operator       operatorInputs
	RuleConfigMaps []string
	TLSAssets      []string
	ConfigSiblings []string `json:",omitempty"`
	Shard          int32
	// ExistingStatefulSet and ExistingDaemonSet make a stored workload that
	// someone else edited differ from its hash, so it gets updated back.
	ExistingStatefulSet *appsv1.StatefulSetSpec `json:",omitempty"`
	ExistingDaemonSet   *appsv1.DaemonSetSpec   `json:",omitempty"`
}

// operatorInputs are the parts of the operator configuration the builders read.
type operatorInputs struct {
	Labels           map[string]string
	Annotations      map[string]string
	LocalHost        string
	Reloader         operator.ReloaderConfig
	PrometheusImage  string
	ThanosImage      string
	TopologySharding bool
}

// InputHash digests the inputs of a workload: the object's labels,
// annotations, generation and spec, the operator settings the builders use,
// the rule ConfigMap names (as a set), the tls-assets Secret names, the
// shard, and the stored workload's spec given in opts (its
// revisionHistoryLimit aside, which others may tune). StatefulSet and
// DaemonSet put it in the prometheus-operator-input-hash annotation; when
// the stored annotation holds the same value, updating would change nothing.
func InputHash(p monitoringv1.PrometheusInterface, opts Options) (string, error) {
	opts = resolvedOptions(opts, p)
	config := opts.Config
	inputs := hashInputs{
		Kind:        GroupVersionKind(p).Kind,
		Namespace:   p.GetNamespace(),
		Name:        p.GetName(),
		Labels:      p.GetLabels(),
		Annotations: p.GetAnnotations(),
		Generation:  p.GetGeneration(),
		Operator: operatorInputs{
			Labels:           config.Labels,
			Annotations:      config.Annotations,
			LocalHost:        config.LocalHost,
			Reloader:         config.Reloader,
			PrometheusImage:  config.PrometheusDefaultBaseImage,
			ThanosImage:      config.ThanosDefaultBaseImage,
			TopologySharding: config.Gates.Enabled(operator.GatePrometheusTopologySharding),
		},
		RuleConfigMaps: slices.Sorted(slices.Values(opts.RuleConfigMapNames)),
		TLSAssets:      opts.TLSAssetSecretNames,
		ConfigSiblings: opts.ConfigSiblingSecretNames,
		Shard:          opts.Shard,
	}
	inputs.Spec = specOf(p)
	inputs.ExistingStatefulSet = objectmeta.WithoutRevisionHistoryLimit(opts.ExistingStatefulSetSpec)
	if existing := opts.ExistingDaemonSetSpec; existing != nil {
		trimmed := *existing
		trimmed.RevisionHistoryLimit = nil
		inputs.ExistingDaemonSet = &trimmed
	}

	hash, err := objectmeta.InputHash(inputs)
	if err != nil {
		return "", fmt.Errorf("encode the inputs of %s/%s for hashing: %w", p.GetNamespace(), p.GetName(), err)
	}
	return hash, nil
}
