// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package amcfg generates the alertmanager.yaml of an Alertmanager from its
// base configuration and the AlertmanagerConfig resources it selects, the
// same configuration upstream prometheus-operator generates for the same
// objects. It is pure: Secret and ConfigMap values come through a Store and
// no API is touched.
//
// Unlike upstream, every check that can fail because of one resource runs
// on that resource alone before the merge (including a trial load of the
// base configuration plus that resource by Alertmanager's own loader), so a
// bad AlertmanagerConfig is rejected alone and the others still reach
// Alertmanager.
package amcfg

import (
	"errors"
	"fmt"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// ConfigKey is the key of alertmanager.yaml in the user configuration Secret.
const ConfigKey = "alertmanager.yaml"

// TLSAssetsDir is where the tls-assets Secret is mounted in the Alertmanager
// container; the configuration refers to TLS files under it.
const TLSAssetsDir = "/etc/alertmanager/certs"

// TemplatesDir is where the templates of spec.alertmanagerConfiguration are
// mounted; the configuration lists them under templates.
const TemplatesDir = "/etc/alertmanager/templates"

// BaseMode says where the base of the generated configuration comes from.
type BaseMode int

const (
	// BaseUnmanaged copies the user Secret's alertmanager.yaml verbatim
	// (no AlertmanagerConfig selector and no alertmanagerConfiguration).
	BaseUnmanaged BaseMode = iota
	// BaseRawConfig parses and checks the user Secret's alertmanager.yaml and
	// merges the selected AlertmanagerConfigs into it.
	BaseRawConfig
	// BaseGlobalAlertmanagerConfig builds the base from the AlertmanagerConfig
	// named by spec.alertmanagerConfiguration.name.
	BaseGlobalAlertmanagerConfig
)

// ModeOf tells which base mode an Alertmanager uses, as upstream decides it:
// alertmanagerConfiguration wins, then a selector means a parsed raw base,
// otherwise the raw configuration is copied as is.
func ModeOf(alertmanager *monitoringv1.Alertmanager) BaseMode {
	switch {
	case alertmanager.Spec.AlertmanagerConfiguration != nil:
		return BaseGlobalAlertmanagerConfig
	case alertmanager.Spec.AlertmanagerConfigSelector != nil:
		return BaseRawConfig
	}
	return BaseUnmanaged
}

// Input is everything the configuration is generated from.
type Input struct {
	// Alertmanager is the workload; its version (spec.version, default
	// v0.33.1), matcher strategy, namespace and base mode are read from it.
	Alertmanager *monitoringv1.Alertmanager
	// RawConfig is the user Secret's alertmanager.yaml. Nil or empty (Secret
	// or key missing) means the default configuration with the "null"
	// receiver. Unused in BaseGlobalAlertmanagerConfig mode.
	RawConfig []byte
	// GlobalConfig is the AlertmanagerConfig named by
	// spec.alertmanagerConfiguration.name, fetched by the caller; required
	// in BaseGlobalAlertmanagerConfig mode (nil is an error naming it).
	GlobalConfig *monitoringv1alpha1.AlertmanagerConfig
	// Configs are the selected AlertmanagerConfigs, in any order: they are
	// merged sorted by "<namespace>/<name>". Ignored in BaseUnmanaged mode.
	Configs []*monitoringv1alpha1.AlertmanagerConfig
	// Store resolves the Secret and ConfigMap keys objects refer to.
	Store Store
}

// Options are settings that the objects do not hold.
type Options struct {
	// SkipVersionChecks lets every version-dependent field through.
	SkipVersionChecks bool
	// SkipTrialLoad turns off the loads by Alertmanager's configuration
	// loader (of each resource with the base, and of the final file); errors
	// only that loader finds then go unnoticed. For benchmarks.
	SkipTrialLoad bool
}

// Rejection names an AlertmanagerConfig left out of the configuration and
// why. The reason names the receiver or field and never holds a Secret value.
type Rejection struct {
	// Namespace and Name identify the AlertmanagerConfig.
	Namespace, Name string
	// Reason explains what is wrong.
	Reason error
}

// Key returns "<namespace>/<name>".
func (r Rejection) Key() string { return r.Namespace + "/" + r.Name }

// Error formats the rejection as one sentence.
func (r Rejection) Error() string {
	return fmt.Sprintf("AlertmanagerConfig %s/%s: %v", r.Namespace, r.Name, r.Reason)
}

// Result is the generated configuration and what the controller must do
// with it.
type Result struct {
	// Config is the alertmanager.yaml content (not compressed).
	Config []byte
	// Accepted lists "<namespace>/<name>" of the merged AlertmanagerConfigs,
	// sorted.
	Accepted []string
	// Rejected lists the AlertmanagerConfigs left out, sorted by key.
	Rejected []Rejection
	// Warnings lists the settings dropped because the target version lacks them.
	Warnings []version.Warning
	// TLSAssets are the files the tls-assets Secret must hold, sorted by key.
	TLSAssets []TLSAsset
}

// ErrMissingGlobalConfig is returned (wrapped) when the Alertmanager names
// a global AlertmanagerConfig that the input does not carry.
var ErrMissingGlobalConfig = errors.New("global AlertmanagerConfig not found")

// Generate builds the configuration. It fails only when the Alertmanager
// itself cannot be configured (unsupported version, invalid base
// configuration, missing or invalid global AlertmanagerConfig); a bad
// selected AlertmanagerConfig is left out and listed in Result.Rejected.
func Generate(in Input, opts Options) (*Result, error) {
	generation, err := newGeneration(in, opts)
	if err != nil {
		return nil, err
	}
	return generation.run()
}

// CheckOptions tune CheckResource.
type CheckOptions struct {
	// Version is the Alertmanager version the resource must suit; empty skips
	// the version gates (the admission webhook does not know the target).
	Version string
	// Store resolves Secret keys; nil skips every check that needs the
	// cluster (Secret resolution, conversion and the trial load).
	Store Store
	// RawConfig is the base the trial load merges the resource into; nil
	// means the default configuration.
	RawConfig []byte
}

// CheckResource runs every check of one AlertmanagerConfig that does not
// depend on the other resources: the semantic validation (Validate), and,
// when opts say so, the version gates, Secret resolution, conversion and a
// trial load of the base plus the resource by Alertmanager's loader.
// Generate runs the same checks on each selected resource; the admission
// webhook calls it with a zero CheckOptions.
func CheckResource(config *monitoringv1alpha1.AlertmanagerConfig, opts CheckOptions) error {
	if err := Validate(config); err != nil {
		return err
	}
	if opts.Version == "" && opts.Store == nil {
		return nil
	}
	return checkAgainstTarget(config, opts)
}
