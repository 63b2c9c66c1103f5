// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"k8s.io/apimachinery/pkg/api/resource"
)

// QuerySpec tunes the query engine of Prometheus.
type QuerySpec struct {
	// lookbackDelta is how far back a query looks for the latest sample of a series.
	// +optional
	LookbackDelta *string `json:"lookbackDelta,omitempty"`
	// maxConcurrency caps the queries run at the same time.
	// +kubebuilder:validation:Minimum=1
	// +optional
	MaxConcurrency *int32 `json:"maxConcurrency,omitempty"`
	// maxSamples caps the samples one query may load into memory.
	// +optional
	MaxSamples *int32 `json:"maxSamples,omitempty"`
	// timeout bounds the run time of one query.
	// +optional
	Timeout *Duration `json:"timeout,omitempty"`
}

// Exemplars configures the in-memory exemplar storage.
type Exemplars struct {
	// maxSize is the number of exemplars kept in the circular buffer shared by
	// every series; 0 turns the storage off.
	// +optional
	MaxSize *int64 `json:"maxSize,omitempty"`
}

// FloatChunkEncoding is the chunk encoding used for float samples.
//
// +kubebuilder:validation:Enum=Xor;Xor2
type FloatChunkEncoding string

// The float chunk encodings.
const (
	FloatChunkEncodingXor  FloatChunkEncoding = "Xor"
	FloatChunkEncodingXor2 FloatChunkEncoding = "Xor2"
)

// ChunkEncoding picks the TSDB chunk encodings.
type ChunkEncoding struct {
	// floats is the encoding of float sample chunks.
	// +optional
	Floats *FloatChunkEncoding `json:"floats,omitempty"`
}

// TSDBSpec tunes the time-series database.
type TSDBSpec struct {
	// outOfOrderTimeWindow is how far behind the newest sample a series may
	// still accept samples.
	// +optional
	OutOfOrderTimeWindow *Duration `json:"outOfOrderTimeWindow,omitempty"`
	// staleSeriesCompactionThreshold is the share of stale series in the head
	// block (between 0 and 1) that triggers an early compaction.
	// +optional
	StaleSeriesCompactionThreshold *resource.Quantity `json:"staleSeriesCompactionThreshold,omitempty"`
	// chunkEncoding picks the encodings of new chunks.
	// +optional
	ChunkEncoding *ChunkEncoding `json:"chunkEncoding,omitempty"`
}

// RuntimeConfig tunes the Go runtime of Prometheus.
type RuntimeConfig struct {
	// goGC is the garbage collector's target percentage (GOGC); -1 turns the
	// collector off.
	// +kubebuilder:validation:Minimum=-1
	// +optional
	GoGC *int32 `json:"goGC,omitempty"`
}

// TranslationStrategyOption says how OTLP metric and label names become
// Prometheus names.
//
// +kubebuilder:validation:Enum=NoUTF8EscapingWithSuffixes;UnderscoreEscapingWithSuffixes;NoTranslation;UnderscoreEscapingWithoutSuffixes
type TranslationStrategyOption string

// The OTLP translation strategies.
const (
	NoUTF8EscapingWithSuffixes        TranslationStrategyOption = "NoUTF8EscapingWithSuffixes"
	UnderscoreEscapingWithSuffixes    TranslationStrategyOption = "UnderscoreEscapingWithSuffixes"
	NoTranslation                     TranslationStrategyOption = "NoTranslation"
	UnderscoreEscapingWithoutSuffixes TranslationStrategyOption = "UnderscoreEscapingWithoutSuffixes"
)

// OTLPConfig tunes how OTLP metrics are turned into Prometheus series.
type OTLPConfig struct {
	// promoteAllResourceAttributes turns every resource attribute into a label,
	// except those in ignoreResourceAttributes.
	// +optional
	PromoteAllResourceAttributes *bool `json:"promoteAllResourceAttributes,omitempty"`
	// ignoreResourceAttributes are resource attributes left out when
	// promoteAllResourceAttributes is on.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +listType=set
	// +optional
	IgnoreResourceAttributes []string `json:"ignoreResourceAttributes,omitempty"`
	// promoteResourceAttributes are resource attributes turned into labels.
	// +kubebuilder:validation:MinItems=1
	// +kubebuilder:validation:items:MinLength=1
	// +listType=set
	// +optional
	PromoteResourceAttributes []string `json:"promoteResourceAttributes,omitempty"`
	// translationStrategy says how metric and label names are translated.
	// +optional
	TranslationStrategy *TranslationStrategyOption `json:"translationStrategy,omitempty"`
	// keepIdentifyingResourceAttributes also keeps service.name,
	// service.namespace and service.instance.id on target_info.
	// +optional
	KeepIdentifyingResourceAttributes *bool `json:"keepIdentifyingResourceAttributes,omitempty"`
	// convertHistogramsToNHCB turns OTLP explicit-bucket histograms into native
	// histograms with custom buckets.
	// +optional
	ConvertHistogramsToNHCB *bool `json:"convertHistogramsToNHCB,omitempty"`
	// promoteScopeMetadata turns the instrumentation scope's name, version and
	// attributes into labels.
	// +optional
	PromoteScopeMetadata *bool `json:"promoteScopeMetadata,omitempty"`
	// labelNameUnderscoreSanitization prefixes label names starting with an
	// underscore after translation.
	// +optional
	LabelNameUnderscoreSanitization *bool `json:"labelNameUnderscoreSanitization,omitempty"`
	// labelNamePreserveMultipleUnderscores keeps runs of underscores in
	// translated label names instead of collapsing them.
	// +optional
	LabelNamePreserveMultipleUnderscores *bool `json:"labelNamePreserveMultipleUnderscores,omitempty"`
}
