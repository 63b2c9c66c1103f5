// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// DaemonSet builds the DaemonSet of a PrometheusAgent in DaemonSet mode: the
// StatefulSet's pod template without shards, data volume or claim
// templates, and with NODE_NAME set so that the configuration scrapes only
// the pods of the agent's own node. opts.Shard and opts.RuleConfigMapNames
// are ignored. Like StatefulSets it carries the input hash annotation.
// Unlike upstream, spec.updateStrategy applies to the DaemonSet too.
func DaemonSet(p *monitoringv1alpha1.PrometheusAgent, opts Options) (*appsv1.DaemonSet, error) {
	w, err := newWorkload(p)
	if err != nil {
		return nil, err
	}
	if !w.daemonSet {
		return nil, fmt.Errorf("%s/%s does not run in DaemonSet mode", p.GetNamespace(), p.GetName())
	}
	opts = resolvedOptions(opts, p)
	opts.Shard, opts.RuleConfigMapNames = 0, nil

	template, selector, err := w.podTemplate(opts)
	if err != nil {
		return nil, fmt.Errorf("daemonset %s: %w", DaemonSetName(p), err)
	}
	// Unlike upstream, the user's volumes are added here too: spec.volumeMounts
	// are mounted in every mode and must find their volumes.
	template.Spec.Volumes = append(template.Spec.Volumes, w.common.Volumes...)

	hash, err := InputHash(p, opts)
	if err != nil {
		return nil, err
	}
	w.logWarnings(opts.Logger)
	return &appsv1.DaemonSet{
		ObjectMeta: w.workloadMetadata(opts.Config, DaemonSetName(p), selector, hash),
		Spec: appsv1.DaemonSetSpec{
			Selector:        selector,
			UpdateStrategy:  daemonSetUpdateStrategy(w.common.UpdateStrategy),
			MinReadySeconds: ptr.Deref(w.common.MinReadySeconds, 0),
			Template:        template,
		},
	}, nil
}

// daemonSetUpdateStrategy carries spec.updateStrategy over to the DaemonSet:
// both kinds know RollingUpdate (with maxUnavailable) and OnDelete. Unset,
// it stays empty so that the API server's default applies, as upstream
// (which ignores the field in DaemonSet mode) leaves it.
func daemonSetUpdateStrategy(strategy *monitoringv1.StatefulSetUpdateStrategy) appsv1.DaemonSetUpdateStrategy {
	if strategy == nil {
		return appsv1.DaemonSetUpdateStrategy{}
	}
	converted := appsv1.DaemonSetUpdateStrategy{Type: appsv1.DaemonSetUpdateStrategyType(strategy.Type)}
	if rolling := strategy.RollingUpdate; rolling != nil {
		converted.RollingUpdate = &appsv1.RollingUpdateDaemonSet{MaxUnavailable: rolling.MaxUnavailable}
	}
	return converted
}
