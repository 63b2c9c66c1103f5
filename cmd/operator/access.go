// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"strings"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"k8s.io/client-go/kubernetes"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// The controllers an access check can switch off, by the name their
// metrics carry.
const (
	prometheusController       = "prometheus"
	agentController            = "prometheus-agent"
	alertmanagerControllerName = "alertmanager"
	thanosRulerControllerName  = "thanos"
)

// resource is a group and resource the informers list and watch.
type resource struct{ group, name string }

func (r resource) String() string {
	if r.group == "" {
		return r.name
	}
	return r.name + "." + r.group
}

var (
	monitoringGroup = monitoringv1.SchemeGroupVersion.Group
	secrets         = resource{"", "secrets"}
	configMaps      = resource{"", "configmaps"}
	statefulSets    = resource{"apps", "statefulsets"}
	daemonSets      = resource{"apps", "daemonsets"}
)

func monitoring(name string) resource { return resource{monitoringGroup, name} }

// watchedResources lists, per controller, what its informers list and
// watch. ScrapeConfigs count only when their CRD is served.
func watchedResources(config *operator.Config, served servedKinds) map[string][]resource {
	monitors := []resource{
		monitoring(monitoringv1.ServiceMonitorName), monitoring(monitoringv1.PodMonitorName), monitoring(monitoringv1.ProbeName),
	}
	if served.scrapeConfigs {
		monitors = append(monitors, monitoring(monitoringv1alpha1.ScrapeConfigName))
	}
	generated := []resource{secrets, configMaps, statefulSets}
	agent := slices.Concat([]resource{monitoring(monitoringv1alpha1.PrometheusAgentName)}, monitors, generated)
	if config.Gates.Enabled(operator.GatePrometheusAgentDaemonSet) {
		agent = append(agent, daemonSets)
	}
	return map[string][]resource{
		prometheusController: slices.Concat([]resource{
			monitoring(monitoringv1.PrometheusName), monitoring(monitoringv1.PrometheusRuleName),
		}, monitors, generated),
		agentController: agent,
		alertmanagerControllerName: slices.Concat([]resource{
			monitoring(monitoringv1.AlertmanagerName), monitoring("alertmanagerconfigs"),
		}, generated),
		thanosRulerControllerName: slices.Concat([]resource{
			monitoring(monitoringv1.ThanosRulerName), monitoring(monitoringv1.PrometheusRuleName),
		}, generated),
	}
}

// statusResources names the status subresource each controller writes.
var statusResources = map[string]resource{
	prometheusController:       monitoring(monitoringv1.PrometheusName),
	agentController:            monitoring(monitoringv1alpha1.PrometheusAgentName),
	alertmanagerControllerName: monitoring(monitoringv1.AlertmanagerName),
	thanosRulerControllerName:  monitoring(monitoringv1.ThanosRulerName),
}

// accessChecker asks the API server once per resource and namespace.
type accessChecker struct {
	client     kubernetes.Interface
	namespaces []string // empty: cluster-wide
	logger     *slog.Logger
	answers    map[resource]string // resource -> refusal ("" = allowed)
}

// refusal returns why listing and watching r is refused, "" when allowed.
// A review that fails assumes access: the informer's own errors will tell.
func (c *accessChecker) refusal(ctx context.Context, r resource) string {
	if answer, ok := c.answers[r]; ok {
		return answer
	}
	var refused []string
	scopes := c.namespaces
	if len(scopes) == 0 {
		scopes = []string{""}
	}
	for _, namespace := range scopes {
		request := kube.AccessRequest{Group: r.group, Resource: r.name, Namespace: namespace, Verbs: []string{"list", "watch"}}
		allowed, reason, err := kube.ReviewAccess(ctx, c.client, request)
		if err != nil {
			c.logger.Warn("cannot review the operator's access, assuming it is granted", "resource", r.String(), "err", err)
			break
		}
		if !allowed {
			refused = append(refused, request.String()+": "+reason)
		}
	}
	c.answers[r] = strings.Join(refused, "; ")
	return c.answers[r]
}

// accessResult says which controllers may run.
type accessResult struct {
	disabled map[string]bool
}

// enabled reports whether controller passed the access check.
func (a accessResult) enabled(controller string) bool { return !a.disabled[controller] }

// checkAccess reviews, for every controller, the list and watch access its
// informers need: a controller missing any is disabled with an error log
// line and prometheus_operator_controller_disabled{controller} set to 1,
// instead of waiting forever for caches that cannot sync. A missing
// status permission is logged once; the controller still runs.
func checkAccess(ctx context.Context, client kubernetes.Interface, config *operator.Config, served servedKinds, registerer prometheusclient.Registerer, logger *slog.Logger) accessResult {
	disabledGauge := prometheusclient.NewGaugeVec(prometheusclient.GaugeOpts{
		Namespace: "prometheus_operator", Name: "controller_disabled",
		Help: "1 when a controller does not run because the operator may not list and watch what it needs.",
	}, []string{"controller"})
	registerer.MustRegister(disabledGauge)
	checker := &accessChecker{client: client, namespaces: checkedNamespaces(config), logger: logger, answers: map[resource]string{}}
	result := accessResult{disabled: map[string]bool{}}
	needs := watchedResources(config, served)
	for _, controller := range slices.Sorted(maps.Keys(needs)) {
		disabledGauge.WithLabelValues(controller).Set(0)
		var refused []string
		for _, r := range needs[controller] {
			if reason := checker.refusal(ctx, r); reason != "" {
				refused = append(refused, reason)
			}
		}
		if len(refused) > 0 {
			result.disabled[controller] = true
			disabledGauge.WithLabelValues(controller).Set(1)
			logger.Error("the operator may not list and watch what this controller needs: it is disabled; grant the permissions and restart",
				"controller", controller, "refused", strings.Join(refused, "; "))
			continue
		}
		checkStatusAccess(ctx, client, controller, logger)
	}
	return result
}

// checkStatusAccess logs, once, a controller that may not write the status
// of its workloads.
func checkStatusAccess(ctx context.Context, client kubernetes.Interface, controller string, logger *slog.Logger) {
	r := statusResources[controller]
	request := kube.AccessRequest{Group: r.group, Resource: r.name, Subresource: "status", Verbs: []string{"update"}}
	allowed, reason, err := kube.ReviewAccess(ctx, client, request)
	if err == nil && !allowed {
		logger.Error("the operator may not write the status of this controller's objects; their status stays stale",
			"controller", controller, "refused", reason)
	}
}

// checkedNamespaces are the namespaces the informers are scoped to, or
// none when they watch the whole cluster.
func checkedNamespaces(config *operator.Config) []string {
	if len(config.Namespaces) == 0 {
		return nil
	}
	namespaces := config.Namespaces.Sorted()
	for _, set := range []operator.StringSet{
		config.PrometheusInstanceNamespaces, config.AlertmanagerInstanceNamespace,
		config.AlertmanagerConfigNamespaces, config.ThanosRulerInstanceNamespaces,
	} {
		namespaces = append(namespaces, set.Sorted()...)
	}
	slices.Sort(namespaces)
	return slices.Compact(namespaces)
}
