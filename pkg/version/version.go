// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package version decides which configuration fields the targeted version
// of a component (Prometheus, Alertmanager, Thanos) understands. Every
// version-dependent field of a generated configuration goes through a Gate,
// so a field the version lacks is dropped and reported as a warning in one
// place.
package version

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blang/semver/v4"

	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// Default is the Prometheus version assumed when a spec names none.
const Default = "v3.13.2"

// Component describes a program whose version a spec names: what it is
// called in messages, the version assumed when the spec names none, and the
// versions the operator accepts.
type Component struct {
	// Name is used in errors and warnings, for example "Prometheus".
	Name string
	// Default is the version used when a spec names none.
	Default string
	// Majors lists the accepted major versions.
	Majors []uint64
	// Minimum, when set, is the oldest accepted version.
	Minimum string
}

// The components whose versions the operator reads from specs, with
// upstream's defaults and accepted ranges.
var (
	Prometheus   = Component{Name: "Prometheus", Default: Default, Majors: []uint64{2, 3}}
	Alertmanager = Component{Name: "Alertmanager", Default: "v0.33.1", Majors: []uint64{0}, Minimum: "0.15.0"}
	Thanos       = Component{Name: "Thanos", Default: "v0.42.4", Majors: []uint64{0}}
)

// Target is the version a configuration is generated for, together with
// the sink that collects the warnings of dropped fields and the subject
// (which object) new warnings are attributed to.
type Target struct {
	component string
	version   semver.Version
	original  string
	bypass    bool
	subject   string
	sink      *Warnings
}

// Parse reads a Prometheus version as written in a spec ("v2.45.0",
// "2.45", ...), using Default when spec is empty. Only Prometheus 2 and 3
// are accepted.
func Parse(spec string) (Target, error) { return Prometheus.Parse(spec) }

// MustParse is Parse for versions known to be valid, such as test fixtures.
func MustParse(spec string) Target { return Prometheus.MustParse(spec) }

// Parse reads a version of the component as written in a spec, using the
// component's default when spec is empty.
func (c Component) Parse(spec string) (Target, error) {
	if spec == "" {
		spec = c.Default
	}
	parsed, err := semver.ParseTolerant(spec)
	if err != nil {
		return Target{}, fmt.Errorf("parse %s version %q: %w", c.Name, spec, err)
	}
	if !slices.Contains(c.Majors, parsed.Major) {
		return Target{}, fmt.Errorf("unsupported %s version %q: only %s supported", c.Name, spec, c.majorsText())
	}
	if c.Minimum != "" && parsed.LT(parseCached(c.Minimum)) {
		return Target{}, fmt.Errorf("unsupported %s version %q: the oldest supported version is %s", c.Name, spec, c.Minimum)
	}
	return Target{component: c.Name, version: parsed, original: spec, sink: &Warnings{}}, nil
}

// MustParse is Parse for versions known to be valid, such as test fixtures.
func (c Component) MustParse(spec string) Target {
	target, err := c.Parse(spec)
	if err != nil {
		panic(err)
	}
	return target
}

// majorsText lists the accepted majors as a sentence fragment, for
// example "major versions 2 and 3 are".
func (c Component) majorsText() string {
	if len(c.Majors) == 1 {
		return fmt.Sprintf("major version %d is", c.Majors[0])
	}
	names := make([]string, len(c.Majors))
	for i, major := range c.Majors {
		names[i] = fmt.Sprint(major)
	}
	return "major versions " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " are"
}

// WithoutChecks returns a target whose gates let every field through.
func (t Target) WithoutChecks() Target {
	t.bypass = true
	return t
}

// For returns a copy of the target whose warnings name subject, for
// example "serviceMonitor default/app".
func (t Target) For(subject string) Target {
	t.subject = subject
	return t
}

// Semver returns the parsed version.
func (t Target) Semver() semver.Version { return t.version }

// String returns the version as it was written in the spec (or the
// component's default).
func (t Target) String() string { return t.original }

// Major returns the major version.
func (t Target) Major() uint64 { return t.version.Major }

// Warnings returns the sink that collects this target's warnings.
func (t Target) Warnings() *Warnings { return t.sink }

// Supports reports whether the version is minimum or later.
func (t Target) Supports(minimum string) bool {
	return t.bypass || t.version.GE(parseCached(minimum))
}

// AtLeast returns a gate for fields that appeared in version minimum.
func (t Target) AtLeast(minimum string) Gate {
	return Gate{target: t, allowed: t.Supports(minimum), requirement: ">= " + minimum}
}

// Below returns a gate for fields that were removed in version maximum.
func (t Target) Below(maximum string) Gate {
	allowed := t.bypass || t.version.LT(parseCached(maximum))
	return Gate{target: t, allowed: allowed, requirement: "< " + maximum}
}

// Always returns a gate that lets every field through.
func (t Target) Always() Gate {
	return Gate{target: t, allowed: true}
}

// Warn records a warning about a setting that was ignored for another
// reason than a version requirement.
func (t Target) Warn(field, reason string) {
	t.sink.add(Warning{Subject: t.subject, Field: field, Reason: reason})
}

// Gate lets a field into the configuration only when the target version
// meets the gate's requirement.
type Gate struct {
	target      Target
	allowed     bool
	requirement string
}

// Allowed reports whether fields behind the gate are kept.
func (g Gate) Allowed() bool { return g.allowed }

// Check reports whether field may be emitted, recording a warning if not.
func (g Gate) Check(field string) bool {
	if !g.allowed {
		g.target.Warn(field, fmt.Sprintf("needs %s %s, target is %s", g.target.component, g.requirement, g.target.original))
	}
	return g.allowed
}

// Set appends key with value to doc when the gate allows it; otherwise it
// returns doc unchanged and records a warning.
func (g Gate) Set(doc yamldoc.Map, key string, value any) yamldoc.Map {
	if !g.Check(key) {
		return doc
	}
	return doc.Add(key, value)
}

// Warning describes a setting left out of the generated configuration.
type Warning struct {
	// Subject is the object the setting came from, empty for the workload itself.
	Subject string
	// Field is the configuration key or spec setting that was left out.
	Field string
	// Reason says why.
	Reason string
}

// String renders the warning as one sentence.
func (w Warning) String() string {
	if w.Subject == "" {
		return fmt.Sprintf("ignoring %q: %s", w.Field, w.Reason)
	}
	return fmt.Sprintf("%s: ignoring %q: %s", w.Subject, w.Field, w.Reason)
}

// Warnings collects warnings; it is safe for concurrent use.
type Warnings struct {
	mu    sync.Mutex
	items []Warning
}

func (w *Warnings) add(item Warning) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.items = append(w.items, item)
}

// List returns the collected warnings in the order they were recorded.
func (w *Warnings) List() []Warning {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Warning(nil), w.items...)
}

var parsedVersions sync.Map // string -> semver.Version

// parseCached parses the version literals used by gates; they are constants
// in this module, so a malformed one is a programming error.
func parseCached(literal string) semver.Version {
	if cached, ok := parsedVersions.Load(literal); ok {
		return cached.(semver.Version)
	}
	parsed := semver.MustParse(literal)
	parsedVersions.Store(literal, parsed)
	return parsed
}

// Len returns how many warnings were collected so far.
func (w *Warnings) Len() int {
	if w == nil {
		return 0
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.items)
}

// Since returns the warnings collected after the first mark ones.
func (w *Warnings) Since(mark int) []Warning {
	if w == nil {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if mark >= len(w.items) {
		return nil
	}
	return append([]Warning(nil), w.items[mark:]...)
}

// Append adds warnings collected earlier, such as those a cached piece of
// configuration produced when it was built.
func (w *Warnings) Append(items ...Warning) {
	if w == nil || len(items) == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.items = append(w.items, items...)
}
