// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"errors"
	"fmt"
	"slices"

	amconfig "github.com/prometheus/alertmanager/config"
	yaml "go.yaml.in/yaml/v2"

	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// document is a configuration being assembled from normalised sections.
type document struct {
	global            yamldoc.Map
	route             yamldoc.Map
	resourceRoutes    []yamldoc.Map
	inhibitRules      []yamldoc.Map
	receivers         []yamldoc.Map
	muteTimeIntervals []yamldoc.Map
	timeIntervals     []yamldoc.Map
	templates         []string
	// merged is the root route with the resource routes prepended, set by finish.
	merged yamldoc.Map
}

// clone copies the document so a trial merge leaves it unchanged.
func (d *document) clone() *document {
	out := *d
	out.resourceRoutes = slices.Clone(d.resourceRoutes)
	out.inhibitRules = slices.Clone(d.inhibitRules)
	out.receivers = slices.Clone(d.receivers)
	out.muteTimeIntervals = slices.Clone(d.muteTimeIntervals)
	return &out
}

// merge appends the parts of a resource.
func (d *document) merge(p *piece) {
	d.inhibitRules = append(d.inhibitRules, p.inhibitRules...)
	if p.route != nil {
		d.resourceRoutes = append(d.resourceRoutes, p.route)
	}
	d.receivers = append(d.receivers, p.receivers...)
	d.muteTimeIntervals = append(d.muteTimeIntervals, p.muteTimeIntervals...)
}

// finish prepends the first-level routes of the resources to the child
// routes of the root, so they see every alert first (they all continue).
func (d *document) finish() {
	if len(d.resourceRoutes) == 0 {
		d.merged = d.route
		return
	}
	children := slices.Clone(d.resourceRoutes)
	if existing, ok := d.route.Get("routes"); ok {
		children = append(children, existing.([]yamldoc.Map)...)
	}
	d.merged = inLayoutOrder("route", slices.Clone(d.route).Replace("routes", children))
}

// inLayoutOrder sorts the keys of m in the order of section.
func inLayoutOrder(section string, m yamldoc.Map) yamldoc.Map {
	position := map[string]int{}
	for i, f := range layout[section] {
		position[f.key] = i
	}
	slices.SortStableFunc(m, func(a, b yamldoc.Item) int { return position[a.Key] - position[b.Key] })
	return m
}

// YAMLMap lays the configuration out; templates is always written.
func (d *document) YAMLMap() yamldoc.Map {
	route := d.merged
	if route == nil {
		route = d.route
	}
	out := yamldoc.Map{}
	out = out.AddIf(d.global != nil, "global", d.global)
	out = out.AddIf(route != nil, "route", route)
	out = out.AddIf(len(d.inhibitRules) > 0, "inhibit_rules", d.inhibitRules)
	out = out.AddIf(len(d.receivers) > 0, "receivers", d.receivers)
	out = out.AddIf(len(d.muteTimeIntervals) > 0, "mute_time_intervals", d.muteTimeIntervals)
	out = out.AddIf(len(d.timeIntervals) > 0, "time_intervals", d.timeIntervals)
	templates := d.templates
	if templates == nil {
		templates = []string{}
	}
	return out.Add("templates", templates)
}

// parseRawBase reads the user's alertmanager.yaml as upstream does:
// Alertmanager's loader must accept it, every key must be known, and the
// root route must be a plain catch-all.
func parseRawBase(raw []byte, norm normaliser) (*document, error) {
	if err := trialLoad(raw); err != nil {
		return nil, err
	}
	var decoded yaml.MapSlice
	if err := yaml.Unmarshal(raw, &decoded); err != nil {
		return nil, err
	}
	config, err := norm.section("config", decoded, "")
	if err != nil {
		return nil, err
	}
	doc := &document{}
	for _, item := range config {
		switch item.Key {
		case "global":
			doc.global = item.Value.(yamldoc.Map)
		case "route":
			doc.route = item.Value.(yamldoc.Map)
		case "inhibit_rules":
			doc.inhibitRules = item.Value.([]yamldoc.Map)
		case "receivers":
			doc.receivers = item.Value.([]yamldoc.Map)
		case "mute_time_intervals":
			doc.muteTimeIntervals = item.Value.([]yamldoc.Map)
		case "time_intervals":
			doc.timeIntervals = item.Value.([]yamldoc.Map)
		case "templates":
			doc.templates = item.Value.([]string)
		}
	}
	if err := checkRootRoute(doc.route); err != nil {
		return nil, err
	}
	return doc, nil
}

// checkRootRoute applies upstream's rules for the root route of a base.
func checkRootRoute(route yamldoc.Map) error {
	switch {
	case route == nil:
		return errors.New("root route must exist")
	case boolValue(route, "continue"):
		return errors.New("root route: continue is not permitted")
	case stringValue(route, "receiver") == "":
		return errors.New("root route: receiver must be set")
	case route.Has("matchers") || route.Has("match") || route.Has("match_re"):
		return errors.New("root route: matchers are not permitted")
	case route.Has("mute_time_intervals"):
		return errors.New("root route: mute_time_intervals is not permitted")
	case route.Has("active_time_intervals"):
		return errors.New("root route: active_time_intervals is not permitted")
	}
	return nil
}

// trialLoad runs Alertmanager's own configuration loader over text. The
// loader panics on some inputs (a Slack config with update_message and no
// api_url, in Alertmanager 0.34): that is reported as an error too, since
// Alertmanager itself would crash on the same file.
func trialLoad(text []byte) (err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("Alertmanager's configuration loader crashes on this configuration: %v", recovered)
		}
	}()
	_, err = amconfig.Load(string(text))
	return err
}
