// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/tools/cache"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/amcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/workload"
)

// Event and condition reasons.
const (
	reasonInvalidConfiguration  = "InvalidConfiguration"
	reasonReconcileFailed       = "ReconcileFailed"
	reasonDeprecatedFieldsInUse = "DeprecatedFieldsInUse"
	reasonSomeResourcesRejected = "SomeResourcesRejected"
)

// sync reconciles one Alertmanager. Returning an error retries with
// backoff; a spec that cannot work is recorded in the Reconciled condition
// and an Event, and not retried until something changes.
func (c *Controller) sync(ctx context.Context, key cache.ObjectName) error {
	cached, found, err := kube.GetAs[*monitoringv1.Alertmanager](c.informers.Alertmanagers, key.Namespace, key.Name)
	if err != nil {
		return err
	}
	// Deleted: owner references take the generated objects with it; its
	// bindings on AlertmanagerConfigs are withdrawn here.
	if !found {
		c.Forget(key)
		return c.withdrawBindings(ctx, key)
	}
	// Another operator instance (--controller-id) is in charge, or the
	// object is going away.
	if !c.Handles(cached) || cached.DeletionTimestamp != nil {
		return nil
	}
	am := cached.DeepCopy()
	defer c.Queues.Status.Add(key)
	// Paused: nothing generated is touched; only the status is refreshed.
	if am.Spec.Paused {
		return nil
	}
	result, err := c.reconcile(ctx, key, am)
	c.Results.Record(key, result)
	if err != nil {
		c.Recorder.Event(am, corev1.EventTypeWarning, result.Reason, err.Error())
	}
	return err
}

// reconcile writes every object of the Alertmanager in upstream's order:
// the configuration Secrets first, then the Service and the StatefulSet,
// then the bindings on the AlertmanagerConfigs.
func (c *Controller) reconcile(ctx context.Context, key cache.ObjectName, am *monitoringv1.Alertmanager) (workload.Result, error) {
	failed := func(reason string, err error) (workload.Result, error) {
		return workload.Result{Generation: am.Generation, Reason: reason, Message: err.Error()}, err
	}
	// A claim naming a missing storage class would leave the pods Pending:
	// better to stop before the StatefulSet changes.
	if err := c.StorageClasses.Check(ctx, am.Spec.Storage); err != nil {
		reason := reasonReconcileFailed
		if errors.Is(err, workload.ErrStorageClassNotFound) {
			reason = workload.ReasonStorageClassNotFound
		}
		return failed(reason, err)
	}
	view := c.Assets.ForReader(ctx, c.Reader(key))
	defer view.Release()

	selected, err := c.selectConfigs(am)
	if err != nil {
		// A selector the API server let through but that does not parse
		// will not parse on a retry either.
		return failed(reasonInvalidConfiguration, fmt.Errorf("%w: %w", controller.ErrPermanent, err))
	}
	generated, err := c.syncConfiguration(ctx, am, selected, view)
	if err != nil {
		reason := reasonReconcileFailed
		if errors.Is(err, controller.ErrPermanent) {
			reason = reasonInvalidConfiguration
		}
		return failed(reason, err)
	}
	c.reportRejections(am, generated.Rejected)
	c.CountResources(key, monitoringv1alpha1.AlertmanagerConfigKind, len(selected), len(generated.Rejected))
	tlsAssetNames, err := c.syncTLSAssets(ctx, am, generated.TLSAssets)
	if err != nil {
		return failed(reasonReconcileFailed, err)
	}
	for _, step := range []func(context.Context, *monitoringv1.Alertmanager) error{
		c.syncWebConfigSecret, c.syncClusterTLSSecret, c.syncGoverningService,
	} {
		if err := step(ctx, am); err != nil {
			return failed(reasonReconcileFailed, err)
		}
	}
	if err := c.syncStatefulSet(ctx, am, tlsAssetNames); err != nil {
		return failed(reasonReconcileFailed, err)
	}
	if c.Config.Gates.Enabled(operator.GateStatusForConfigurationResources) {
		if err := c.syncBindings(ctx, am, selected, generated.Rejected); err != nil {
			return failed(reasonReconcileFailed, err)
		}
	}
	return successResult(am, selected, generated.Rejected), nil
}

// successResult words the Reconciled condition of a successful reconcile.
func successResult(am *monitoringv1.Alertmanager, selected []*monitoringv1alpha1.AlertmanagerConfig, rejected []amcfg.Rejection) workload.Result {
	result := workload.Result{Generation: am.Generation, OK: true}
	if deprecated := deprecatedFields(am); len(deprecated) > 0 {
		result.Reason = reasonDeprecatedFieldsInUse
		result.Message = strings.Join(deprecated, "; ")
		return result
	}
	if len(rejected) > 0 {
		result.Reason = reasonSomeResourcesRejected
		result.Message = fmt.Sprintf("%d of %d selected AlertmanagerConfigs were rejected as invalid", len(rejected), len(selected))
	}
	return result
}

// deprecatedFields lists the deprecated fields the spec sets.
func deprecatedFields(am *monitoringv1.Alertmanager) []string {
	var messages []string
	for field, value := range map[string]string{
		"spec.baseImage": am.Spec.BaseImage, //nolint:staticcheck // Deprecated field, still honoured.
		"spec.tag":       am.Spec.Tag,       //nolint:staticcheck // Deprecated field, still honoured.
		"spec.sha":       am.Spec.SHA,       //nolint:staticcheck // Deprecated field, still honoured.
	} {
		if value != "" {
			messages = append(messages, fmt.Sprintf("field %q is deprecated, use spec.image instead", field))
		}
	}
	slices.Sort(messages)
	return messages
}

// syncGoverningService creates or updates alertmanager-operated. With
// spec.serviceName the user's Service is only checked.
func (c *Controller) syncGoverningService(ctx context.Context, am *monitoringv1.Alertmanager) error {
	if name := am.Spec.ServiceName; name != nil {
		return workload.CheckGoverningService(ctx, c.KubeClient.CoreV1().Services(am.Namespace), *name, SelectorLabels(am))
	}
	desired := MakeGoverningService(am, c.Config)
	if _, err := kube.CreateOrUpdate(ctx, c.KubeClient.CoreV1().Services(am.Namespace), desired, kube.MergeService); err != nil {
		return fmt.Errorf("governing Service: %w", err)
	}
	return nil
}

// syncClusterTLSSecret writes the gossip TLS file, empty without spec.clusterTLS.
func (c *Controller) syncClusterTLSSecret(ctx context.Context, am *monitoringv1.Alertmanager) error {
	desired, err := MakeClusterTLSSecret(am, c.Config)
	if err != nil {
		return fmt.Errorf("%w: %w", controller.ErrPermanent, err)
	}
	return c.applySecret(ctx, desired)
}

// applySecret creates or updates a generated Secret.
func (c *Controller) applySecret(ctx context.Context, desired *corev1.Secret) error {
	if _, err := kube.CreateOrUpdate(ctx, c.KubeClient.CoreV1().Secrets(desired.Namespace), desired, kube.MergeSecret); err != nil {
		return fmt.Errorf("Secret %s: %w", desired.Name, err)
	}
	return nil
}

// syncStatefulSet builds the StatefulSet and applies it: created when
// missing, updated when its input hash changed, deleted (and re-created on
// the next sync) when the API refuses the update as invalid.
func (c *Controller) syncStatefulSet(ctx context.Context, am *monitoringv1.Alertmanager, tlsAssetNames []string) error {
	existing, err := workload.StoredStatefulSet(c.informers.StatefulSets, am.Namespace, StatefulSetName(am))
	if err != nil {
		return err
	}
	opts := BuildOptions{Config: c.Config, TLSAssetSecretNames: tlsAssetNames}
	if existing != nil {
		opts.ExistingSpec = &existing.Spec
	}
	desired, err := MakeStatefulSet(am, opts)
	if err != nil {
		return fmt.Errorf("%w: build StatefulSet: %w", controller.ErrPermanent, err)
	}
	return c.ApplyStatefulSet(ctx, desired, existing)
}
