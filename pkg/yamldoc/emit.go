// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"fmt"
	"strconv"
)

// Marshal renders doc as block-style YAML, identical to what yaml.v2 writes
// for the equivalent yaml.MapSlice.
//
// Structure and simple scalars are written directly. Anything whose
// rendering depends on yaml.v2's finer rules (quoting, line folding, block
// scalars, Go maps, raw values) is handed to yaml.v2 itself, placed at the
// same column it will occupy in the output, so the result stays exact.
func Marshal(doc Map) ([]byte, error) {
	e := emitter{buf: make([]byte, 0, estimateSize(doc))}
	if len(doc) == 0 {
		return []byte("{}\n"), nil
	}
	e.mapping(doc, 0, false)
	if e.err != nil {
		return nil, e.err
	}
	return e.buf, nil
}

// estimateSize guesses the output size from the length of the top-level
// lists, to avoid growing the buffer many times for large documents.
func estimateSize(doc Map) int {
	size := 1024
	for _, item := range doc {
		size += 512 + sequenceLen(item.Value)*2048
	}
	return size
}

// emitter accumulates output; the first error stops further work.
type emitter struct {
	buf []byte
	err error
	// quoted caches yaml.v2's rendering of strings that need it but cannot
	// be folded (no whitespace), since those do not depend on the column.
	quoted map[string]string
	// cuts are the offsets of the Cut items met so far.
	cuts []int
}

func (e *emitter) indent(column int) {
	for range column {
		e.buf = append(e.buf, ' ')
	}
}

// mapping writes the pairs of m with keys at column. When positioned is true
// the cursor already sits at column (after a "- " sequence indicator).
func (e *emitter) mapping(m Map, column int, positioned bool) {
	for i, item := range m {
		if e.err != nil {
			return
		}
		if i > 0 || !positioned {
			e.indent(column)
		}
		e.pair(item.Key, item.Value, column)
	}
}

// pair writes "key: value" with the key at column.
func (e *emitter) pair(key string, value any, column int) {
	if !isPlainKey(key) {
		e.slowPair(column, key, value)
		return
	}
	if mapper, ok := value.(Mapper); ok {
		value = mapper.YAMLMap()
	}
	switch v := value.(type) {
	case Map:
		e.buf = append(e.buf, key...)
		if len(v) == 0 {
			e.buf = append(e.buf, ": {}\n"...)
			return
		}
		e.buf = append(e.buf, ":\n"...)
		e.mapping(v, column+2, false)
	case []Map, []string, []any, Sequence:
		e.buf = append(e.buf, key...)
		if sequenceLen(v) == 0 {
			e.buf = append(e.buf, ": []\n"...)
			return
		}
		e.buf = append(e.buf, ":\n"...)
		e.sequence(v, column, false)
	default:
		text, ok := e.scalar(value)
		if !ok {
			e.slowPair(column, key, value)
			return
		}
		e.buf = append(e.buf, key...)
		e.buf = append(e.buf, ": "...)
		e.buf = append(e.buf, text...)
		e.buf = append(e.buf, '\n')
	}
}

func sequenceLen(seq any) int {
	switch s := seq.(type) {
	case []Map:
		return len(s)
	case []string:
		return len(s)
	case []any:
		return len(s)
	case Sequence:
		return s.Len()
	}
	return 0
}

// sequence writes the items of seq, each starting with "- " at column.
func (e *emitter) sequence(seq any, column int, positioned bool) {
	switch s := seq.(type) {
	case []Map:
		for i, item := range s {
			e.mapItem(item, column, positioned && i == 0)
		}
	case []string:
		for i, item := range s {
			e.stringItem(item, column, positioned && i == 0)
		}
	case []any:
		for i, item := range s {
			e.item(item, column, positioned && i == 0)
		}
	case Sequence:
		e.writeSequence(s, column, positioned)
	}
}

// mapItem is item for a mapping, without boxing it into an interface.
func (e *emitter) mapItem(m Map, column int, positioned bool) {
	if e.err != nil {
		return
	}
	if !positioned {
		e.indent(column)
	}
	if len(m) == 0 {
		e.buf = append(e.buf, "- {}\n"...)
		return
	}
	e.buf = append(e.buf, "- "...)
	e.mapping(m, column+2, true)
}

// stringItem is item for a string, without boxing it into an interface.
func (e *emitter) stringItem(s string, column int, positioned bool) {
	if e.err != nil {
		return
	}
	text, ok := e.stringScalar(s)
	if !ok {
		if !positioned {
			e.indent(column)
		}
		e.slowItem(column, s)
		return
	}
	if !positioned {
		e.indent(column)
	}
	e.buf = append(e.buf, "- "...)
	e.buf = append(e.buf, text...)
	e.buf = append(e.buf, '\n')
}

// item writes one sequence entry whose "- " indicator sits at column.
func (e *emitter) item(value any, column int, positioned bool) {
	if e.err != nil {
		return
	}
	if _, ok := value.(Cut); ok {
		e.cuts = append(e.cuts, len(e.buf))
		return
	}
	if !positioned {
		e.indent(column)
	}
	if mapper, ok := value.(Mapper); ok {
		value = mapper.YAMLMap()
	}
	switch v := value.(type) {
	case Map:
		if len(v) == 0 {
			e.buf = append(e.buf, "- {}\n"...)
			return
		}
		e.buf = append(e.buf, "- "...)
		e.mapping(v, column+2, true)
	case []Map, []string, []any, Sequence:
		if sequenceLen(v) == 0 {
			e.buf = append(e.buf, "- []\n"...)
			return
		}
		e.buf = append(e.buf, "- "...)
		e.sequence(v, column+2, true)
	default:
		text, ok := e.scalar(value)
		if !ok {
			e.slowItem(column, value)
			return
		}
		e.buf = append(e.buf, "- "...)
		e.buf = append(e.buf, text...)
		e.buf = append(e.buf, '\n')
	}
}

// scalar renders a scalar whose text does not depend on its position. It
// reports false when the value must go through the slow path.
func (e *emitter) scalar(value any) (string, bool) {
	switch v := value.(type) {
	case string:
		return e.stringScalar(v)
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	case int:
		return strconv.Itoa(v), true
	case int32:
		return strconv.FormatInt(int64(v), 10), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case uint32:
		return strconv.FormatUint(uint64(v), 10), true
	case nil:
		return "null", true
	case float64:
		// The NUL prefix keeps floats apart from strings with the same text.
		return e.cachedNative("\x00"+strconv.FormatFloat(v, 'g', -1, 64), v)
	}
	return "", false
}

// stringScalar renders s when no line folding can apply to it.
func (e *emitter) stringScalar(s string) (string, bool) {
	if isPlainValue(s) {
		return s, true
	}
	if !isUnfoldable(s) {
		return "", false
	}
	return e.cachedNative(s, s)
}

// cachedNative asks yaml.v2 for the rendering of a context-free scalar and
// remembers it under key.
func (e *emitter) cachedNative(key string, value any) (string, bool) {
	if text, ok := e.quoted[key]; ok {
		return text, true
	}
	text, err := renderScalar(value)
	if err != nil {
		e.fail(err)
		return "", false
	}
	if e.quoted == nil {
		e.quoted = make(map[string]string)
	}
	e.quoted[key] = text
	return text, true
}

func (e *emitter) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *emitter) slowPair(column int, key string, value any) {
	text, err := renderPairAt(column, key, value)
	if err != nil {
		e.fail(fmt.Errorf("render key %q: %w", key, err))
		return
	}
	e.buf = append(e.buf, text...)
}

func (e *emitter) slowItem(column int, value any) {
	text, err := renderItemAt(column, value)
	if err != nil {
		e.fail(fmt.Errorf("render sequence item: %w", err))
		return
	}
	e.buf = append(e.buf, text...)
}
