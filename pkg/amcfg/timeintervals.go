// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/prometheus/alertmanager/timeinterval"
	yaml "go.yaml.in/yaml/v2"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// clockTime matches "HH:MM" in 24-hour notation, or "24:00".
var clockTime = regexp.MustCompile(`^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)`)

// minutes turns a clock time into minutes since midnight.
func minutes(text string) (int, error) {
	if !clockTime.MatchString(text) {
		return 0, fmt.Errorf("%q is not a time of day (HH:MM)", text)
	}
	hours, _ := strconv.Atoi(text[:2])
	mins, _ := strconv.Atoi(text[3:])
	return hours*60 + mins, nil
}

// convertTimeInterval parses the windows of a resource's time interval
// with Alertmanager's own parser, which also validates them, and names the
// interval "<prefix><name>".
func convertTimeInterval(prefix string, in *monitoringv1alpha1.MuteTimeInterval) (yamldoc.Map, error) {
	if in.Name == "" {
		return nil, fmt.Errorf("time interval: name must be set")
	}
	intervals := make([]timeinterval.TimeInterval, 0, len(in.TimeIntervals))
	for i, window := range in.TimeIntervals {
		parsed, err := parseWindow(window)
		if err != nil {
			return nil, fmt.Errorf("time interval %q: timeIntervals[%d]: %w", in.Name, i, err)
		}
		intervals = append(intervals, parsed)
	}
	out := yamldoc.Map{}.Add("name", prefixed(prefix, in.Name))
	if len(intervals) > 0 {
		out = out.Add("time_intervals", yamldoc.RawYAML{Value: intervals})
	}
	return out, nil
}

// parseWindow converts one window of the CRD into Alertmanager's type.
func parseWindow(in monitoringv1alpha1.TimeInterval) (timeinterval.TimeInterval, error) {
	var out timeinterval.TimeInterval
	for j, times := range in.Times {
		start, err := minutes(string(times.StartTime))
		if err != nil {
			return out, fmt.Errorf("times[%d].startTime: %w", j, err)
		}
		end, err := minutes(string(times.EndTime))
		if err != nil {
			return out, fmt.Errorf("times[%d].endTime: %w", j, err)
		}
		if start >= end {
			return out, fmt.Errorf("times[%d]: startTime must be before endTime", j)
		}
		out.Times = append(out.Times, timeinterval.TimeRange{StartMinute: start, EndMinute: end})
	}
	spec := map[string][]string{}
	for _, weekday := range in.Weekdays {
		spec["weekdays"] = append(spec["weekdays"], strings.ToLower(string(weekday)))
	}
	for j, days := range in.DaysOfMonth {
		if err := checkDaysOfMonth(days); err != nil {
			return out, fmt.Errorf("daysOfMonth[%d]: %w", j, err)
		}
		end := days.End
		if end == 0 {
			end = days.Start
		}
		spec["days_of_month"] = append(spec["days_of_month"], fmt.Sprintf("%d:%d", days.Start, end))
	}
	for _, month := range in.Months {
		spec["months"] = append(spec["months"], strings.ToLower(string(month)))
	}
	for _, year := range in.Years {
		spec["years"] = append(spec["years"], string(year))
	}
	text, err := yaml.Marshal(spec)
	if err != nil {
		return out, err
	}
	var parsed timeinterval.TimeInterval
	if err := yaml.UnmarshalStrict(text, &parsed); err != nil {
		return out, err
	}
	parsed.Times = out.Times
	return parsed, nil
}

// checkDaysOfMonth applies the CRD's rules for a day-of-month range: days
// are within ±31 and not 0, and a negative start needs a negative end.
func checkDaysOfMonth(days monitoringv1alpha1.DayOfMonthRange) error {
	switch {
	case days.Start == 0:
		return fmt.Errorf("start must not be 0")
	case days.Start < -31 || days.Start > 31 || days.End < -31 || days.End > 31:
		return fmt.Errorf("days must be between -31 and 31")
	case days.Start < 0 && days.End > 0:
		return fmt.Errorf("a negative start needs a negative end")
	case days.End != 0 && days.Start > 0 && days.End > 0 && days.End < days.Start:
		return fmt.Errorf("end must not be before start")
	}
	return nil
}
