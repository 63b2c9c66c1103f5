// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"errors"
	"fmt"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/httpconfig"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// Environment is the state of one generation run shared by the job
// builders: the workload's settings, the target version, the store, and the
// objects rejected and TLS files referenced so far.
type Environment struct {
	workload    monitoringv1.PrometheusInterface
	common      *monitoringv1.CommonPrometheusFields
	target      version.Target
	opts        Options
	store       assets.KeyReader
	daemonSet   bool
	classes     map[string]monitoringv1.ScrapeClass
	defaultName string
	validator   relabel.Validator
	enforcement relabel.NamespaceEnforcement
	sharding    relabel.Sharding
	// addressSharding and probeSharding are the sharding rules of monitor
	// and probe jobs, the same for every job of the run.
	addressSharding, probeSharding []relabel.Rule
	assets                         assets.TLSAssets
	rejected                       []Rejection
	// apiServer holds the rendered apiserverConfig items of Kubernetes SD.
	apiServer yamldoc.Map
	// jobNames are the names of the jobs generated so far.
	jobNames []string
	// units, when set, renders each monitor's jobs apart and reuses those
	// of a Cache (Cache.Generate).
	units *unitRun
}

// httpWriter returns a writer of HTTP client settings for an object of
// namespace whose fields are gated on target.
func (env *Environment) httpWriter(namespace string, target version.Target) *httpconfig.Writer {
	dir := env.opts.TLSAssetsDir
	if dir == "" {
		dir = TLSAssetsDir
	}
	return httpconfig.New(httpconfig.Options{Store: env.store, Namespace: namespace, Target: target, TLSAssetsDir: dir})
}

// daemonSetMode is implemented by agents that may run as a DaemonSet.
type daemonSetMode interface {
	IsDaemonSetMode() bool
}

func newEnvironment(workload monitoringv1.PrometheusInterface, store assets.KeyReader, opts Options) (*Environment, error) {
	if workload == nil {
		return nil, errors.New("no workload to configure")
	}
	if store == nil {
		store = assets.MapStore{}
	}
	common := workload.GetCommonPrometheusFields()
	target, err := version.Parse(common.Version)
	if err != nil {
		return nil, err
	}
	if opts.SkipVersionChecks {
		target = target.WithoutChecks()
	}
	env := &Environment{
		workload:    workload,
		common:      common,
		target:      target,
		opts:        opts,
		store:       store,
		validator:   relabel.NewValidator(target, legacyNames(common, target)),
		enforcement: relabel.NamespaceEnforcement{Label: common.EnforcedNamespaceLabel, Excluded: common.ExcludedFromEnforcement},
		sharding:    shardingFor(common, opts),
		assets:      assets.TLSAssets{},
	}
	env.addressSharding = env.sharding.Rules(relabel.HashAddress)
	env.probeSharding = env.sharding.Rules(relabel.HashProbeTarget)
	if agent, ok := workload.(daemonSetMode); ok {
		env.daemonSet = agent.IsDaemonSetMode()
	}
	if err := env.checkWorkload(); err != nil {
		return nil, err
	}
	if err := env.checkWorkloadLabels(); err != nil {
		return nil, err
	}
	if err := env.loadScrapeClasses(); err != nil {
		return nil, err
	}
	if err := env.loadAPIServer(); err != nil {
		return nil, err
	}
	return env, nil
}

// legacyNames tells whether label names must use the legacy character set.
func legacyNames(common *monitoringv1.CommonPrometheusFields, target version.Target) bool {
	return common.NameValidationScheme != nil && *common.NameValidationScheme == monitoringv1.NameValidationSchemeLegacy &&
		target.Supports("3.0.0")
}

// checkWorkload refuses workload settings Prometheus could not load.
func (env *Environment) checkWorkload() error {
	common := env.common
	if common.ScrapeTimeout != "" {
		if err := checkTimeoutWithinInterval(common.ScrapeInterval, common.ScrapeTimeout, "30s", ""); err != nil {
			return fmt.Errorf("spec: %w", err)
		}
	}
	if common.ScrapeInterval != "" {
		if _, err := parseDuration("spec.scrapeInterval", common.ScrapeInterval); err != nil {
			return err
		}
	}
	if err := checkByteSize("spec.enforcedBodySizeLimit", common.EnforcedBodySizeLimit); err != nil {
		return err
	}
	if common.BodySizeLimit != nil {
		if err := checkByteSize("spec.bodySizeLimit", *common.BodySizeLimit); err != nil {
			return err
		}
	}
	if common.Shards != nil && *common.Shards > 1 && len(topologyZones(common, env.opts)) > int(*common.Shards) {
		return errors.New("spec.shardingStrategy: there must be at least as many shards as topology zones")
	}
	return nil
}

// checkWorkloadLabels refuses label names that would make every job invalid.
func (env *Environment) checkWorkloadLabels() error {
	if label := env.common.EnforcedNamespaceLabel; label != "" && !env.validator.ValidLabelName(label) {
		return fmt.Errorf("spec.enforcedNamespaceLabel: %q is not a valid label name", label)
	}
	return env.checkTargetLabels("spec.podTargetLabels", env.common.PodTargetLabels)
}

// loadScrapeClasses indexes the scrape classes and checks that at most one
// is the default and that their rules are valid.
func (env *Environment) loadScrapeClasses() error {
	env.classes = make(map[string]monitoringv1.ScrapeClass, len(env.common.ScrapeClasses))
	for _, class := range env.common.ScrapeClasses {
		if err := env.validator.ValidateList(class.Relabelings); err != nil {
			return fmt.Errorf("scrape class %q: relabelings%w", class.Name, err)
		}
		if err := env.validator.ValidateList(class.MetricRelabelings); err != nil {
			return fmt.Errorf("scrape class %q: metricRelabelings%w", class.Name, err)
		}
		if class.TLSConfig != nil {
			if err := httpconfig.ValidateSafeTLS(&class.TLSConfig.SafeTLSConfig, class.TLSConfig.CertFile, class.TLSConfig.KeyFile); err != nil {
				return fmt.Errorf("scrape class %q: %w", class.Name, err)
			}
		}
		if class.Authorization != nil && class.Authorization.Credentials != nil && class.Authorization.CredentialsFile != "" {
			return fmt.Errorf("scrape class %q: authorization: credentials and credentialsFile are mutually exclusive", class.Name)
		}
		if class.Default != nil && *class.Default {
			if env.defaultName != "" {
				return errors.New("multiple default scrape classes defined")
			}
			env.defaultName = class.Name
		}
		env.classes[class.Name] = class
	}
	return nil
}

// scrapeClass returns the class a monitor names, or the default class when
// it names none. Naming an unknown class is an error.
func (env *Environment) scrapeClass(name *string) (monitoringv1.ScrapeClass, error) {
	if name != nil && *name != "" {
		class, ok := env.classes[*name]
		if !ok {
			return monitoringv1.ScrapeClass{}, fmt.Errorf("scrapeClass %q not found in the workload's scrapeClasses", *name)
		}
		return class, nil
	}
	if env.defaultName != "" {
		return env.classes[env.defaultName], nil
	}
	return monitoringv1.ScrapeClass{}, nil
}

// Target returns the Prometheus version the configuration is built for.
func (env *Environment) Target() version.Target { return env.target }

// Workload returns the Prometheus or PrometheusAgent being configured.
func (env *Environment) Workload() monitoringv1.PrometheusInterface { return env.workload }
