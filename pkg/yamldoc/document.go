// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package yamldoc is an ordered YAML document model with a fast emitter whose
// output is byte-for-byte what gopkg.in/yaml.v2 (go.yaml.in/yaml/v2) produces
// for the same ordered data.
//
// The Prometheus configuration has a meaningful key order (the one upstream's
// generator writes), so documents are built from Map values, which keep the
// order in which keys were added. Go maps given as values are emitted sorted
// by key, so output never depends on map iteration order.
package yamldoc

import (
	"slices"
)

// Item is one key/value pair of a Map.
type Item struct {
	Key   string
	Value any
}

// Map is a YAML mapping that keeps its keys in insertion order.
//
// Values may be string, bool, the integer kinds, float64, Map, Mapper,
// Sequence, []Map, []string, []any, map[string]string, map[string][]string,
// RawYAML, or nil.
type Map []Item

// Mapper is implemented by typed values (relabel rules, for example) that
// know how to present themselves as an ordered Map.
type Mapper interface {
	YAMLMap() Map
}

// RawYAML holds a value decoded by yaml.v2 (MapSlice, []interface{}, scalars)
// such as user-supplied additional scrape configurations. It is emitted
// exactly as yaml.v2 would emit it.
type RawYAML struct {
	Value any
}

// Add appends key with value and returns the extended map.
func (m Map) Add(key string, value any) Map {
	return append(m, Item{Key: key, Value: value})
}

// AddIf appends key with value when cond holds.
func (m Map) AddIf(cond bool, key string, value any) Map {
	if !cond {
		return m
	}
	return append(m, Item{Key: key, Value: value})
}

// Get returns the value stored under key and whether it was present.
func (m Map) Get(key string) (any, bool) {
	for _, item := range m {
		if item.Key == key {
			return item.Value, true
		}
	}
	return nil, false
}

// Has reports whether key is present.
func (m Map) Has(key string) bool {
	_, ok := m.Get(key)
	return ok
}

// Replace sets the value of an existing key in place, or appends it.
func (m Map) Replace(key string, value any) Map {
	for i := range m {
		if m[i].Key == key {
			m[i].Value = value
			return m
		}
	}
	return m.Add(key, value)
}

// Keys lists the keys in order.
func (m Map) Keys() []string {
	keys := make([]string, len(m))
	for i, item := range m {
		keys[i] = item.Key
	}
	return keys
}

// FromStringMap turns a Go map into a Map sorted by key.
func FromStringMap[V any](values map[string]V) Map {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make(Map, 0, len(keys))
	for _, k := range keys {
		out = append(out, Item{Key: k, Value: values[k]})
	}
	return out
}
