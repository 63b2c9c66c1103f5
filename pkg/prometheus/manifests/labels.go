// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"strconv"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// Label keys of the generated objects besides those in package operator.
const (
	AppNameLabel          = "app.kubernetes.io/name"
	AppInstanceLabel      = "app.kubernetes.io/instance"
	AppVersionLabel       = "app.kubernetes.io/version"
	PrometheusLabel       = "prometheus"
	OperatedLabel         = "operated-prometheus"
	kubectlAnnotationsKey = "kubectl.kubernetes.io/"
)

// SelectorLabels are the labels that tie the pods of an object together,
// whatever the shard: the base of every StatefulSet's selector and what a
// user-supplied governing Service (spec.serviceName) must select. Agents do
// not get the "prometheus" label and name themselves "prometheus-agent", so
// a Prometheus and a PrometheusAgent of one name never select each other's pods.
func SelectorLabels(p monitoringv1.PrometheusInterface) map[string]string {
	labels := map[string]string{
		operator.ManagedByRecommended: operator.ManagedByValue,
		AppNameLabel:                  appName(p),
		AppInstanceLabel:              p.GetName(),
		operator.NameLabel:            p.GetName(),
	}
	if !factsOf(p).agent {
		labels[PrometheusLabel] = p.GetName()
	}
	return labels
}

// ShardSelectorLabels are SelectorLabels plus the shard label: the pod
// selector of one shard's StatefulSet, before the operator's --labels.
func ShardSelectorLabels(p monitoringv1.PrometheusInterface, shard int32) map[string]string {
	labels := SelectorLabels(p)
	labels[operator.ShardLabel] = strconv.Itoa(int(shard))
	return labels
}

// StatusSelector is SelectorLabels in the string form of status.selector,
// which the scale subresource reports (kubectl scale, autoscalers).
func StatusSelector(p monitoringv1.PrometheusInterface) string {
	return labels.SelectorFromSet(SelectorLabels(p)).String()
}

// GoverningServiceSelector selects the pods of every object of the kind in
// the namespace, which is what the shared governing Service serves.
func GoverningServiceSelector(p monitoringv1.PrometheusInterface) map[string]string {
	return map[string]string{AppNameLabel: appName(p)}
}

// StatefulSetListSelector is the label selector (in the string form informers
// take) that matches the StatefulSets the operator generates in mode
// (ModeServer or ModeAgent).
func StatefulSetListSelector(mode string) string {
	return fmt.Sprintf("%s in (%s),%s,%s,%s in (%s)",
		operator.ManagedByLabel, operator.ManagedByValue, operator.ShardLabel, operator.NameLabel, operator.ModeLabel, mode)
}

func appName(p monitoringv1.PrometheusInterface) string { return factsOf(p).appName }

// managedByLabels mark every object the operator generates.
func managedByLabels() map[string]string {
	return map[string]string{
		operator.ManagedByLabel:       operator.ManagedByValue,
		operator.ManagedByRecommended: operator.ManagedByValue,
	}
}

// podSelector is the workload's pod selector: the selector labels (with the
// shard for StatefulSets) under the operator's --labels, which win.
func (w *workload) podSelector(config *operator.Config, shard *int32) *metav1.LabelSelector {
	labels := SelectorLabels(w.object)
	if shard != nil {
		labels = ShardSelectorLabels(w.object, *shard)
	}
	return &metav1.LabelSelector{MatchLabels: objectmeta.MergeMaps(labels, config.Labels)}
}

// podMetadata returns the labels and annotations of the pod template. The
// user's podMetadata cannot override the selector labels; the operator's
// --labels override everything.
func (w *workload) podMetadata(config *operator.Config, selector *metav1.LabelSelector) metav1.ObjectMeta {
	var userLabels, userAnnotations map[string]string
	if metadata := w.common.PodMetadata; metadata != nil {
		userLabels, userAnnotations = metadata.Labels, metadata.Annotations
	}
	return metav1.ObjectMeta{
		Labels: objectmeta.MergeMaps(
			map[string]string{AppVersionLabel: w.versionString()},
			userLabels,
			selector.MatchLabels,
			config.Labels,
		),
		Annotations: objectmeta.MergeMaps(
			map[string]string{operator.DefaultContainerAnnot: PrometheusContainerName},
			userAnnotations,
		),
	}
}

// workloadMetadata returns the metadata of a StatefulSet or DaemonSet: the
// object's own labels and annotations, the mode label, the selector labels
// and the operator's --labels and --annotations, each layer winning over the
// previous one; kubectl's bookkeeping annotations are never copied. The
// controller owner reference makes deleting the object delete the workload.
func (w *workload) workloadMetadata(config *operator.Config, name string, selector *metav1.LabelSelector, inputHash string) metav1.ObjectMeta {
	annotations := objectmeta.WithoutKeyPrefix(objectmeta.MergeMaps(w.object.GetAnnotations(), config.Annotations), kubectlAnnotationsKey)
	annotations = objectmeta.MergeMaps(annotations, map[string]string{operator.InputHashAnnotation: inputHash})
	return metav1.ObjectMeta{
		Name:      name,
		Namespace: w.object.GetNamespace(),
		Labels: objectmeta.MergeMaps(
			managedByLabels(),
			w.object.GetLabels(),
			map[string]string{operator.ModeLabel: w.mode},
			selector.MatchLabels,
			config.Labels,
		),
		Annotations:     annotations,
		OwnerReferences: []metav1.OwnerReference{objectmeta.ControllerReference(w.object, w.kind)},
	}
}
