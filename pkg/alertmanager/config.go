// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"context"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/amcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// selectConfigs returns the AlertmanagerConfigs the Alertmanager selects:
// none without alertmanagerConfigSelector (nil matches nothing, {} matches
// everything), from its own namespace unless alertmanagerConfigNamespaceSelector
// names others. The global AlertmanagerConfig (alertmanagerConfiguration.name)
// is never among them.
func (c *Controller) selectConfigs(am *monitoringv1.Alertmanager) ([]*monitoringv1alpha1.AlertmanagerConfig, error) {
	if amcfg.ModeOf(am) == amcfg.BaseUnmanaged || am.Spec.AlertmanagerConfigSelector == nil {
		return nil, nil
	}
	selector, err := metav1.LabelSelectorAsSelector(am.Spec.AlertmanagerConfigSelector)
	if err != nil {
		return nil, fmt.Errorf("spec.alertmanagerConfigSelector: %w", err)
	}
	var namespaceSelector labels.Selector
	if am.Spec.AlertmanagerConfigNamespaceSelector != nil {
		if namespaceSelector, err = metav1.LabelSelectorAsSelector(am.Spec.AlertmanagerConfigNamespaceSelector); err != nil {
			return nil, fmt.Errorf("spec.alertmanagerConfigNamespaceSelector: %w", err)
		}
	}
	var global string
	if configuration := am.Spec.AlertmanagerConfiguration; configuration != nil {
		global = configuration.Name
	}
	var selected []*monitoringv1alpha1.AlertmanagerConfig
	for _, config := range kube.ListAs[*monitoringv1alpha1.AlertmanagerConfig](c.informers.AlertmanagerConfigs, metav1.NamespaceAll, selector) {
		if config.Namespace == am.Namespace && config.Name == global {
			continue
		}
		if !c.namespaceSelected(am, namespaceSelector, config.Namespace) {
			continue
		}
		selected = append(selected, config)
	}
	slices.SortFunc(selected, func(a, b *monitoringv1alpha1.AlertmanagerConfig) int {
		return compareKeys(a.Namespace+"/"+a.Name, b.Namespace+"/"+b.Name)
	})
	return selected, nil
}

func compareKeys(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// namespaceSelected reports whether the Alertmanager reads
// AlertmanagerConfigs of namespace.
func (c *Controller) namespaceSelected(am *monitoringv1.Alertmanager, selector labels.Selector, namespace string) bool {
	if selector == nil {
		return namespace == am.Namespace
	}
	namespaceLabels, known := c.namespaceLabels(namespace)
	return known && selector.Matches(namespaceLabels)
}

// syncConfiguration generates alertmanager.yaml and writes the generated
// Secret. An Alertmanager whose own configuration is invalid keeps its
// previous Secret; a bad AlertmanagerConfig is left out (listed in the
// result) and the others are applied.
func (c *Controller) syncConfiguration(ctx context.Context, am *monitoringv1.Alertmanager, selected []*monitoringv1alpha1.AlertmanagerConfig, view *assets.View) (*amcfg.Result, error) {
	input := amcfg.Input{Alertmanager: am, Configs: selected, Store: view}
	var userData map[string][]byte
	if amcfg.ModeOf(am) == amcfg.BaseGlobalAlertmanagerConfig {
		global, err := c.globalConfig(ctx, am)
		if err != nil {
			return nil, err
		}
		input.GlobalConfig = global
	} else {
		// The user Secret is read through the asset store, so that a change
		// to it re-queues the Alertmanager.
		ref := assets.Reference{Kind: assets.SecretKind, Namespace: am.Namespace, Name: UserConfigSecretName(am)}
		data, found, err := view.Data(ref)
		if err != nil {
			return nil, fmt.Errorf("read the configuration Secret %s: %w", ref.Name, err)
		}
		if found {
			userData = data
			input.RawConfig = data[amcfg.ConfigKey]
		}
	}
	result, err := amcfg.Generate(input, amcfg.Options{})
	if err != nil {
		// Only a change to the objects can fix this; their events re-queue.
		return nil, fmt.Errorf("%w: generate the configuration: %w", controller.ErrPermanent, err)
	}
	for _, warning := range result.Warnings {
		c.Logger.Warn(warning.String(), "namespace", am.Namespace, "alertmanager", am.Name)
	}
	secret, err := MakeGeneratedSecret(am, c.Config, result.Config, userData)
	if err != nil {
		return nil, err
	}
	if err := c.applySecret(ctx, secret); err != nil {
		return nil, err
	}
	return result, nil
}

// globalConfig reads the AlertmanagerConfig named by
// spec.alertmanagerConfiguration.name, from the cache when its namespace
// is watched, from the API otherwise. A missing one is left nil: the
// generator reports it.
func (c *Controller) globalConfig(ctx context.Context, am *monitoringv1.Alertmanager) (*monitoringv1alpha1.AlertmanagerConfig, error) {
	name := am.Spec.AlertmanagerConfiguration.Name
	if c.informers.AlertmanagerConfigs.Scope().Contains(am.Namespace) {
		cached, found, err := kube.GetAs[*monitoringv1alpha1.AlertmanagerConfig](c.informers.AlertmanagerConfigs, am.Namespace, name)
		if err != nil || !found {
			return nil, err
		}
		return cached.DeepCopy(), nil
	}
	fetched, err := c.MonitoringClient.MonitoringV1alpha1().AlertmanagerConfigs(am.Namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		if apierrors.IsNotFound(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("read AlertmanagerConfig %s/%s: %w", am.Namespace, name, err)
	}
	return fetched, nil
}

// reportRejections records a Warning Event on each rejected
// AlertmanagerConfig, naming the Alertmanager and the reason (which names
// the receiver or field, never a Secret value).
func (c *Controller) reportRejections(am *monitoringv1.Alertmanager, rejected []amcfg.Rejection) {
	for _, rejection := range rejected {
		c.Logger.Warn("AlertmanagerConfig rejected", "alertmanager", am.Namespace+"/"+am.Name,
			"alertmanagerconfig", rejection.Key(), "reason", rejection.Reason.Error())
		cached, found, err := kube.GetAs[*monitoringv1alpha1.AlertmanagerConfig](c.informers.AlertmanagerConfigs, rejection.Namespace, rejection.Name)
		if err != nil || !found {
			continue
		}
		c.Recorder.Eventf(cached, corev1.EventTypeWarning, reasonInvalidConfiguration,
			"AlertmanagerConfig %s was rejected by Alertmanager %s/%s due to invalid configuration: %v",
			rejection.Name, am.Namespace, am.Name, rejection.Reason)
	}
}

// syncTLSAssets writes the files the configuration refers to (CA bundles,
// client certificates) into the tls-assets Secrets and returns the names
// of the shards.
func (c *Controller) syncTLSAssets(ctx context.Context, am *monitoringv1.Alertmanager, files []amcfg.TLSAsset) ([]string, error) {
	converted := make([]assets.TLSAsset, 0, len(files))
	for _, file := range files {
		converted = append(converted, file)
	}
	return assets.SyncTLSAssetSecrets(ctx, converted, assets.TLSSecretsOptions{
		Client: c.KubeClient.CoreV1().Secrets(am.Namespace), BaseName: TLSAssetsSecretPrefix(am),
		Metadata: func(name string) metav1.ObjectMeta { return managedMetadata(am, c.Config, name) },
	})
}

// syncWebConfigSecret writes the web configuration file Alertmanager and
// the reloader read (--web.config.file); it exists even without spec.web.
func (c *Controller) syncWebConfigSecret(ctx context.Context, am *monitoringv1.Alertmanager) error {
	var fields *monitoringv1.WebConfigFileFields
	if am.Spec.Web != nil {
		fields = &am.Spec.Web.WebConfigFileFields
	}
	meta := managedMetadata(am, c.Config, WebConfigSecretName(am))
	return webConfigLayout(am).SyncSecret(ctx, c.KubeClient.CoreV1().Secrets(am.Namespace), meta, fields)
}
