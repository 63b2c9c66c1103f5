// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/k8sutil"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus/build"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// maxRuleConfigMapDataSize is how much rule data one ConfigMap holds: half
// the 1 MiB object limit, leaving room for metadata.
const maxRuleConfigMapDataSize = corev1.MaxSecretSize / 2

// ruleConfigMapLabel ties rule ConfigMaps to their Prometheus.
const ruleConfigMapLabel = "prometheus-name"

// ruleFiles renders each accepted PrometheusRule into a rule file keyed
// "<namespace>-<name>-<uid>.yaml" (the UID keeps "a-b/c" and "a/b-c"
// apart), with the namespace label enforced unless the rule is excluded.
// Rules Prometheus rejects are marked in selected and left out.
func ruleFiles(p *monitoringv1.Prometheus, selected *selection, logger *slog.Logger) (map[string]string, error) {
	target, err := version.Parse(p.Spec.Version)
	if err != nil {
		return nil, err
	}
	enforcement := ruleEnforcementOf(p)
	files := map[string]string{}
	for _, rule := range selected.rules {
		spec := rule.Spec
		if enforcement.appliesTo(rule.Namespace, rule.Name) {
			spec = *spec.DeepCopy()
			if err := enforceNamespace(&spec, p.Spec.EnforcedNamespaceLabel, rule.Namespace); err != nil {
				selected.reject(ruleKind.kind, rule, fmt.Errorf("enforce the namespace label: %w", err))
				continue
			}
		}
		content, err := renderRuleFile(spec, target, logger.With("prometheusRule", rule.Namespace+"/"+rule.Name))
		if err != nil {
			selected.reject(ruleKind.kind, rule, err)
			continue
		}
		files[fmt.Sprintf("%s-%s-%s.yaml", rule.Namespace, rule.Name, rule.UID)] = content
	}
	return files, nil
}

// renderRuleFile drops the fields the target version does not know,
// serializes the groups and checks them with Prometheus's own rule parser.
func renderRuleFile(spec monitoringv1.PrometheusRuleSpec, target version.Target, logger *slog.Logger) (string, error) {
	spec = *spec.DeepCopy()
	for i := range spec.Groups {
		group := &spec.Groups[i]
		// Thanos-only field: Prometheus refuses unknown group keys.
		group.PartialResponseStrategy = ""
		if group.Interval != nil && *group.Interval == "" {
			group.Interval = nil
		}
		if group.Limit != nil && !target.Supports("2.31.0") {
			group.Limit = nil
			logger.Warn("ignoring the rule group limit, unsupported by this Prometheus version", "minimumVersion", "2.31.0")
		}
		if group.QueryOffset != nil && !target.Supports("2.53.0") {
			group.QueryOffset = nil
			logger.Warn("ignoring the rule group query_offset, unsupported by this Prometheus version", "minimumVersion", "2.53.0")
		}
		if len(group.Labels) > 0 && !target.Supports("3.0.0") {
			group.Labels = nil
			logger.Warn("ignoring the rule group labels, unsupported by this Prometheus version", "minimumVersion", "3.0.0")
		}
		for j := range group.Rules {
			rule := &group.Rules[j]
			if rule.For != nil && *rule.For == "" {
				rule.For = nil
			}
			if rule.KeepFiringFor != nil && !target.Supports("2.42.0") {
				rule.KeepFiringFor = nil
				logger.Warn("ignoring keep_firing_for, unsupported by this Prometheus version", "minimumVersion", "2.42.0")
			}
		}
	}
	content, err := yaml.Marshal(spec)
	if err != nil {
		return "", fmt.Errorf("serialize rules: %w", err)
	}
	if len(content) > maxRuleConfigMapDataSize {
		return "", fmt.Errorf("the rendered rules take %d bytes, above the limit of %d", len(content), maxRuleConfigMapDataSize)
	}
	scheme := model.UTF8Validation
	if target.Major() < 3 {
		scheme = model.LegacyValidation
	}
	if _, errs := rulefmt.Parse(content, false, scheme, parser.NewParser(parser.Options{EnableExperimentalFunctions: true}), slog.New(slog.DiscardHandler)); len(errs) > 0 {
		return "", fmt.Errorf("invalid rules: %w", errors.Join(errs...))
	}
	return string(content), nil
}

// packRuleFiles splits the files over ConfigMaps of at most
// maxRuleConfigMapDataSize bytes, first fit in file name order, and
// returns one data map per ConfigMap (at least one, maybe empty).
func packRuleFiles(files map[string]string) ([]map[string]string, error) {
	buckets := []map[string]string{{}}
	size := 0
	for _, name := range slices.Sorted(maps.Keys(files)) {
		content := files[name]
		if len(content) > maxRuleConfigMapDataSize {
			return nil, fmt.Errorf("rule file %q is too large for a ConfigMap", name)
		}
		if size+len(content) > maxRuleConfigMapDataSize {
			buckets = append(buckets, map[string]string{})
			size = 0
		}
		buckets[len(buckets)-1][name] = content
		size += len(content)
	}
	return buckets, nil
}

// syncRuleConfigMaps writes the rule ConfigMaps of a Prometheus, deletes
// those no longer needed and returns the names to mount, padded to the
// minimum so that small growth does not change the pod template.
func (c *workloadController) syncRuleConfigMaps(ctx context.Context, p *monitoringv1.Prometheus, selected *selection) ([]string, error) {
	o := c.operator
	files, err := ruleFiles(p, selected, c.logger)
	if err != nil {
		return nil, err
	}
	buckets, err := packRuleFiles(files)
	if err != nil {
		return nil, err
	}
	client := o.kubeClient.CoreV1().ConfigMaps(p.Namespace)
	existing, err := client.List(ctx, metav1.ListOptions{LabelSelector: ruleConfigMapLabel + "=" + p.Name})
	if err != nil {
		return nil, fmt.Errorf("list rule ConfigMaps: %w", err)
	}
	wanted := map[string]struct{}{}
	for index, data := range buckets {
		configMap := &corev1.ConfigMap{
			ObjectMeta: o.generatedMeta(p, build.RuleConfigMapName(p, index), map[string]string{ruleConfigMapLabel: p.Name}),
			Data:       data,
		}
		wanted[configMap.Name] = struct{}{}
		if _, err := kube.CreateOrUpdate(ctx, client, configMap, kube.MergeConfigMap); err != nil {
			return nil, fmt.Errorf("rule ConfigMap: %w", err)
		}
	}
	// Excess ConfigMaps go once the new ones are in place, so that the
	// reloader never sees the rules partly missing.
	for _, configMap := range existing.Items {
		if _, keep := wanted[configMap.Name]; keep || !ownedBy(&configMap, p) {
			continue
		}
		if err := kube.DeleteIgnoringNotFound(ctx, client, configMap.Name, metav1.DeleteOptions{}); err != nil {
			return nil, fmt.Errorf("excess rule ConfigMap: %w", err)
		}
	}
	return build.RuleConfigMapNames(p, len(buckets)), nil
}

// generatedMeta is the metadata of an object generated for p: the
// operator's managed-by labels and --labels, extra, --annotations, and p
// as controlling owner.
func (o *Operator) generatedMeta(p monitoringv1.PrometheusInterface, name string, extra map[string]string) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Name:      name,
		Namespace: p.GetNamespace(),
		Labels: k8sutil.MergeMaps(map[string]string{
			operator.ManagedByLabel:       operator.ManagedByValue,
			operator.ManagedByRecommended: operator.ManagedByValue,
		}, o.config.Labels, extra),
		Annotations:     k8sutil.MergeMaps(o.config.Annotations),
		OwnerReferences: []metav1.OwnerReference{k8sutil.ControllerReference(p, build.GroupVersionKind(p))},
	}
}

// ownedBy reports whether p controls obj.
func ownedBy(obj metav1.Object, p metav1.Object) bool {
	owner := metav1.GetControllerOf(obj)
	return owner != nil && owner.UID == p.GetUID()
}
