// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// DefaultRetention is the retention written into the configuration when a
// server sets neither retention nor retentionSize.
const DefaultRetention = "24h"

// checkTSDB refuses TSDB settings Prometheus cannot use.
func (env *Environment) checkTSDB() error {
	tsdb := env.common.TSDB
	if tsdb == nil {
		return nil
	}
	if threshold := tsdb.StaleSeriesCompactionThreshold; threshold != nil {
		if value := threshold.AsApproximateFloat64(); value < 0 || value > 1 {
			return fmt.Errorf("tsdb.staleSeriesCompactionThreshold must be between 0 and 1, got %s", threshold.String())
		}
	}
	if tsdb.ChunkEncoding != nil && ptrValue(tsdb.ChunkEncoding.Floats) == monitoringv1.FloatChunkEncodingXor &&
		slices.Contains(env.common.EnableFeatures, "st-storage") {
		return errors.New(`tsdb.chunkEncoding.floats "Xor" cannot be used with the st-storage feature, which needs start timestamps`)
	}
	return nil
}

// tsdbSettings returns the tsdb keys shared by servers and agents;
// outOfOrderMinimum differs between the two.
func (env *Environment) tsdbSettings(outOfOrderMinimum string) yamldoc.Map {
	tsdb := env.common.TSDB
	body := yamldoc.Map{}
	if tsdb == nil {
		return body
	}
	if tsdb.OutOfOrderTimeWindow != nil {
		body = env.target.AtLeast(outOfOrderMinimum).Set(body, "out_of_order_time_window", string(*tsdb.OutOfOrderTimeWindow))
	}
	if tsdb.StaleSeriesCompactionThreshold != nil {
		body = env.target.AtLeast("3.10.0").Set(body, "stale_series_compaction_threshold", tsdb.StaleSeriesCompactionThreshold.AsApproximateFloat64())
	}
	if tsdb.ChunkEncoding != nil && tsdb.ChunkEncoding.Floats != nil {
		encoding := yamldoc.Map{}.Add("floats", strings.ToLower(string(*tsdb.ChunkEncoding.Floats)))
		body = env.target.AtLeast("3.13.0").Set(body, "chunk_encoding", encoding)
	}
	return body
}

// serverStorageSection writes storage for a server (Prometheus 2.29+):
// exemplars, TSDB settings and, from Prometheus 3.11, the retention that
// older versions take as flags.
func (env *Environment) serverStorageSection(doc yamldoc.Map, server *monitoringv1.Prometheus) (yamldoc.Map, error) {
	if err := env.checkTSDB(); err != nil {
		return nil, err
	}
	if err := checkByteSize("retentionSize", server.Spec.RetentionSize); err != nil {
		return nil, err
	}
	storage := yamldoc.Map{}
	if exemplars := server.Spec.Exemplars; exemplars != nil && exemplars.MaxSize != nil {
		storage = storage.Add("exemplars", yamldoc.Map{}.Add("max_exemplars", *exemplars.MaxSize))
	}
	tsdb := env.tsdbSettings("2.39.0")
	if env.target.Supports("3.11.0") {
		retention := yamldoc.Map{}
		retentionTime := server.Spec.Retention
		if retentionTime == "" && server.Spec.RetentionSize == "" {
			retentionTime = DefaultRetention
		}
		retention = retention.AddIf(retentionTime != "", "time", string(retentionTime))
		retention = retention.AddIf(server.Spec.RetentionSize != "", "size", string(server.Spec.RetentionSize))
		tsdb = tsdb.Add("retention", retention)
	}
	storage = storage.AddIf(len(tsdb) > 0, "tsdb", tsdb)
	if len(storage) == 0 {
		return doc, nil
	}
	return env.target.AtLeast("2.29.0").Set(doc, "storage", storage), nil
}

// agentStorageSection writes the TSDB settings of an agent; the agent takes
// the out-of-order window from Prometheus 2.54.
func (env *Environment) agentStorageSection(doc yamldoc.Map) (yamldoc.Map, error) {
	if err := env.checkTSDB(); err != nil {
		return nil, err
	}
	tsdb := env.tsdbSettings("2.54.0")
	if len(tsdb) == 0 {
		return doc, nil
	}
	return doc.Add("storage", yamldoc.Map{}.Add("tsdb", tsdb)), nil
}

// otlpSection writes otlp; OTLP needs Prometheus 2.55, and some translation
// strategies need newer versions, both of which are errors.
func (env *Environment) otlpSection(doc yamldoc.Map) (yamldoc.Map, error) {
	otlp := env.common.OTLP
	if otlp == nil {
		return doc, nil
	}
	if err := env.checkOTLP(otlp); err != nil {
		return nil, err
	}
	target := env.target
	body := yamldoc.Map{}
	if len(otlp.PromoteResourceAttributes) > 0 {
		body = body.Add("promote_resource_attributes", otlp.PromoteResourceAttributes)
	}
	if otlp.TranslationStrategy != nil {
		body = target.AtLeast("3.0.0").Set(body, "translation_strategy", string(*otlp.TranslationStrategy))
	}
	body = setBool(body, target.AtLeast("3.1.0"), "keep_identifying_resource_attributes", otlp.KeepIdentifyingResourceAttributes)
	body = setBool(body, target.AtLeast("3.4.0"), "convert_histograms_to_nhcb", otlp.ConvertHistogramsToNHCB)
	body = setBool(body, target.AtLeast("3.5.0"), "promote_all_resource_attributes", otlp.PromoteAllResourceAttributes)
	if len(otlp.IgnoreResourceAttributes) > 0 {
		body = target.AtLeast("3.5.0").Set(body, "ignore_resource_attributes", otlp.IgnoreResourceAttributes)
	}
	body = setBool(body, target.AtLeast("3.6.0"), "promote_scope_metadata", otlp.PromoteScopeMetadata)
	body = setBool(body, target.AtLeast("3.8.0"), "label_name_underscore_sanitization", otlp.LabelNameUnderscoreSanitization)
	body = setBool(body, target.AtLeast("3.8.0"), "label_name_preserve_multiple_underscores", otlp.LabelNamePreserveMultipleUnderscores)
	if len(body) == 0 {
		return doc, nil
	}
	return doc.Add("otlp", body), nil
}

func setBool(doc yamldoc.Map, gate interface {
	Set(yamldoc.Map, string, any) yamldoc.Map
}, key string, value *bool) yamldoc.Map {
	if value == nil {
		return doc
	}
	return gate.Set(doc, key, *value)
}

func (env *Environment) checkOTLP(otlp *monitoringv1.OTLPConfig) error {
	strategy := ptrValue(otlp.TranslationStrategy)
	switch {
	case !env.target.Supports("2.55.0"):
		return errors.New("otlp: the OTLP configuration needs Prometheus 2.55.0 or newer")
	case strategy == monitoringv1.NoUTF8EscapingWithSuffixes && legacyNames(env.common, env.target):
		return fmt.Errorf("otlp: translation strategy %q cannot be used with the Legacy name validation scheme", strategy)
	case strategy == monitoringv1.NoTranslation && !env.target.Supports("3.4.0"):
		return fmt.Errorf("otlp: translation strategy %q needs Prometheus 3.4.0 or newer", strategy)
	case strategy == monitoringv1.UnderscoreEscapingWithoutSuffixes && !env.target.Supports("3.6.0"):
		return fmt.Errorf("otlp: translation strategy %q needs Prometheus 3.6.0 or newer", strategy)
	}
	if !env.target.Supports("3.5.0") {
		return nil
	}
	promoteAll := ptrValue(otlp.PromoteAllResourceAttributes)
	if promoteAll && len(otlp.PromoteResourceAttributes) > 0 {
		return errors.New("otlp: promoteAllResourceAttributes and promoteResourceAttributes cannot be used together")
	}
	if !promoteAll && len(otlp.IgnoreResourceAttributes) > 0 {
		return errors.New("otlp: ignoreResourceAttributes needs promoteAllResourceAttributes")
	}
	return nil
}

// tracingSection writes the export of Prometheus's own traces.
func (env *Environment) tracingSection(doc yamldoc.Map) (yamldoc.Map, error) {
	tracing := env.common.TracingConfig
	if tracing == nil {
		return doc, nil
	}
	if err := checkTracing(tracing); err != nil {
		return nil, err
	}
	client := env.httpWriter(env.workload.GetNamespace(), env.target.For("tracingConfig"))
	body := yamldoc.Map{}.Add("endpoint", tracing.Endpoint)
	if tracing.ClientType != nil {
		body = body.Add("client_type", strings.ToLower(*tracing.ClientType))
	}
	if tracing.SamplingFraction != nil {
		body = body.Add("sampling_fraction", tracing.SamplingFraction.AsApproximateFloat64())
	}
	if tracing.Insecure != nil {
		body = body.Add("insecure", *tracing.Insecure)
	}
	if len(tracing.Headers) > 0 {
		body = body.Add("headers", yamldoc.FromStringMap(tracing.Headers))
	}
	if tracing.Compression != nil {
		body = body.Add("compression", strings.ToLower(*tracing.Compression))
	}
	if tracing.Timeout != nil {
		body = body.Add("timeout", string(*tracing.Timeout))
	}
	body = client.TLS(body, tracing.TLSConfig)
	if client.Err() != nil {
		return nil, fmt.Errorf("tracingConfig: %w", client.Err())
	}
	env.assets.Merge(client.Assets())
	return doc.Add("tracing", body), nil
}

func checkTracing(tracing *monitoringv1.PrometheusTracingConfig) error {
	if tracing.Endpoint == "" {
		return errors.New("tracingConfig: endpoint is required")
	}
	if err := checkHeaders("tracingConfig.headers", tracing.Headers); err != nil {
		return err
	}
	if clientType := strings.ToLower(ptrValue(tracing.ClientType)); clientType != "" && clientType != "grpc" && clientType != "http" {
		return fmt.Errorf("tracingConfig: unknown clientType %q", *tracing.ClientType)
	}
	if compression := strings.ToLower(ptrValue(tracing.Compression)); compression != "" && compression != "gzip" {
		return fmt.Errorf("tracingConfig: unknown compression %q", *tracing.Compression)
	}
	if fraction := tracing.SamplingFraction; fraction != nil {
		if value := fraction.AsApproximateFloat64(); value < 0 || value > 1 {
			return fmt.Errorf("tracingConfig: samplingFraction must be between 0 and 1, got %s", fraction.String())
		}
	}
	return nil
}
