// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/prometheus/alertmanager/timeinterval"
	"github.com/prometheus/common/model"
	yaml "go.yaml.in/yaml/v2"

	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// normaliser rewrites a configuration (or a part of it) in the layout of
// the schema: keys in upstream's order, zero values dropped, unknown keys
// rejected, and every version gate and sanitising rule applied. The base
// configuration and every converted AlertmanagerConfig go through it.
type normaliser struct {
	target version.Target
}

// section normalises value as the section called name; path names the
// value in messages ("receivers[0].slack_configs[1]").
func (n normaliser) section(name string, value any, path string) (yamldoc.Map, error) {
	input, ok := asMap(value)
	if !ok {
		return nil, fmt.Errorf("%s: expected a mapping", path)
	}
	fields := layout[name]
	known := make(map[string]bool, len(fields))
	for _, f := range fields {
		known[f.key] = true
	}
	for _, item := range input {
		if !known[item.Key] {
			return nil, fmt.Errorf("%s: field %q is not known", path, item.Key)
		}
	}
	out := make(yamldoc.Map, 0, len(input))
	for _, f := range fields {
		raw, present := input.Get(f.key)
		if present && raw == nil && f.presence != always {
			continue
		}
		if !present {
			if f.presence == always {
				out = out.Add(f.key, f.fallback)
			}
			continue
		}
		value, err := n.value(f, raw, joinPath(path, f.key))
		if err != nil {
			return nil, err
		}
		if f.presence == omitZero && isZero(value) {
			continue
		}
		out = out.Add(f.key, value)
	}
	out, err := n.applyGates(name, out, path)
	if err != nil {
		return nil, err
	}
	if rule := sectionRules[name]; rule != nil {
		return rule(n, out, path)
	}
	return out, nil
}

// value normalises the value of one field.
func (n normaliser) value(f field, raw any, path string) (any, error) {
	switch f.kind {
	case kindSection:
		return n.section(f.section, raw, path)
	case kindSectionList:
		items, ok := asList(raw)
		if !ok {
			return nil, fmt.Errorf("%s: expected a list", path)
		}
		out := make([]yamldoc.Map, 0, len(items))
		for i, item := range items {
			normalised, err := n.section(f.section, item, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out = append(out, normalised)
		}
		return out, nil
	case kindDuration:
		text := fmt.Sprint(raw)
		duration, err := model.ParseDuration(text)
		if err != nil {
			return nil, fmt.Errorf("%s: invalid duration %q: %w", path, text, err)
		}
		return duration.String(), nil
	case kindMap, kindRaw:
		return yamldoc.RawYAML{Value: native(raw)}, nil
	case kindList:
		items, ok := asList(raw)
		if !ok {
			return nil, fmt.Errorf("%s: expected a list", path)
		}
		out := make([]string, 0, len(items))
		for _, item := range items {
			out = append(out, scalarText(item))
		}
		return out, nil
	case kindIntervals:
		return n.intervals(raw, path)
	}
	if _, ok := asMap(raw); ok {
		return nil, fmt.Errorf("%s: expected a single value", path)
	}
	return raw, nil
}

// intervals re-prints time intervals with Alertmanager's own marshalers,
// which is what upstream writes.
func (n normaliser) intervals(raw any, path string) (any, error) {
	if typed, ok := raw.(yamldoc.RawYAML); ok {
		return typed, nil
	}
	text, err := yaml.Marshal(native(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var intervals []timeinterval.TimeInterval
	if err := yaml.UnmarshalStrict(text, &intervals); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(intervals) == 0 {
		return nil, nil
	}
	for i := range intervals {
		if intervals[i].Location != nil && !n.target.AtLeast("0.25.0").Check(fmt.Sprintf("%s[%d].location", path, i)) {
			intervals[i].Location = nil
		}
	}
	return yamldoc.RawYAML{Value: intervals}, nil
}

// asMap accepts the mapping shapes the generator builds or decodes.
func asMap(value any) (yamldoc.Map, bool) {
	switch v := value.(type) {
	case yamldoc.Map:
		return v, true
	case yaml.MapSlice:
		return fromMapSlice(v), true
	case map[string]string:
		return yamldoc.FromStringMap(v), true
	case map[string]any:
		return yamldoc.FromStringMap(v), true
	}
	return nil, false
}

// asList accepts the sequence shapes the generator builds or decodes.
func asList(value any) ([]any, bool) {
	switch v := value.(type) {
	case []any:
		return v, true
	case []yamldoc.Map:
		out := make([]any, len(v))
		for i := range v {
			out[i] = v[i]
		}
		return out, true
	case []string:
		out := make([]any, len(v))
		for i := range v {
			out[i] = v[i]
		}
		return out, true
	}
	return nil, false
}

// fromMapSlice converts a mapping decoded by yaml.v2 into a Map, keeping
// the document order.
func fromMapSlice(slice yaml.MapSlice) yamldoc.Map {
	out := make(yamldoc.Map, 0, len(slice))
	for _, item := range slice {
		out = out.Add(scalarText(item.Key), fromYAML(item.Value))
	}
	return out
}

// fromYAML converts a value decoded by yaml.v2 into MapSlice form into the
// generator's shapes.
func fromYAML(value any) any {
	switch v := value.(type) {
	case yaml.MapSlice:
		return fromMapSlice(v)
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = fromYAML(item)
		}
		return out
	}
	return value
}

// native turns ordered maps back into Go maps, so yaml.v2 writes them
// sorted by key as upstream's map-typed fields are.
func native(value any) any {
	if m, ok := asMap(value); ok {
		out := make(map[string]any, len(m))
		for _, item := range m {
			out[item.Key] = native(item.Value)
		}
		return out
	}
	if list, ok := value.([]any); ok {
		out := make([]any, len(list))
		for i, item := range list {
			out[i] = native(item)
		}
		return out
	}
	return value
}

// scalarText renders a scalar decoded by yaml.v2 as text.
func scalarText(value any) string {
	switch v := value.(type) {
	case string:
		return v
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return fmt.Sprint(value)
}

// isZero tells whether yaml.v2's omitempty would leave value out.
func isZero(value any) bool {
	switch v := value.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case bool:
		return !v
	case yamldoc.Map:
		return len(v) == 0
	case yamldoc.RawYAML:
		return isZero(v.Value)
	}
	reflected := reflect.ValueOf(value)
	switch reflected.Kind() {
	case reflect.Slice, reflect.Map:
		return reflected.Len() == 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return reflected.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return reflected.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return reflected.Float() == 0
	}
	return false
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// without returns m without key.
func without(m yamldoc.Map, key string) yamldoc.Map {
	out := m[:0:0]
	for _, item := range m {
		if item.Key != key {
			out = append(out, item)
		}
	}
	return out
}

// stringValue returns the text of key in m ("" when absent).
func stringValue(m yamldoc.Map, key string) string {
	value, _ := m.Get(key)
	return scalarText(value)
}

// boolValue returns the boolean under key in m (false when absent).
func boolValue(m yamldoc.Map, key string) bool {
	value, _ := m.Get(key)
	b, _ := value.(bool)
	return b
}
