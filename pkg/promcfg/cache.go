// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// Cache makes the generations of one workload's configuration incremental.
// It keeps each monitor's jobs rendered, compressed in groups of about
// groupUnits monitors, and reuses them while the monitor's version, the
// values of the keys it read and the workload's settings stay the same, so
// that an edit renders one monitor and recompresses one group. What it
// holds is bounded by what the last generation used. Safe for concurrent
// use; meant for one workload.
type Cache struct {
	mu sync.Mutex
	// fingerprint digests what every job depends on besides its monitor:
	// the workload's spec, the options and the API server settings.
	fingerprint [sha256.Size]byte
	syncs       uint64
	entries     map[string]*entry
	groups      map[string]*group
	statics     map[string]*group
	// parts, compressed and digest are the last output and its pieces.
	parts      []*group
	compressed []byte
	digest     string
	// rendered counts the monitors the last generation rendered.
	rendered int
	// groupUnits and smallConfig are the constants of the same names;
	// tests lower them to exercise groups with few monitors.
	groupUnits  uint64
	smallConfig int
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	c := &Cache{groupUnits: groupUnits, smallConfig: smallConfig}
	c.reset()
	return c
}

func (c *Cache) reset() {
	c.fingerprint = [sha256.Size]byte{}
	c.entries, c.groups, c.statics = map[string]*entry{}, map[string]*group{}, map[string]*group{}
	c.parts, c.compressed, c.digest = nil, nil, ""
}

// Generate is the package's Generate with reuse: the configuration it
// describes is byte for byte the one Generate returns, given in
// Result.Compressed (gzip) with its Result.Digest; Result.Config is nil.
// Large configurations are a gzip stream of several members (RFC 1952),
// one per group of monitors, which Go's gzip reader (and so the config
// reloader) reads as one.
func (c *Cache) Generate(workload monitoringv1.PrometheusInterface, in Input, opts Options) (*Result, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !cacheable(in) {
		c.reset()
		return generateWhole(workload, in, opts)
	}
	env, err := newEnvironment(workload, in.Store, opts)
	if err != nil {
		c.reset()
		return nil, err
	}
	fingerprint, err := envFingerprint(workload, opts, env)
	if err != nil {
		c.reset()
		return nil, err
	}
	if fingerprint != c.fingerprint {
		c.reset()
		c.fingerprint = fingerprint
	}
	c.syncs++
	run := newUnitRun(c)
	env.units = run
	result, err := c.generate(env, workload, in, run)
	if err != nil {
		c.reset()
		return nil, err
	}
	return result, nil
}

// generate lays out the document with the run's pieces and assembles it.
func (c *Cache) generate(env *Environment, workload monitoringv1.PrometheusInterface, in Input, run *unitRun) (*Result, error) {
	doc, err := env.document(workload, in)
	if err != nil {
		return nil, err
	}
	if run.err != nil {
		return nil, run.err
	}
	text, cuts, err := yamldoc.MarshalWithCuts(doc)
	if err != nil {
		return nil, fmt.Errorf("render configuration: %w", err)
	}
	if len(cuts) != len(run.runs) {
		return nil, fmt.Errorf("render configuration: %d places for %d kinds of jobs", len(cuts), len(run.runs))
	}
	if err := c.assemble(run, text, cuts); err != nil {
		return nil, err
	}
	c.commit(run)
	result := env.result(nil)
	result.Compressed, result.Digest = c.compressed, c.digest
	return result, nil
}

// cacheable tells whether every job source is one the cache knows.
func cacheable(in Input) bool {
	for _, source := range in.ExtraJobs {
		if _, ok := source.(ScrapeConfigs); !ok {
			return false
		}
	}
	return true
}

// generateWhole is Generate followed by the compression of the whole
// configuration, for inputs the cache does not know.
func generateWhole(workload monitoringv1.PrometheusInterface, in Input, opts Options) (*Result, error) {
	result, err := Generate(workload, in, opts)
	if err != nil {
		return nil, err
	}
	if result.Compressed, err = gzipped.Compress(result.Config); err != nil {
		return nil, fmt.Errorf("compress the configuration: %w", err)
	}
	result.Digest = digestOf(result.Compressed)
	result.Config = nil
	return result, nil
}

func digestOf(compressed []byte) string {
	sum := sha256.Sum256(compressed)
	return hex.EncodeToString(sum[:])
}

// assemble builds the gzip stream: the text between the Cuts as members of
// their own, each Cut replaced by the members of its groups. A small
// configuration is compressed whole instead.
func (c *Cache) assemble(run *unitRun, text []byte, cuts []int) error {
	total := len(text)
	for _, groups := range run.runs {
		for _, g := range groups {
			total += g.size
		}
	}
	if total <= c.smallConfig {
		return c.assembleSmall(run, text, cuts, total)
	}
	parts := make([]*group, 0, len(cuts)+1)
	previous := 0
	for i, cut := range cuts {
		parts = run.appendStatic(parts, text[previous:cut])
		for _, g := range run.runs[i] {
			if g.size > 0 {
				parts = append(parts, g)
			}
		}
		previous = cut
	}
	parts = run.appendStatic(parts, text[previous:])
	if run.err != nil {
		return run.err
	}
	if slices.Equal(parts, c.parts) && c.compressed != nil {
		return nil
	}
	size := 0
	for _, part := range parts {
		size += len(part.compressed)
	}
	out := make([]byte, 0, size)
	for _, part := range parts {
		out = append(out, part.compressed...)
	}
	c.parts, c.compressed, c.digest = parts, out, digestOf(out)
	return nil
}

// assembleSmall compresses the whole configuration in one member with the
// standard library, as Generate's callers did before the cache.
func (c *Cache) assembleSmall(run *unitRun, text []byte, cuts []int, total int) error {
	whole := make([]byte, 0, total)
	previous := 0
	for i, cut := range cuts {
		whole = append(whole, text[previous:cut]...)
		for _, g := range run.runs[i] {
			whole = append(whole, run.content(g)...)
		}
		previous = cut
	}
	whole = append(whole, text[previous:]...)
	if run.err != nil {
		return run.err
	}
	compressed, err := gzipped.Compress(whole)
	if err != nil {
		return fmt.Errorf("compress the configuration: %w", err)
	}
	c.parts, c.compressed, c.digest = nil, compressed, digestOf(compressed)
	return nil
}

// appendStatic adds a stretch of the document outside the jobs as a member,
// reusing the last generation's compression of the same text.
func (r *unitRun) appendStatic(parts []*group, text []byte) []*group {
	if len(text) == 0 {
		return parts
	}
	part, ok := r.cache.statics[string(text)]
	if !ok {
		compressed, err := gzipped.AppendMember(nil, text)
		if err != nil {
			r.fail(err)
			return parts
		}
		part = &group{size: len(text), compressed: compressed}
	}
	r.statics[string(text)] = part
	return append(parts, part)
}

// commit keeps what this generation used and drops the rest: entries of
// monitors no longer selected, groups and static segments gone.
func (c *Cache) commit(run *unitRun) {
	for id, e := range c.entries {
		if e.seen != run.sync {
			delete(c.entries, id)
		}
	}
	c.groups, c.statics, c.rendered = run.groups, run.statics, run.rendered
}

// envFingerprint digests what the jobs of every monitor depend on besides
// the monitor and the keys it reads: the workload's identity and spec, the
// options, and the rendered API server settings (read from Secrets).
func envFingerprint(workload monitoringv1.PrometheusInterface, opts Options, env *Environment) ([sha256.Size]byte, error) {
	var spec any = workload
	switch typed := workload.(type) {
	case *monitoringv1.Prometheus:
		spec = typed.Spec
	case *monitoringv1alpha1.PrometheusAgent:
		spec = typed.Spec
	}
	apiServer, err := yamldoc.Marshal(env.apiServer)
	if err != nil {
		return [sha256.Size]byte{}, fmt.Errorf("render apiserverConfig: %w", err)
	}
	encoded, err := json.Marshal(struct {
		Kind, Namespace, Name string
		Spec                  any
		Options               Options
		APIServer             string
	}{fmt.Sprintf("%T", workload), workload.GetNamespace(), workload.GetName(), spec, opts, string(apiServer)})
	if err != nil {
		return [sha256.Size]byte{}, fmt.Errorf("encode the workload for the cache: %w", err)
	}
	return sha256.Sum256(encoded), nil
}
