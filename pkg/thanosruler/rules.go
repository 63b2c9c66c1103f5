// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/prometheus/prometheus/promql/parser"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/rules"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// ruleSelection is the outcome of selecting and rendering the
// PrometheusRules of a ThanosRuler.
type ruleSelection struct {
	// selected are the PrometheusRules the selectors match, sorted by
	// namespace and name.
	selected []*monitoringv1.PrometheusRule
	// rejected maps "<namespace>/<name>" to why a selected rule was left out.
	rejected map[string]error
	// configMapNames are the rule ConfigMaps to mount.
	configMapNames []string
}

func (s *ruleSelection) selectedCount() int {
	if s == nil {
		return 0
	}
	return len(s.selected)
}

// rejection returns why rule was left out, nil when it was accepted.
func (s *ruleSelection) rejection(rule *monitoringv1.PrometheusRule) error {
	return s.rejected[rule.Namespace+"/"+rule.Name]
}

// RenderOptions are how the rule files of tr are rendered: the Thanos
// format, which keeps partial_response_strategy, Thanos' version gates,
// and no experimental PromQL functions, whatever spec.enableFeatures says
// (as upstream).
func RenderOptions(tr *monitoringv1.ThanosRuler) (rules.Options, error) {
	target, err := version.Thanos.Parse(ptr.Deref(tr.Spec.Version, ""))
	if err != nil {
		return rules.Options{}, fmt.Errorf("spec.version: %w", err)
	}
	return rules.Options{
		Format: rules.ThanosFormat,
		Target: target,
		Parser: parser.Options{},
		Enforcement: rules.Enforcement{
			Label:         tr.Spec.EnforcedNamespaceLabel,
			Excluded:      tr.Spec.ExcludedFromEnforcement,
			ExcludedRules: rules.DeprecatedExclusions(tr.Spec.PrometheusRulesExcludedFromEnforce), //nolint:staticcheck // Deprecated, still honoured.
		},
	}, nil
}

// syncRules selects the PrometheusRules of tr, renders them and writes the
// rule ConfigMaps "thanos-ruler-<name>-rulefiles-<i>": exactly as many as
// needed, at least one. Rejected rules get a Warning Event.
func (c *Controller) syncRules(ctx context.Context, tr *monitoringv1.ThanosRuler) (*ruleSelection, error) {
	selected, err := c.selectRules(tr)
	if err != nil {
		return nil, invalid(err)
	}
	opts, err := RenderOptions(tr)
	if err != nil {
		return nil, invalid(err)
	}
	opts.Logger = c.Logger.With("thanosruler", tr.Namespace+"/"+tr.Name)
	files, rejections := rules.Render(selected, opts)
	selection := &ruleSelection{selected: selected, rejected: map[string]error{}}
	for _, rejection := range rejections {
		rule := rejection.Rule
		selection.rejected[rule.Namespace+"/"+rule.Name] = rejection.Reason
		c.Logger.Warn("PrometheusRule rejected", "namespace", rule.Namespace, "name", rule.Name,
			"thanosruler", tr.Namespace+"/"+tr.Name, "err", rejection.Reason)
		c.Recorder.Event(rule, corev1.EventTypeWarning, reasonInvalidConfiguration,
			fmt.Sprintf("PrometheusRule %s was rejected due to invalid configuration: %v", rule.Name, rejection.Reason))
	}
	c.CountResources(cache.NewObjectName(tr.Namespace, tr.Name), monitoringv1.PrometheusRuleKind, len(selected), len(selection.rejected))
	label := map[string]string{RuleConfigMapLabel: tr.Name}
	selection.configMapNames, err = rules.SyncConfigMaps(ctx, files, rules.ConfigMapOptions{
		Client: c.KubeClient.CoreV1().ConfigMaps(tr.Namespace),
		Prefix: RuleConfigMapPrefix(tr),
		Label:  label,
		Metadata: func(name string) metav1.ObjectMeta {
			return c.generatedMeta(tr, name, label, true)
		},
		OwnerUID:     string(tr.UID),
		MinimumNames: 1,
	})
	if err != nil {
		return nil, err
	}
	return selection, nil
}

// selectRules returns the PrometheusRules matching the rule selector in the
// namespaces the rule namespace selector takes in, sorted by namespace and
// name, deep-copied. No rule selector selects nothing.
func (c *Controller) selectRules(tr *monitoringv1.ThanosRuler) ([]*monitoringv1.PrometheusRule, error) {
	if tr.Spec.RuleSelector == nil {
		return nil, nil
	}
	selector, err := metav1.LabelSelectorAsSelector(tr.Spec.RuleSelector)
	if err != nil {
		return nil, fmt.Errorf("spec.ruleSelector: %w", err)
	}
	var selected []*monitoringv1.PrometheusRule
	for _, rule := range kube.ListAs[*monitoringv1.PrometheusRule](c.informers.PrometheusRules, metav1.NamespaceAll, selector) {
		matches, err := ruleNamespaceMatches(tr, rule.Namespace, c.namespaceLabels(rule.Namespace))
		if err != nil {
			return nil, err
		}
		if matches {
			selected = append(selected, rule.DeepCopy())
		}
	}
	slices.SortFunc(selected, func(a, b *monitoringv1.PrometheusRule) int {
		return cmp.Or(cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name))
	})
	return selected, nil
}
