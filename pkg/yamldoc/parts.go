// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

// Cut marks the place, in a []any sequence written under a mapping key,
// where the caller will splice sequence items rendered apart with
// MarshalItems. It writes nothing; MarshalWithCuts reports its offset. A
// sequence holding only Cuts must not be empty once spliced, or the
// document would differ from one rendered whole ("key: []").
type Cut struct{}

// MarshalWithCuts is Marshal, also returning the byte offset of each Cut
// met, in document order. Splicing at each offset the items the Cut stands
// for gives the bytes Marshal writes for the document holding those items.
func MarshalWithCuts(doc Map) ([]byte, []int, error) {
	if len(doc) == 0 {
		return []byte("{}\n"), nil, nil
	}
	e := emitter{buf: make([]byte, 0, estimateSize(doc))}
	e.mapping(doc, 0, false)
	if e.err != nil {
		return nil, nil, e.err
	}
	return e.buf, e.cuts, nil
}

// MarshalItems renders each map as one item of a block sequence whose "- "
// indicators sit at column, as Marshal writes them inside a document; the
// items of a top-level key's sequence sit at column 0.
func MarshalItems(items []Map, column int) ([]byte, error) {
	e := emitter{}
	for _, item := range items {
		e.mapItem(item, column, false)
	}
	if e.err != nil {
		return nil, e.err
	}
	return e.buf, nil
}
