// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package logging builds the slog logger of our binaries from upstream's
// --log-level and --log-format flag values.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"math"
	"strings"
)

// Levels and formats accepted by the flags.
const (
	FormatLogfmt = "logfmt"
	FormatJSON   = "json"
)

// LevelNone is above every level a logger writes, so nothing passes it.
const LevelNone = slog.Level(math.MaxInt32)

// ParseLevel maps upstream's level names (any case) to a slog level: all and
// debug log everything, none logs nothing.
func ParseLevel(level string) (slog.Level, error) {
	switch strings.ToLower(level) {
	case "all", "debug":
		return slog.LevelDebug, nil
	case "info", "":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	case "none":
		return LevelNone, nil
	}
	return 0, fmt.Errorf("log level %q: want all, debug, info, warn, error or none", level)
}

// New returns a logger writing to w at level in format (logfmt or json).
func New(w io.Writer, level, format string) (*slog.Logger, error) {
	lvl, err := ParseLevel(level)
	if err != nil {
		return nil, err
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch strings.ToLower(format) {
	case FormatLogfmt, "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case FormatJSON:
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want logfmt or json", format)
}
