// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// Names and labels of the objects generated for an Alertmanager, as
// upstream names them.
const (
	// GoverningServiceName is the headless Service shared by the
	// Alertmanagers of a namespace.
	GoverningServiceName = "alertmanager-operated"
	// ApplicationName is the app.kubernetes.io/name of the pods.
	ApplicationName = "alertmanager"
	// GeneratedConfigKey holds the gzipped configuration in the generated Secret.
	GeneratedConfigKey = "alertmanager.yaml.gz"
	// ContainerName is the Alertmanager container.
	ContainerName = "alertmanager"

	instanceLabel       = "app.kubernetes.io/instance"
	nameLabel           = "app.kubernetes.io/name"
	versionLabel        = "app.kubernetes.io/version"
	alertmanagerLabel   = "alertmanager"
	operatedLabel       = "operated-alertmanager"
	controllerName      = "alertmanager-controller"
	metricsName         = "alertmanager"
	generatedSuffix     = "-generated"
	webConfigSuffix     = "-web-config"
	clusterTLSSuffix    = "-cluster-tls-config"
	tlsAssetsSuffix     = "-tls-assets"
	storageVolumeSuffix = "-db"
)

// GroupVersionKind is the kind of the objects this controller reconciles.
var GroupVersionKind = monitoringv1.SchemeGroupVersion.WithKind(monitoringv1.AlertmanagersKind)

// StatefulSetName returns "alertmanager-<name>", the name of the
// StatefulSet and the prefix of every generated object.
func StatefulSetName(am *monitoringv1.Alertmanager) string { return "alertmanager-" + am.Name }

// GeneratedSecretName returns the Secret holding the generated configuration.
func GeneratedSecretName(am *monitoringv1.Alertmanager) string {
	return StatefulSetName(am) + generatedSuffix
}

// WebConfigSecretName returns the Secret holding the web configuration file.
func WebConfigSecretName(am *monitoringv1.Alertmanager) string {
	return StatefulSetName(am) + webConfigSuffix
}

// ClusterTLSSecretName returns the Secret holding the cluster TLS file.
func ClusterTLSSecretName(am *monitoringv1.Alertmanager) string {
	return StatefulSetName(am) + clusterTLSSuffix
}

// TLSAssetsSecretPrefix returns the prefix of the tls-assets Secrets.
func TLSAssetsSecretPrefix(am *monitoringv1.Alertmanager) string {
	return StatefulSetName(am) + tlsAssetsSuffix
}

// UserConfigSecretName returns the user's configuration Secret:
// spec.configSecret, by default "alertmanager-<name>".
func UserConfigSecretName(am *monitoringv1.Alertmanager) string {
	return valueOr(am.Spec.ConfigSecret, StatefulSetName(am))
}

// storageVolumeName returns the data volume's name.
func storageVolumeName(am *monitoringv1.Alertmanager) string {
	return StatefulSetName(am) + storageVolumeSuffix
}

// SelectorLabels are the labels that select the pods of an Alertmanager.
func SelectorLabels(am *monitoringv1.Alertmanager) map[string]string {
	return map[string]string{
		nameLabel:                     ApplicationName,
		operator.ManagedByRecommended: operator.ManagedByValue,
		instanceLabel:                 am.Name,
		alertmanagerLabel:             am.Name,
	}
}

// controllerReference makes am the controlling owner of a generated object.
func controllerReference(am *monitoringv1.Alertmanager) []metav1.OwnerReference {
	return []metav1.OwnerReference{objectmeta.ControllerReference(am, GroupVersionKind)}
}

// AlertmanagerConfigResource is the plural resource name of AlertmanagerConfigs.
const AlertmanagerConfigResource = "alertmanagerconfigs"
