// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package relabel

import (
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The Kubernetes objects whose labels a monitor selector is matched
// against, as they appear in service discovery meta labels.
const (
	ObjectService = "service"
	ObjectPod     = "pod"
	ObjectIngress = "ingress"
)

// SanitizeLabelName replaces every character outside [a-zA-Z0-9_] with an
// underscore, the way Kubernetes SD names label meta labels.
func SanitizeLabelName(name string) string {
	clean := true
	for i := 0; i < len(name); i++ {
		if !isLabelChar(name[i]) {
			clean = false
			break
		}
	}
	if clean {
		return name
	}
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		if r < 0x80 && isLabelChar(byte(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func isLabelChar(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// LabelMeta returns the meta label holding the value of label on object.
func LabelMeta(object, label string) string {
	return "__meta_kubernetes_" + object + "_label_" + SanitizeLabelName(label)
}

// LabelPresentMeta returns the meta label telling whether object has label.
func LabelPresentMeta(object, label string) string {
	return "__meta_kubernetes_" + object + "_labelpresent_" + SanitizeLabelName(label)
}

// SelectorRules translates a label selector into keep and drop rules over
// the label meta labels of object: matchLabels first, sorted by key, then
// matchExpressions in their written order. Label values are used in the
// regexes as written. Operators other than In, NotIn, Exists and
// DoesNotExist produce no rule; selectors are validated beforehand.
func SelectorRules(object string, selector metav1.LabelSelector) []Rule {
	rules := make([]Rule, 0, len(selector.MatchLabels)+len(selector.MatchExpressions))
	keys := make([]string, 0, len(selector.MatchLabels))
	for key := range selector.MatchLabels {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		rules = append(rules, Keep("("+selector.MatchLabels[key]+");true",
			LabelMeta(object, key), LabelPresentMeta(object, key)))
	}
	for _, expression := range selector.MatchExpressions {
		switch expression.Operator {
		case metav1.LabelSelectorOpIn:
			rules = append(rules, Keep(valuesRegex(expression.Values),
				LabelMeta(object, expression.Key), LabelPresentMeta(object, expression.Key)))
		case metav1.LabelSelectorOpNotIn:
			rules = append(rules, Drop(valuesRegex(expression.Values),
				LabelMeta(object, expression.Key), LabelPresentMeta(object, expression.Key)))
		case metav1.LabelSelectorOpExists:
			rules = append(rules, Keep("true", LabelPresentMeta(object, expression.Key)))
		case metav1.LabelSelectorOpDoesNotExist:
			rules = append(rules, Drop("true", LabelPresentMeta(object, expression.Key)))
		}
	}
	return rules
}

func valuesRegex(values []string) string {
	return "(" + strings.Join(values, "|") + ");true"
}
