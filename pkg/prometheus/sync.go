// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/configparts"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// Reconciled condition reasons.
const (
	reasonNoSelectedResources    = "NoSelectedResources"
	reasonConfigurationUnmanaged = "ConfigurationUnmanaged"
	reasonSomeResourcesRejected  = "SomeResourcesRejected"
)

// sync reconciles one Prometheus or PrometheusAgent: everything it needs is
// generated and applied, then its status is refreshed through the status
// queue. Returning an error retries with backoff.
func (c *workloadController) sync(ctx context.Context, key cache.ObjectName) error {
	cached, found, err := c.kind.get(key.Namespace, key.Name)
	if err != nil {
		return err
	}
	// Deleted: owner references take the generated objects with it.
	if !found {
		c.forget(key)
		return nil
	}
	// Another operator instance (--controller-id) is in charge of it.
	if !c.operator.handles(cached) {
		return nil
	}
	p := deepCopy(cached)
	// Being deleted: withdraw its bindings, then release it.
	if p.GetDeletionTimestamp() != nil {
		return c.finalize(ctx, p)
	}
	if p, err = c.ensureFinalizer(ctx, p); err != nil {
		return err
	}
	defer c.statusQueue.Add(key)
	// Paused: nothing generated is touched; only the status is refreshed.
	if p.GetCommonPrometheusFields().Paused {
		return nil
	}
	result, err := c.reconcile(ctx, key, p)
	c.results.Record(key, result)
	if err != nil {
		c.operator.event(p, corev1.EventTypeWarning, reasonReconcileFailed, err.Error())
	}
	return err
}

// reconcile generates and applies every object of the workload, in the
// order the pods need them: rules and Secrets first, then the Service and
// the workload itself, then the bindings on the selected resources.
func (c *workloadController) reconcile(ctx context.Context, key cache.ObjectName, p monitoringv1.PrometheusInterface) (workload.Result, error) {
	o := c.operator
	failed := func(err error) (workload.Result, error) {
		reason := reasonReconcileFailed
		if reasoned := (*reasonedError)(nil); errors.As(err, &reasoned) {
			reason = reasoned.reason
		}
		return workload.Result{Generation: p.GetGeneration(), Reason: reason, Message: err.Error()}, err
	}
	deprecations := deprecatedFields(p)
	c.logDeprecations(p, deprecations)
	// A claim naming a missing storage class would leave the pods Pending:
	// better to stop before the StatefulSet changes.
	if err := c.checkStorageClasses(ctx, p); err != nil {
		return failed(err)
	}
	view := o.assets.ForReader(ctx, readerKey(c.kind, p.GetNamespace(), p.GetName()))
	defer view.Release()

	selected, err := o.selectResources(p)
	if err != nil {
		// A selector the API server let through but that does not parse
		// will not parse on a retry either.
		return failed(fmt.Errorf("%w: %w", controller.ErrPermanent, err))
	}
	var ruleConfigMapNames []string
	if _, _, loadsRules := traitsOf(p).ruleSelectors(); loadsRules {
		if ruleConfigMapNames, err = c.syncRuleConfigMaps(ctx, p, selected); err != nil {
			return failed(err)
		}
	}
	config, err := c.syncConfiguration(ctx, p, selected, ruleConfigMapNames, view)
	if err != nil {
		return failed(err)
	}
	o.reportRejections(p, selected)
	o.metrics.SetManagedResources(c.kind.controllerName(), key, resourceCounts(selected))
	tlsAssetNames, err := c.syncTLSAssets(ctx, p, config.tlsAssets)
	if err != nil {
		return failed(err)
	}
	if err := c.syncWebConfigSecret(ctx, p); err != nil {
		return failed(err)
	}
	if err := c.syncThanosHTTPClientSecret(ctx, p); err != nil {
		return failed(err)
	}
	configSiblingNames := configparts.MountedSiblingNames(manifests.ConfigSecretName(p), config.siblings)
	watchAPI, reloaderNotice, err := c.syncReloaderAccess(ctx, p, ruleConfigMapNames, configSiblingNames)
	if err != nil {
		return failed(err)
	}
	if err := c.syncGoverningService(ctx, p); err != nil {
		return failed(err)
	}
	opts := manifests.Options{
		Config: o.config, RuleConfigMapNames: ruleConfigMapNames, TLSAssetSecretNames: tlsAssetNames,
		ConfigSiblingSecretNames: configSiblingNames, Logger: c.logger,
	}
	if o.config.Reloader.WatchAPI && !watchAPI {
		fileMode := *o.config
		fileMode.Reloader.WatchAPI = false
		opts.Config = &fileMode
	}
	if err := c.syncWorkload(ctx, key, p, opts); err != nil {
		return failed(err)
	}
	if o.config.Gates.Enabled(operator.GateStatusForConfigurationResources) {
		if err := c.syncBindings(ctx, p, selected); err != nil {
			return failed(err)
		}
	}
	result := successResult(p, selected, config.unmanaged, deprecations)
	if reloaderNotice != "" {
		result.Message = strings.TrimPrefix(result.Message+"; "+reloaderNotice, "; ")
	}
	return result, nil
}

// successResult words the Reconciled condition of a successful reconcile.
func successResult(p monitoringv1.PrometheusInterface, selected *selection, unmanaged bool, deprecations []deprecation) workload.Result {
	result := workload.Result{Generation: p.GetGeneration(), OK: true}
	// Upstream's precedence: nothing selected, then deprecated fields, then
	// the unmanaged configuration; rejections (ours) come last.
	switch {
	case selected.total() == 0:
		result.Reason = reasonNoSelectedResources
		result.Message = "no resources selected"
	case len(deprecations) > 0:
		result.Reason = reasonDeprecatedFieldsInUse
		result.Message = deprecationMessage(deprecations)
	case unmanaged:
		result.Reason = reasonConfigurationUnmanaged
		result.Message = "no monitor selector is set: the configuration Secret is managed by the user"
	case len(selected.rejected) > 0:
		result.Reason = reasonSomeResourcesRejected
		result.Message = fmt.Sprintf("%d of %d selected resources were rejected as invalid", len(selected.rejected), selected.total())
	}
	return result
}

// configured is what writing the configuration leaves for the rest of the
// reconcile.
type configured struct {
	// tlsAssets are the TLS files the configuration refers to.
	tlsAssets []assets.TLSAsset
	// unmanaged is true when the user manages the configuration Secret.
	unmanaged bool
	// siblings counts the sibling Secrets of a configuration too large
	// for one Secret (see package configparts); 0 otherwise.
	siblings int
}

// syncConfiguration generates the configuration and writes its Secret(s).
// In unmanaged mode (no monitor selector at all) only an empty Secret is
// ensured.
func (c *workloadController) syncConfiguration(ctx context.Context, p monitoringv1.PrometheusInterface, selected *selection, ruleConfigMapNames []string, view *assets.View) (configured, error) {
	// Only a Prometheus server has an unmanaged mode; an agent without
	// selectors still gets its full configuration (remote write above all).
	if traitsOf(p).hasUnmanagedMode() && allMonitorSelectorsNil(p) && !c.operator.config.DisableUnmanagedConfig {
		return configured{unmanaged: true}, c.ensureUnmanagedConfigSecret(ctx, p)
	}
	input, err := c.configInput(p, selected, ruleConfigMapNames, view)
	if err != nil {
		return configured{}, err
	}
	// The cache renders only the monitors that changed since the last
	// sync and compresses the configuration in reusable pieces.
	result, err := c.configs.of(cache.NewObjectName(p.GetNamespace(), p.GetName())).Generate(p, input, c.configOptions(p))
	if err != nil {
		return configured{}, fmt.Errorf("%w: generate the configuration: %w", controller.ErrPermanent, err)
	}
	// A Secret or ConfigMap could not be read (not a missing one): what was
	// generated lacks monitors for no fault of theirs. Keep the last good
	// configuration and retry with backoff.
	if err := view.Err(); err != nil {
		return configured{}, fmt.Errorf("read referenced objects: %w", err)
	}
	// A broken extra snippet would make Prometheus refuse the whole file:
	// keep the last good one until the user's Secret is fixed (its change
	// queues the workload again).
	if err := checkAdditionalConfigs(p, input, result.JobNames); err != nil {
		return configured{}, fmt.Errorf("%w: %w", controller.ErrPermanent, err)
	}
	for _, warning := range result.Warnings {
		c.logger.Warn(warning.String(), "namespace", p.GetNamespace(), "name", p.GetName())
	}
	for _, rejection := range result.Rejected {
		selected.rejected = setRejection(selected.rejected, selectionKey{rejection.Kind, rejection.Namespace, rejection.Name}, rejection.Reason)
	}
	out := configOutput{Compressed: result.Compressed, Digest: result.Digest}
	siblings, err := c.syncConfigSecret(ctx, p, out)
	if err != nil {
		return configured{}, err
	}
	return configured{tlsAssets: result.TLSAssets, siblings: siblings}, nil
}

// configInput gathers the generator's input: the selected monitors and the
// additional configuration snippets the workload refers to.
func (c *workloadController) configInput(p monitoringv1.PrometheusInterface, selected *selection, ruleConfigMapNames []string, view *assets.View) (promcfg.Input, error) {
	input := promcfg.Input{
		ServiceMonitors: selected.serviceMonitors, PodMonitors: selected.podMonitors, Probes: selected.probes,
		Store: view, RuleConfigMapNames: ruleConfigMapNames,
	}
	if len(selected.scrapeConfigs) > 0 {
		input.ExtraJobs = []promcfg.JobSource{promcfg.ScrapeConfigs(selected.scrapeConfigs)}
	}
	var errs []error
	read := func(selector *corev1.SecretKeySelector) []byte {
		if selector == nil {
			return nil
		}
		value, err := view.SecretKey(p.GetNamespace(), *selector)
		errs = append(errs, err)
		return []byte(value)
	}
	input.AdditionalScrapeConfigs = read(p.GetCommonPrometheusFields().AdditionalScrapeConfigs)
	relabelConfigs, alertmanagerConfigs := traitsOf(p).additionalAlerting()
	input.AdditionalAlertRelabelConfigs = read(relabelConfigs)
	input.AdditionalAlertmanagerConfigs = read(alertmanagerConfigs)
	if err := errors.Join(errs...); err != nil {
		return promcfg.Input{}, fmt.Errorf("additional configuration: %w", err)
	}
	return input, nil
}

// configOptions passes the cluster's capabilities and the feature gates to
// the generator. The rules keeping retained shards idle belong to Prometheus
// servers with a shard retention policy only.
func (c *workloadController) configOptions(p monitoringv1.PrometheusInterface) promcfg.Options {
	gates := c.operator.config.Gates
	return promcfg.Options{
		EndpointSliceSupported: c.operator.capabilities.EndpointSlice,
		PodTopologyLabels:      c.operator.capabilities.PodTopologyLabels,
		TopologySharding:       gates.Enabled(operator.GatePrometheusTopologySharding),
		ShardRetention: gates.Enabled(operator.GatePrometheusShardRetentionPolicy) &&
			traitsOf(p).shardRetentionPolicy() != nil,
	}
}

// syncWorkload applies the pods' controller: a DaemonSet for agents in
// DaemonSet mode, one StatefulSet per shard otherwise.
func (c *workloadController) syncWorkload(ctx context.Context, key cache.ObjectName, p monitoringv1.PrometheusInterface, opts manifests.Options) error {
	if traitsOf(p).daemonSetMode() {
		return c.syncDaemonSet(ctx, p, opts)
	}
	if err := c.removeDaemonSet(ctx, p); err != nil {
		return err
	}
	recheck, err := c.syncStatefulSets(ctx, p, opts)
	if err != nil {
		return err
	}
	// Retained shards are deleted once their deadline passes.
	if recheck > 0 {
		c.queue.AddAfter(key, recheck)
	}
	return nil
}

// ensureFinalizer adds the status-cleanup finalizer, so that bindings can
// be withdrawn when the workload is deleted. It is only needed while
// bindings are written.
func (c *workloadController) ensureFinalizer(ctx context.Context, p monitoringv1.PrometheusInterface) (monitoringv1.PrometheusInterface, error) {
	if !c.operator.config.Gates.Enabled(operator.GateStatusForConfigurationResources) ||
		slices.Contains(p.GetFinalizers(), operator.StatusCleanupFinalizer) {
		return p, nil
	}
	updated, err := c.setFinalizers(ctx, p, append(slices.Clone(p.GetFinalizers()), operator.StatusCleanupFinalizer))
	if err != nil {
		return nil, fmt.Errorf("add finalizer: %w", err)
	}
	return updated, nil
}

// setFinalizers patches the finalizer list alone: writing the whole object
// back would drop fields the API server stored but the typed spec omits
// (a false boolean, say), change the spec and bump the generation. The
// resourceVersion makes the patch fail on a concurrent change.
func (c *workloadController) setFinalizers(ctx context.Context, p monitoringv1.PrometheusInterface, finalizers []string) (monitoringv1.PrometheusInterface, error) {
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{
		"finalizers": finalizers, "resourceVersion": p.GetResourceVersion(),
	}})
	if err != nil {
		return nil, err
	}
	return c.kind.patch(ctx, p.GetNamespace(), p.GetName(), patch)
}

// finalize withdraws the workload's bindings from every resource, then
// removes the finalizer so that the deletion completes.
func (c *workloadController) finalize(ctx context.Context, p monitoringv1.PrometheusInterface) error {
	if !slices.Contains(p.GetFinalizers(), operator.StatusCleanupFinalizer) {
		return nil
	}
	if err := c.removeBindings(ctx, p); err != nil {
		return err
	}
	remaining := slices.DeleteFunc(slices.Clone(p.GetFinalizers()), func(f string) bool {
		return f == operator.StatusCleanupFinalizer
	})
	if _, err := c.setFinalizers(ctx, p, remaining); err != nil {
		return fmt.Errorf("remove finalizer: %w", err)
	}
	c.forget(cache.NewObjectName(p.GetNamespace(), p.GetName()))
	return nil
}
