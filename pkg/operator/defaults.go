// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package operator

// Default images and versions, the same as upstream v0.93 so that objects
// without an explicit version run what they ran before the swap.
const (
	DefaultPrometheusVersion     = "v3.13.2"
	DefaultPrometheusV2Version   = "v2.55.1"
	DefaultAlertmanagerVersion   = "v0.33.1"
	DefaultThanosVersion         = "v0.42.4"
	DefaultPrometheusBaseImage   = "quay.io/prometheus/prometheus"
	DefaultAlertmanagerBaseImage = "quay.io/prometheus/alertmanager"
	DefaultThanosBaseImage       = "quay.io/thanos/thanos"
	// DefaultReloaderImage is our own config-reloader image.
	DefaultReloaderImage = "quay.io/seed-6daed11e/prometheus-config-reloader:v0.1.0"
)

// Labels and annotations every controller puts on what it manages.
const (
	ManagedByLabel          = "managed-by"
	ManagedByRecommended    = "app.kubernetes.io/managed-by"
	ManagedByValue          = "prometheus-operator"
	ControllerIDAnnotation  = "operator.prometheus.io/controller-id"
	InputHashAnnotation     = "prometheus-operator-input-hash"
	DeletionDeadlineAnnot   = "operator.prometheus.io/deletion-deadline"
	ShardLabel              = "operator.prometheus.io/shard"
	NameLabel               = "operator.prometheus.io/name"
	ModeLabel               = "operator.prometheus.io/mode"
	DefaultContainerAnnot   = "kubectl.kubernetes.io/default-container"
	StatusCleanupFinalizer  = "monitoring.coreos.com/status-cleanup"
	StatefulSetSelectorBase = "managed-by in (prometheus-operator),operator.prometheus.io/shard,operator.prometheus.io/name"
)
