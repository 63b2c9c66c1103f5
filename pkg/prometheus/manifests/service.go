// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// GoverningService builds the headless Service that gives the pods of every
// object of p's kind in the namespace their DNS names. It is shared, so p
// is only one of its owners (not the controller): when updating the stored
// Service, keep the other owners with objectmeta.MergeOwnerReferences. The
// controller does not create it when spec.serviceName names another Service.
// A nil config means operator.NewConfig().
func GoverningService(p monitoringv1.PrometheusInterface, config *operator.Config) *corev1.Service {
	if config == nil {
		config = operator.NewConfig()
	}
	portName := p.GetCommonPrometheusFields().PortName
	if portName == "" {
		portName = DefaultPortName
	}
	ports := []corev1.ServicePort{{Name: portName, Port: PrometheusPort, TargetPort: intstr.FromString(portName)}}
	if thanosOf(p) != nil {
		ports = append(ports, corev1.ServicePort{Name: "grpc", Port: ThanosGRPCPort, TargetPort: intstr.FromString("grpc")})
	}

	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{
			Name:            GoverningServiceName(p),
			Namespace:       p.GetNamespace(),
			Labels:          objectmeta.MergeMaps(managedByLabels(), map[string]string{OperatedLabel: "true"}, config.Labels),
			Annotations:     objectmeta.MergeMaps(config.Annotations),
			OwnerReferences: []metav1.OwnerReference{objectmeta.OwnerReference(p, GroupVersionKind(p))},
		},
		Spec: corev1.ServiceSpec{
			ClusterIP: corev1.ClusterIPNone,
			Ports:     ports,
			Selector:  GoverningServiceSelector(p),
		},
	}
}
