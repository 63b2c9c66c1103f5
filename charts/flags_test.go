// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package charts

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/seed-6daed11e/prometheus-operator/test/framework/helm"
	"github.com/seed-6daed11e/prometheus-operator/test/framework/operator"
)

// notExposed lists the operator flags the chart deliberately offers no value
// for, each with the reason.
var notExposed = map[string]string{
	"kubeconfig":    "in a cluster the operator uses its ServiceAccount",
	"apiserver":     "in a cluster the operator uses its ServiceAccount",
	"as":            "impersonation is for running outside a cluster",
	"tls-insecure":  "in a cluster the operator uses its ServiceAccount",
	"cert-file":     "client certificates are for running outside a cluster",
	"key-file":      "client certificates are for running outside a cluster",
	"ca-file":       "in a cluster the ServiceAccount's CA is used",
	"version":       "prints the version and exits",
	"short-version": "prints the version and exits",
}

// helpFlag matches a flag line of Go's flag.PrintDefaults: "  -name value".
var helpFlag = regexp.MustCompile(`(?m)^\s+-([a-zA-Z0-9][a-zA-Z0-9._-]*)`)

// operatorFlags runs `operator --help` and returns the flag names it lists.
func operatorFlags(t *testing.T) []string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), operator.Binary(t), "--help").CombinedOutput()
	require.NoError(t, err, string(out))
	var names []string
	for _, match := range helpFlag.FindAllStringSubmatch(string(out), -1) {
		names = append(names, match[1])
	}
	require.Greater(t, len(names), 30, "too few flags in:\n%s", out)
	return names
}

// renderedFlags returns the flag names the chart passes to the operator with
// the given values files, leaving out extraArgs (which can pass anything).
func renderedFlags(t *testing.T, valuesFiles ...string) map[string]bool {
	t.Helper()
	extra := map[string]bool{}
	for _, file := range valuesFiles {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		var values struct {
			ExtraArgs []string `json:"extraArgs"`
		}
		require.NoError(t, yaml.Unmarshal(data, &values))
		for _, arg := range values.ExtraArgs {
			extra[arg] = true
		}
	}
	flags := map[string]bool{}
	for _, object := range render(t, valuesFiles...) {
		if object.GetKind() != "Deployment" {
			continue
		}
		container := nested(t, object, "spec", "template", "spec")["containers"].([]any)[0].(map[string]any)
		if container["name"] != "prometheus-operator" {
			continue // the admission webhook
		}
		for _, arg := range stringList(container["args"]) {
			if extra[arg] {
				continue
			}
			name, _, _ := strings.Cut(strings.TrimPrefix(arg, "--"), "=")
			flags[name] = true
		}
	}
	return flags
}

// TestEveryOperatorFlagIsReachableFromValues reads the flags from the
// operator binary itself, so a flag added later fails this test until the
// chart offers a value for it or lists it in notExposed.
func TestEveryOperatorFlagIsReachableFromValues(t *testing.T) {
	flags := operatorFlags(t)
	reachable := renderedFlags(t, helm.FullValuesPath(t))
	for name := range renderedFlags(t, helm.FullValuesPath(t), "testdata/deny-namespaces-values.yaml") {
		reachable[name] = true
	}
	known := map[string]bool{}
	for _, name := range flags {
		known[name] = true
		_, excluded := notExposed[name]
		switch {
		case excluded:
			assert.False(t, reachable[name], "--%s is listed as not exposed but the chart sets it", name)
		default:
			assert.True(t, reachable[name], "--%s is neither set by charts/testdata/full-values.yaml nor listed in notExposed", name)
		}
	}
	for name := range notExposed {
		assert.True(t, known[name], "notExposed lists --%s, which the operator no longer has", name)
	}
	for name := range reachable {
		assert.True(t, known[name], "the chart passes --%s, which the operator does not know", name)
	}
}
