// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"

	"github.com/cespare/xxhash/v2"

	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
)

const (
	// groupUnits is the average number of monitors whose jobs are
	// compressed together into one gzip member: an edit recompresses one
	// group. Chosen by BenchmarkCompress (see pkg/gzipped/README.md).
	groupUnits = 64
	// maxGroupBytes closes a group early, whatever the monitors' names.
	maxGroupBytes = 1 << 20
	// smallConfig is the size up to which the configuration is compressed
	// whole, with the standard library's default level, as before the
	// cache existed: small configurations keep their exact bytes.
	smallConfig = 512 << 10
)

// group is a run of consecutive monitors whose rendered jobs form one gzip
// member. Its boundaries depend only on the monitors' names, so the same
// configuration always gives the same members and the same bytes.
type group struct {
	// first is the id of its first unit; a static segment has none.
	first      string
	units      []*entry
	size       int
	dirty      bool
	compressed []byte
}

// unitRun is the state of one generation with a cache: the groups of the
// monitor kind being built, those of the kinds built so far, and the
// groups and static segments that the next generation may reuse.
type unitRun struct {
	cache *Cache
	sync  uint64
	// runs holds the groups of each kind that produced jobs, one run per
	// yamldoc.Cut of the document.
	runs  [][]*group
	open  []*group
	draft *group
	// groups and statics replace the cache's when the generation succeeds.
	groups  map[string]*group
	statics map[string]*group
	// memo is the last group decompressed, for the entries it holds.
	memo     *group
	memoData []byte
	rendered int
	err      error
}

func newUnitRun(cache *Cache) *unitRun {
	return &unitRun{cache: cache, sync: cache.syncs, groups: map[string]*group{}, statics: map[string]*group{}}
}

func (r *unitRun) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// add appends an entry to the open group, or opens a new group when the
// entry's name makes it start one.
func (r *unitRun) add(e *entry) {
	if r.draft != nil && (xxhash.Sum64String(e.id)%r.cache.groupUnits == 0 || r.draft.size >= maxGroupBytes) {
		r.closeGroup()
	}
	if r.draft == nil {
		r.draft = &group{first: e.id}
	}
	r.draft.units = append(r.draft.units, e)
	r.draft.size += e.size
	r.draft.dirty = r.draft.dirty || e.dirty
}

// closeGroup reuses the cached group holding exactly the draft's unchanged
// entries, or compresses the draft.
func (r *unitRun) closeGroup() {
	draft := r.draft
	r.draft = nil
	if old := r.cache.groups[draft.first]; old != nil && !draft.dirty && sameEntries(old.units, draft.units) {
		draft = old
	} else {
		r.compress(draft)
	}
	r.groups[draft.first] = draft
	r.open = append(r.open, draft)
}

func sameEntries(a, b []*entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// compress gathers the content of the draft's entries, from their raw
// rendering or their previous group, and compresses it as one member.
func (r *unitRun) compress(draft *group) {
	content := make([]byte, 0, draft.size)
	for _, e := range draft.units {
		content = append(content, r.bytesOf(e)...)
	}
	if len(content) > 0 {
		compressed, err := gzipped.AppendMember(nil, content)
		if err != nil {
			r.fail(err)
			return
		}
		draft.compressed = compressed
	}
	offset := 0
	for _, e := range draft.units {
		e.raw, e.group, e.offset, e.dirty = nil, draft, offset, false
		offset += e.size
	}
	draft.dirty = false
}

// bytesOf returns the rendered jobs of an entry.
func (r *unitRun) bytesOf(e *entry) []byte {
	if e.group == nil || e.raw != nil || e.size == 0 {
		return e.raw
	}
	content := r.content(e.group)
	if e.offset+e.size > len(content) {
		r.fail(fmt.Errorf("cached jobs of %s are missing", e.id))
		return nil
	}
	return content[e.offset : e.offset+e.size]
}

// content returns the decompressed content of a group.
func (r *unitRun) content(g *group) []byte {
	if len(g.compressed) == 0 {
		return nil
	}
	if r.memo != g {
		data, err := gzipped.Decompress(g.compressed, gzipped.MaxSize)
		if err != nil {
			r.fail(fmt.Errorf("cached jobs: %w", err))
			return nil
		}
		r.memo, r.memoData = g, data
	}
	return r.memoData
}

// closeRun ends the kind being built. It reports whether the kind produced
// jobs, in which case a yamldoc.Cut must stand for them in the document.
func (r *unitRun) closeRun() bool {
	if r.draft != nil {
		r.closeGroup()
	}
	groups := r.open
	r.open = nil
	for _, g := range groups {
		if g.size > 0 {
			r.runs = append(r.runs, groups)
			return true
		}
	}
	return false
}
