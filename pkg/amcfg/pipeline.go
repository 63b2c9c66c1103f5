// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// DefaultConfig is the configuration used when the user Secret, its key or
// its value is missing: every alert goes to a receiver that does nothing.
const DefaultConfig = "route:\n  receiver: 'null'\nreceivers:\n- name: 'null'"

// generation holds the state of one Generate call.
type generation struct {
	in       Input
	opts     Options
	mode     BaseMode
	target   version.Target
	enforcer enforcer
}

// targetFor parses the Alertmanager version of spec, with its own warning
// sink.
func targetFor(spec string, skipChecks bool) (version.Target, error) {
	target, err := version.Alertmanager.Parse(spec)
	if err != nil {
		return target, err
	}
	if skipChecks {
		target = target.WithoutChecks()
	}
	return target, nil
}

func newGeneration(in Input, opts Options) (*generation, error) {
	if in.Alertmanager == nil {
		return nil, fmt.Errorf("no Alertmanager given")
	}
	target, err := targetFor(in.Alertmanager.Spec.Version, opts.SkipVersionChecks)
	if err != nil {
		return nil, err
	}
	return &generation{
		in: in, opts: opts, mode: ModeOf(in.Alertmanager), target: target,
		enforcer: enforcer{
			syntax:                matcherSyntax{modern: target.Supports("0.22.0")},
			strategy:              string(in.Alertmanager.Spec.AlertmanagerConfigMatcherStrategy.Type),
			alertmanagerNamespace: in.Alertmanager.Namespace,
		},
	}, nil
}

// rawOrDefault is the user's configuration, or the default one when empty.
func rawOrDefault(raw []byte) []byte {
	if len(raw) == 0 {
		return []byte(DefaultConfig)
	}
	return raw
}

func (g *generation) run() (*Result, error) {
	if g.mode == BaseUnmanaged {
		return &Result{Config: rawOrDefault(g.in.RawConfig)}, nil
	}
	base, files, err := g.base()
	if err != nil {
		return nil, err
	}
	result := &Result{Warnings: g.target.Warnings().List()}
	// Each resource is tried against the base alone: names are prefixed per
	// resource, so resources cannot conflict, and the trial stays small.
	pristine := base.clone()
	for _, config := range g.sortedConfigs() {
		key := config.Namespace + "/" + config.Name
		piece, err := g.resource(config, pristine)
		if err != nil {
			result.Rejected = append(result.Rejected, Rejection{Namespace: config.Namespace, Name: config.Name, Reason: err})
			continue
		}
		result.Accepted = append(result.Accepted, key)
		result.Warnings = append(result.Warnings, piece.warnings...)
		base.merge(piece)
		files.Merge(piece.assets)
	}
	base.finish()
	out, err := yamldoc.Marshal(base.YAMLMap())
	if err != nil {
		return nil, fmt.Errorf("render alertmanager.yaml: %w", err)
	}
	if !g.opts.SkipTrialLoad {
		if err := trialLoad(out); err != nil {
			return nil, fmt.Errorf("the generated configuration does not load: %w", err)
		}
	}
	result.Config = out
	result.TLSAssets = files.Sorted()
	return result, nil
}

// sortedConfigs returns the selected resources sorted by
// "<namespace>/<name>", without duplicates and without the global one.
func (g *generation) sortedConfigs() []*monitoringv1alpha1.AlertmanagerConfig {
	byKey := map[string]*monitoringv1alpha1.AlertmanagerConfig{}
	for _, config := range g.in.Configs {
		if config == nil || g.isGlobal(config) {
			continue
		}
		byKey[config.Namespace+"/"+config.Name] = config
	}
	keys := slices.Sorted(maps.Keys(byKey))
	out := make([]*monitoringv1alpha1.AlertmanagerConfig, len(keys))
	for i, key := range keys {
		out[i] = byKey[key]
	}
	return out
}

// isGlobal tells whether config is the one named by alertmanagerConfiguration.
func (g *generation) isGlobal(config *monitoringv1alpha1.AlertmanagerConfig) bool {
	global := g.in.Alertmanager.Spec.AlertmanagerConfiguration
	return g.mode == BaseGlobalAlertmanagerConfig && global != nil &&
		config.Namespace == g.in.Alertmanager.Namespace && config.Name == global.Name
}

// base builds the base document of the raw or global mode.
func (g *generation) base() (*document, assets.TLSAssets, error) {
	if g.mode == BaseGlobalAlertmanagerConfig {
		return g.globalBase()
	}
	doc, err := parseRawBase(rawOrDefault(g.in.RawConfig), normaliser{target: g.target})
	if err != nil {
		return nil, nil, fmt.Errorf("invalid base configuration (Secret key %s): %w", ConfigKey, err)
	}
	return doc, assets.TLSAssets{}, nil
}

// piece is one accepted resource, converted and normalised.
type piece struct {
	route                                      yamldoc.Map
	receivers, inhibitRules, muteTimeIntervals []yamldoc.Map
	assets                                     map[string]string
	warnings                                   []version.Warning
}

// resource converts and checks one selected resource against the base; a
// failure rejects the resource alone.
func (g *generation) resource(config *monitoringv1alpha1.AlertmanagerConfig, base *document) (*piece, error) {
	if err := Validate(config); err != nil {
		return nil, err
	}
	target, err := targetFor(g.in.Alertmanager.Spec.Version, g.opts.SkipVersionChecks)
	if err != nil {
		return nil, err
	}
	target = target.For("alertmanagerConfig " + config.Namespace + "/" + config.Name)
	converted, resolver, err := convertResource(config, target, g.in.Store, &g.enforcer)
	if err != nil {
		return nil, resolver.redactError(err)
	}
	if !g.opts.SkipTrialLoad {
		trial := base.clone()
		trial.merge(converted)
		trial.finish()
		out, err := yamldoc.Marshal(trial.YAMLMap())
		if err == nil {
			err = trialLoad(out)
		}
		if err != nil {
			return nil, resolver.redactError(fmt.Errorf("rejected by the Alertmanager configuration loader: %w", err))
		}
	}
	converted.warnings = target.Warnings().List()
	return converted, nil
}

// convertResource converts the parts of a resource and normalises them for
// target. With enforce set, its first-level route and inhibit rules are
// restricted per the matcher strategy; the global resource is not.
func convertResource(config *monitoringv1alpha1.AlertmanagerConfig, target version.Target, store Store, enforce *enforcer) (*piece, *resolver, error) {
	resolver := newResolver(store, config.Namespace)
	if err := checkVersions(config, target); err != nil {
		return nil, resolver, err
	}
	syntax := matcherSyntax{modern: target.Supports("0.22.0")}
	norm := normaliser{target: target}
	prefix := config.Namespace + "/" + config.Name + "/"
	out := &piece{assets: resolver.assets}
	for i := range config.Spec.InhibitRules {
		rule := syntax.convertInhibitRule(&config.Spec.InhibitRules[i])
		if enforce != nil {
			enforce.inhibitRule(config.Namespace, rule)
		}
		normalised, err := norm.section("inhibit_rule", rule.YAMLMap(), fmt.Sprintf("inhibitRules[%d]", i))
		if err != nil {
			return nil, resolver, err
		}
		out.inhibitRules = append(out.inhibitRules, normalised)
	}
	// Upstream adds the receivers and time intervals of a resource only
	// when it has a route.
	if config.Spec.Route == nil {
		return out, resolver, nil
	}
	converted, err := syntax.convertRoute(prefix, config.Spec.Route)
	if err != nil {
		return nil, resolver, fmt.Errorf("route: %w", err)
	}
	if enforce != nil {
		enforce.route(config.Namespace, converted)
	}
	if out.route, err = norm.section("route", converted.YAMLMap(), "route"); err != nil {
		return nil, resolver, err
	}
	for i := range config.Spec.Receivers {
		receiver, err := resolver.convertReceiver(prefix, &config.Spec.Receivers[i])
		if err != nil {
			return nil, resolver, err
		}
		path := fmt.Sprintf("receiver %q", config.Spec.Receivers[i].Name)
		if receiver, err = norm.section("receiver", receiver, path); err != nil {
			return nil, resolver, err
		}
		out.receivers = append(out.receivers, receiver)
	}
	if len(config.Spec.MuteTimeIntervals) > 0 && !target.AtLeast("0.22.0").Check("mute_time_intervals") {
		return out, resolver, nil
	}
	for i := range config.Spec.MuteTimeIntervals {
		interval, err := convertTimeInterval(prefix, &config.Spec.MuteTimeIntervals[i])
		if err != nil {
			return nil, resolver, err
		}
		path := fmt.Sprintf("muteTimeIntervals[%d]", i)
		if interval, err = norm.section("time_interval", interval, path); err != nil {
			return nil, resolver, err
		}
		out.muteTimeIntervals = append(out.muteTimeIntervals, interval)
	}
	return out, resolver, nil
}

// checkAgainstTarget is CheckResource past the semantic validation.
func checkAgainstTarget(config *monitoringv1alpha1.AlertmanagerConfig, opts CheckOptions) error {
	target, err := targetFor(opts.Version, opts.Version == "")
	if err != nil {
		return err
	}
	if opts.Store == nil {
		return checkVersions(config, target)
	}
	// An Alertmanager in the parsed-base mode, in the resource's namespace.
	alertmanager := &monitoringv1.Alertmanager{}
	alertmanager.Namespace = config.Namespace
	alertmanager.Spec.Version = cmp.Or(opts.Version, version.Alertmanager.Default)
	alertmanager.Spec.AlertmanagerConfigSelector = &metav1.LabelSelector{}
	g, err := newGeneration(Input{Alertmanager: alertmanager, RawConfig: opts.RawConfig, Store: opts.Store},
		Options{SkipVersionChecks: opts.Version == ""})
	if err != nil {
		return err
	}
	base, _, err := g.base()
	if err != nil {
		return err
	}
	_, err = g.resource(config, base)
	return err
}
