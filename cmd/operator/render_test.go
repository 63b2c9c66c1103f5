// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// renderTestdata is the manifests of pkg/render's tests.
func renderTestdata(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "pkg", "render", "testdata"}, parts...)...)
}

// renderRun runs "operator render" through run's dispatch, with stdin.
func renderRun(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = runRender(t.Context(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRenderExitStatusAndRejectionLines(t *testing.T) {
	cases := map[string]struct {
		args      []string
		wantCode  int
		wantLines []string
	}{
		"valid manifests exit 0 with nothing on stderr": {
			args: []string{"-f", renderTestdata("walkthrough")}, wantCode: 0,
		},
		"each rejected monitor is one stderr line and the exit status is 1": {
			args: []string{"-f", renderTestdata("invalid")}, wantCode: 1,
			wantLines: []string{
				"ServiceMonitor default/bad-regex: endpoints[0]: relabelings[0]: invalid regex \"(unclosed\": error parsing regexp: missing closing ): `^(?s:(unclosed)$`",
				"ServiceMonitor default/missing-secret: endpoints[0]: basicAuth.username: Secret default/scrape-credentials not found",
			},
		},
		"a missing Secret key of an AlertmanagerConfig fails the render": {
			args: []string{"-f", renderTestdata("alertmanager")}, wantCode: 1,
			wantLines: []string{`AlertmanagerConfig monitoring/broken: receiver "nowhere": webhookConfigs[0].urlSecret: Secret monitoring/missing-webhook-url not found`},
		},
		"unrelated manifests are accepted and ignored": {
			args: []string{"-f", renderTestdata("unrelated")}, wantCode: 0,
		},
		"an unknown output format is a usage error": {
			args: []string{"-f", renderTestdata("walkthrough"), "-o", "xml"}, wantCode: 2,
			wantLines: []string{`-o "xml": want yaml or json`},
		},
		"no manifests is a usage error": {
			args: nil, wantCode: 2,
			wantLines: []string{"no manifests: give at least one -f PATH (or -f - for the standard input)"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			code, _, stderr := renderRun(t, "", tc.args...)
			assert.Equal(t, tc.wantCode, code, stderr)
			assert.Equal(t, tc.wantLines, lines(stderr))
		})
	}
}

func TestRenderReadsStandardInput(t *testing.T) {
	manifest, err := os.ReadFile(renderTestdata("invalid", "invalid-servicemonitors.yaml"))
	require.NoError(t, err)
	prometheus, err := os.ReadFile(renderTestdata("invalid", "prometheus.yaml"))
	require.NoError(t, err)
	stdin := string(prometheus) + "\n---\n" + string(manifest)
	code, stdout, stderr := renderRun(t, stdin, "-f", "-", "--only", "config")
	assert.Equal(t, 1, code)
	assert.Len(t, lines(stderr), 2, stderr)
	assert.True(t, strings.HasPrefix(stdout, "--- # Secret default/prometheus-prometheus prometheus.yaml\nglobal:\n"), stdout)
}

func TestRenderJSONIsAList(t *testing.T) {
	code, stdout, stderr := renderRun(t, "", "-f", renderTestdata("thanosruler"), "-o", "json")
	require.Equal(t, 0, code, stderr)
	var list struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Items      []struct {
			Kind string `json:"kind"`
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &list))
	assert.Equal(t, "v1", list.APIVersion)
	assert.Equal(t, "List", list.Kind)
	var kinds []string
	for _, item := range list.Items {
		kinds = append(kinds, item.Kind)
	}
	assert.Contains(t, kinds, "StatefulSet")
	assert.Contains(t, kinds, "ConfigMap")
}

// TestRenderDiffAgainstASavedRender saves a render, changes an operator
// flag that changes the output, and diffs.
func TestRenderDiffAgainstASavedRender(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "base")
	code, _, stderr := renderRun(t, "", "-f", renderTestdata("walkthrough"), "--out-dir", dir)
	require.Equal(t, 0, code, stderr)
	saved, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.NotEmpty(t, saved)

	code, stdout, stderr := renderRun(t, "", "-f", renderTestdata("walkthrough"), "--diff", dir)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stdout, "the same input and flags render the same")

	// The operator flag has its operator name and parsing.
	code, stdout, stderr = renderRun(t, "", "-f", renderTestdata("walkthrough"), "--diff", dir, "--labels", "team=observability")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "--- a/statefulset_default_prometheus-prometheus.yaml\n+++ b/statefulset_default_prometheus-prometheus.yaml\n")
	assert.Contains(t, stdout, "+    team: observability\n")
}

func TestRenderCommandIsDispatchedByRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	// A flag given before the command counts too.
	code := run([]string{"--labels=team=observability", "render", "-f", renderTestdata("walkthrough")}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	assert.True(t, strings.Contains(stdout.String(), "kind: StatefulSet"), "the render is printed")
	assert.True(t, strings.Contains(stdout.String(), "    team: observability\n"), "the operator's --labels given before the command")
}

func lines(text string) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}
