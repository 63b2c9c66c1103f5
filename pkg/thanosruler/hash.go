// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/cespare/xxhash/v2"
	appsv1 "k8s.io/api/apps/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// hashInputs is everything the StatefulSet depends on. Maps encode with
// sorted keys, so equal inputs encode to equal bytes.
type hashInputs struct {
	Namespace   string
	Name        string
	Labels      map[string]string
	Annotations map[string]string
	Generation  int64
	// Spec is the whole spec: the generation alone misses changes where
	// the API server does not bump it (and fake clients never do).
	Spec           monitoringv1.ThanosRulerSpec
	Operator       operatorInputs
	RuleConfigMaps []string
	TLSAssets      []string
	SecretsHash    string
	// Existing makes a stored StatefulSet that someone else edited differ
	// from its hash, so that it is put back.
	Existing *appsv1.StatefulSetSpec `json:",omitempty"`
}

// operatorInputs are the operator settings the builder reads.
type operatorInputs struct {
	Labels      map[string]string
	Annotations map[string]string
	LocalHost   string
	Reloader    operator.ReloaderConfig
	ThanosImage string
}

// InputHash digests the inputs of the StatefulSet of tr: its labels,
// annotations, generation and spec, the operator settings, the rule
// ConfigMap names (as a set), the tls-assets Secrets and the stored
// StatefulSet's spec (revisionHistoryLimit aside, which others may tune).
func InputHash(tr *monitoringv1.ThanosRuler, opts BuildOptions) (string, error) {
	config := opts.Config
	inputs := hashInputs{
		Namespace: tr.Namespace, Name: tr.Name, Labels: tr.Labels, Annotations: tr.Annotations,
		Generation: tr.Generation, Spec: tr.Spec,
		Operator: operatorInputs{
			Labels: config.Labels, Annotations: config.Annotations, LocalHost: config.LocalHost,
			Reloader: config.Reloader, ThanosImage: config.ThanosDefaultBaseImage,
		},
		RuleConfigMaps: slices.Sorted(slices.Values(opts.RuleConfigMapNames)),
		TLSAssets:      opts.TLSAssetSecretNames,
		SecretsHash:    opts.ReferencedSecretsHash,
		Existing:       objectmeta.WithoutRevisionHistoryLimit(opts.ExistingSpec),
	}
	hash, err := objectmeta.InputHash(inputs)
	if err != nil {
		return "", fmt.Errorf("encode the inputs of %s/%s for hashing: %w", tr.Namespace, tr.Name, err)
	}
	return hash, nil
}

// digest returns a short, stable digest of content.
func digest(content string) string {
	return strconv.FormatUint(xxhash.Sum64String(content), 10)
}
