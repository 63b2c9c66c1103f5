// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"context"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
)

// APICluster is the Cluster of a live API server, read with direct GET and
// LIST requests (a review is rare enough that informers would cost more
// memory than they save).
type APICluster struct {
	// Kube reads Secrets, ConfigMaps and Namespaces.
	Kube kubernetes.Interface
	// Monitoring lists Prometheus and PrometheusAgent objects.
	Monitoring versioned.Interface
}

// Store implements Cluster.
func (c *APICluster) Store(ctx context.Context) assets.KeyReader {
	return apiStore{ctx: ctx, kube: c.Kube}
}

// apiStore is an assets.KeyReader reading keys from the API server.
type apiStore struct {
	ctx  context.Context
	kube kubernetes.Interface
}

// SecretKey implements assets.KeyReader.
func (s apiStore) SecretKey(namespace string, selector corev1.SecretKeySelector) (string, error) {
	secret, err := s.kube.CoreV1().Secrets(namespace).Get(s.ctx, selector.Name, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("Secret %s/%s: %w", namespace, selector.Name, err)
	}
	value, ok := secret.Data[selector.Key]
	if !ok {
		return "", fmt.Errorf("Secret %s/%s has no key %q", namespace, selector.Name, selector.Key)
	}
	return string(value), nil
}

// ConfigMapKey implements assets.KeyReader.
func (s apiStore) ConfigMapKey(namespace string, selector corev1.ConfigMapKeySelector) (string, error) {
	configMap, err := s.kube.CoreV1().ConfigMaps(namespace).Get(s.ctx, selector.Name, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("ConfigMap %s/%s: %w", namespace, selector.Name, err)
	}
	if value, ok := configMap.Data[selector.Key]; ok {
		return value, nil
	}
	if value, ok := configMap.BinaryData[selector.Key]; ok {
		return string(value), nil
	}
	return "", fmt.Errorf("ConfigMap %s/%s has no key %q", namespace, selector.Name, selector.Key)
}

// candidate is a workload with the selectors it uses for one resource.
type candidate struct {
	workload                          Workload
	objectSelector, namespaceSelector *metav1.LabelSelector
}

// monitorSelectors returns the selectors a Prometheus or PrometheusAgent
// uses for resource, false for a resource it does not select.
func monitorSelectors(common *monitoringv1.CommonPrometheusFields, resource string) (object, namespace *metav1.LabelSelector, ok bool) {
	switch resource {
	case monitoringv1.ServiceMonitorName:
		return common.ServiceMonitorSelector, common.ServiceMonitorNamespaceSelector, true
	case monitoringv1.PodMonitorName:
		return common.PodMonitorSelector, common.PodMonitorNamespaceSelector, true
	case monitoringv1.ProbeName:
		return common.ProbeSelector, common.ProbeNamespaceSelector, true
	case monitoringv1alpha1.ScrapeConfigName:
		return common.ScrapeConfigSelector, common.ScrapeConfigNamespaceSelector, true
	}
	return nil, nil, false
}

// candidates lists the workloads that may select objects of resource.
func (c *APICluster) candidates(ctx context.Context, resource string) ([]candidate, error) {
	var out []candidate
	switch resource {
	case alertmanagerConfigResourceName:
		alertmanagers, err := c.Monitoring.MonitoringV1().Alertmanagers(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, fmt.Errorf("list Alertmanagers: %w", err)
		}
		for _, am := range alertmanagers.Items {
			out = append(out, candidate{
				workload:       Workload{Kind: monitoringv1.AlertmanagersKind, Namespace: am.Namespace, Name: am.Name, Version: am.Spec.Version},
				objectSelector: am.Spec.AlertmanagerConfigSelector, namespaceSelector: am.Spec.AlertmanagerConfigNamespaceSelector,
			})
		}
		return out, nil
	}
	servers, err := c.Monitoring.MonitoringV1().Prometheuses(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list Prometheuses: %w", err)
	}
	for _, server := range servers.Items {
		workload := Workload{Kind: monitoringv1.PrometheusesKind, Namespace: server.Namespace, Name: server.Name, Version: server.Spec.Version}
		if resource == monitoringv1.PrometheusRuleName {
			out = append(out, candidate{workload: workload, objectSelector: server.Spec.RuleSelector, namespaceSelector: server.Spec.RuleNamespaceSelector})
		} else if objectSelector, namespaceSelector, ok := monitorSelectors(&server.Spec.CommonPrometheusFields, resource); ok {
			out = append(out, candidate{workload: workload, objectSelector: objectSelector, namespaceSelector: namespaceSelector})
		}
	}
	if resource == monitoringv1.PrometheusRuleName {
		return out, nil
	}
	agents, err := c.Monitoring.MonitoringV1alpha1().PrometheusAgents(metav1.NamespaceAll).List(ctx, metav1.ListOptions{})
	if err != nil {
		return out, fmt.Errorf("list PrometheusAgents: %w", err)
	}
	for _, agent := range agents.Items {
		if objectSelector, namespaceSelector, ok := monitorSelectors(&agent.Spec.CommonPrometheusFields, resource); ok {
			out = append(out, candidate{
				workload:       Workload{Kind: monitoringv1alpha1.PrometheusAgentsKind, Namespace: agent.Namespace, Name: agent.Name, Version: agent.Spec.Version},
				objectSelector: objectSelector, namespaceSelector: namespaceSelector,
			})
		}
	}
	return out, nil
}

// Workloads implements Cluster: the Prometheus and PrometheusAgent (for
// monitors), Prometheus (for PrometheusRules) or Alertmanager (for
// AlertmanagerConfigs) objects whose selectors match the object, with the
// API's documented semantics (no object selector selects nothing; no
// namespace selector means the workload's own namespace).
func (c *APICluster) Workloads(ctx context.Context, resource string, object metav1.Object) ([]Workload, error) {
	candidates, listErr := c.candidates(ctx, resource)
	var namespaceLabels labels.Set
	var selecting []Workload
	for _, candidate := range candidates {
		if !matches(candidate.objectSelector, object.GetLabels()) {
			continue
		}
		if candidate.namespaceSelector == nil {
			if candidate.workload.Namespace == object.GetNamespace() {
				selecting = append(selecting, candidate.workload)
			}
			continue
		}
		if namespaceLabels == nil {
			namespace, err := c.Kube.CoreV1().Namespaces().Get(ctx, object.GetNamespace(), metav1.GetOptions{})
			if err != nil {
				return selecting, errors.Join(listErr, fmt.Errorf("get namespace %s: %w", object.GetNamespace(), err))
			}
			namespaceLabels = labels.Set(namespace.Labels)
		}
		if matches(candidate.namespaceSelector, namespaceLabels) {
			selecting = append(selecting, candidate.workload)
		}
	}
	return selecting, listErr
}

// matches applies a label selector; nil selects nothing, an invalid one
// selects nothing either.
func matches(selector *metav1.LabelSelector, set map[string]string) bool {
	if selector == nil {
		return false
	}
	parsed, err := metav1.LabelSelectorAsSelector(selector)
	if err != nil {
		return false
	}
	return parsed.Matches(labels.Set(set))
}
