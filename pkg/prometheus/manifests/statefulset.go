// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
)

// StatefulSet builds the StatefulSet of shard opts.Shard of a Prometheus or
// of a PrometheusAgent in StatefulSet mode. Its annotations carry the input
// hash (see InputHash), which the controller compares with the stored one to
// skip updates that would change nothing.
func StatefulSet(p monitoringv1.PrometheusInterface, opts Options) (*appsv1.StatefulSet, error) {
	w, err := newWorkload(p)
	if err != nil {
		return nil, err
	}
	if w.daemonSet {
		return nil, fmt.Errorf("%s/%s runs in DaemonSet mode and has no StatefulSet", p.GetNamespace(), p.GetName())
	}
	opts = resolvedOptions(opts, p)
	if shards := ShardCount(p); opts.Shard < 0 || opts.Shard >= shards {
		return nil, fmt.Errorf("shard %d of %s/%s out of range: it has %d shards", opts.Shard, p.GetNamespace(), p.GetName(), shards)
	}

	template, selector, err := w.podTemplate(opts)
	if err != nil {
		return nil, fmt.Errorf("statefulset %s: %w", StatefulSetName(p, opts.Shard), err)
	}
	dataVolume, claim := w.dataVolume()
	if dataVolume != nil {
		template.Spec.Volumes = append(template.Spec.Volumes, *dataVolume)
	}
	template.Spec.Volumes = append(template.Spec.Volumes, w.common.Volumes...)

	spec := appsv1.StatefulSetSpec{
		ServiceName:                          StatefulSetServiceName(p),
		Replicas:                             ptr.To(w.common.ReplicaCount()),
		PodManagementPolicy:                  podspec.PodManagementPolicy(w.common.PodManagementPolicy),
		UpdateStrategy:                       podspec.UpdateStrategy(w.common.UpdateStrategy),
		MinReadySeconds:                      ptr.Deref(w.common.MinReadySeconds, 0),
		Selector:                             selector,
		Template:                             template,
		PersistentVolumeClaimRetentionPolicy: w.common.PersistentVolumeClaimRetentionPolicy,
	}
	if claim != nil {
		spec.VolumeClaimTemplates = []corev1.PersistentVolumeClaim{*claim}
	}

	hash, err := InputHash(p, opts)
	if err != nil {
		return nil, err
	}
	w.logWarnings(opts.Logger)
	return &appsv1.StatefulSet{
		ObjectMeta: w.workloadMetadata(opts.Config, StatefulSetName(p, opts.Shard), selector, hash),
		Spec:       spec,
	}, nil
}
