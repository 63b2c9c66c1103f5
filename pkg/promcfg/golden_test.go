// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/prometheus/config"
	// Registers the kubernetes_sd_configs section with the loader.
	_ "github.com/prometheus/prometheus/discovery/kubernetes"
	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v2"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenCase is one generation whose output is compared with a golden file
// and loaded by Prometheus's own configuration loader.
type goldenCase struct {
	workload monitoringv1.PrometheusInterface
	input    Input
	options  Options
	// rejected lists "Kind namespace/name" of the objects expected to be left out.
	rejected []string
	// rejectReason is a text every rejection reason must contain.
	rejectReason string
	// warnings lists texts that must each appear in some warning.
	warnings []string
	// noGolden compares nothing, for cases that only check rejections.
	noGolden bool
}

// goldensWritten tracks the golden files the tests used, and goldenPrefixes
// the test functions that use golden files, to find stale ones.
var goldensWritten, goldenPrefixes sync.Map

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// goldenName turns a test name into a file name.
func goldenName(testName string) string {
	return strings.Trim(unsafeFileChars.ReplaceAllString(testName, "_"), "_") + ".golden"
}

// runGoldenCases runs each case as a subtest named by its sentence.
func runGoldenCases(t *testing.T, cases map[string]goldenCase) {
	t.Helper()
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		tc := cases[name]
		t.Run(name, func(t *testing.T) { checkGoldenCase(t, tc) })
	}
}

func checkGoldenCase(t *testing.T, tc goldenCase) {
	t.Helper()
	if tc.input.Store == nil {
		tc.input.Store = testStore()
	}
	result, err := Generate(tc.workload, tc.input, tc.options)
	require.NoError(t, err)
	var rejected []string
	for _, rejection := range result.Rejected {
		rejected = append(rejected, rejection.Kind+" "+rejection.Namespace+"/"+rejection.Name)
		require.Contains(t, rejection.Reason.Error(), tc.rejectReason)
	}
	require.ElementsMatch(t, tc.rejected, rejected, "rejections: %v", result.Rejected)
	for _, want := range tc.warnings {
		require.True(t, hasWarning(result.Warnings, want), "no warning mentions %q in %v", want, result.Warnings)
	}
	if tc.noGolden {
		return
	}
	again, err := Generate(tc.workload, tc.input, tc.options)
	require.NoError(t, err)
	require.Equal(t, string(result.Config), string(again.Config), "the output must be deterministic")
	assertGolden(t, result.Config)
	loadWithPrometheus(t, result.Config, tc.workload)
}

func hasWarning(warnings []version.Warning, text string) bool {
	for _, warning := range warnings {
		if strings.Contains(warning.String(), text) {
			return true
		}
	}
	return false
}

// assertGolden compares got with testdata/<test name>.golden, or rewrites
// the file with -update.
func assertGolden(t *testing.T, got []byte) {
	t.Helper()
	file := goldenName(t.Name())
	goldensWritten.Store(file, true)
	goldenPrefixes.Store(goldenName(strings.SplitN(t.Name(), "/", 2)[0]+"/"), true)
	path := filepath.Join("testdata", file)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./pkg/promcfg/... -update")
	require.Equal(t, string(want), string(got))
}

// prometheus2Keys are keys that only Prometheus 2 understands; the loader
// of the Prometheus 3 library used here refuses them, so they are removed
// from configurations generated for Prometheus 2 before loading. The golden
// file still holds them.
var prometheus2Keys = map[string]bool{
	"scrape_classic_histograms": true,
	"max_retries":               true,
	"api_version":               true,
}

// loadWithPrometheus checks that Prometheus's own loader accepts the
// configuration (in agent mode for agents).
func loadWithPrometheus(t *testing.T, cfg []byte, workload monitoringv1.PrometheusInterface) {
	t.Helper()
	text := string(cfg)
	if target, err := version.Parse(workload.GetCommonPrometheusFields().Version); err == nil && target.Major() == 2 {
		text = withoutKeys(t, cfg, prometheus2Keys)
	}
	_, isServer := workload.(*monitoringv1.Prometheus)
	file := filepath.Join(t.TempDir(), "prometheus.yaml")
	require.NoError(t, os.WriteFile(file, []byte(text), 0o600))
	_, err := config.LoadFile(file, !isServer, slog.New(slog.DiscardHandler))
	require.NoError(t, err, "Prometheus refuses the configuration:\n%s", text)
}

// withoutKeys re-encodes cfg without the given keys at any depth.
func withoutKeys(t *testing.T, cfg []byte, keys map[string]bool) string {
	t.Helper()
	var doc yaml.MapSlice
	require.NoError(t, yaml.Unmarshal(cfg, &doc))
	out, err := yaml.Marshal(dropKeys(doc, keys))
	require.NoError(t, err)
	return string(out)
}

func dropKeys(value any, keys map[string]bool) any {
	switch v := value.(type) {
	case yaml.MapSlice:
		out := yaml.MapSlice{}
		for _, item := range v {
			if name, ok := item.Key.(string); ok && keys[name] {
				continue
			}
			out = append(out, yaml.MapItem{Key: item.Key, Value: dropKeys(item.Value, keys)})
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i := range v {
			out[i] = dropKeys(v[i], keys)
		}
		return out
	}
	return value
}

// TestMain fails the run when a golden file in testdata/ that belongs to a
// golden test function was not used, so stale files cannot pile up
// unnoticed; -update removes them.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		if stale := staleGoldens(); len(stale) > 0 {
			if *update {
				for _, file := range stale {
					_ = os.Remove(filepath.Join("testdata", file))
				}
			} else {
				fmt.Fprintln(os.Stderr, "golden files used by no test: "+strings.Join(stale, ", "))
				code = 1
			}
		}
	}
	os.Exit(code)
}

func staleGoldens() []string {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		return nil
	}
	var stale []string
	for _, entry := range entries {
		if !strings.HasSuffix(entry.Name(), ".golden") {
			continue
		}
		if _, used := goldensWritten.Load(entry.Name()); used {
			continue
		}
		goldenPrefixes.Range(func(prefix, _ any) bool {
			if strings.HasPrefix(entry.Name(), strings.TrimSuffix(prefix.(string), ".golden")+"_") {
				stale = append(stale, entry.Name())
				return false
			}
			return true
		})
	}
	return stale
}
