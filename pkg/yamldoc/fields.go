// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import "strconv"

// Sequence is implemented by typed lists (relabel rules, for example)
// whose items write their own fields, in order, through Fields. Emitting
// them then builds no intermediate Map and boxes no value, which matters
// for the thousands of rules of a large configuration.
type Sequence interface {
	Len() int
	WriteItem(index int, fields *Fields)
}

// Fields receives the fields of one mapping item of a Sequence, either
// writing them straight into the output or collecting them into a Map.
type Fields struct {
	emitter    *emitter
	column     int  // column of the item's "- " indicator
	positioned bool // the cursor already sits at column
	written    int
	collected  Map
}

// String writes a string field.
func (f *Fields) String(key, value string) {
	if f.emitter == nil {
		f.collected = f.collected.Add(key, value)
		return
	}
	text, ok := f.emitter.stringScalar(value)
	if !ok || !isPlainKey(key) {
		f.start()
		f.emitter.slowPair(f.column+2, key, value)
		return
	}
	f.scalar(key, text)
}

// Strings writes a list of strings.
func (f *Fields) Strings(key string, values []string) {
	if f.emitter == nil {
		f.collected = f.collected.Add(key, values)
		return
	}
	if !isPlainKey(key) {
		f.start()
		f.emitter.slowPair(f.column+2, key, values)
		return
	}
	f.start()
	e := f.emitter
	e.buf = append(e.buf, key...)
	if len(values) == 0 {
		e.buf = append(e.buf, ": []\n"...)
		return
	}
	e.buf = append(e.buf, ":\n"...)
	for _, value := range values {
		e.stringItem(value, f.column+2, false)
	}
}

// Uint writes an unsigned integer field.
func (f *Fields) Uint(key string, value uint64) {
	if f.emitter == nil {
		f.collected = f.collected.Add(key, value)
		return
	}
	f.scalar(key, strconv.FormatUint(value, 10))
}

// Int writes an integer field.
func (f *Fields) Int(key string, value int64) {
	if f.emitter == nil {
		f.collected = f.collected.Add(key, value)
		return
	}
	f.scalar(key, strconv.FormatInt(value, 10))
}

// scalar writes "key: text" for a plain key and an already rendered value.
func (f *Fields) scalar(key, text string) {
	if !isPlainKey(key) {
		f.start()
		f.emitter.slowPair(f.column+2, key, text)
		return
	}
	f.start()
	e := f.emitter
	e.buf = append(e.buf, key...)
	e.buf = append(e.buf, ": "...)
	e.buf = append(e.buf, text...)
	e.buf = append(e.buf, '\n')
}

// start positions the cursor for the next field: after "- " for the first
// one, at the item's key column for the others.
func (f *Fields) start() {
	e := f.emitter
	if f.written == 0 {
		if !f.positioned {
			e.indent(f.column)
		}
		e.buf = append(e.buf, "- "...)
	} else {
		e.indent(f.column + 2)
	}
	f.written++
}

// CollectItem returns the fields of one item of seq as a Map.
func CollectItem(seq Sequence, index int) Map {
	fields := Fields{}
	seq.WriteItem(index, &fields)
	return fields.collected
}

// writeSequence emits each item of seq with its indicator at column.
func (e *emitter) writeSequence(seq Sequence, column int, positioned bool) {
	fields := &Fields{emitter: e, column: column}
	for i := range seq.Len() {
		if e.err != nil {
			return
		}
		fields.positioned, fields.written = positioned && i == 0, 0
		seq.WriteItem(i, fields)
		if fields.written == 0 {
			if !fields.positioned {
				e.indent(column)
			}
			e.buf = append(e.buf, "- {}\n"...)
		}
	}
}
