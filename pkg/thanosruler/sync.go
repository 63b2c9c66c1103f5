// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// Reconciled condition reasons and Event reasons.
const (
	reasonNoSelectedResources   = "NoSelectedResources"
	reasonDeprecatedFields      = "DeprecatedFieldsInUse"
	reasonInvalidConfiguration  = "InvalidConfiguration"
	reasonReconcileFailed       = "ReconcileFailed"
	noSelectedResourcesMessage  = "No PrometheusRule have been selected."
	deprecatedExcludeFieldsNote = `field "spec.prometheusRulesExcludedFromEnforce" is deprecated, field "spec.excludedFromEnforcement" should be used instead`
)

// reasonedError carries the Reconciled reason of a failure.
type reasonedError struct {
	reason string
	err    error
}

func (e *reasonedError) Error() string { return e.err.Error() }
func (e *reasonedError) Unwrap() error { return e.err }

// invalid marks a spec error: retrying cannot fix it, the user must. A
// Secret read that failed for an outage (assets.ErrUnavailable) is no spec
// error: it stays retryable.
func invalid(err error) error {
	if errors.Is(err, assets.ErrUnavailable) {
		return err
	}
	return &reasonedError{reason: reasonInvalidConfiguration, err: fmt.Errorf("%w: %w", controller.ErrPermanent, err)}
}

// sync reconciles one ThanosRuler, then refreshes its status through the
// status queue. Returning an error retries with backoff.
func (c *Controller) sync(ctx context.Context, key cache.ObjectName) error {
	cached, found, err := kube.GetAs[*monitoringv1.ThanosRuler](c.informers.ThanosRulers, key.Namespace, key.Name)
	if err != nil {
		return err
	}
	// Deleted: owner references take the generated objects with it.
	if !found {
		c.Forget(key)
		return nil
	}
	// Another operator instance (--controller-id) is in charge of it.
	if !c.Handles(cached) {
		return nil
	}
	tr := cached.DeepCopy()
	// Being deleted: withdraw its bindings, then release it.
	if tr.DeletionTimestamp != nil {
		return c.finalize(ctx, tr)
	}
	if tr, err = c.ensureFinalizer(ctx, tr); err != nil {
		return err
	}
	defer c.Queues.Status.Add(key)
	// Paused: nothing generated is touched; only the status is refreshed.
	if tr.Spec.Paused {
		return nil
	}
	result, err := c.reconcile(ctx, tr)
	c.Results.Record(key, result)
	if err != nil {
		c.Recorder.Event(tr, corev1.EventTypeWarning, result.Reason, err.Error())
	}
	return err
}

// reconcile writes every object of the ThanosRuler in the order the pods
// need them: rule ConfigMaps and Secrets, the Service, the StatefulSet,
// then the bindings on the selected PrometheusRules.
func (c *Controller) reconcile(ctx context.Context, tr *monitoringv1.ThanosRuler) (workload.Result, error) {
	failed := func(err error) (workload.Result, error) {
		reason := reasonReconcileFailed
		if reasoned := (*reasonedError)(nil); errors.As(err, &reasoned) {
			reason = reasoned.reason
		}
		return workload.Result{Generation: tr.Generation, Reason: reason, Message: err.Error()}, err
	}
	// Without a query endpoint the ruler has nothing to evaluate against:
	// refused before anything is written.
	if err := checkSpec(tr); err != nil {
		return failed(invalid(err))
	}
	// A claim naming a missing storage class would leave the pods Pending:
	// better to stop before the StatefulSet changes.
	if err := c.StorageClasses.Check(ctx, tr.Spec.Storage); err != nil {
		if errors.Is(err, workload.ErrStorageClassNotFound) {
			err = &reasonedError{reason: workload.ReasonStorageClassNotFound, err: err}
		}
		return failed(err)
	}
	if len(tr.Spec.PrometheusRulesExcludedFromEnforce) > 0 { //nolint:staticcheck // Deprecated field, still honoured.
		c.Logger.Warn(deprecatedExcludeFieldsNote, "namespace", tr.Namespace, "thanosruler", tr.Name)
	}
	view := c.Assets.ForReader(ctx, c.Reader(cache.NewObjectName(tr.Namespace, tr.Name)))
	defer view.Release()

	rules, err := c.syncRules(ctx, tr)
	if err != nil {
		return failed(err)
	}
	tlsAssetNames, remoteWrite, err := c.syncConfigSecret(ctx, tr, view)
	if err != nil {
		return failed(err)
	}
	if err := c.syncWebConfigSecret(ctx, tr); err != nil {
		return failed(err)
	}
	referencedHash, err := referencedSecretsHash(tr, view, remoteWrite)
	if err != nil {
		return failed(invalid(err))
	}
	if err := c.syncGoverningService(ctx, tr); err != nil {
		return failed(err)
	}
	opts := BuildOptions{
		Config: c.Config, RuleConfigMapNames: rules.configMapNames, TLSAssetSecretNames: tlsAssetNames,
		ReferencedSecretsHash: referencedHash, Logger: c.Logger,
	}
	if err := c.syncStatefulSet(ctx, tr, opts); err != nil {
		return failed(err)
	}
	if c.Config.Gates.Enabled(operator.GateStatusForConfigurationResources) {
		if err := c.syncBindings(ctx, tr, rules); err != nil {
			return failed(err)
		}
	}
	return successResult(tr, rules), nil
}

// successResult words the Reconciled condition of a successful reconcile.
func successResult(tr *monitoringv1.ThanosRuler, rules *ruleSelection) workload.Result {
	result := workload.Result{Generation: tr.Generation, OK: true}
	// As upstream, no selected rule outweighs deprecated fields.
	switch {
	case rules.selectedCount() == 0:
		result.Reason, result.Message = reasonNoSelectedResources, noSelectedResourcesMessage
	case len(tr.Spec.PrometheusRulesExcludedFromEnforce) > 0: //nolint:staticcheck // Deprecated field, still honoured.
		result.Reason, result.Message = reasonDeprecatedFields, deprecatedExcludeFieldsNote
	}
	return result
}

// syncGoverningService creates or updates "thanos-ruler-operated", or with
// spec.serviceName checks that the user's Service selects the pods.
func (c *Controller) syncGoverningService(ctx context.Context, tr *monitoringv1.ThanosRuler) error {
	client := c.KubeClient.CoreV1().Services(tr.Namespace)
	if name := tr.Spec.ServiceName; name != nil {
		if err := workload.CheckGoverningService(ctx, client, *name, SelectorLabels(tr)); err != nil {
			return &reasonedError{reason: reasonInvalidConfiguration, err: err}
		}
		return nil
	}
	if _, err := kube.CreateOrUpdate(ctx, client, GoverningService(tr, c.Config), kube.MergeService); err != nil {
		return fmt.Errorf("governing Service: %w", err)
	}
	return nil
}

// syncStatefulSet builds the StatefulSet against the stored one and
// applies it.
func (c *Controller) syncStatefulSet(ctx context.Context, tr *monitoringv1.ThanosRuler, opts BuildOptions) error {
	existing, err := workload.StoredStatefulSet(c.informers.StatefulSets, tr.Namespace, StatefulSetName(tr))
	if err != nil {
		return err
	}
	if existing != nil {
		opts.ExistingSpec = &existing.Spec
	}
	desired, err := StatefulSet(tr, opts)
	if err != nil {
		// The spec cannot be built into a StatefulSet; retrying will not help.
		return invalid(fmt.Errorf("build StatefulSet %s: %w", StatefulSetName(tr), err))
	}
	return c.ApplyStatefulSet(ctx, desired, existing)
}

// generatedMeta is the metadata of an object generated for tr: the
// operator's managed-by labels and --labels, extra, --annotations, and tr
// as owner (the controlling owner when controller is set).
func (c *Controller) generatedMeta(tr *monitoringv1.ThanosRuler, name string, extra map[string]string, isController bool) metav1.ObjectMeta {
	owner := objectmeta.OwnerReference(tr, GroupVersionKind)
	if isController {
		owner = objectmeta.ControllerReference(tr, GroupVersionKind)
	}
	return metav1.ObjectMeta{
		Name:      name,
		Namespace: tr.Namespace,
		Labels: objectmeta.MergeMaps(map[string]string{
			operator.ManagedByLabel: operator.ManagedByValue, operator.ManagedByRecommended: operator.ManagedByValue,
		}, c.Config.Labels, extra),
		Annotations:     objectmeta.MergeMaps(c.Config.Annotations),
		OwnerReferences: []metav1.OwnerReference{owner},
	}
}

// ensureFinalizer adds the status-cleanup finalizer, so that bindings can
// be withdrawn when the ThanosRuler is deleted. It is only needed while
// bindings are written.
func (c *Controller) ensureFinalizer(ctx context.Context, tr *monitoringv1.ThanosRuler) (*monitoringv1.ThanosRuler, error) {
	if !c.Config.Gates.Enabled(operator.GateStatusForConfigurationResources) || slices.Contains(tr.Finalizers, operator.StatusCleanupFinalizer) {
		return tr, nil
	}
	updated, err := c.setFinalizers(ctx, tr, append(slices.Clone(tr.Finalizers), operator.StatusCleanupFinalizer))
	if err != nil {
		return nil, fmt.Errorf("add finalizer: %w", err)
	}
	return updated, nil
}

// setFinalizers patches the finalizer list alone, guarded by the
// resourceVersion against concurrent changes.
func (c *Controller) setFinalizers(ctx context.Context, tr *monitoringv1.ThanosRuler, finalizers []string) (*monitoringv1.ThanosRuler, error) {
	patch, err := json.Marshal(map[string]any{"metadata": map[string]any{
		"finalizers": finalizers, "resourceVersion": tr.ResourceVersion,
	}})
	if err != nil {
		return nil, err
	}
	return c.MonitoringClient.MonitoringV1().ThanosRulers(tr.Namespace).Patch(ctx, tr.Name, types.MergePatchType, patch, metav1.PatchOptions{})
}

// finalize withdraws the ThanosRuler's bindings from every PrometheusRule,
// then removes the finalizer so that the deletion completes.
func (c *Controller) finalize(ctx context.Context, tr *monitoringv1.ThanosRuler) error {
	if !slices.Contains(tr.Finalizers, operator.StatusCleanupFinalizer) {
		return nil
	}
	if err := c.removeBindings(ctx, tr); err != nil {
		return err
	}
	remaining := slices.DeleteFunc(slices.Clone(tr.Finalizers), func(f string) bool { return f == operator.StatusCleanupFinalizer })
	if _, err := c.setFinalizers(ctx, tr, remaining); err != nil {
		return fmt.Errorf("remove finalizer: %w", err)
	}
	c.Forget(cache.NewObjectName(tr.Namespace, tr.Name))
	return nil
}

// referencedSecretsHash reads the Secret keys the ruler's flags point at.
// Reading them through the store makes a later change of one of them
// re-run the reconcile; their digest, with the remote-write file (whose
// credentials come from Secrets too) when remote write is used, goes into
// the pod template, so that the pods restart with the new content: Thanos
// reads these files once. Upstream does neither. A missing Secret or key is
// an error: the pods could not start with it.
func referencedSecretsHash(tr *monitoringv1.ThanosRuler, view *assets.View, remoteWrite []byte) (string, error) {
	spec := &tr.Spec
	references := []struct {
		field    string
		selector *corev1.SecretKeySelector
		used     bool
	}{
		{"queryConfig", spec.QueryConfig, true},
		{"alertmanagersConfig", spec.AlertManagersConfig, true},
		{"objectStorageConfig", spec.ObjectStorageConfig, spec.ObjectStorageConfigFile == nil},
		{"tracingConfig", spec.TracingConfig, spec.TracingConfigFile == ""},
		{"alertRelabelConfigs", spec.AlertRelabelConfigs, spec.AlertRelabelConfigFile == nil},
	}
	var contents []string
	for _, reference := range references {
		if reference.selector == nil || !reference.used {
			continue
		}
		value, err := view.SecretKey(tr.Namespace, *reference.selector)
		if err != nil {
			return "", fmt.Errorf("spec.%s: %w", reference.field, err)
		}
		contents = append(contents, reference.field+"\x00"+value)
	}
	if len(tr.Spec.RemoteWrite) > 0 {
		contents = append(contents, "remoteWrite\x00"+string(remoteWrite))
	}
	if len(contents) == 0 {
		return "", nil
	}
	return digest(strings.Join(contents, "\x00")), nil
}
