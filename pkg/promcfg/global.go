// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"cmp"
	"path"
	"path/filepath"
	"strings"

	"github.com/prometheus/common/model"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// Paths and names shared with the StatefulSet builder.
const (
	// RulesDir is where rule ConfigMaps are mounted, one directory each.
	RulesDir = "/etc/prometheus/rules"
	// LogDir is where log files named without a directory are written.
	LogDir = "/var/log/prometheus"

	defaultScrapeInterval       = "30s"
	defaultPrometheusLabelName  = "prometheus"
	defaultReplicaLabelName     = "prometheus_replica"
	defaultTopologyZoneLabel    = "zone"
	podNameVariable             = "$(POD_NAME)"
	topologyZoneVariable        = "$(TOPOLOGY_ZONE)"
	textFormatNeedsPrometheusV3 = "3.0.0-rc.0"
)

// globalSection builds the global block shared by servers and agents.
func (env *Environment) globalSection() yamldoc.Map {
	common := env.common
	global := yamldoc.Map{}.Add("scrape_interval", string(cmp.Or(common.ScrapeInterval, defaultScrapeInterval)))
	global = global.AddIf(common.ScrapeTimeout != "", "scrape_timeout", string(common.ScrapeTimeout))
	global = env.scrapeProtocolsFor(env.target, global, common.ScrapeProtocols)
	global = global.Add("external_labels", env.externalLabels())
	global = env.globalLimits(global)
	if common.ScrapeFailureLogFile != nil {
		global = env.target.AtLeast("2.55.0").Set(global, "scrape_failure_log_file", logFilePath(*common.ScrapeFailureLogFile))
	}
	if common.NameValidationScheme != nil {
		global = env.target.AtLeast("3.0.0").Set(global, "metric_name_validation_scheme", strings.ToLower(string(*common.NameValidationScheme)))
	}
	if escaping, ok := escapingSchemes[ptrValue(common.NameEscapingScheme)]; ok {
		global = env.target.AtLeast("3.4.0").Set(global, "metric_name_escaping_scheme", escaping)
	}
	if common.ConvertClassicHistogramsToNHCB != nil {
		global = env.target.AtLeast("3.4.0").Set(global, "convert_classic_histograms_to_nhcb", *common.ConvertClassicHistogramsToNHCB)
	}
	if common.ScrapeClassicHistograms != nil {
		global = env.target.AtLeast("3.5.0").Set(global, "always_scrape_classic_histograms", *common.ScrapeClassicHistograms)
	}
	if common.ScrapeNativeHistograms != nil {
		global = env.target.AtLeast("3.8.0").Set(global, "scrape_native_histograms", *common.ScrapeNativeHistograms)
	}
	return global
}

// escapingSchemes maps the API's escaping scheme names to Prometheus's.
var escapingSchemes = map[monitoringv1.NameEscapingSchemeOptions]string{
	monitoringv1.NameEscapingSchemeAllowUTF8:   "allow-utf-8",
	monitoringv1.NameEscapingSchemeUnderscores: "underscores",
	monitoringv1.NameEscapingSchemeDots:        "dots",
	monitoringv1.NameEscapingSchemeValues:      "values",
}

func ptrValue[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// scrapeProtocols writes scrape_protocols (Prometheus 2.49+), leaving out
// the text format 1.0.0 that only Prometheus 3 knows. When that leaves no
// protocol the key is omitted: an empty list does not load.
func (env *Environment) scrapeProtocolsFor(target version.Target, doc yamldoc.Map, protocols []monitoringv1.ScrapeProtocol) yamldoc.Map {
	if len(protocols) == 0 {
		return doc
	}
	names := make([]string, 0, len(protocols))
	for _, protocol := range protocols {
		if protocol == monitoringv1.ScrapeProtocolPrometheusText1_0_0 &&
			!target.AtLeast(textFormatNeedsPrometheusV3).Check("scrapeProtocol="+string(protocol)) {
			continue
		}
		names = append(names, string(protocol))
	}
	if len(names) == 0 {
		return doc
	}
	return target.AtLeast("2.49.0").Set(doc, "scrape_protocols", names)
}

// externalLabels returns the reserved labels (the workload's identity, the
// replica, the topology zone) and the user's labels, sorted by name. User
// labels cannot replace reserved ones.
func (env *Environment) externalLabels() yamldoc.Map {
	common := env.common
	labels := map[string]string{}
	if name := ptrOrDefault(common.PrometheusExternalLabelName, defaultPrometheusLabelName); name != "" {
		labels[name] = env.workload.GetNamespace() + "/" + env.workload.GetName()
	}
	if name := ptrOrDefault(common.ReplicaExternalLabelName, defaultReplicaLabelName); name != "" {
		labels[name] = podNameVariable
	}
	if env.opts.TopologySharding && common.UsesTopologySharding() && common.ShardingStrategy.Topology != nil {
		if name := ptrOrDefault(common.ShardingStrategy.Topology.ExternalLabelName, defaultTopologyZoneLabel); name != "" {
			labels[name] = topologyZoneVariable
		}
	}
	for name, value := range common.ExternalLabels {
		if _, reserved := labels[name]; reserved {
			env.target.Warn("externalLabels."+name, "the label name is reserved by the operator")
			continue
		}
		if !model.UTF8Validation.IsValidLabelName(name) || !model.LabelValue(value).IsValid() {
			env.target.Warn("externalLabels."+name, "not a valid label")
			continue
		}
		labels[name] = value
	}
	return yamldoc.FromStringMap(labels)
}

func ptrOrDefault(value *string, fallback string) string {
	if value == nil {
		return fallback
	}
	return *value
}

// globalLimits writes the default limits (Prometheus 2.45+): the workload's
// limit capped by the enforced one, or the enforced one alone.
func (env *Environment) globalLimits(global yamldoc.Map) yamldoc.Map {
	common := env.common
	gate := env.target.AtLeast("2.45.0")
	switch {
	case common.BodySizeLimit != nil:
		global = gate.Set(global, "body_size_limit", string(*common.BodySizeLimit))
	case common.EnforcedBodySizeLimit != "":
		global = gate.Set(global, "body_size_limit", string(common.EnforcedBodySizeLimit))
	}
	limits := []struct {
		key             string
		limit, enforced *uint64
		requiredVersion string
	}{
		{"sample_limit", common.SampleLimit, common.EnforcedSampleLimit, "2.45.0"},
		{"target_limit", common.TargetLimit, common.EnforcedTargetLimit, "2.45.0"},
		{"label_limit", common.LabelLimit, common.EnforcedLabelLimit, "2.45.0"},
		{"label_name_length_limit", common.LabelNameLengthLimit, common.EnforcedLabelNameLengthLimit, "2.45.0"},
		{"label_value_length_limit", common.LabelValueLengthLimit, common.EnforcedLabelValueLengthLimit, "2.45.0"},
		{"keep_dropped_targets", common.KeepDroppedTargets, common.EnforcedKeepDroppedTargets, "2.47.0"},
	}
	for _, l := range limits {
		limit, enforced := ptrValue(l.limit), ptrValue(l.enforced)
		switch {
		case limit > 0 && enforced > 0 && limit > enforced:
			env.target.Warn(l.key, "greater than the enforced limit, using the enforced limit")
			global = env.target.AtLeast(l.requiredVersion).Set(global, l.key, enforced)
		case limit > 0:
			global = env.target.AtLeast(l.requiredVersion).Set(global, l.key, limit)
		case enforced > 0:
			global = env.target.AtLeast(l.requiredVersion).Set(global, l.key, enforced)
		}
	}
	return global
}

// runtimeSection writes the Go runtime settings (Prometheus 2.53+).
func (env *Environment) runtimeSection(doc yamldoc.Map) yamldoc.Map {
	runtime := env.common.Runtime
	if runtime == nil {
		return doc
	}
	body := yamldoc.Map{}
	if runtime.GoGC != nil {
		body = body.Add("gogc", *runtime.GoGC)
	}
	return env.target.AtLeast("2.53.0").Set(doc, "runtime", body)
}

// ruleFiles lists the rule file globs of the mounted rule ConfigMaps.
func ruleFiles(configMapNames []string) []string {
	files := make([]string, 0, len(configMapNames))
	for _, name := range configMapNames {
		files = append(files, path.Join(RulesDir, name, "*.yaml"))
	}
	return files
}

// logFilePath places a bare file name in the log directory.
func logFilePath(file string) string {
	if file == "" || filepath.Dir(file) != "." {
		return file
	}
	return filepath.Join(LogDir, file)
}

// lowerScheme writes a URL scheme the way Prometheus expects it.
func lowerScheme(scheme monitoringv1.Scheme) string {
	return strings.ToLower(string(scheme))
}
