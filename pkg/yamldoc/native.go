// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"bytes"
	"errors"
	"fmt"

	yaml "go.yaml.in/yaml/v2"
)

// plainFirst and plainRest mark the bytes allowed at the start and in the
// rest of a string that yaml.v2 always writes unquoted. The sets are kept
// deliberately small; everything outside them is rendered by yaml.v2.
var plainFirst, plainRest [256]bool

func init() {
	for c := 'a'; c <= 'z'; c++ {
		plainFirst[c], plainRest[c] = true, true
	}
	for c := 'A'; c <= 'Z'; c++ {
		plainFirst[c], plainRest[c] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		plainRest[c] = true
	}
	for _, c := range "_/($" {
		plainFirst[c] = true
	}
	for _, c := range "_./;()|$+*?=,^{}[]<>-" {
		plainRest[c] = true
	}
}

// impliedScalars are the words that a YAML 1.1 reader takes for booleans or
// null when unquoted, among those starting with a letter.
var impliedScalars = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true,
	"true": true, "True": true, "TRUE": true,
	"false": true, "False": true, "FALSE": true,
	"on": true, "On": true, "ON": true,
	"off": true, "Off": true, "OFF": true,
	"null": true, "Null": true, "NULL": true,
}

// impliedFirst marks the first letters of the words in impliedScalars.
var impliedFirst = [256]bool{'y': true, 'Y': true, 'n': true, 'N': true, 't': true, 'T': true, 'f': true, 'F': true, 'o': true, 'O': true}

// isPlainValue reports whether yaml.v2 writes s as is, in any position.
func isPlainValue(s string) bool {
	if s == "" || !plainFirst[s[0]] {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !plainRest[s[i]] {
			return false
		}
	}
	return len(s) > 5 || !impliedFirst[s[0]] || !impliedScalars[s]
}

// isPlainKey reports whether s can be written as a mapping key as is.
// yaml.v2 uses the explicit "? " form for keys longer than 128 bytes.
func isPlainKey(s string) bool {
	return len(s) <= 128 && isPlainValue(s)
}

// isUnfoldable reports whether s is printable ASCII without blanks: yaml.v2
// may quote such a string but never breaks it across lines, so its rendering
// is the same wherever it appears as a value.
func isUnfoldable(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// renderScalar returns yaml.v2's one-line rendering of a scalar.
func renderScalar(value any) (string, error) {
	out, err := yaml.Marshal(value)
	if err != nil {
		return "", fmt.Errorf("marshal scalar: %w", err)
	}
	out = bytes.TrimSuffix(out, []byte("\n"))
	if bytes.IndexByte(out, '\n') >= 0 {
		return "", errors.New("scalar rendered over several lines")
	}
	return string(out), nil
}

// renderPairAt renders "key: value" as yaml.v2 would with the key at column.
// It nests the pair under column/2 placeholder keys so that yaml.v2 sees the
// same indentation, then cuts the placeholder lines away.
func renderPairAt(column int, key string, value any) ([]byte, error) {
	native, err := toNative(value)
	if err != nil {
		return nil, err
	}
	doc := yaml.MapSlice{{Key: key, Value: native}}
	return renderNested(doc, column, column/2)
}

// renderItemAt renders one sequence entry ("- value") as yaml.v2 would with
// the indicator at column.
func renderItemAt(column int, value any) ([]byte, error) {
	native, err := toNative(value)
	if err != nil {
		return nil, err
	}
	doc := yaml.MapSlice{{Key: "x", Value: []any{native}}}
	return renderNested(doc, column, column/2+1)
}

func renderNested(doc yaml.MapSlice, column, skipLines int) ([]byte, error) {
	for range column / 2 {
		doc = yaml.MapSlice{{Key: "x", Value: doc}}
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("marshal: %w", err)
	}
	for range skipLines {
		next := bytes.IndexByte(out, '\n')
		if next < 0 {
			return nil, errors.New("unexpected yaml.v2 layout")
		}
		out = out[next+1:]
	}
	if len(out) < column || len(bytes.TrimLeft(out[:column], " ")) != 0 {
		return nil, errors.New("unexpected yaml.v2 indentation")
	}
	return out[column:], nil
}

// ToYAMLv2 converts a document value into the types yaml.v2 marshals the
// same way (yaml.MapSlice for Map), for mixing generated values into data
// decoded by yaml.v2.
func ToYAMLv2(value any) (any, error) {
	return toNative(value)
}

// toNative converts document values into the types yaml.v2 understands.
func toNative(value any) (any, error) {
	switch v := value.(type) {
	case Mapper:
		return toNative(v.YAMLMap())
	case Map:
		out := make(yaml.MapSlice, len(v))
		for i, item := range v {
			native, err := toNative(item.Value)
			if err != nil {
				return nil, fmt.Errorf("key %q: %w", item.Key, err)
			}
			out[i] = yaml.MapItem{Key: item.Key, Value: native}
		}
		return out, nil
	case []Map:
		out := make([]any, len(v))
		for i := range v {
			native, err := toNative(v[i])
			if err != nil {
				return nil, err
			}
			out[i] = native
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i := range v {
			native, err := toNative(v[i])
			if err != nil {
				return nil, err
			}
			out[i] = native
		}
		return out, nil
	case Sequence:
		out := make([]any, v.Len())
		for i := range out {
			native, err := toNative(CollectItem(v, i))
			if err != nil {
				return nil, err
			}
			out[i] = native
		}
		return out, nil
	case RawYAML:
		return v.Value, nil
	case string, bool, int, int32, int64, uint32, uint64, float64, nil, []string,
		map[string]string, map[string][]string:
		return v, nil
	}
	return nil, fmt.Errorf("unsupported document value of type %T", value)
}
