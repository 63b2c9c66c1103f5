// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg"
)

// clusterTimeout bounds the cluster lookups of one review; the API server
// gives the whole review 10 seconds by default.
const clusterTimeout = 3 * time.Second

// scrapeResource describes a kind the configuration generator builds
// scrape jobs from.
type scrapeResource struct {
	kind      string
	gvr       schema.GroupVersionResource
	newObject func() metav1.Object
}

var (
	serviceMonitorResource = scrapeResource{
		kind: monitoringv1.ServiceMonitorsKind, gvr: monitoringv1.SchemeGroupVersion.WithResource(monitoringv1.ServiceMonitorName),
		newObject: func() metav1.Object { return &monitoringv1.ServiceMonitor{} },
	}
	podMonitorResource = scrapeResource{
		kind: monitoringv1.PodMonitorsKind, gvr: monitoringv1.SchemeGroupVersion.WithResource(monitoringv1.PodMonitorName),
		newObject: func() metav1.Object { return &monitoringv1.PodMonitor{} },
	}
	probeResource = scrapeResource{
		kind: monitoringv1.ProbesKind, gvr: monitoringv1.SchemeGroupVersion.WithResource(monitoringv1.ProbeName),
		newObject: func() metav1.Object { return &monitoringv1.Probe{} },
	}
	scrapeConfigResource = scrapeResource{
		kind: monitoringv1alpha1.ScrapeConfigsKind, gvr: monitoringv1alpha1.SchemeGroupVersion.WithResource(monitoringv1alpha1.ScrapeConfigName),
		newObject: func() metav1.Object { return &monitoringv1alpha1.ScrapeConfig{} },
	}
)

// sameResource compares the request's resource with the expected one.
func sameResource(got metav1.GroupVersionResource, want schema.GroupVersionResource) bool {
	return got.Group == want.Group && got.Version == want.Version && got.Resource == want.Resource
}

// validateScrapeObject judges a ServiceMonitor, PodMonitor, Probe or
// ScrapeConfig with the configuration generator: refused when the
// generator would leave it out of every configuration whatever the
// cluster holds, admitted with warnings when the Secrets it refers to or
// the versions of the workloads selecting it would degrade it.
func (w *Webhook) validateScrapeObject(resource scrapeResource) reviewFunc {
	return func(request *http.Request, review *admissionv1.AdmissionRequest) *admissionv1.AdmissionResponse {
		if !sameResource(review.Resource, resource.gvr) {
			return unexpectedResource(review.Resource, resource.gvr)
		}
		if len(review.Object.Raw) == 0 {
			return allowed(nil)
		}
		object := resource.newObject()
		if err := json.Unmarshal(review.Object.Raw, object); err != nil {
			return denied(resource.kind+" is invalid", resource.kind, review.Name, []error{fmt.Errorf("cannot decode the %s: %w", resource.kind, err)})
		}
		defaultNamespace(object, review)
		check, err := promcfg.CheckObject(object, promcfg.CheckOptions{})
		if err != nil {
			return failed(err)
		}
		if check.Rejection != nil {
			return denied(resource.kind+" is invalid", resource.kind, review.Name, splitErrors(check.Rejection))
		}
		ctx, cancel := context.WithTimeout(request.Context(), clusterTimeout)
		defer cancel()
		return allowed(append(check.Warnings, w.scrapeObjectWarnings(ctx, resource, object)...))
	}
}

// scrapeObjectWarnings checks the object again with the cluster's Secrets
// and against each selecting workload's version.
func (w *Webhook) scrapeObjectWarnings(ctx context.Context, resource scrapeResource, object metav1.Object) []string {
	if w.cluster == nil {
		return nil
	}
	var warnings []string
	check, err := promcfg.CheckObject(object, promcfg.CheckOptions{Store: w.cluster.Store(ctx)})
	if err == nil && check.Rejection != nil {
		warnings = append(warnings, fmt.Sprintf("the %s will be rejected until this is fixed: %v", resource.kind, check.Rejection))
	}
	workloads, err := w.cluster.Workloads(ctx, resource.gvr.Resource, object)
	if err != nil {
		w.logger.Warn("cannot list the workloads selecting an object; no version warnings", "kind", resource.kind,
			"namespace", object.GetNamespace(), "name", object.GetName(), "err", err)
	}
	for _, workload := range workloads {
		check, err := promcfg.CheckObject(object, promcfg.CheckOptions{Version: workload.Version, Agent: workload.Kind == monitoringv1alpha1.PrometheusAgentsKind})
		if err != nil {
			continue // The workload itself is broken; its controller reports that.
		}
		if check.Rejection != nil {
			warnings = append(warnings, fmt.Sprintf("%s rejects it: %v", workload, check.Rejection))
		}
		for _, warning := range check.Warnings {
			warnings = append(warnings, fmt.Sprintf("%s: %s", workload, warning))
		}
	}
	return warnings
}

// defaultNamespace fills the object's namespace from the request when the
// object does not carry it.
func defaultNamespace(object metav1.Object, review *admissionv1.AdmissionRequest) {
	if object.GetNamespace() == "" {
		object.SetNamespace(review.Namespace)
	}
}
