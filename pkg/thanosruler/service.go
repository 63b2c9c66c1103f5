// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// GoverningService builds the headless Service "thanos-ruler-operated" that
// gives the pods of every ThanosRuler in the namespace their DNS names. Each
// ThanosRuler adds a plain owner reference, so the Service goes with the
// last of them.
func GoverningService(tr *monitoringv1.ThanosRuler, config *operator.Config) *corev1.Service {
	web := portName(tr)
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{
			Name:      GoverningServiceName,
			Namespace: tr.Namespace,
			Labels: objectmeta.MergeMaps(
				map[string]string{operator.ManagedByLabel: operator.ManagedByValue, operator.ManagedByRecommended: operator.ManagedByValue},
				map[string]string{operatedLabel: "true"},
				config.Labels,
			),
			Annotations:     objectmeta.MergeMaps(config.Annotations),
			OwnerReferences: []metav1.OwnerReference{objectmeta.OwnerReference(tr, GroupVersionKind)},
		},
		Spec: corev1.ServiceSpec{
			ClusterIP: corev1.ClusterIPNone,
			Ports: []corev1.ServicePort{
				{Name: web, Port: httpPort, TargetPort: intstr.FromString(web), Protocol: corev1.ProtocolTCP},
				{Name: grpcPortName, Port: grpcPort, TargetPort: intstr.FromString(grpcPortName), Protocol: corev1.ProtocolTCP},
			},
			Selector: map[string]string{appNameLabel: appName},
		},
	}
}
