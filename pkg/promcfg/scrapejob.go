// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/httpconfig"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// monitorJob holds what the jobs of one monitor object share: the scrape
// class it uses, a target version that attributes warnings to it, and a
// client field writer reading Secrets in its namespace.
type monitorJob struct {
	env       *Environment
	kind      string
	resource  string
	namespace string
	name      string
	target    version.Target
	class     monitoringv1.ScrapeClass
	client    *httpconfig.Writer
}

func (env *Environment) newMonitorJob(kind, resource, prefix string, object metav1.Object, className *string) (*monitorJob, error) {
	class, err := env.scrapeClass(className)
	if err != nil {
		return nil, err
	}
	target := env.target.For(prefix + "/" + object.GetNamespace() + "/" + object.GetName())
	return &monitorJob{
		env:       env,
		kind:      kind,
		resource:  resource,
		namespace: object.GetNamespace(),
		name:      object.GetName(),
		target:    target,
		class:     class,
		client:    env.httpWriter(object.GetNamespace(), target),
	}, nil
}

// honorLabels writes honor_labels, forced off by overrideHonorLabels.
func (m *monitorJob) honorLabels(doc yamldoc.Map, honor bool) yamldoc.Map {
	return doc.Add("honor_labels", honor && !m.env.common.OverrideHonorLabels)
}

// honorTimestamps writes honor_timestamps when set or when the workload
// overrides it (Prometheus 2.9+).
func (m *monitorJob) honorTimestamps(doc yamldoc.Map, honor *bool) yamldoc.Map {
	override := m.env.common.OverrideHonorTimestamps
	if honor == nil && !override {
		return doc
	}
	return m.target.AtLeast("2.9.0").Set(doc, "honor_timestamps", ptrValue(honor) && !override)
}

// trackTimestampsStaleness writes track_timestamps_staleness (2.48+).
func (m *monitorJob) trackTimestampsStaleness(doc yamldoc.Map, track *bool) yamldoc.Map {
	if track == nil {
		return doc
	}
	return m.target.AtLeast("2.48.0").Set(doc, "track_timestamps_staleness", *track)
}

// endpointBasics writes interval, timeout, path, params and scheme.
func (m *monitorJob) endpointBasics(doc yamldoc.Map, ep *monitoringv1.ScrapeEndpointSettings) yamldoc.Map {
	doc = doc.AddIf(ep.Interval != "", "scrape_interval", string(ep.Interval))
	doc = doc.AddIf(ep.ScrapeTimeout != "", "scrape_timeout", string(ep.ScrapeTimeout))
	doc = doc.AddIf(ep.Path != "", "metrics_path", ep.Path)
	doc = doc.AddIf(ep.Params != nil, "params", ep.Params)
	return m.scheme(doc, ep.Scheme)
}

func (m *monitorJob) scheme(doc yamldoc.Map, scheme *monitoringv1.Scheme) yamldoc.Map {
	if scheme == nil {
		return doc
	}
	return doc.Add("scheme", lowerScheme(*scheme))
}

// limitKeys are the per-job limits with the version that introduced them.
var limitKeys = []struct {
	key      string
	minimum  string
	own      func(*monitoringv1.ScrapeLimits) *uint64
	enforced func(*monitoringv1.CommonPrometheusFields) *uint64
}{
	{"sample_limit", "2.0.0", func(l *monitoringv1.ScrapeLimits) *uint64 { return l.SampleLimit }, func(c *monitoringv1.CommonPrometheusFields) *uint64 { return c.EnforcedSampleLimit }},
	{"target_limit", "2.21.0", func(l *monitoringv1.ScrapeLimits) *uint64 { return l.TargetLimit }, func(c *monitoringv1.CommonPrometheusFields) *uint64 { return c.EnforcedTargetLimit }},
	{"label_limit", "2.27.0", func(l *monitoringv1.ScrapeLimits) *uint64 { return l.LabelLimit }, func(c *monitoringv1.CommonPrometheusFields) *uint64 { return c.EnforcedLabelLimit }},
	{"label_name_length_limit", "2.27.0", func(l *monitoringv1.ScrapeLimits) *uint64 { return l.LabelNameLengthLimit }, func(c *monitoringv1.CommonPrometheusFields) *uint64 { return c.EnforcedLabelNameLengthLimit }},
	{"label_value_length_limit", "2.27.0", func(l *monitoringv1.ScrapeLimits) *uint64 { return l.LabelValueLengthLimit }, func(c *monitoringv1.CommonPrometheusFields) *uint64 { return c.EnforcedLabelValueLengthLimit }},
	{"keep_dropped_targets", "2.47.0", func(l *monitoringv1.ScrapeLimits) *uint64 { return l.KeepDroppedTargets }, func(c *monitoringv1.CommonPrometheusFields) *uint64 { return c.EnforcedKeepDroppedTargets }},
}

// limits writes the job's limits. An enforced limit caps the job's own;
// without an own limit, Prometheus 2.45+ applies the global (enforced)
// value by itself, older versions get the enforced value per job.
func (m *monitorJob) limits(doc yamldoc.Map, limits *monitoringv1.ScrapeLimits) yamldoc.Map {
	for _, key := range limitKeys {
		own, enforced := key.own(limits), ptrValue(key.enforced(m.env.common))
		var value *uint64
		switch {
		case enforced == 0:
			value = own
		case ptrValue(own) == 0:
			if !m.target.Supports("2.45.0") {
				value = &enforced
			}
		default:
			lower := min(*own, enforced)
			value = &lower
		}
		if value != nil {
			doc = m.target.AtLeast(key.minimum).Set(doc, key.key, *value)
		}
	}
	return doc
}

// histograms writes the native histogram settings.
func (m *monitorJob) histograms(doc yamldoc.Map, config *monitoringv1.NativeHistogramConfig) yamldoc.Map {
	if config.ScrapeNativeHistograms != nil {
		doc = m.target.AtLeast("3.8.0").Set(doc, "scrape_native_histograms", *config.ScrapeNativeHistograms)
	}
	if config.NativeHistogramBucketLimit != nil {
		doc = m.target.AtLeast("2.45.0").Set(doc, "native_histogram_bucket_limit", *config.NativeHistogramBucketLimit)
	}
	if config.NativeHistogramMinBucketFactor != nil {
		doc = m.target.AtLeast("2.50.0").Set(doc, "native_histogram_min_bucket_factor", config.NativeHistogramMinBucketFactor.AsApproximateFloat64())
	}
	if config.ScrapeClassicHistograms != nil {
		if m.target.Major() >= 3 {
			doc = doc.Add("always_scrape_classic_histograms", *config.ScrapeClassicHistograms)
		} else {
			doc = m.target.AtLeast("2.45.0").Set(doc, "scrape_classic_histograms", *config.ScrapeClassicHistograms)
		}
	}
	if config.ConvertClassicHistogramsToNHCB != nil {
		doc = m.target.AtLeast("3.0.0").Set(doc, "convert_classic_histograms_to_nhcb", *config.ConvertClassicHistogramsToNHCB)
	}
	return doc
}

// protocols writes scrape_protocols and fallback_scrape_protocol (3.0+),
// the latter taken from the scrape class when the object sets none.
func (m *monitorJob) protocols(doc yamldoc.Map, settings *monitoringv1.MonitorScrapeSettings) yamldoc.Map {
	doc = m.env.scrapeProtocolsFor(m.target, doc, settings.ScrapeProtocols)
	fallback := settings.FallbackScrapeProtocol
	if fallback == nil {
		fallback = m.class.FallbackScrapeProtocol
	}
	if fallback == nil {
		return doc
	}
	return m.target.AtLeast("3.0.0").Set(doc, "fallback_scrape_protocol", string(*fallback))
}

// bodySizeLimit writes the smaller of the object's and the enforced limit.
func (m *monitorJob) bodySizeLimit(doc yamldoc.Map, own *monitoringv1.ByteSize) yamldoc.Map {
	limit := lowerByteSize(ptrValue(own), m.env.common.EnforcedBodySizeLimit)
	if limit == "" {
		return doc
	}
	return m.target.AtLeast("2.28.0").Set(doc, "body_size_limit", string(limit))
}

// userRelabelings appends the scrape class relabelings, the object's own
// and the namespace enforcement rule, in that order.
func (m *monitorJob) userRelabelings(rules []relabel.Rule, own []monitoringv1.RelabelConfig) []relabel.Rule {
	rules = append(rules, relabel.FromAPIList(m.class.Relabelings)...)
	rules = append(rules, relabel.FromAPIList(own)...)
	return m.env.enforcement.Append(rules, m.resource, m.namespace, m.name)
}

// metricRelabelings writes metric_relabel_configs when there are any.
func (m *monitorJob) metricRelabelings(doc yamldoc.Map, own []monitoringv1.RelabelConfig) yamldoc.Map {
	rules := relabel.FromAPIList(m.class.MetricRelabelings)
	rules = append(rules, relabel.FromAPIList(own)...)
	rules = m.env.enforcement.Append(rules, m.resource, m.namespace, m.name)
	if len(rules) == 0 {
		return doc
	}
	return doc.Add("metric_relabel_configs", relabel.ToDocument(rules))
}

// checkRelabelings validates the object's own rules.
func (m *monitorJob) checkRelabelings(field string, rules []monitoringv1.RelabelConfig) error {
	if err := m.env.validator.ValidateList(rules); err != nil {
		return fmt.Errorf("%s%w", field, err)
	}
	return nil
}

// checkIntervals validates an endpoint's interval and timeout.
func (m *monitorJob) checkIntervals(interval, timeout monitoringv1.Duration) error {
	return checkTimeoutWithinInterval(interval, timeout, m.env.common.ScrapeInterval, m.env.common.ScrapeTimeout)
}

// mergedTLS fills the file fields the object leaves empty from the scrape class.
func (m *monitorJob) mergedTLS(own *monitoringv1.TLSConfig) *monitoringv1.TLSConfig {
	classTLS := m.class.TLSConfig
	if own == nil {
		return classTLS
	}
	if classTLS == nil {
		return own
	}
	merged := *own
	if merged.CAFile == "" && merged.CA.IsEmpty() {
		merged.CAFile = classTLS.CAFile
	}
	if merged.CertFile == "" && merged.Cert.IsEmpty() {
		merged.CertFile = classTLS.CertFile
	}
	if merged.KeyFile == "" && merged.KeySecret == nil {
		merged.KeyFile = classTLS.KeyFile
	}
	return &merged
}

// mergedSafeTLS is mergedTLS for objects that cannot name files.
func (m *monitorJob) mergedSafeTLS(own *monitoringv1.SafeTLSConfig) *monitoringv1.TLSConfig {
	if own == nil || *own == (monitoringv1.SafeTLSConfig{}) {
		return m.mergedTLS(nil)
	}
	return m.mergedTLS(&monitoringv1.TLSConfig{SafeTLSConfig: *own})
}

// mergedAuthorization uses the scrape class's authorization when the object
// sets none, and its credentials when the object's have no source.
func (m *monitorJob) mergedAuthorization(own *monitoringv1.SafeAuthorization) *monitoringv1.Authorization {
	classAuth := m.class.Authorization
	if own == nil || *own == (monitoringv1.SafeAuthorization{}) {
		return classAuth
	}
	merged := &monitoringv1.Authorization{SafeAuthorization: *own}
	if classAuth != nil && merged.Credentials == nil {
		merged.Credentials = classAuth.Credentials
		if merged.Credentials == nil {
			merged.CredentialsFile = classAuth.CredentialsFile
		}
	}
	return merged
}

// finish checks the assembled job and keeps its TLS files.
func (m *monitorJob) finish(job yamldoc.Map) (yamldoc.Map, error) {
	if m.client.Err() != nil {
		return nil, m.client.Err()
	}
	if err := httpconfig.CheckSingleAuth(job); err != nil {
		return nil, err
	}
	return job, nil
}

// accept keeps the TLS files of an accepted object.
func (m *monitorJob) accept() {
	m.env.assets.Merge(m.client.Assets())
}
