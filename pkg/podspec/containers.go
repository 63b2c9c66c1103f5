// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package podspec

import (
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
)

// MergeContainers lays user-supplied containers over generated ones.
//
// An override whose name matches a generated container is applied to it as a
// strategic merge patch (lists such as env, ports and volumeMounts merge by
// their key, scalar fields are replaced). Overrides matching no generated
// container are appended after the generated ones, in their own order. When
// several overrides share a name, the last one is used.
func MergeContainers(generated, overrides []corev1.Container) ([]corev1.Container, error) {
	overrideByName := make(map[string]corev1.Container, len(overrides))
	for _, override := range overrides {
		overrideByName[override.Name] = override
	}

	merged := make([]corev1.Container, 0, len(generated)+len(overrides))
	used := make(map[string]bool, len(overrides))
	for _, container := range generated {
		override, found := overrideByName[container.Name]
		if !found {
			merged = append(merged, container)
			continue
		}
		patched, err := patchContainer(container, override)
		if err != nil {
			return nil, err
		}
		merged = append(merged, patched)
		used[container.Name] = true
	}

	for _, override := range overrides {
		if used[override.Name] {
			continue
		}
		merged = append(merged, overrideByName[override.Name])
		used[override.Name] = true
	}
	if len(merged) == 0 {
		return nil, nil
	}
	return merged, nil
}

// patchContainer applies override to base with the strategic merge rules of
// corev1.Container.
func patchContainer(base, override corev1.Container) (corev1.Container, error) {
	baseJSON, err := json.Marshal(base)
	if err != nil {
		return corev1.Container{}, fmt.Errorf("encode container %q: %w", base.Name, err)
	}
	overrideJSON, err := json.Marshal(override)
	if err != nil {
		return corev1.Container{}, fmt.Errorf("encode override of container %q: %w", base.Name, err)
	}
	mergedJSON, err := strategicpatch.StrategicMergePatch(baseJSON, overrideJSON, corev1.Container{})
	if err != nil {
		return corev1.Container{}, fmt.Errorf("merge override into container %q: %w", base.Name, err)
	}
	var merged corev1.Container
	if err := json.Unmarshal(mergedJSON, &merged); err != nil {
		return corev1.Container{}, fmt.Errorf("decode merged container %q: %w", base.Name, err)
	}
	keepOverrideProbeHandlers(&merged, &override)
	return merged, nil
}

// keepOverrideProbeHandlers fixes a side effect of the merge: a probe handler
// is a one-of, so when the override picks another handler kind than the
// generated probe (exec instead of httpGet, say), the merged probe would carry
// both and be rejected. The override's handler wins in that case.
func keepOverrideProbeHandlers(merged, override *corev1.Container) {
	pairs := []struct{ merged, override *corev1.Probe }{
		{merged.StartupProbe, override.StartupProbe},
		{merged.ReadinessProbe, override.ReadinessProbe},
		{merged.LivenessProbe, override.LivenessProbe},
	}
	for _, pair := range pairs {
		if pair.merged == nil || pair.override == nil {
			continue
		}
		if handlerCount(pair.merged.ProbeHandler) > 1 {
			pair.merged.ProbeHandler = pair.override.ProbeHandler
		}
	}
}

func handlerCount(handler corev1.ProbeHandler) int {
	count := 0
	for _, set := range []bool{handler.Exec != nil, handler.HTTPGet != nil, handler.TCPSocket != nil, handler.GRPC != nil} {
		if set {
			count++
		}
	}
	return count
}

// RestrictedSecurityContext is the security context of every generated
// container: no privilege escalation, no capabilities, read-only root.
func RestrictedSecurityContext() *corev1.SecurityContext {
	readOnly, escalation := true, false
	return &corev1.SecurityContext{
		ReadOnlyRootFilesystem:   &readOnly,
		AllowPrivilegeEscalation: &escalation,
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
	}
}

// ExecHTTPProbe fetches target from inside the container with curl or
// wget, whichever the image has: the probe of a server listening on
// localhost only, which the kubelet cannot reach.
func ExecHTTPProbe(target string) *corev1.ExecAction {
	script := fmt.Sprintf(
		`if [ -x "$(command -v curl)" ]; then exec curl --fail %s; elif [ -x "$(command -v wget)" ]; then exec wget -q -O /dev/null %s; else exit 1; fi`,
		target, target)
	return &corev1.ExecAction{Command: []string{"sh", "-c", script}}
}
