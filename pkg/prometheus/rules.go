// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"

	"github.com/prometheus/prometheus/promql/parser"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/manifests"
	"github.com/seed-6daed11e/prometheus-operator/pkg/rules"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// ruleConfigMapLabel ties rule ConfigMaps to their Prometheus.
const ruleConfigMapLabel = "prometheus-name"

// ruleOptions are how the rule files of a Prometheus are rendered: the
// Prometheus format (no partial_response_strategy), its version gates and
// namespace enforcement.
func ruleOptions(p monitoringv1.PrometheusInterface) (rules.Options, error) {
	common := p.GetCommonPrometheusFields()
	target, err := version.Parse(common.Version)
	if err != nil {
		return rules.Options{}, err
	}
	return rules.Options{
		Format: rules.PrometheusFormat,
		Target: target,
		Parser: parser.Options{EnableExperimentalFunctions: true},
		Enforcement: rules.Enforcement{
			Label:         common.EnforcedNamespaceLabel,
			Excluded:      common.ExcludedFromEnforcement,
			ExcludedRules: rules.DeprecatedExclusions(traitsOf(p).ruleExclusions()),
		},
	}, nil
}

// syncRuleConfigMaps renders the selected PrometheusRules (marking those
// Prometheus would refuse as rejected), writes the rule ConfigMaps and
// returns the names to mount, padded to manifests.MinRuleConfigMaps so that
// small growth does not change the pod template.
func (c *workloadController) syncRuleConfigMaps(ctx context.Context, p monitoringv1.PrometheusInterface, selected *selection) ([]string, error) {
	opts, err := ruleOptions(p)
	if err != nil {
		return nil, err
	}
	opts.Logger = c.logger
	files, rejections := rules.Render(selected.rules, opts)
	for _, rejection := range rejections {
		selected.reject(ruleKind.kind, rejection.Rule, rejection.Reason)
	}
	label := map[string]string{ruleConfigMapLabel: p.GetName()}
	names, err := rules.SyncConfigMaps(ctx, files, rules.ConfigMapOptions{
		Client:       c.operator.kubeClient.CoreV1().ConfigMaps(p.GetNamespace()),
		Prefix:       manifests.PrefixedName(p),
		Label:        label,
		Metadata:     func(name string) metav1.ObjectMeta { return c.operator.generatedMeta(p, name, label) },
		OwnerUID:     string(p.GetUID()),
		MinimumNames: manifests.MinRuleConfigMaps,
		Memo:         c.operator.configMapMemo,
		Owner:        c.memoOwner(p),
	})
	if err != nil {
		return nil, err
	}
	return names, nil
}

// generatedMeta is the metadata of an object generated for p: the
// operator's managed-by labels and --labels, extra, --annotations, and p
// as controlling owner.
func (o *Operator) generatedMeta(p monitoringv1.PrometheusInterface, name string, extra map[string]string) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Name:      name,
		Namespace: p.GetNamespace(),
		Labels: objectmeta.MergeMaps(map[string]string{
			operator.ManagedByLabel:       operator.ManagedByValue,
			operator.ManagedByRecommended: operator.ManagedByValue,
		}, o.config.Labels, extra),
		Annotations:     objectmeta.MergeMaps(o.config.Annotations),
		OwnerReferences: []metav1.OwnerReference{objectmeta.ControllerReference(p, manifests.GroupVersionKind(p))},
	}
}

// ownedBy reports whether p controls obj.
func ownedBy(obj metav1.Object, p metav1.Object) bool {
	owner := metav1.GetControllerOf(obj)
	return owner != nil && owner.UID == p.GetUID()
}
