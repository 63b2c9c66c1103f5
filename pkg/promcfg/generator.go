// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package promcfg generates the Prometheus configuration file of a Prometheus
// server or agent from the workload object and the monitors it selects, the
// same configuration upstream prometheus-operator generates for the same
// objects. It is pure: it reads Secret and ConfigMap data through an
// assets.KeyReader and touches no API.
package promcfg

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/types"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// TLSAssetsDir is where the tls-assets Secret is mounted in the Prometheus
// container; the configuration refers to TLS files under it.
const TLSAssetsDir = "/etc/prometheus/certs"

// Options carry facts about the cluster and the operator's feature gates
// that the workload object does not hold.
type Options struct {
	// EndpointSliceSupported tells that the cluster serves EndpointSlices, so
	// the EndpointSlice service discovery role may be used.
	EndpointSliceSupported bool
	// TopologySharding turns on zone-aware sharding for workloads asking for it.
	TopologySharding bool
	// ShardRetention adds the rules that make shards left over by a
	// scale-down scrape nothing.
	ShardRetention bool
	// PodTopologyLabels tells that pods carry the topology zone label, so
	// zone-aware sharding needs no node metadata.
	PodTopologyLabels bool
	// SkipVersionChecks lets every version-dependent field through.
	SkipVersionChecks bool
	// TLSAssetsDir is where the workload mounts its tls-assets Secret; the
	// configuration refers to TLS files under it. Empty means TLSAssetsDir.
	TLSAssetsDir string
}

// Input is everything the configuration is generated from besides the
// workload. Monitors are processed in the order of "<namespace>/<name>".
type Input struct {
	// ServiceMonitors, PodMonitors and Probes are the selected monitors.
	ServiceMonitors []*monitoringv1.ServiceMonitor
	PodMonitors     []*monitoringv1.PodMonitor
	Probes          []*monitoringv1.Probe
	// Store resolves the Secret and ConfigMap keys objects refer to.
	Store assets.KeyReader
	// AdditionalScrapeConfigs is the YAML list of extra scrape jobs.
	AdditionalScrapeConfigs []byte
	// AdditionalAlertRelabelConfigs is the YAML list of extra alert relabel rules.
	AdditionalAlertRelabelConfigs []byte
	// AdditionalAlertmanagerConfigs is the YAML list of extra Alertmanager blocks.
	AdditionalAlertmanagerConfigs []byte
	// RuleConfigMapNames are the rule ConfigMaps mounted into the server.
	RuleConfigMapNames []string
	// ExtraJobs lets other kinds (ScrapeConfig) contribute jobs after the
	// Probes; each builder returns its jobs and rejections.
	ExtraJobs []JobSource
}

// JobSource contributes scrape jobs built by code outside this file's
// kinds, such as the ScrapeConfig generator.
type JobSource interface {
	Jobs(env *Environment) ([]yamldoc.Map, []Rejection)
}

// Rejection names an object left out of the configuration and why; the
// controller reports it in an Event and a status condition.
type Rejection struct {
	// Kind is the object's kind, such as "ServiceMonitor".
	Kind string
	// Namespace and Name identify the object.
	Namespace, Name string
	// Reason explains what is wrong.
	Reason error
}

// Error formats the rejection as one sentence.
func (r Rejection) Error() string {
	return fmt.Sprintf("%s %s/%s: %v", r.Kind, r.Namespace, r.Name, r.Reason)
}

// Result is the generated configuration and what the controller must do
// with it.
type Result struct {
	// Config is the prometheus.yaml content.
	Config []byte
	// Rejected lists the objects left out, in processing order.
	Rejected []Rejection
	// Warnings lists the settings dropped because the target version lacks them.
	Warnings []version.Warning
	// TLSAssets are the files the tls-assets Secret must hold, sorted by key.
	TLSAssets []assets.TLSAsset
	// JobNames are the names of the generated jobs (not the additional
	// ones), so that the caller can tell a clash without parsing Config.
	JobNames []string
	// Compressed is the gzip stream of the configuration, and Digest the
	// hex SHA-256 of Compressed; only Cache.Generate sets them.
	Compressed []byte
	Digest     string
}

// Generate builds the configuration of a Prometheus (server) or of a
// PrometheusAgent (any other PrometheusInterface). It fails only when the
// workload itself cannot be configured; bad monitors are left out and
// listed in Result.Rejected.
func Generate(workload monitoringv1.PrometheusInterface, in Input, opts Options) (*Result, error) {
	env, err := newEnvironment(workload, in.Store, opts)
	if err != nil {
		return nil, err
	}
	doc, err := env.document(workload, in)
	if err != nil {
		return nil, err
	}
	out, err := yamldoc.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("render configuration: %w", err)
	}
	return env.result(out), nil
}

// document lays out the configuration of a server or an agent.
func (env *Environment) document(workload monitoringv1.PrometheusInterface, in Input) (yamldoc.Map, error) {
	if server, ok := workload.(*monitoringv1.Prometheus); ok {
		return env.serverDocument(server, in)
	}
	return env.agentDocument(in)
}

// result gathers what the run produced besides the configuration.
func (env *Environment) result(config []byte) *Result {
	return &Result{
		Config:    config,
		Rejected:  env.rejected,
		Warnings:  env.target.Warnings().List(),
		TLSAssets: env.assets.Sorted(),
		JobNames:  env.jobNames,
	}
}

// serverDocument lays out the sections of a Prometheus server.
func (env *Environment) serverDocument(server *monitoringv1.Prometheus, in Input) (yamldoc.Map, error) {
	global := env.globalSection()
	global = global.Add("evaluation_interval", string(cmp.Or(server.Spec.EvaluationInterval, "30s")))
	if server.Spec.RuleQueryOffset != nil {
		global = env.target.AtLeast("2.53.0").Set(global, "rule_query_offset", string(*server.Spec.RuleQueryOffset))
	}
	if server.Spec.QueryLogFile != "" {
		global = env.target.AtLeast("2.16.0").Set(global, "query_log_file", logFilePath(server.Spec.QueryLogFile))
	}
	doc := yamldoc.Map{}.Add("global", global)
	doc = env.runtimeSection(doc)
	if server.Spec.RuleSelector != nil {
		doc = doc.Add("rule_files", ruleFiles(in.RuleConfigMapNames))
	}
	jobs := env.appendJobs(nil, env.serviceMonitorJobs(in.ServiceMonitors))
	jobs = env.appendJobs(jobs, env.podMonitorJobs(in.PodMonitors))
	jobs = env.appendJobs(jobs, env.probeJobs(in.Probes))
	jobs = env.appendJobs(jobs, env.extraJobs(in.ExtraJobs))
	additional, err := env.additionalScrapeConfigs(in.AdditionalScrapeConfigs)
	if err != nil {
		return nil, err
	}
	doc = doc.Add("scrape_configs", append(jobs, additional...))
	if doc, err = env.serverStorageSection(doc, server); err != nil {
		return nil, err
	}
	if doc, err = env.alertingSection(doc, server, in); err != nil {
		return nil, err
	}
	return env.exportSections(doc, server.Spec.RemoteRead)
}

// agentDocument lays out the sections of a PrometheusAgent. In DaemonSet
// mode only PodMonitors and additional jobs are used.
func (env *Environment) agentDocument(in Input) (yamldoc.Map, error) {
	doc := yamldoc.Map{}.Add("global", env.globalSection())
	doc = env.runtimeSection(doc)
	jobs := env.appendJobs(nil, env.podMonitorJobs(in.PodMonitors))
	additional, err := env.additionalScrapeConfigs(in.AdditionalScrapeConfigs)
	if err != nil {
		return nil, err
	}
	jobs = append(jobs, additional...)
	if !env.daemonSet {
		jobs = env.appendJobs(jobs, env.serviceMonitorJobs(in.ServiceMonitors))
		jobs = env.appendJobs(jobs, env.probeJobs(in.Probes))
		jobs = env.appendJobs(jobs, env.extraJobs(in.ExtraJobs))
	}
	doc = doc.Add("scrape_configs", jobs)
	if doc, err = env.agentStorageSection(doc); err != nil {
		return nil, err
	}
	return env.exportSections(doc, nil)
}

// exportSections adds remote_write, remote_read (server only), otlp and tracing.
func (env *Environment) exportSections(doc yamldoc.Map, remoteRead []monitoringv1.RemoteReadSpec) (yamldoc.Map, error) {
	var err error
	if doc, err = env.remoteWriteSection(doc); err != nil {
		return nil, err
	}
	if doc, err = env.remoteReadSection(doc, remoteRead); err != nil {
		return nil, err
	}
	if doc, err = env.otlpSection(doc); err != nil {
		return nil, err
	}
	return env.tracingSection(doc)
}

func (env *Environment) extraJobs(sources []JobSource) []yamldoc.Map {
	var jobs []yamldoc.Map
	for _, source := range sources {
		if objects, ok := source.(ScrapeConfigs); ok && env.units != nil {
			// Cached pieces: jobsOf keeps them aside and rejects alone.
			jobs = append(jobs, objects.cachedJobs(env)...)
			continue
		}
		built, rejected := source.Jobs(env)
		jobs = append(jobs, built...)
		env.rejected = append(env.rejected, rejected...)
	}
	return jobs
}

// appendJobs adds generated jobs to the scrape_configs list, which also
// holds the user's additional jobs as raw values. With a cache, the jobs of
// the kind just built are rendered already: a Cut stands for them.
func (env *Environment) appendJobs(list []any, jobs []yamldoc.Map) []any {
	if list == nil {
		list = make([]any, 0, len(jobs)+1)
	}
	if env.units != nil && env.units.closeRun() {
		list = append(list, yamldoc.Cut{})
	}
	for _, job := range jobs {
		env.jobNames = append(env.jobNames, jobName(job))
		list = append(list, job)
	}
	return list
}

// jobName returns the job_name of a generated job.
func jobName(job yamldoc.Map) string {
	name, _ := job.Get("job_name")
	text, _ := name.(string)
	return text
}

// reject records a left-out object.
func (env *Environment) reject(kind, namespace, name string, reason error) {
	env.rejected = append(env.rejected, Rejection{Kind: kind, Namespace: namespace, Name: name, Reason: reason})
}

// sortedByKey returns the objects ordered by "<namespace>/<name>", the order
// upstream processes them in. Objects already in that order (as the
// controller passes them) come back as they are, without a copy.
func sortedByKey[T interface {
	GetNamespace() string
	GetName() string
}](objects []T) []T {
	byKey := func(a, b T) int { return compareKeys(a.GetNamespace(), a.GetName(), b.GetNamespace(), b.GetName()) }
	if slices.IsSortedFunc(objects, byKey) {
		return objects
	}
	sorted := slices.Clone(objects)
	slices.SortStableFunc(sorted, byKey)
	return sorted
}

// compareKeys compares "<namespace1>/<name1>" with "<namespace2>/<name2>"
// without building the strings, which sorting thousands of monitors would
// allocate over and over.
func compareKeys(namespace1, name1, namespace2, name2 string) int {
	if namespace1 == namespace2 {
		return strings.Compare(name1, name2)
	}
	shorter := min(len(namespace1), len(namespace2))
	if namespace1[:shorter] != namespace2[:shorter] {
		return strings.Compare(namespace1[:shorter], namespace2[:shorter])
	}
	// One namespace starts the other: its "/" meets the other's next byte.
	if len(namespace1) < len(namespace2) && namespace2[shorter] != '/' {
		return cmp.Compare('/', namespace2[shorter])
	}
	if len(namespace2) < len(namespace1) && namespace1[shorter] != '/' {
		return cmp.Compare(namespace1[shorter], '/')
	}
	return strings.Compare(namespace1+"/"+name1, namespace2+"/"+name2)
}

// monitorObject is what the generator needs of a monitor's metadata.
type monitorObject interface {
	GetNamespace() string
	GetName() string
	GetUID() types.UID
	GetResourceVersion() string
}

// jobsOf builds the jobs of every object, in namespace/name order. An object
// whose build fails is rejected alone, under kind, and the others go on.
// With a cache, the jobs are rendered (or reused) aside and none returned.
func jobsOf[T monitorObject](env *Environment, kind string, objects []T, build func(T) ([]yamldoc.Map, error)) []yamldoc.Map {
	if env.units != nil {
		for _, object := range sortedByKey(objects) {
			env.units.unit(env, kind, object, func() ([]yamldoc.Map, error) { return build(object) })
		}
		return nil
	}
	var jobs []yamldoc.Map
	for _, object := range sortedByKey(objects) {
		built, err := build(object)
		if err != nil {
			env.reject(kind, object.GetNamespace(), object.GetName(), err)
			continue
		}
		jobs = append(jobs, built...)
	}
	return jobs
}

// shardingFor returns the sharding rules settings of the workload.
func shardingFor(common *monitoringv1.CommonPrometheusFields, opts Options) relabel.Sharding {
	sharding := relabel.Sharding{Shards: common.ShardCount(), KeepOnlyActiveShards: opts.ShardRetention}
	if zones := topologyZones(common, opts); len(zones) > 0 {
		sharding.Zones = int32(len(zones))
		sharding.ZoneFromPodLabel = opts.PodTopologyLabels
	}
	return sharding
}

// topologyZones returns the zones when zone-aware sharding is active.
func topologyZones(common *monitoringv1.CommonPrometheusFields, opts Options) []string {
	if !opts.TopologySharding || !common.UsesTopologySharding() || common.ShardingStrategy.Topology == nil {
		return nil
	}
	return common.ShardingStrategy.Topology.Values
}
