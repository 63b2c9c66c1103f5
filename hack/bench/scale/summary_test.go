//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package scale

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/seed-6daed11e/prometheus-operator/hack/bench/benchenv"
)

// configSummary is what the benchmark keeps of each configuration version:
// a 20,000-job configuration is tens of megabytes.
type configSummary struct {
	jobs, bytes int
	markers     []string
}

// summarize condenses a configuration into one line the timeline keeps.
func summarize(config string) string {
	return fmt.Sprintf("jobs=%d bytes=%d markers=%s", benchenv.CountJobs(config), len(config), strings.Join(findMarkers(config), ","))
}

// findMarkers returns the distinct edit markers in a configuration, sorted.
func findMarkers(config string) []string {
	var markers []string
	for rest := config; ; {
		index := strings.Index(rest, markerPrefix)
		if index < 0 {
			break
		}
		rest = rest[index+len(markerPrefix):]
		digits := 0
		for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
			digits++
		}
		if digits > 0 {
			markers = append(markers, markerPrefix+rest[:digits])
		}
	}
	slices.Sort(markers)
	return slices.Compact(markers)
}

// parseSummary reads back a summarize line; unreadable parts stay zero.
func parseSummary(line string) configSummary {
	var summary configSummary
	for field := range strings.FieldsSeq(line) {
		name, value, _ := strings.Cut(field, "=")
		switch name {
		case "jobs":
			summary.jobs, _ = strconv.Atoi(value)
		case "bytes":
			summary.bytes, _ = strconv.Atoi(value)
		case "markers":
			if value != "" {
				summary.markers = strings.Split(value, ",")
			}
		}
	}
	return summary
}

// hasJobs matches summaries of configurations with at least n jobs.
func hasJobs(n int) func(string) bool {
	return func(line string) bool { return parseSummary(line).jobs >= n }
}

// hasMarker matches summaries of configurations holding marker.
func hasMarker(marker string) func(string) bool {
	return func(line string) bool { return slices.Contains(parseSummary(line).markers, marker) }
}
