// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"testing"

	"github.com/stretchr/testify/require"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

// routedConfig is a resource with a nested route tree, an inhibit rule and
// a time interval referenced by the routes.
func routedConfig(namespace, name string) *monitoringv1alpha1.AlertmanagerConfig {
	return routedConfigWith(namespace, name, "=", "!~")
}

// legacyRoutedConfig is routedConfig without match types, which
// Alertmanager versions before 0.22 require.
func legacyRoutedConfig(namespace, name string) *monitoringv1alpha1.AlertmanagerConfig {
	return routedConfigWith(namespace, name, "", "")
}

func routedConfigWith(namespace, name string, equal, notRegexp monitoringv1alpha1.MatchType) *monitoringv1alpha1.AlertmanagerConfig {
	return fixtures.AlertmanagerConfig(name, fixtures.InNamespace(namespace),
		fixtures.WithReceivers(webhookReceiver("default"), webhookReceiver("critical")),
		fixtures.WithMuteTimeIntervals(monitoringv1alpha1.MuteTimeInterval{Name: "nights", TimeIntervals: []monitoringv1alpha1.TimeInterval{{
			Times: []monitoringv1alpha1.TimeRange{{StartTime: "00:00", EndTime: "06:00"}},
		}}}),
		fixtures.WithRoute(monitoringv1alpha1.Route{
			Receiver: "default", GroupBy: []string{"alertname", "job"}, GroupWait: "30s", GroupInterval: "5m", RepeatInterval: "4h",
			Matchers: []monitoringv1alpha1.Matcher{{Name: "team", Value: "a"}, {Name: "env", Value: "prod|staging", Regex: true}},
			Routes: children(
				monitoringv1alpha1.Route{Receiver: "critical", Matchers: []monitoringv1alpha1.Matcher{matcher("severity", "critical", equal)},
					MuteTimeIntervals: []string{"nights"}, Continue: true},
				monitoringv1alpha1.Route{Matchers: []monitoringv1alpha1.Matcher{matcher("severity", "info", notRegexp)},
					ActiveTimeIntervals: []string{"nights"}, GroupBy: []string{"..."}},
			),
		}),
		fixtures.WithInhibitRules(monitoringv1alpha1.InhibitRule{
			SourceMatch: []monitoringv1alpha1.Matcher{matcher("severity", "critical", equal)},
			TargetMatch: []monitoringv1alpha1.Matcher{{Name: "severity", Value: "warning|info", Regex: true}},
			Equal:       []string{"alertname"},
		}),
	)
}

func TestMatcherStrategies(t *testing.T) {
	cases := map[string]goldenCase{}
	strategies := map[string]monitoringv1.AlertmanagerConfigMatcherStrategyType{
		"empty (OnNamespace)": "", "OnNamespace": "OnNamespace", "None": "None",
		"OnNamespaceExceptForAlertmanagerNamespace": "OnNamespaceExceptForAlertmanagerNamespace",
	}
	for label, strategy := range strategies {
		for _, version := range []string{"0.21.0", "0.22.0", "0.27.0", "0.33.1"} {
			build := routedConfig
			if version == "0.21.0" {
				build = legacyRoutedConfig
			}
			cases[label+" at "+version] = goldenCase{
				alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion(version), withStrategy(strategy)),
				configs:      []*monitoringv1alpha1.AlertmanagerConfig{build("ns1", "app"), build("monitoring", "own")},
			}
		}
	}
	runGoldenCases(t, cases)
}

func TestMerge(t *testing.T) {
	withNamespaceMatcher := fixtures.AlertmanagerConfig("explicit", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithInhibitRules(monitoringv1alpha1.InhibitRule{
		SourceMatch: []monitoringv1alpha1.Matcher{matcher("namespace", "ns1", "=")},
		TargetMatch: []monitoringv1alpha1.Matcher{{Name: "namespace", Value: "ns.*", Regex: true}},
	}))
	noRoute := fixtures.AlertmanagerConfig("inhibit-only", fixtures.InNamespace("ns2"), fixtures.WithReceivers(), fixtures.WithInhibitRules(monitoringv1alpha1.InhibitRule{
		SourceMatch: []monitoringv1alpha1.Matcher{matcher("alertname", "Down", "=")},
		TargetMatch: []monitoringv1alpha1.Matcher{matcher("alertname", "Slow", "=")},
	}))
	noRoute.Spec.Receivers = []monitoringv1alpha1.Receiver{webhookReceiver("unused")}
	runGoldenCases(t, map[string]goldenCase{
		"resources are merged sorted by namespace and name": {
			configs: []*monitoringv1alpha1.AlertmanagerConfig{
				fixtures.AlertmanagerConfig("b", fixtures.InNamespace("ns2"), fixtures.WithReceivers(webhookReceiver("r"))), fixtures.AlertmanagerConfig("z", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r"))),
				fixtures.AlertmanagerConfig("a", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r"))),
			},
		},
		"a first-level continue false is forced to true, children keep theirs": {
			configs: []*monitoringv1alpha1.AlertmanagerConfig{routedConfig("ns1", "app")},
		},
		"an identical namespace matcher in an inhibit rule is not repeated": {
			configs:  []*monitoringv1alpha1.AlertmanagerConfig{withNamespaceMatcher},
			contains: []string{"namespace=~\"ns.*\""},
		},
		"a resource without route adds its inhibit rules but not its receivers": {
			configs: []*monitoringv1alpha1.AlertmanagerConfig{noRoute},
			absent:  []string{"ns2/inhibit-only/unused"},
		},
		"the same resource given twice is merged once": {
			configs: []*monitoringv1alpha1.AlertmanagerConfig{routedConfig("ns1", "app"), routedConfig("ns1", "app")},
		},
		"matcher values are escaped": {
			configs: []*monitoringv1alpha1.AlertmanagerConfig{fixtures.AlertmanagerConfig("escape", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r", Matchers: []monitoringv1alpha1.Matcher{
				matcher("summary", "say \"hi\"\\n", "="), matcher("multi", "a\nb", "!="),
			}}))},
		},
		"time intervals of every kind": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, withStrategy("None")),
			configs: []*monitoringv1alpha1.AlertmanagerConfig{fixtures.AlertmanagerConfig("intervals", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithMuteTimeIntervals(monitoringv1alpha1.MuteTimeInterval{Name: "all", TimeIntervals: []monitoringv1alpha1.TimeInterval{{
				Times:       []monitoringv1alpha1.TimeRange{{StartTime: "09:00", EndTime: "17:30"}, {StartTime: "22:00", EndTime: "24:00"}},
				Weekdays:    []monitoringv1alpha1.WeekdayRange{"Monday:Friday", "sunday"},
				DaysOfMonth: []monitoringv1alpha1.DayOfMonthRange{{Start: 1, End: 10}, {Start: 7}, {Start: -3, End: -1}},
				Months:      []monitoringv1alpha1.MonthRange{"january:march", "7", "December"},
				Years:       []monitoringv1alpha1.YearRange{"2030:2050", "2025"},
			}, {Weekdays: []monitoringv1alpha1.WeekdayRange{"saturday"}}}}, monitoringv1alpha1.MuteTimeInterval{Name: "empty"}), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r", MuteTimeIntervals: []string{"all"}, ActiveTimeIntervals: []string{"empty"}}))},
			contains: []string{`days_of_month: ["1:10", "7", '-3:-1']`, `years: ['2030:2050', "2025"]`, "weekdays: ['monday:friday', sunday]", `months: ["1:3", "7", "12"]`},
		},
		"time intervals are dropped before Alertmanager 0.22": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.21.0")),
			configs: []*monitoringv1alpha1.AlertmanagerConfig{fixtures.AlertmanagerConfig("intervals", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithMuteTimeIntervals(monitoringv1alpha1.MuteTimeInterval{Name: "w", TimeIntervals: []monitoringv1alpha1.TimeInterval{{
				Weekdays: []monitoringv1alpha1.WeekdayRange{"saturday"}}}}), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r", MuteTimeIntervals: []string{"w"}}))},
			warnings: []string{"mute_time_intervals"},
			absent:   []string{"saturday"},
		},
		"active time intervals are dropped before Alertmanager 0.24": {
			alertmanager: fixtures.Alertmanager("main", parsedBase, fixtures.WithVersion("0.23.0")),
			configs: []*monitoringv1alpha1.AlertmanagerConfig{fixtures.AlertmanagerConfig("intervals", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithMuteTimeIntervals(monitoringv1alpha1.MuteTimeInterval{Name: "w", TimeIntervals: []monitoringv1alpha1.TimeInterval{{
				Weekdays: []monitoringv1alpha1.WeekdayRange{"saturday"}}}}), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r", ActiveTimeIntervals: []string{"w"}}))},
			warnings: []string{"active_time_intervals"},
			absent:   []string{"active_time_intervals"},
		},
		"route durations are kept as written and a zero repeat interval is dropped": {
			configs:  []*monitoringv1alpha1.AlertmanagerConfig{fixtures.AlertmanagerConfig("d", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{Receiver: "r", GroupWait: "90s", GroupInterval: "1h30m", RepeatInterval: "0s"}))},
			contains: []string{"group_wait: 90s", "group_interval: 1h30m"},
			absent:   []string{"repeat_interval"},
		},
	})
}

func TestEnforcerKeepsUserNamespaceMatchers(t *testing.T) {
	config := fixtures.AlertmanagerConfig("app", fixtures.InNamespace("ns1"), fixtures.WithReceivers(webhookReceiver("r")), fixtures.WithRoute(monitoringv1alpha1.Route{
		Receiver: "r", Matchers: []monitoringv1alpha1.Matcher{matcher("namespace", "other", "=")},
	}))
	result, err := Generate(Input{Alertmanager: fixtures.Alertmanager("main", parsedBase), Configs: []*monitoringv1alpha1.AlertmanagerConfig{config}, Store: testStore()}, Options{})
	require.NoError(t, err)
	require.Contains(t, string(result.Config), "- namespace=\"other\"\n    - namespace=\"ns1\"\n")
}

// TestGenerateIsDeterministic gives the resources in different orders and
// expects the same bytes and the same TLS assets.
func TestGenerateIsDeterministic(t *testing.T) {
	configs := []*monitoringv1alpha1.AlertmanagerConfig{routedConfig("ns2", "b"), routedConfig("ns1", "a"),
		fixtures.AlertmanagerConfig("c", fixtures.InNamespace("ns1"), fixtures.WithReceivers(receiverFixtures["webhook"].complete))}
	first, err := Generate(Input{Alertmanager: fixtures.Alertmanager("main", parsedBase), RawConfig: []byte(richBase), Configs: configs, Store: testStore()}, Options{})
	require.NoError(t, err)
	reversed := []*monitoringv1alpha1.AlertmanagerConfig{configs[2], configs[1], configs[0]}
	for range 5 {
		again, err := Generate(Input{Alertmanager: fixtures.Alertmanager("main", parsedBase), RawConfig: []byte(richBase), Configs: reversed, Store: testStore()}, Options{})
		require.NoError(t, err)
		require.Equal(t, string(first.Config), string(again.Config))
		require.Equal(t, first.TLSAssets, again.TLSAssets)
		require.Equal(t, []string{"ns1/a", "ns1/c", "ns2/b"}, again.Accepted)
	}
}
