// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package relabel

import (
	"strconv"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// Well-known labels of the generated rules.
const (
	// JobNameTempLabel keeps the original job name for later rules.
	JobNameTempLabel = "__tmp_prometheus_job_name"
	// MetaNamespace is the namespace meta label of Kubernetes SD.
	MetaNamespace = "__meta_kubernetes_namespace"
	// MetaServiceName is the Service name meta label.
	MetaServiceName = "__meta_kubernetes_service_name"
	// MetaPodName is the Pod name meta label.
	MetaPodName = "__meta_kubernetes_pod_name"
	// MetaPodContainerName is the container name meta label.
	MetaPodContainerName = "__meta_kubernetes_pod_container_name"
	// MetaPodContainerPortName is the container port name meta label.
	MetaPodContainerPortName = "__meta_kubernetes_pod_container_port_name"
	// MetaPodContainerPortNumber is the container port number meta label.
	MetaPodContainerPortNumber = "__meta_kubernetes_pod_container_port_number"
	// MetaPodPhase is the Pod phase meta label.
	MetaPodPhase = "__meta_kubernetes_pod_phase"
)

// JobNameCapture copies the job label into JobNameTempLabel; every generated
// job starts with it.
func JobNameCapture() Rule {
	return Rule{SourceLabels: []string{"job"}, TargetLabel: JobNameTempLabel}
}

// Keep keeps targets whose joined source labels match regex.
func Keep(regex string, sourceLabels ...string) Rule {
	return Rule{Action: "keep", SourceLabels: sourceLabels, Regex: regex, layout: layoutFilter}
}

// Drop drops targets whose joined source labels match regex.
func Drop(regex string, sourceLabels ...string) Rule {
	return Rule{Action: "drop", SourceLabels: sourceLabels, Regex: regex, layout: layoutFilter}
}

// KeepNumber keeps targets whose source label equals number; the number is
// written as a YAML integer.
func KeepNumber(number int64, sourceLabel string) Rule {
	rule := Keep(strconv.FormatInt(number, 10), sourceLabel)
	rule.numericRegex = true
	return rule
}

// LabelDrop removes the labels matching regex.
func LabelDrop(regex string) Rule {
	return Rule{Action: "labeldrop", Regex: regex, layout: layoutFilter}
}

// DropNotRunning drops targets of pods that have finished.
func DropNotRunning() Rule {
	return Drop("(Failed|Succeeded)", MetaPodPhase)
}

// Copy writes the value of source into target.
func Copy(source, target string) Rule {
	return Rule{SourceLabels: []string{source}, TargetLabel: target}
}

// CopyReplacing writes replacement, expanded against source, into target.
func CopyReplacing(source, target, replacement string) Rule {
	return Rule{SourceLabels: []string{source}, TargetLabel: target, Replacement: text(replacement)}
}

// CopyIfSet writes the value of source into target when it is not empty.
func CopyIfSet(source, target string) Rule {
	return Rule{SourceLabels: []string{source}, TargetLabel: target, Regex: "(.+)", Replacement: text("${1}")}
}

// Set writes a fixed value into target.
func Set(target, value string) Rule {
	return Rule{TargetLabel: target, Replacement: text(value)}
}

// SetWithAction writes a fixed value into target, naming the replace action
// explicitly between the two.
func SetWithAction(target, value string) Rule {
	return Rule{TargetLabel: target, Action: "replace", Replacement: text(value), layout: layoutActionBeforeReplacement}
}

// CaptureAddressTarget sets target from the name of an endpoint address's
// target object when that object is of kind ("Node" or "Pod").
func CaptureAddressTarget(kindLabel, nameLabel, kind, target string) Rule {
	return Rule{
		SourceLabels: []string{kindLabel, nameLabel},
		Separator:    text(";"),
		Regex:        kind + ";(.*)",
		Replacement:  text("${1}"),
		TargetLabel:  target,
		layout:       layoutCapture,
	}
}

// ReplaceRegexFirst is a replace rule written with the regex before the
// target label, as the Ingress probe rules are.
func ReplaceRegexFirst(sourceLabels []string, regex, target, replacement string) Rule {
	return Rule{
		SourceLabels: sourceLabels,
		Separator:    text(";"),
		Regex:        regex,
		TargetLabel:  target,
		Replacement:  text(replacement),
		Action:       "replace",
		layout:       layoutRegexBeforeTarget,
	}
}

// NamespaceEnforcement sets a label to the namespace of the object a scrape
// job comes from, so tenants cannot forge series of another namespace.
type NamespaceEnforcement struct {
	// Label is the enforced label name; empty turns enforcement off.
	Label string
	// Excluded lists the objects left alone.
	Excluded []monitoringv1.ObjectReference
}

// Applies reports whether the object of the given plural resource,
// namespace and name gets the enforced label.
func (e NamespaceEnforcement) Applies(resource, namespace, name string) bool {
	if e.Label == "" {
		return false
	}
	for _, ref := range e.Excluded {
		group := ref.Group
		if group == "" {
			group = monitoringv1.GroupName
		}
		if group != monitoringv1.GroupName || ref.Resource != resource || ref.Namespace != namespace {
			continue
		}
		if ref.Name == "" || ref.Name == name {
			return false
		}
	}
	return true
}

// Append adds the enforcement rule after rules when it applies; the rule
// must come last so that nothing can override it.
func (e NamespaceEnforcement) Append(rules []Rule, resource, namespace, name string) []Rule {
	if !e.Applies(resource, namespace, name) {
		return rules
	}
	return append(rules, Set(e.Label, namespace))
}
