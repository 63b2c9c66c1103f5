// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	amconfig "github.com/prometheus/alertmanager/config"
	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenCase is one generation whose output is compared with a golden file
// and loaded by Alertmanager's own configuration loader.
type goldenCase struct {
	alertmanager *monitoringv1.Alertmanager
	raw          string
	global       *monitoringv1alpha1.AlertmanagerConfig
	configs      []*monitoringv1alpha1.AlertmanagerConfig
	// rejected lists "<namespace>/<name>" of the resources expected to be left out.
	rejected []string
	// rejectReason is a text every rejection reason must contain.
	rejectReason string
	// warnings lists texts that must each appear in some warning.
	warnings []string
	// contains lists texts the output must contain (beyond the golden).
	contains []string
	// absent lists texts the output must not contain.
	absent []string
	// assets lists TLS asset keys the result must carry.
	assets []string
}

// goldensUsed tracks the golden files the tests read, to find stale ones.
var goldensUsed sync.Map

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// goldenName turns a test name into a file name.
func goldenName(testName string) string {
	return strings.Trim(unsafeFileChars.ReplaceAllString(testName, "_"), "_") + ".golden"
}

// runGoldenCases runs each case, in name order, as a subtest named by its
// sentence.
func runGoldenCases(t *testing.T, cases map[string]goldenCase) {
	t.Helper()
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		t.Run(name, func(t *testing.T) { checkGoldenCase(t, cases[name]) })
	}
}

func checkGoldenCase(t *testing.T, tc goldenCase) {
	t.Helper()
	if tc.alertmanager == nil {
		tc.alertmanager = fixtures.Alertmanager("main", parsedBase)
	}
	result, err := Generate(Input{
		Alertmanager: tc.alertmanager, RawConfig: []byte(tc.raw), GlobalConfig: tc.global,
		Configs: tc.configs, Store: testStore(),
	}, Options{})
	require.NoError(t, err)
	var rejected, reasons []string
	for _, rejection := range result.Rejected {
		rejected = append(rejected, rejection.Key())
		reasons = append(reasons, rejection.Error())
	}
	require.Equal(t, tc.rejected, rejected, "rejected resources: %s", strings.Join(reasons, "; "))
	for _, rejection := range result.Rejected {
		require.Contains(t, rejection.Reason.Error(), tc.rejectReason)
		assertNoSecret(t, rejection.Error())
	}
	for _, want := range tc.warnings {
		found := false
		for _, warning := range result.Warnings {
			found = found || strings.Contains(warning.String(), want)
		}
		require.True(t, found, "no warning contains %q; got %v", want, result.Warnings)
	}
	var assets []string
	for _, asset := range result.TLSAssets {
		assets = append(assets, asset.Key)
	}
	for _, key := range tc.assets {
		require.Contains(t, assets, key)
	}
	text := string(result.Config)
	for _, want := range tc.contains {
		require.Contains(t, text, want)
	}
	for _, unwanted := range tc.absent {
		require.NotContains(t, text, unwanted)
	}
	_, err = amconfig.Load(text)
	require.NoError(t, err, "Alertmanager's loader refuses the generated configuration:\n%s", text)
	compareGolden(t, result.Config)
}

// compareGolden compares out with testdata/<test name>.golden, or
// rewrites the file with -update.
func compareGolden(t *testing.T, out []byte) {
	t.Helper()
	name := goldenName(t.Name())
	goldensUsed.Store(name, true)
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, out, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./pkg/amcfg -update")
	require.Equal(t, string(want), string(out))
}

// assertNoSecret fails when text carries a Secret value of the test store.
func assertNoSecret(t *testing.T, text string) {
	t.Helper()
	for _, secret := range []string{secretSlackURL, secretWebhookURL, secretToken, secretPassword, secretDiscordURL, secretTeamsURL} {
		require.NotContains(t, text, secret, "a Secret value leaked into a message")
	}
}

// TestMain checks, after a full run, that every golden file is used.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" {
		entries, _ := os.ReadDir("testdata")
		for _, entry := range entries {
			if _, used := goldensUsed.Load(entry.Name()); !used && strings.HasSuffix(entry.Name(), ".golden") {
				if *update {
					_ = os.Remove(filepath.Join("testdata", entry.Name()))
					continue
				}
				fmt.Fprintln(os.Stderr, "stale golden file (no test uses it): testdata/"+entry.Name())
				code = 1
			}
		}
	}
	os.Exit(code)
}
