// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"fmt"
	"path"

	"k8s.io/apimachinery/pkg/runtime/schema"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// Names, folders and ports of a ThanosRuler's pods, as upstream has them.
const (
	// GoverningServiceName is the headless Service shared by every
	// ThanosRuler of a namespace.
	GoverningServiceName = "thanos-ruler-operated"
	// ContainerName is the Thanos container of the pods.
	ContainerName = "thanos-ruler"
	// ReloaderContainerName is the config-reloader sidecar.
	ReloaderContainerName = "config-reloader"
	// RemoteWriteFileName is the key of the remote-write file in the
	// ruler's configuration Secret.
	RemoteWriteFileName = "remote-write.yaml"
	// RuleConfigMapLabel ties rule ConfigMaps to their ThanosRuler.
	RuleConfigMapLabel = "thanos-ruler-name"
	// ReferencedSecretsHashAnnotation on the pods digests the Secret keys
	// the ruler reads at start, so that a change restarts the pods.
	ReferencedSecretsHashAnnotation = "operator.prometheus.io/referenced-secrets-hash"
	// ReplicaLabel tells the replicas of a ThanosRuler apart in the alerts
	// and series they produce; it is dropped from alerts.
	ReplicaLabel = "thanos_ruler_replica"

	appName           = "thanos-ruler"
	operatedLabel     = "operated-thanos-ruler"
	instanceNameLabel = "thanos-ruler"

	rulesDir     = "/etc/thanos/rules"
	configDir    = "/etc/thanos/config"
	storageDir   = "/thanos/data"
	webConfigDir = "/etc/thanos/web_config"
	tlsAssetsDir = "/etc/thanos/certs"

	grpcPort        = 10901
	httpPort        = 10902
	grpcPortName    = "grpc"
	defaultPortName = "web"

	defaultEvaluationInterval            = "15s"
	defaultRetention                     = "24h"
	defaultMemoryRequest                 = "200Mi"
	defaultTerminationGracePeriodSeconds = int64(120)

	// remoteWriteMinimumVersion is the first Thanos with a stateless ruler.
	remoteWriteMinimumVersion = "0.24.0"
	// webConfigMinimumVersion is the first Thanos reading --http.config.
	webConfigMinimumVersion = "0.21.0"
)

// Label keys of the pods besides those in package operator.
const (
	appNameLabel     = "app.kubernetes.io/name"
	appInstanceLabel = "app.kubernetes.io/instance"
	appVersionLabel  = "app.kubernetes.io/version"
)

// GroupVersionKind is the kind the generated objects name as their owner.
var GroupVersionKind = monitoringv1.SchemeGroupVersion.WithKind(monitoringv1.ThanosRulerKind)

// Resource is the API resource of ThanosRulers, as PrometheusRule bindings name it.
var Resource = schema.GroupResource{Group: monitoringv1.SchemeGroupVersion.Group, Resource: monitoringv1.ThanosRulerName}

func prefixedName(tr *monitoringv1.ThanosRuler) string { return "thanos-ruler-" + tr.Name }

// StatefulSetName is the StatefulSet of a ThanosRuler, "thanos-ruler-<name>".
func StatefulSetName(tr *monitoringv1.ThanosRuler) string { return prefixedName(tr) }

// ConfigSecretName holds remote-write.yaml, "thanos-ruler-<name>-config".
func ConfigSecretName(tr *monitoringv1.ThanosRuler) string { return prefixedName(tr) + "-config" }

// TLSAssetsSecretName is the first Secret holding the TLS files the
// remote-write configuration refers to.
func TLSAssetsSecretName(tr *monitoringv1.ThanosRuler) string {
	return prefixedName(tr) + "-tls-assets"
}

// WebConfigSecretName holds the web configuration file.
func WebConfigSecretName(tr *monitoringv1.ThanosRuler) string {
	return prefixedName(tr) + "-web-config"
}

// RuleConfigMapPrefix starts the names of the rule ConfigMaps,
// "thanos-ruler-<name>" followed by "-rulefiles-<i>".
func RuleConfigMapPrefix(tr *monitoringv1.ThanosRuler) string { return prefixedName(tr) }

// dataVolumeName is the data volume, or the default name of its claim template.
func dataVolumeName(tr *monitoringv1.ThanosRuler) string { return prefixedName(tr) + "-data" }

// mountedDataVolumeName is the volume the container mounts at storageDir: a
// named claim template overrides the default name.
func mountedDataVolumeName(tr *monitoringv1.ThanosRuler) string {
	if storage := tr.Spec.Storage; storage != nil && storage.VolumeClaimTemplate.Name != "" {
		return storage.VolumeClaimTemplate.Name
	}
	return dataVolumeName(tr)
}

// webConfigFileName is the web configuration file, read at webConfigFilePath.
const webConfigFileName = "web-config.yaml"

// webConfigFilePath is where Thanos reads its web configuration.
var webConfigFilePath = path.Join(webConfigDir, webConfigFileName)

// SelectorLabels select the pods of one ThanosRuler; a user-supplied
// governing Service (spec.serviceName) must select them.
func SelectorLabels(tr *monitoringv1.ThanosRuler) map[string]string {
	return map[string]string{
		appNameLabel:                  appName,
		operator.ManagedByRecommended: operator.ManagedByValue,
		appInstanceLabel:              tr.Name,
		instanceNameLabel:             tr.Name,
	}
}

// StatefulSetListSelector selects the StatefulSets of every ThanosRuler, in
// the string form informers take.
func StatefulSetListSelector() string {
	return fmt.Sprintf("%s in (%s),%s in (%s)", operator.ManagedByRecommended, operator.ManagedByValue, appNameLabel, appName)
}

// portName is the name of the web port, "web" unless spec.portName says otherwise.
func portName(tr *monitoringv1.ThanosRuler) string {
	if tr.Spec.PortName == "" {
		return defaultPortName
	}
	return tr.Spec.PortName
}
