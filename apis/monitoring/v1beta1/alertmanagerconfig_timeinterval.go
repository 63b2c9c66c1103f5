// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1beta1

// TimeInterval is a named set of time windows that routes refer to by name.
type TimeInterval struct {
	// Name identifies the interval within the resource.
	// +required
	Name string `json:"name"`
	// TimeIntervals are the windows; a moment belongs to the interval when it
	// falls in any of them.
	// +optional
	TimeIntervals []TimePeriod `json:"timeIntervals,omitempty"`
}

// TimePeriod is one window, the intersection of every criterion that is set.
// An unset criterion matches any time.
type TimePeriod struct {
	// Times are ranges of clock time within a day.
	// +optional
	Times []TimeRange `json:"times,omitempty"`
	// Weekdays are days of the week or ranges of them, e.g. "monday:friday".
	// +optional
	Weekdays []WeekdayRange `json:"weekdays,omitempty"`
	// DaysOfMonth are ranges of days in the month; negative days count from the
	// end of the month.
	// +optional
	DaysOfMonth []DayOfMonthRange `json:"daysOfMonth,omitempty"`
	// Months are months or ranges of them, by name or number, e.g. "1:3" or "july".
	// +optional
	Months []MonthRange `json:"months,omitempty"`
	// Years are years or ranges of them, e.g. "2030:2032".
	// +optional
	Years []YearRange `json:"years,omitempty"`
}

// ClockTime is a time of day written as "HH:MM" in 24-hour notation; "24:00" ends a day.
// +kubebuilder:validation:Pattern=`^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)`
type ClockTime string

// TimeRange is a half-open range of clock time, from StartTime to EndTime.
type TimeRange struct {
	// StartTime is the first minute of the range.
	// +optional
	StartTime ClockTime `json:"startTime,omitempty"`
	// EndTime is the minute at which the range stops.
	// +optional
	EndTime ClockTime `json:"endTime,omitempty"`
}

// WeekdayRange is a day of the week or an inclusive "first:last" range of days,
// in English.
// +kubebuilder:validation:Pattern=`^((?i)sun|mon|tues|wednes|thurs|fri|satur)day(?:((:(sun|mon|tues|wednes|thurs|fri|satur)day)$)|$)`
type WeekdayRange string

// DayOfMonthRange is an inclusive range of days in a month.
type DayOfMonthRange struct {
	// Start is the first day of the range; -1 is the last day of the month.
	// +kubebuilder:validation:Minimum=-31
	// +kubebuilder:validation:Maximum=31
	// +optional
	Start int `json:"start,omitempty"`
	// End is the last day of the range, with the same numbering as Start.
	// +kubebuilder:validation:Minimum=-31
	// +kubebuilder:validation:Maximum=31
	// +optional
	End int `json:"end,omitempty"`
}

// MonthRange is a month or an inclusive "first:last" range of months, by English
// name or by number from 1 to 12.
// +kubebuilder:validation:Pattern=`^((?i)january|february|march|april|may|june|july|august|september|october|november|december|1[0-2]|[1-9])(?:((:((?i)january|february|march|april|may|june|july|august|september|october|november|december|1[0-2]|[1-9]))$)|$)`
type MonthRange string

// YearRange is a year or an inclusive "first:last" range of years.
// +kubebuilder:validation:Pattern=`^2\d{3}(?::2\d{3}|$)`
type YearRange string
